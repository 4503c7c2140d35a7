"""QR codes of the site's addresses, made at build time as inline SVG with segno, for paper copies of its pages."""

from __future__ import annotations

from markupsafe import Markup


def qr_svg(url: str) -> Markup:
    """An <svg> (one path, no size: the stylesheet sets it) of `url` with error correction M, which survives a
    smudged or folded print; segno's output has neither a timestamp nor an id, so it is the same on every build."""
    import segno  # imported when a page needs it: the members' pages, the most numerous, do not

    code = segno.make(url, error="m", micro=False, boost_error=False)
    return Markup(code.svg_inline(border=4, omitsize=True, svgclass="qr", lineclass=None, dark="#000", light="#fff"))
