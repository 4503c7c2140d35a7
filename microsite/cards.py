"""Draw a page's or statement's share card: a 1200×630 PNG of its title, the campaign's name and the deadline."""

from __future__ import annotations

import functools
import itertools
import math
import struct
import unicodedata
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from zlib_ng import zlib_ng

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


@functools.cache
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


@functools.lru_cache(maxsize=8192)
def _word_length(font, word: str) -> float:
    """A word's width in a font, measured once: titles share many words, and each is tried at several sizes."""
    return font.getlength(word)


def wrap(text: str, font, width: float) -> list[str] | None:
    """Lines of whole words no wider than `width`; None when one word alone is wider."""
    from PIL import ImageFont

    words = text.split()
    widths = {word: _word_length(font, word) for word in set(words)}  # each word measured once, not once a line
    if max(widths.values(), default=0) > width:
        return None
    if font.layout_engine == ImageFont.Layout.BASIC:
        # Basic layout adds up the glyphs' advances and the kerning between neighbours, so a line is exactly as wide
        # as its words and the gaps between them, and no line need be measured whole (that was 0.13 ms a card).
        return _fill(words, widths, lambda before, after: _gap(font, before[-1], after[0]), width)
    space = _word_length(font, " ")
    lines = _fill(words, widths, lambda before, after: space, width)
    # Shaping (complex layout) can join or move glyphs across a space: the whole lines are measured to be sure.
    return lines if all(font.getlength(line) <= width for line in lines) else _wrap_measuring_lines(words, font,
                                                                                                  width)


def _fill(words: list[str], widths: dict[str, float], gap, width: float) -> list[str]:
    """Each word on the line before while it fits there (`gap(before, after)` between two words), else on a new one."""
    lines: list[list[str]] = []
    used = 0.0
    for word in words:
        if lines and used + (spacing := gap(lines[-1][-1], word)) + widths[word] <= width:
            lines[-1].append(word)
            used += spacing + widths[word]
        else:
            lines.append([word])
            used = widths[word]
    return [" ".join(line) for line in lines]


@functools.lru_cache(maxsize=8192)
def _gap(font, before: str, after: str) -> float:
    """What a space adds between a word ending with `before` and one starting with `after`: its advance and any
    kerning with either letter (in basic layout, where widths add up)."""
    return font.getlength(f"{before} {after}") - font.getlength(before) - font.getlength(after)


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

    found = fitted(TITLE_SIZES[0])  # most titles are short: the largest size first
    if found is not None:
        return _font_in(TITLE_SIZES[0], engine), found
    # A smaller size never needs more lines, so the sizes that fit are a run at the small end: halve the search.
    largest, smallest = 1, len(TITLE_SIZES)  # TITLE_SIZES[smallest - 1] fits, if any does; none above `largest`
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
    from PIL import ImageDraw

    frame = _frame(card.campaign, card.deadline, _rgb(card.accent), _right_to_left(card.title))
    font, lines = fit_title(card.title, frame.end - frame.start, frame.bottom - frame.top)
    step = font.size * LINE_HEIGHT
    first = frame.top + (frame.bottom - frame.top - step * len(lines)) / 2 + step / 2  # the block centred in its box
    centres = list(itertools.accumulate([step] * (len(lines) - 1), initial=first)) if lines else []
    x, anchor = (frame.end, "rm") if frame.rtl else (frame.start, "lm")
    # Only the rows the title's ink reaches are drawn afresh: its glyphs' boxes, and two rows more for rounding.
    reaches = (_ink_rows(font, line, anchor) for line in lines)
    inked = [(y + top, y + bottom) for y, (top, bottom) in zip(centres, reaches)]
    upper = max(0, math.floor(min((top for top, _ in inked), default=0)) - 2)
    lower = min(HEIGHT, math.ceil(max((bottom for _, bottom in inked), default=0)) + 2)
    # A column more at the left, for each row's filter type: the title is drawn a pixel to the right, in the same
    # pixels as at (x, y) in the card.
    rows = frame.coverage.crop((-1, upper, WIDTH, lower))
    pen = ImageDraw.Draw(rows)
    for y, line in zip(centres, lines):
        pen.text((1 + x, y - upper), line, font=font, fill=255, anchor=anchor)
    return frame.png(rows, upper)


