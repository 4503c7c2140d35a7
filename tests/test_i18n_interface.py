"""The site's frame in the site's language: home, deadline bar and sentence, embeds, flyer, spread, 404 and redirect
pages carry their catalog's translation and none of the English they are written in."""

from __future__ import annotations

import datetime as dt
import html
import re
from zoneinfo import ZoneInfo

import pytest

from conftest import MINIMAL_SITE, make_project, write_files
from english import english_left as english_left_in
from microsite import deadline
from microsite.i18n import Language
from microsite.model import Deadline
from test_statements import SENATE
from test_visitor_pages import BEFORE_THE_VOTE, PageFacts, build_project

# The files whose words this test holds to the catalog (other tests hold the rest of the interface).
SOURCES = frozenset({"templates/base.html", "templates/_footer.html", "templates/_deadline_bar.html",
           "templates/_vote_sentence.html", "templates/home.html", "templates/embed.html", "templates/redirect.html",
           "templates/_share.html", "templates/_print_qr.html", "templates/flyer.html", "templates/spread.html",
           "templates/_card_meta.html", "templates/404.html", "microsite/deadline.py", "microsite/filters.py",
           "microsite/render_spread.py", "microsite/cards.py"})
PAGES = ("index.html", "why/index.html", "flyer/index.html", "spread/index.html", "embed/banner/index.html",
         "embed/card/index.html", "404.html", "old-why/index.html")
WHY = "---\ntitle: Why\ndate: 2018-11-01\naliases: [/old-why/]\n---\n\nBecause.\n"


def site_in(language: str, tmp_path_factory, timed: bool) -> dict[str, str]:
    """A campaign written in `language` before its vote, built once: each page of PAGES, entities decoded."""
    when = "2018-11-21T10:00" if timed else "2018-11-21"
    site_yml = MINIMAL_SITE.replace("language: en", f"language: {language}") + f"""\
hashtag: TestVote
deadline:
  date: {when}
  timezone: Asia/Dubai
  event: Vote
  place: Dubai
"""
    root = make_project(tmp_path_factory.mktemp(language) / "vote", site_yml=site_yml)
    write_files(root, {"content/members/senate.yml": SENATE, "content/pages/why.md": WHY})
    with pytest.MonkeyPatch.context() as patch:
        site = build_project(root, BEFORE_THE_VOTE, patch)
    return {name: html.unescape((site / name).read_text()) for name in PAGES}


@pytest.fixture(scope="module")
def french(tmp_path_factory):
    return site_in("fr", tmp_path_factory, timed=True)


@pytest.fixture(scope="module")
def arabic(tmp_path_factory):
    return site_in("ar", tmp_path_factory, timed=False)


def english_left(text: str, code: str) -> set[str]:
    # Class names and data attributes are the page's code, not its words ("stance-unknown" is not "unknown")
    return english_left_in(re.sub(r'\s(?:class|data-[\w-]+)="[^"]*"', "", text), code, SOURCES)


def test_the_english_of_the_frame_is_found_in_an_english_page():
    """The check below can fail: an English deadline sentence holds its messages' words."""
    on_the_day = Deadline(dt.datetime(2018, 11, 21, 10, tzinfo=ZoneInfo("Asia/Dubai")), "Asia/Dubai", "Vote", "Dubai")
    sentence = deadline.vote_sentence(Language("en"), on_the_day, deadline.AHEAD)
    assert sentence == "The vote is on Wednesday, 21 November 2018 at 10:00 Dubai time (UTC+4) in Dubai."
    assert {"The vote is on", "time ("} <= english_left(sentence, "fr")


def test_a_french_site_reads_french_in_every_page_of_the_frame(french):
    for name, text in french.items():
        assert not english_left(text, "fr"), name
    facts = PageFacts(french["why/index.html"])
    assert facts.html_attrs["lang"] == "fr"
    assert "Échéance\u00a0: Vote, mercredi 21 novembre 2018 à 10:00 (heure de Dubaï, UTC+4), Dubai" in \
        re.sub(r"<[^>]+>", "", french["index.html"])
    assert facts.meta["og:image:alt"] == ("Why · Test Campaign · "
                                          "Le vote aura lieu le mercredi 21 novembre 2018 à 10:00 (heure de Dubaï, "
                                          "UTC+4) à Dubai")
    assert 'data-past="Le vote a eu lieu le mercredi 21 novembre 2018' in french["embed/card/index.html"]
    assert "Trouvez votre représentant" in french["index.html"] and "Agissez" in french["embed/banner/index.html"]
    assert "<title>Tract · Test Campaign</title>" in french["flyer/index.html"]
    assert "Cette page a été déplacée" in french["old-why/index.html"]
    assert "Page introuvable" in french["404.html"]


def test_an_arabic_site_reads_arabic_right_to_left(arabic):
    for name, text in arabic.items():
        assert not english_left(text, "ar"), name
    assert '<html lang="ar" dir="rtl">' in arabic["embed/banner/index.html"]
    assert '<html lang="ar" dir="rtl">' in arabic["old-why/index.html"]
    home = re.sub(r"<[^>]+>", "", arabic["index.html"])
    assert "الموعد النهائي: Vote، الأربعاء، 21 نوفمبر 2018، Dubai" in home
    assert "سيجري التصويت يوم الأربعاء، 21 نوفمبر 2018 في Dubai." in home
    assert "البريد الإلكتروني" in arabic["why/index.html"]  # the share link that is not a brand


@pytest.mark.parametrize("code", ["fr", "ar"])
def test_every_tense_of_the_deadline_is_translated(code):
    """On the day and after it, which the builds above (before the vote) do not show."""
    language = Language(code)
    for zone_city, all_day in (("Asia/Dubai", False), ("Europe/Paris", True)):
        vote = Deadline(dt.datetime(2018, 11, 21, 10, tzinfo=ZoneInfo(zone_city)), zone_city, "", "", all_day)
        for tense in (deadline.AHEAD, deadline.TODAY, deadline.PAST):
            words = deadline.vote_sentence(language, vote, tense) + deadline.bar_line(language, vote, tense)
            assert not english_left(words, code), words
            assert language.long_date(vote.when, weekday=True) in words
    paris = Deadline(dt.datetime(2018, 11, 21, 10, tzinfo=ZoneInfo("Europe/Paris")), "Europe/Paris", "", "")
    assert deadline.when(language, paris).endswith({"fr": "à 10:00 (heure de Paris, UTC+1)",
                                                    "ar": "الساعة 10:00 بتوقيت باريس (UTC+1)"}[code])
