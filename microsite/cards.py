"""Draw a page's or statement's share card: a 1200×630 PNG of its title, the campaign's name and the deadline."""

from __future__ import annotations

import functools
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .deadline import upcoming_sentence
from .errors import Location

WIDTH, HEIGHT = 1200, 630
FONT = Path(__file__).resolve().parent / "fonts" / "DejaVuSans-Bold.ttf"  # DejaVu 2.37 (Bitstream Vera licence)
BACKGROUND, TEXT, MUTED = (28, 27, 31), (255, 255, 255), (214, 210, 220)
STRIPE = 36  # the accent's band along the edge the text starts from
MARGIN = 72
BAND = 104  # the accent's band at the foot, holding the deadline sentence
NAME_SIZE, LINE_SIZE = 42, 40
# Title sizes tried from the largest down: at 300 px wide (a chat preview) the smallest is still 14 px.
TITLE_SIZES = tuple(range(96, 55, -4))
LINE_HEIGHT = 1.18


@dataclass(frozen=True)
class CardText:
    """What a card says: all of it is text drawn with the bundled font."""

    title: str
    campaign: str
    deadline: str  # "" once the deadline has passed, or without one
    accent: str  # "#rrggbb"


# -- what the font and this machine's Pillow can draw -----------------------------------------------------------
@functools.cache
def _font(size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT), size)


@functools.cache
def _has_raqm() -> bool:
    """Pillow's complex text layout (libraqm, with the system's FriBiDi), which Arabic and Hebrew need."""
    from PIL import features

    return bool(features.check("raqm"))


@functools.cache
def _missing_glyph() -> bytes:
    return bytes(_font(40).getmask("\U0010fffd"))  # a private-use character: the font draws its .notdef box


@functools.cache
def _font_has(char: str) -> bool:
    return char.isspace() or bytes(_font(40).getmask(char)) != _missing_glyph()


def _needs_layout(char: str) -> bool:
    """Right-to-left letters, and marks that join the letter before them, need shaping and reordering."""
    return unicodedata.bidirectional(char) in ("R", "AL", "AN") or unicodedata.category(char) in ("Mn", "Mc")


def undrawable(text: str) -> str:
    """Why the card cannot show `text` correctly on this machine ("" when it can)."""
    missing = sorted({c for c in text if not _font_has(c)})
    if missing:
        return "the bundled font has no " + ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing[:3])
    if not _has_raqm() and any(map(_needs_layout, text)):
        return "right-to-left text needs Pillow with libraqm (install FriBiDi: Debian's libfribidi0)"
    return ""


def _right_to_left(text: str) -> bool:
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("L", "R", "AL"):
            return kind != "L"
    return False


# -- layout ----------------------------------------------------------------------------------------------------
def _engine(text: str):
    from PIL import ImageFont

    # Basic layout wherever it suffices, so a card of Latin text is the same bytes with or without libraqm.
    return ImageFont.Layout.RAQM if any(map(_needs_layout, text)) else ImageFont.Layout.BASIC


@functools.cache
def _font_in(size: int, engine):
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT), size, layout_engine=engine)


def _sized(size: int, text: str):
    return _font_in(size, _engine(text))


def wrap(text: str, font, width: float) -> list[str] | None:
    """Lines of whole words no wider than `width`; None when one word alone is wider."""
    words = text.split()
    widths = {word: font.getlength(word) for word in set(words)}  # each word measured once, not once a line
    if max(widths.values(), default=0) > width:
        return None
    space = font.getlength(" ")
    lines: list[list[str]] = []
    used = 0.0
    for word in words:
        if lines and used + space + widths[word] <= width:
            lines[-1].append(word)
            used += space + widths[word]
        else:
            lines.append([word])
            used = widths[word]
    joined = [" ".join(line) for line in lines]
    # The sum of the words' widths ignores kerning across a space: the whole lines are measured to be sure.
    return joined if all(font.getlength(line) <= width for line in joined) else _wrap_measuring_lines(words, font,
                                                                                                    width)


def _wrap_measuring_lines(words: list[str], font, width: float) -> list[str]:
    lines: list[str] = []
    for word in words:
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines


def fit_title(text: str, width: float, height: float) -> tuple[object, list[str]]:
    """The largest font at which the title fits the box in whole words; at the smallest size, the words that fit,
    ended with an ellipsis (a word is never cut)."""
    engine = _engine(text)

    def fitted(size: int) -> list[str] | None:
        lines = wrap(text, _font_in(size, engine), width)
        return lines if lines is not None and len(lines) * size * LINE_HEIGHT <= height else None

    # A smaller size never needs more lines, so the sizes that fit are a run at the small end: halve the search.
    largest, smallest = 0, len(TITLE_SIZES)  # TITLE_SIZES[smallest - 1] fits, if any does; none above `largest`
    found = None
    while largest < smallest:
        middle = (largest + smallest) // 2
        lines = fitted(TITLE_SIZES[middle])
        if lines is None:
            largest = middle + 1
        else:
            smallest, found = middle, lines
    if found is not None:
        return _font_in(TITLE_SIZES[smallest], engine), found
    font, words = _font_in(TITLE_SIZES[-1], engine), text.split()
    most = max(1, int(height // (TITLE_SIZES[-1] * LINE_HEIGHT)))
    while words:
        lines = wrap(" ".join(words) + "…", font, width)
        if lines is not None and len(lines) <= most:
            return font, lines
        words.pop()
    return font, ["…"]


def _contrasting(accent: tuple[int, int, int]) -> tuple[int, int, int]:
    """Black or white, whichever reads better on the accent (WCAG relative luminance)."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(accent[0]) + 0.7152 * channel(accent[1]) + 0.0722 * channel(accent[2])
    return (0, 0, 0) if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else TEXT


def _rgb(accent: str) -> tuple[int, int, int]:
    value = accent.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    try:
        return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
    except ValueError:
        return 179, 38, 30  # a colour the PNG cannot take (a CSS name): the default accent


# -- drawing ---------------------------------------------------------------------------------------------------
# The card is drawn straight as a palette image: the text's coverage (its anti-aliasing) is drawn in grey and each
# level mapped to a blend of the text's colour into what lies behind it. Five flat colours and three ramps are all
# a card holds, so no quantizer has to find them.
LEVELS = 16  # steps of each ramp of anti-aliasing, the full colour last (the former quantizer's 32 colours had fewer)
_BACKGROUND, _ACCENT = 0, 1  # the flat colours' palette entries; the ramps follow


@functools.cache
def _palette(accent: tuple[int, int, int], ink: tuple[int, int, int]) -> tuple[int, ...]:
    """The background, the accent, then the ramps of the name, the title and the deadline sentence's colours."""
    def ramp(behind, colour):
        return [round(b + (c - b) * step / (LEVELS - 1)) for step in range(1, LEVELS) for b, c in zip(behind, colour)]

    return (*BACKGROUND, *accent, *ramp(BACKGROUND, MUTED), *ramp(BACKGROUND, TEXT), *ramp(accent, ink))


@functools.cache
def _ramp_lookup(ramp: int, behind: int) -> tuple[int, ...]:
    """Grey coverage 0–255 → palette entry: none is what lies behind, the rest a step of ramp number `ramp`."""
    first = 2 + ramp * (LEVELS - 1)  # the palette entry of the ramp's faintest step
    steps = ((value * (LEVELS - 1) + 127) // 255 for value in range(256))
    return tuple(first + step - 1 if step else behind for step in steps)


def draw(card: CardText) -> bytes:
    """The PNG: no timestamp or other metadata, so the same text always gives the same bytes."""
    from PIL import Image, ImageDraw

    accent = _rgb(card.accent)
    coverage = Image.new("L", (WIDTH, HEIGHT), 0)  # where the text is, and how much of each pixel it covers
    pen = ImageDraw.Draw(coverage)
    rtl = _right_to_left(card.title)
    start, end = (MARGIN, WIDTH - STRIPE - MARGIN) if rtl else (STRIPE + MARGIN, WIDTH - MARGIN)
    band_top = HEIGHT - BAND if card.deadline else HEIGHT
    if card.deadline:
        _line(pen, card.deadline, LINE_SIZE, (start, band_top + BAND / 2), end - start, rtl)
    name_bottom = _line(pen, card.campaign, NAME_SIZE, (start, MARGIN), end - start, rtl, anchor="t")
    top, bottom = MARGIN + NAME_SIZE * 1.6, band_top - MARGIN / 1.5
    font, lines = fit_title(card.title, end - start, bottom - top)
    step = font.size * LINE_HEIGHT
    y = top + (bottom - top - step * len(lines)) / 2 + step / 2  # the block centred in its box
    for line in lines:
        pen.text((end if rtl else start, y), line, font=font, fill=255, anchor="rm" if rtl else "lm")
        y += step
    # Each band of rows holds one text, in its own colour on its own ground.
    for ramp, (upper, lower, behind) in enumerate(((0, name_bottom, _BACKGROUND), (name_bottom, band_top, _BACKGROUND),
                                                   (band_top, HEIGHT, _ACCENT))):
        if lower > upper:
            box = (0, upper, WIDTH, lower)
            coverage.paste(coverage.crop(box).point(_ramp_lookup(ramp, behind)), box)
    pen.rectangle((WIDTH - STRIPE, 0, WIDTH, band_top) if rtl else (0, 0, STRIPE, band_top), fill=_ACCENT)
    coverage.putpalette(_palette(accent, _contrasting(accent)))  # the grey image becomes the palette image
    out = io.BytesIO()
    # Run-length deflate: the card is long runs of flat colour, which it packs nearly as small as the default
    # strategy does, in a fraction of the time.
    coverage.save(out, "PNG", compress_level=6, compress_type=3)
    return out.getvalue()


def _line(pen, text: str, size: int, at: tuple[float, float], width: float, rtl: bool, anchor: str = "m") -> int:
    """One line of text, shrunk until it fits `width` (a long place name), on the reading side; the row below its
    lowest ink."""
    font = _sized(size, text)
    while font.getlength(text) > width and font.size > 20:
        font = _sized(font.size - 2, text)
    x = at[0] + width if rtl else at[0]
    anchor = ("r" if rtl else "l") + anchor
    pen.text((x, at[1]), text, font=font, fill=255, anchor=anchor)
    return int(pen.textbbox((x, at[1]), text, font=font, anchor=anchor)[3]) + 1 if text else 0


# -- the card of a page or statement in a build -----------------------------------------------------------------
def card_text(renderer, title: str) -> tuple[CardText, str]:
    """What the card of a page titled `title` says, and why the title itself could not be drawn ("" if it could):
    then the card is the campaign's own (its name as the title), so a share never shows boxes or broken Arabic."""
    config = renderer.config
    # The campaign's name and the place are drawn only where they can be, and then left out without a word.
    campaign = "" if undrawable(config.title) else config.title
    # A caption rather than a sentence: without its full stop ("The vote is on … in Dubai")
    deadline = upcoming_sentence(renderer.language(), config.deadline, renderer.today).removesuffix(".")
    deadline = "" if undrawable(deadline) else deadline
    why = undrawable(title)
    if why:
        return CardText(campaign, "", deadline, config.accent), why
    return CardText(title, campaign, deadline, config.accent), ""


def card_meta(renderer, record, title: str) -> dict | None:
    """The <head> facts of a record's card (address, size, alt text); None when its front matter names an image."""
    if getattr(record, "image", ""):
        return None
    text, _ = card_text(renderer, title)
    return {"url": renderer.router.absolute(renderer.router.card_path(record)), "width": WIDTH, "height": HEIGHT,
            "alt": " · ".join(part for part in (text.title, text.campaign, text.deadline) if part)}


def render_card(renderer, output) -> bytes:
    record = output.subject
    text, why = card_text(renderer, _title(renderer, record, output))
    if why:
        renderer.report.warning(Location(record.source), f"the share card cannot show the title: {why}; "
                                                          "the page shares a card with the campaign's name instead")
    return draw(text)


def _title(renderer, record, output) -> str:
    from .model import Statement
    from .render_statements import statement_title

    if isinstance(record, Statement):
        return statement_title(renderer, record, renderer.language(output.language))
    return record.title


KINDS = {"card": render_card}
