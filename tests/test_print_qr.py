"""Paper copies lead back to the site: a printed page ends with its address as a QR code, and /flyer/ fits one sheet."""

import shutil
import subprocess

import pytest
import zxingcpp
from PIL import Image

from conftest import IN_CI
from test_statement_print import PAPER, SLUG, media_boxes, pdf_text

pytestmark = pytest.mark.browser


def qr_codes(pdf: bytes, tmp_path) -> list[str]:
    """The text of every QR code on the printed pages, read from the PDF rasterised at 100 dpi (a cheap scan)."""
    if not shutil.which("pdftoppm"):
        if IN_CI:
            pytest.fail("pdftoppm (Debian poppler-utils) is not installed")
        pytest.skip("pdftoppm (Debian poppler-utils) is not installed: the paper's QR code was not read")
    (tmp_path / "print.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(tmp_path / "print.pdf"), str(tmp_path / "sheet")], check=True)
    return [code.text for sheet in sorted(tmp_path.glob("sheet-*.png"))
            for code in zxingcpp.read_barcodes(Image.open(sheet))]


@pytest.mark.parametrize("path", [f"/statements/{SLUG}/", "/why-it-matters/"])
def test_a_printed_page_ends_with_a_qr_code_of_its_address(page, demo_server, path, tmp_path):
    response = page.goto(demo_server + path)
    assert response is not None and response.ok
    expect_hidden = page.locator(".print-qr")
    assert not expect_hidden.is_visible()  # on screen the address is the address bar's
    pdf = page.pdf(format="A4")
    assert qr_codes(pdf, tmp_path) == ["https://example.org" + path]
    assert f"Online: https://example.org{path}" in pdf_text(pdf, tmp_path)


@pytest.mark.parametrize("paper", PAPER)
def test_the_flyer_prints_on_one_sheet_with_the_ask_and_a_code_of_the_site(page, demo_server, paper, tmp_path):
    response = page.goto(demo_server + "/flyer/")
    assert response is not None and response.ok
    pdf = page.pdf(format=paper)
    assert media_boxes(pdf) == [PAPER[paper]]
    assert qr_codes(pdf, tmp_path) == ["https://example.org/"]
    text = pdf_text(pdf, tmp_path)
    assert "Vote against Alexander Prokopchuk for Interpol president" in text
    assert "Scan the code or go to https://example.org/" in text and "Print this page" not in text
