"""Render what carries the campaign beyond its own pages: the flyer, the embeddable banner and card, and their page."""

from __future__ import annotations

from markupsafe import escape

from .cards import deadline_sentence
from .plan import EMBED_SIZES
from .qr import qr_svg
from .routes import Router

# Each size's label and box in CSS pixels: the IAB leaderboard and medium rectangle, which partner sites have room for.
BOXES = {"banner": ("Banner", 728, 90), "card": ("Card", 300, 250)}
# Scripts run (the countdown) and the button may open the campaign in a new tab, which is then an ordinary page.
SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"


def render_flyer(renderer, output) -> bytes:
    """A page to print and hand out: the ask, the deadline and a large QR code of the site's home page."""
    home = renderer.router.absolute("/")
    return renderer.html("flyer.html", output, title="Flyer", home=home, qr=qr_svg(home),
                         deadline_sentence=deadline_sentence(renderer.config, renderer.today))


def render_embed(renderer, output) -> bytes:
    members = [m for lst in renderer.site.member_lists for m in lst.members]
    return renderer.html("embed.html", output, title=renderer.config.title, size=output.subject, members=members)


def snippet(src: str, width: int, height: int, title: str) -> str:
    """The one line a partner pastes into their page."""
    return (f'<iframe src="{escape(src)}" width="{width}" height="{height}" title="{escape(title)}" '
            f'sandbox="{SANDBOX}" loading="lazy" style="border:0;max-width:100%"></iframe>')


def render_spread(renderer, output) -> bytes:
    embeds = []
    for size in EMBED_SIZES:
        label, width, height = BOXES[size]
        src = renderer.router.absolute(Router.embed_path(size))
        embeds.append({"size": size, "label": label, "width": width, "height": height,
                       "src": renderer.router.href(Router.embed_path(size)),
                       "snippet": snippet(src, width, height, renderer.config.title)})
    return renderer.html("spread.html", output, title="Spread the word", embeds=embeds, sandbox=SANDBOX,
                         description=f"Put the {renderer.config.title} countdown on your site, or print a flyer")


KINDS = {"flyer": render_flyer, "embed": render_embed, "spread": render_spread}
