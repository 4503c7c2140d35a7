"""A joint statement printed from Chromium: the release on A4 and Letter paper, without the site around it."""

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SLUG = "helsinki-commission-interpol-2018"
HEADLINE = ("Wicker, Shaheen, Coons, & Rubio Warn Against Russian Leadership of Interpol Ahead of General "
            "Assembly Vote")
SIGNATORY_LINE = ("U.S. Senators Roger Wicker, R-Miss., Jeanne Shaheen, D-N.H., Chris Coons, D-Del., and Marco "
                  "Rubio, R-Fla., members of the Helsinki Commission, issued the following joint statement")
# Points: A4 is 210 × 297 mm, Letter 8.5 × 11 in (Chromium rounds A4 to whole pixels at 96 dpi).
PAPER = {"A4": (595.92, 842.88), "Letter": (612.0, 792.0)}


@pytest.fixture
def statement_page(page, demo_server):
    response = page.goto(f"{demo_server}/statements/{SLUG}/")
    assert response is not None and response.ok
    return page


def media_boxes(pdf: bytes) -> list[tuple[float, float]]:
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    return [(round(float(w), 2), round(float(h), 2)) for w, h in boxes]


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "statement.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(result.stdout.split())


@pytest.mark.parametrize("paper", PAPER)
def test_statement_prints_on_paper_size(statement_page, paper, tmp_path):
    pdf = statement_page.pdf(format=paper)
    assert pdf.startswith(b"%PDF-")
    boxes = media_boxes(pdf)
    assert boxes and set(boxes) == {PAPER[paper]}
    assert len(boxes) <= 2, "the demo statement should fit on two pages"
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (Debian poppler-utils) is not installed: the paper's text was not read")
    text = pdf_text(pdf, tmp_path)
    assert HEADLINE in text
    assert f"WASHINGTON – November 19, 2018 – {SIGNATORY_LINE}:" in text
    assert "a fox in charge of a henhouse" in text and "Background" in text
    assert "Wednesday, 21 November 2018 · Dubai, United Arab Emirates" in text
    assert f"Online: https://example.org/statements/{SLUG}/" in text
    for screen_only in ("Skip to content", "Why it matters", "Who decides", "Share this page", "Add to calendar",
                        "Plain text for email", "Atom feed", "Took place"):
        assert screen_only not in text, screen_only


def test_print_media_hides_the_site_around_the_statement(statement_page):
    page = statement_page
    page.emulate_media(media="print")
    for selector in (".masthead", ".deadline-bar", ".site-footer", ".share", ".event-box .button"):
        expect(page.locator(selector).first).to_be_hidden()
    for selector in ("h1", ".dek", ".lede", "blockquote", ".event-box", ".signers"):
        expect(page.locator(selector).first).to_be_visible()
    # The text takes the paper's width instead of the screen's reading measure, and nothing overflows it.
    width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1]
    quote_width = page.locator("blockquote p").first.evaluate("e => e.getBoundingClientRect().width")
    main_width = page.locator("article.statement").evaluate("e => e.getBoundingClientRect().width")
    assert quote_width > 0.8 * main_width