def _ink_rows(font, line: str, anchor: str) -> tuple[int, int]:
    """How far above and below the anchor a line's glyphs' boxes reach."""
    from PIL import ImageFont

    if font.layout_engine != ImageFont.Layout.BASIC:  # shaping can raise or lower a glyph
        box = font.getbbox(line, anchor=anchor)
        return box[1], box[3]
    # In basic layout every glyph sits on the baseline: the line reaches as far as its letters, each measured once
    # (measuring the lines was 0.05 ms a card).
    reaches = [_ink_rows_of_letter(font, letter, anchor) for letter in set(line)]
    return min(top for top, _ in reaches), max(bottom for _, bottom in reaches)


@functools.lru_cache(maxsize=8192)
def _ink_rows_of_letter(font, letter: str, anchor: str) -> tuple[int, int]:
    box = font.getbbox(letter, anchor=anchor)
    return box[1], box[3]


@functools.lru_cache(maxsize=4)
def _frame(campaign: str, deadline: str, accent: tuple[int, int, int], rtl: bool) -> _Frame:
    return _Frame(campaign, deadline, accent, rtl)


class _Frame:
    """What the cards of a build share, drawn once: the campaign's name, the deadline band and the stripe, both as
    coverage for a title to be drawn into and as finished PNG rows, whose runs are deflated once each.

    Only the rows a title's ink reaches are mapped and deflated for each card: the rows above and below it are the
    frame's own, deflated once for every card that leaves them alone (a card was ~1.3 ms of deflating 756,000 bytes).
    """

    def __init__(self, campaign: str, deadline: str, accent: tuple[int, int, int], rtl: bool):
        from PIL import Image, ImageDraw

        self.rtl = rtl
        self.start, self.end = (MARGIN, WIDTH - STRIPE - MARGIN) if rtl else (STRIPE + MARGIN, WIDTH - MARGIN)
        self.band_top = HEIGHT - BAND if deadline else HEIGHT
        self.coverage = Image.new("L", (WIDTH, HEIGHT), 0)  # where the text is, and how much of each pixel it covers
        pen = ImageDraw.Draw(self.coverage)
        if deadline:
            _line(pen, deadline, LINE_SIZE, (self.start, self.band_top + BAND / 2), self.end - self.start, rtl)
        name_bottom = _line(pen, campaign, NAME_SIZE, (self.start, MARGIN), self.end - self.start, rtl, anchor="t")
        self.top, self.bottom = MARGIN + NAME_SIZE * 1.6, self.band_top - MARGIN / 1.5
        # Each band of rows holds one text, in its own colour on its own ground.
        self.bands = ((0, name_bottom, _BACKGROUND), (name_bottom, self.band_top, _BACKGROUND),
                      (self.band_top, HEIGHT, _ACCENT))
        self.palette = bytes(_palette(accent, _contrasting(accent)))
        self.rows = self.scanlines(self.coverage.crop((-1, 0, WIDTH, HEIGHT)), 0)
        self.runs: dict[tuple[int, int], _Run] = {}  # (first row, row after the last) → its deflated run

    def scanlines(self, coverage, upper: int) -> bytes:
        """PNG scanlines of the card's rows from `upper` whose text is `coverage`, a column wider than the card for
        each row's filter type (0: none) at its left: each band's coverage mapped to its ramp, then the stripe
        drawn over them."""
        from PIL import ImageDraw

        lower = upper + coverage.height
        for ramp, (top, bottom, behind) in enumerate(self.bands):
            top, bottom = max(top, upper) - upper, min(bottom, lower) - upper
            if bottom - top == coverage.height:  # most often a title's rows are all in one band: no crop and paste
                coverage = coverage.point(_ramp_lookup(ramp, behind))
            elif bottom > top:
                box = (0, top, 1 + WIDTH, bottom)
                coverage.paste(coverage.crop(box).point(_ramp_lookup(ramp, behind)), box)
        left, right = (WIDTH - STRIPE, WIDTH) if self.rtl else (0, STRIPE)
        pen = ImageDraw.Draw(coverage)
        pen.rectangle((1 + left, -upper, 1 + right, self.band_top - upper), fill=_ACCENT)
        pen.line((0, 0, 0, coverage.height), fill=0)  # the filter type, which the accent's band mapped to its ground
        return coverage.tobytes()

    def png(self, title, upper: int) -> bytes:
        """The card whose rows from `upper` are `title` (coverage), the frame's own above and below them."""
        lower = upper + title.height
        return _png(self.palette, (self._run(0, upper), _deflate(self.scanlines(title, upper)),
                                   self._run(lower, HEIGHT)))

    def _run(self, first: int, last: int) -> _Run:
        if (first, last) not in self.runs:
            self.runs[first, last] = _deflate(self.rows[first * (WIDTH + 1):last * (WIDTH + 1)])
        return self.runs[first, last]


