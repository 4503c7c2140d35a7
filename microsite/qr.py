"""QR codes of the site's addresses, made at build time as inline SVG, for paper copies of its pages."""

from __future__ import annotations

from markupsafe import Markup

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def qr_svg(url: str) -> Markup:
    """An <svg> (one path, no size: the stylesheet sets it) of `url` with error correction M, which survives a
    smudged or folded print; it has neither a timestamp nor an id, so it is the same on every build."""
    # zxing-cpp's encoder (zint's, in C) weighs all 8 masks as ISO/IEC 18004 says, like segno did in pure Python,
    # in a twentieth of the time: segno spent ~2-6 ms a page choosing the mask, the cold build's largest cost.
    import zxingcpp  # imported when a page needs it: the members' pages, the most numerous, do not

    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    modules = bytes(memoryview(code.to_image(scale=1, add_quiet_zones=False)))  # a byte per module, 0 for dark
    size = int(len(modules) ** 0.5)
    side = size + 2 * QUIET_ZONE
    return Markup(f'<svg viewBox="0 0 {side} {side}" class="qr"><path fill="#fff" d="M0 0h{side}v{side}h-{side}z"/>'
                  f'<path stroke="#000" d="{_dark_runs(modules, size)}"/></svg>')


def _dark_runs(modules: bytes, size: int) -> str:
    """Each row's runs of dark modules as strokes one module thick along the middle of the row."""
    moves = []
    for row in range(size):
        middle = f" {row + QUIET_ZONE + 0.5}h"  # a row's float formatted once, not once a run: half the time
        # Split at each light module (255): the pieces are the row's dark runs, empty between two light modules.
        # A third faster than finding each run's ends (0.08 against 0.12 ms a code of ~340 runs).
        column = QUIET_ZONE
        for run in modules[row * size:(row + 1) * size].split(b"\xff"):
            if run:
                moves.append(f"M{column}{middle}{len(run)}")
            column += len(run) + 1
    return "".join(moves)
