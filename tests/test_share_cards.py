"""Share cards: a 1200×630 PNG per page and statement, drawn at build time, redrawn only when what it shows changes."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings, strategies as st
from PIL import Image, ImageFont

from conftest import make_project, write_files
from microsite import cards
from microsite.pipeline import build
from test_statements import STATEMENT, statement_project
from test_visitor_pages import BEFORE_THE_VOTE, VOTE_SITE, PageFacts, build_project, sitemap_files

ARABIC_TITLE = "لماذا يهم التصويت في الإنتربول"


def card_of(site, page_file) -> tuple[dict, Image.Image, bytes]:
    meta = PageFacts(page_file.read_text()).meta
    data = (site / meta["og:image"].removeprefix("https://example.org/")).read_bytes()
    return meta, Image.open(io.BytesIO(data)), data


def test_every_pages_card_decodes_as_a_1200_by_630_png_under_80_kb(demo_build):
    _, site = demo_build
    drawn = 0
    for path, file in sitemap_files(site).items():
        meta, image, data = card_of(site, file)
        image.load()  # decodes the whole image (and checks its data's Adler-32), not only its header
        Image.open(io.BytesIO(data)).verify()  # every chunk's CRC: the builder joins the PNG's chunks itself
        assert (image.format, image.size) == ("PNG", (1200, 630)), path
        assert len(data) <= 80_000, f"{path}: {len(data)} bytes"
        if not meta["og:image"].startswith("https://example.org/assets/"):
            drawn += 1
            assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630"), path
    assert drawn >= 5  # the home page, the pages and the statement each have their own


def test_two_statements_share_two_different_cards(tmp_path):
    other = STATEMENT.replace("headline: Urge Interpol Members to Reject a Compromised Candidate",
                              "headline: Welcome the Assembly's Choice of a Reformer")
    project = statement_project(tmp_path / "p")
    write_files(project, {"content/statements/second.md": other})
    result = build(project)
    assert not result.report.problems, "\n".join(map(str, result.report.problems))
    site = project / "site"
    first = card_of(site, site / "statements/caucus-2018/index.html")
    second = card_of(site, site / "statements/second/index.html")
    assert first[0]["og:image"] != second[0]["og:image"]
    assert first[2] != second[2]
    assert "Doe, Roe, & Example Welcome the Assembly" in second[0]["og:image:alt"]


def test_a_long_title_is_shrunk_and_wrapped_in_whole_words():
    box = (1000, 360)
    short_font, [short] = cards.fit_title("Why it matters", *box)
    title = "Delegations Meeting in Dubai Should Reject a Candidate Whose Government Abuses Red Notices Every Year"
    font, lines = cards.fit_title(title, *box)
    assert font.size < short_font.size and len(lines) > 1
    assert " ".join(lines) == title  # every word kept, none cut
    assert all(font.getlength(line) <= box[0] for line in lines)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(alphabet="AVTWYLPfjoy.,'’-«»", min_size=1, max_size=9), min_size=2, max_size=16),
       st.integers(2, 16), st.sampled_from([0, -1 / 64]))
def test_each_wrapped_line_is_as_full_as_it_can_be_and_no_fuller_as_drawn(words, first_line, short_by):
    # Lines are filled from the words' widths, not measured whole: with letters that kern (AV, To, y.) at the
    # words' ends and the width exactly that of a line of words (or a 64th of a pixel less), each line must still
    # fit as drawn, and the next line's first word must not have fitted.
    font = cards._font_in(56, ImageFont.Layout.BASIC)
    width = font.getlength(" ".join(words[:first_line])) + short_by
    lines = cards.wrap(" ".join(words), font, width)
    if lines is None:
        assert any(font.getlength(word) > width for word in words)
        return
    assert " ".join(lines).split() == words
    assert all(font.getlength(line) <= width for line in lines)
    assert all(font.getlength(f"{line} {after.split()[0]}") > width for line, after in zip(lines, lines[1:]))


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet="aegjpqyÅÉÇŞḌẞ(|)_^~¸˛Ωжй", min_size=1, max_size=30), st.sampled_from(["lm", "rm"]))
def test_the_rows_a_title_is_drawn_in_reach_its_accents_and_descenders(line, anchor):
    # Only the rows a title's ink reaches are drawn (from its letters' boxes): none of its glyphs may be cut off.
    font = cards._font_in(cards.TITLE_SIZES[0], ImageFont.Layout.BASIC)
    box = font.getbbox(line, anchor=anchor)
    assert cards._ink_rows(font, line, anchor) == (box[1], box[3])


def test_a_title_too_long_for_the_card_ends_after_a_whole_word_with_an_ellipsis():
    words = [f"Word{i}" for i in range(200)]
    font, lines = cards.fit_title(" ".join(words), 1000, 360)
    assert font.size == cards.TITLE_SIZES[-1] and lines[-1].endswith("…")
    shown = " ".join(lines).removesuffix("…").split()
    assert shown == words[:len(shown)]


def test_the_card_and_the_flyer_say_the_deadline_while_it_is_ahead(tmp_path, monkeypatch):
    project = build_project_with(tmp_path, {"content/pages/why.md": "---\ntitle: Why it matters\n---\n\nText.\n"})
    site = build_project(project, BEFORE_THE_VOTE, monkeypatch)
    before, _, drawn_before = card_of(site, site / "why/index.html")
    assert before["og:image:alt"] == ("Why it matters · Test Campaign · "
                                      "The vote is on Wednesday, 21 November 2018 in Dubai")
    assert "The vote is on Wednesday, 21 November 2018 in Dubai." in (site / "flyer/index.html").read_text()
    site = build_project(project, "1543017600", monkeypatch)  # after the vote
    after, _, drawn_after = card_of(site, site / "why/index.html")
    assert after["og:image:alt"] == "Why it matters · Test Campaign" and drawn_after != drawn_before


def build_project_with(tmp_path, files):
    return make_project(tmp_path / "vote", files, site_yml=VOTE_SITE)


def text_columns(image: Image.Image, top: int, bottom: int) -> tuple[int, int]:
    """Leftmost and rightmost column of white text between two rows."""
    box = image.convert("L").crop((0, top, 1200, bottom)).point(lambda v: 255 if v > 200 else 0).getbbox()
    return box[0], box[2]


def test_an_arabic_title_is_shaped_and_set_from_the_right(tmp_path, monkeypatch):
    assert cards._has_raqm(), "Pillow needs libraqm and the system's FriBiDi (Debian: libfribidi0) for Arabic"
    project = build_project_with(tmp_path, {"content/pages/ar.md": f"---\ntitle: {ARABIC_TITLE}\n---\n\nنص.\n"})
    site = build_project(project, BEFORE_THE_VOTE, monkeypatch)
    meta, image, _ = card_of(site, site / "ar/index.html")
    assert meta["og:image:alt"].startswith(ARABIC_TITLE)
    left, right = text_columns(image, 150, 500)
    assert right > 1050 and left > 150  # right-aligned against the accent stripe, which moves to the right
    # Shaped: joined letters take less room than the same letters drawn one by one in their isolated forms.
    font = cards._sized(80, ARABIC_TITLE)
    assert font.getlength(ARABIC_TITLE) < sum(font.getlength(c) for c in ARABIC_TITLE)


@pytest.mark.parametrize("title, why", [(ARABIC_TITLE, "libraqm"), ("Vote 🗳 today", "U+1F5F3")])
def test_a_title_the_card_cannot_draw_falls_back_to_the_campaigns_card_with_a_warning(tmp_path, monkeypatch,
                                                                                      title, why):
    monkeypatch.setattr(cards, "_has_raqm", lambda: False)  # as on a machine without FriBiDi
    project = build_project_with(tmp_path, {"content/pages/odd.md": f"---\ntitle: {title}\n---\n\nText.\n"})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BEFORE_THE_VOTE)
    result = build(project)
    [warning] = result.report.warnings
    assert str(warning).startswith("content/pages/odd.md:1:1: warning: the share card cannot show the title")
    assert why in warning.message
    meta, _, data = card_of(project / "site", project / "site/odd/index.html")
    assert meta["og:image:alt"] == "Test Campaign · The vote is on Wednesday, 21 November 2018 in Dubai"
    assert data == cards.draw(cards.CardText("Test Campaign", "", meta["og:image:alt"].split(" · ")[1], "#b3261e"))


def test_cards_are_redrawn_only_when_what_they_show_changes(tmp_path, monkeypatch):
    pages = {f"content/pages/p{i}.md": f"---\ntitle: Page {i}\n---\n\nBody {i}.\n" for i in range(3)}
    project = build_project_with(tmp_path, pages)
    drawn = []
    real_draw = cards.draw
    monkeypatch.setattr(cards, "draw", lambda text: drawn.append(text.title) or real_draw(text))
    build(project)
    first = (project / "site/p1/card.png").read_bytes()
    assert sorted(drawn) == ["Home", "Page 0", "Page 1", "Page 2"]
    drawn.clear()
    write_files(project, {"content/pages/p1.md": "---\ntitle: Page 1\n---\n\nAnother body.\n"})
    build(project)
    assert drawn == []  # the body is not on the card
    write_files(project, {"content/pages/p1.md": "---\ntitle: Page One\n---\n\nAnother body.\n"})
    build(project)
    assert drawn == ["Page One"]
    (project / ".cache").rename(tmp_path / "old-cache")  # a cold build draws the same bytes
    write_files(project, {"content/pages/p1.md": pages["content/pages/p1.md"]})
    build(project)
    assert (project / "site/p1/card.png").read_bytes() == first


def test_a_new_day_or_a_site_yml_edit_the_cards_do_not_show_redraws_no_card(tmp_path, monkeypatch):
    project = build_project_with(tmp_path, {"content/pages/why.md": "---\ntitle: Why it matters\n---\n\nText.\n"})
    drawn = []
    real_draw = cards.draw
    monkeypatch.setattr(cards, "draw", lambda text: drawn.append(text.title) or real_draw(text))
    site = build_project(project, BEFORE_THE_VOTE, monkeypatch)
    card = (site / "why/card.png").read_bytes()
    assert sorted(drawn) == ["Home", "Why it matters"]
    drawn.clear()
    site_yml = project / "content/site.yml"
    site_yml.write_text(site_yml.read_text().replace("hashtag: TestVote", "hashtag: TheVote"))
    next_day = str(int(BEFORE_THE_VOTE) + 86_400)  # the vote still ahead: the same sentence on the cards
    site = build_project(project, next_day, monkeypatch)
    assert drawn == [] and (site / "why/card.png").read_bytes() == card
    site_yml.write_text(site_yml.read_text() + "accent: '#1f5f3f'\n")
    build_project(project, next_day, monkeypatch)
    assert sorted(drawn) == ["Home", "Why it matters"]  # the accent is on every card


def test_a_campaign_name_the_font_cannot_draw_is_left_off_the_card(tmp_path, monkeypatch):
    site_yml = VOTE_SITE.replace("title: Test Campaign", "title: Test Campaign 🗳")
    project = make_project(tmp_path / "p", {"content/pages/why.md": "---\ntitle: Why\n---\n\nText.\n"}, site_yml)
    site = build_project(project, BEFORE_THE_VOTE, monkeypatch)
    meta, _, _ = card_of(site, site / "why/index.html")
    assert meta["og:image:alt"] == "Why · The vote is on Wednesday, 21 November 2018 in Dubai"
