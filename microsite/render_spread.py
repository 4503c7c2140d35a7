"""Render what carries the campaign beyond its own pages: the flyer, the embeddable banner and card, and their page."""

from __future__ import annotations

from markupsafe import escape

from .deadline import upcoming_sentence
from .plan import EMBED_SIZES
from .qr import qr_svg
from .routes import Router

# Each size's box in CSS pixels: the IAB leaderboard and medium rectangle, which partner sites have room for.
BOXES = {"banner": (728, 90), "card": (300, 250)}
# Scripts run (the countdown) and the button may open the campaign in a new tab, which is then an ordinary page.
SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"


def render_flyer(renderer, output) -> bytes:
    """A page to print and hand out: the ask, the deadline and a large QR code of the site's home page."""
    home = renderer.router.absolute(renderer.router.path_in("/", output.language))
    language = renderer.language(output.language)
    return renderer.html("flyer.html", output, title=language.gettext("Flyer"), home=home, qr=qr_svg(home),
                         deadline_sentence=upcoming_sentence(language, renderer.config.localized(output.language)
                                                             .deadline, renderer.today))


def render_embed(renderer, output) -> bytes:
    members = [m for lst in renderer.site.member_lists for m in lst.members]
    return renderer.html("embed.html", output, title=renderer.config.localized(output.language).title,
                         size=output.subject, members=members)


def snippet(src: str, width: int, height: int, title: str) -> str:
    """The one line a partner pastes into their page."""
    return (f'<iframe src="{escape(src)}" width="{width}" height="{height}" title="{escape(title)}" '
            f'sandbox="{SANDBOX}" loading="lazy" style="border:0;max-width:100%"></iframe>')


def size_words(language, campaign: str) -> dict[str, tuple[str, str]]:
    """Each size's heading on the spread page, and the title of its preview there."""
    return {"banner": (language.pgettext("embed", "Banner"),
                       language.gettext("Preview: banner of %(campaign)s") % {"campaign": campaign}),
            "card": (language.pgettext("embed", "Card"),
                     language.gettext("Preview: card of %(campaign)s") % {"campaign": campaign})}


def render_spread(renderer, output) -> bytes:
    language, campaign = renderer.language(output.language), renderer.config.localized(output.language).title
    words = size_words(language, campaign)
    embeds = []
    for size in EMBED_SIZES:
        (width, height), (label, preview) = BOXES[size], words[size]
        embed = renderer.router.path_in(Router.embed_path(size), output.language)  # the box in the page's language
        src = renderer.router.absolute(embed)
        embeds.append({"size": size, "label": label, "preview": preview, "width": width, "height": height,
                       "src": renderer.router.href(embed), "snippet": snippet(src, width, height, campaign)})
    return renderer.html(
        "spread.html", output, title=language.gettext("Spread the word"), embeds=embeds, sandbox=SANDBOX,
        description=language.gettext("Put the %(campaign)s countdown on your site, or print a flyer")
        % {"campaign": campaign})


KINDS = {"flyer": render_flyer, "embed": render_embed, "spread": render_spread}