# -- PNG: runs of rows deflated apart and joined into one stream ------------------------------------------------
class _Run(NamedTuple):
    deflated: bytes  # raw deflate blocks ending on a byte boundary, none marked last: runs can follow each other
    adler32: int  # zlib's checksum of the rows
    length: int


def _deflate(scanlines: bytes) -> _Run:
    # Run-length deflate: a card is long runs of flat colour, which it packs nearly as small as the default
    # strategy does, in a fraction of the time. zlib-ng writes the same bytes as zlib here, ~4 times as fast
    # (0.14 ms against 0.52 ms a card's title rows, and its Adler-32 0.013 ms against 0.077 ms).
    packer = zlib_ng.compressobj(6, zlib_ng.DEFLATED, -15, 9, zlib_ng.Z_RLE)
    return _Run(packer.compress(scanlines) + packer.flush(zlib_ng.Z_SYNC_FLUSH), zlib_ng.adler32(scanlines),
                len(scanlines))


_ADLER_BASE = 65521
_LAST_BLOCK = zlib_ng.compressobj(wbits=-15).flush()  # an empty block marked last, which ends the joined runs


def _adler32_joined(first: int, second: _Run) -> int:
    """The Adler-32 of two byte strings joined, from each one's (zlib's adler32_combine): the second's running sums
    start from the first's instead of from 1."""
    low = ((first & 0xFFFF) + (second.adler32 & 0xFFFF) - 1) % _ADLER_BASE
    high = ((first >> 16) + (second.adler32 >> 16) + second.length * ((first & 0xFFFF) - 1)) % _ADLER_BASE
    return high << 16 | low


def _png(palette: bytes, runs: tuple[_Run, ...]) -> bytes:
    """An 8-bit palette PNG of the card's size whose image data is `runs` joined (one zlib stream, one IDAT)."""
    checksum = functools.reduce(_adler32_joined, runs, 1)
    stream = b"\x78\x01" + b"".join(run.deflated for run in runs) + _LAST_BLOCK + checksum.to_bytes(4, "big")
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 3, 0, 0, 0)  # 8 bits a pixel, a palette, no interlacing
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"PLTE", palette) + _chunk(b"IDAT", stream)
            + _chunk(b"IEND", b""))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib_ng.crc32(kind + data))


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
def card_text(renderer, title: str, language: str = "") -> tuple[CardText, str]:
    """What the card of a page titled `title` in `language` ("" the default) says, and why the title itself could
    not be drawn ("" if it could): then the card is the campaign's own (its name as the title), so a share never
    shows boxes or broken Arabic."""
    campaign, deadline, accent = _frame_text(renderer, language)
    why = undrawable(title)
    if why:
        return CardText(campaign, "", deadline, accent), why
    return CardText(title, campaign, deadline, accent), ""


# renderer → {language: what its cards show besides the title}. A renderer lives for one build (one site, one day),
# so all the cards of a language in it share this: worked out once, not for each card and page.
_FRAME_TEXTS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _frame_text(renderer, language: str) -> tuple[str, str, str]:
    """What a card in `language` shows besides its title: the campaign's name and the deadline sentence as drawn
    (or left off), and the accent."""
    texts = _FRAME_TEXTS.setdefault(renderer, {})
    if language not in texts:
        config = renderer.config.localized(language)
        # The campaign's name and the place are drawn only where they can be, and then left out without a word.
        campaign = "" if undrawable(config.title) else config.title
        # A caption rather than a sentence: without its full stop ("The vote is on … in Dubai")
        deadline = upcoming_sentence(renderer.language(language), config.deadline, renderer.today).removesuffix(".")
        texts[language] = campaign, "" if undrawable(deadline) else deadline, config.accent
    return texts[language]


def shared_text(renderer) -> tuple[tuple[str, str, str], ...]:
    """What every page's card shows besides its title, in each language of the site."""
    return tuple(_frame_text(renderer, language) for language in ("",) + renderer.config.languages[1:])


def card_meta(renderer, record, title: str) -> dict | None:
    """The <head> facts of a record's card (address, size, alt text); None when its front matter names an image."""
    if getattr(record, "image", ""):
        return None
    text, _ = card_text(renderer, title, record.language)
    return {"url": renderer.router.absolute(renderer.router.card_path(record)), "width": WIDTH, "height": HEIGHT,
            "alt": " · ".join(part for part in (text.title, text.campaign, text.deadline) if part)}


def render_card(renderer, output) -> bytes:
    record = output.subject
    text, why = card_text(renderer, _title(renderer, record, output), record.language)
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
