"""The congress-legislators layout: a small fictional fixture, and the real dataset read at test time."""

import os
from pathlib import Path

import phonenumbers
import pytest

from conftest import fictional_congress
from microsite.errors import Report
from microsite.importers import read_member_file
from microsite.model import Office, Phone, SiteConfig

REAL_DATA = Path(__file__).parents[2] / "shared/data/congress-legislators"
CONFIG = SiteConfig(title="Test", description="", base_url="/")


def messages(report):
    return [str(problem) for problem in report.problems]


def test_fixture_reads_current_terms_titles_and_social_media(tmp_path):
    report = Report()
    congress = read_member_file(fictional_congress(tmp_path), "data/legislators-current.yaml", CONFIG, report)
    assert messages(report) == []
    assert (congress.title, congress.country) == ("United States Congress", "US")
    doe, roe, mayor, public = congress.members
    assert (doe.id, doe.name, doe.title, doe.chamber, doe.party, doe.region) == (
        "d000001", "Jane Doe", "Senator", "senate", "Democrat", "MS"
    )
    assert doe.phone == Phone("202-555-0142", "+12025550142", "(202) 555-0142")
    assert doe.website == "https://doe.senate.example.org"
    assert doe.contact_form == "https://doe.senate.example.org/contact"
    assert doe.offices == (
        Office("Washington office", "1 Example Senate Office Building Washington DC 20510", doe.phone),
    )
    assert doe.social == (("twitter", "SenJaneDoe"), ("facebook", "senjanedoe"))
    assert str(doe.where) == "data/legislators-current.yaml:3:15"
    assert (roe.name, roe.title, roe.chamber, roe.region) == ("Richard Roe", "Delegate", "house", "DC")
    assert roe.district == "0"  # at-large, as the data writes it
    assert (mayor.name, mayor.title) == ("María Mayor", "Resident Commissioner")
    assert (public.title, public.district) == ("Representative", "7")
    assert (public.phone, public.offices, public.social) == (None, (), ())


def test_errors_point_into_the_congress_file(tmp_path):
    text = fictional_congress(tmp_path / "fixture").read_text().replace(
        "https://doe.senate.example.org/contact", "hhttps://doe.senate.example.org/contact"
    )
    (tmp_path / "legislators-current.yaml").write_text(text)
    report = Report()
    read_member_file(tmp_path / "legislators-current.yaml", "data/legislators-current.yaml", CONFIG, report)
    assert messages(report) == [
        "data/legislators-current.yaml:30:19: warning: 'contact_form' is not an http:// or https:// URL, "
        "so it is left out: 'hhttps://doe.senate.example.org/contact'"
    ]


def real_dataset() -> Path:
    if not REAL_DATA.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the congress-legislators data is missing at {REAL_DATA}")
        pytest.skip(f"no congress-legislators data at {REAL_DATA}")
    return REAL_DATA


def test_real_congress_every_current_legislator_becomes_a_member():
    folder = real_dataset()
    report = Report()
    congress = read_member_file(folder / "legislators-current.yaml", "legislators-current.yaml", CONFIG, report)
    assert len(congress.members) == 537
    assert len({m.id for m in congress.members}) == 537
    assert sum(m.title == "Senator" for m in congress.members) == 100
    assert {m.title for m in congress.members} == {"Senator", "Representative", "Delegate", "Resident Commissioner"}
    assert [p for p in report.problems if "phone" in p.message] == []
    # Upstream typos such as a 'hhttps://' contact form are warnings (the link is left out), never errors.
    assert report.errors == [], messages(report)
    assert all("is not an http:// or https:// URL" in p.message for p in report.problems), messages(report)
    with_phone = [m for m in congress.members if m.phone]
    assert len(with_phone) >= 530
    for member in with_phone:
        assert member.phone.e164.startswith("+1"), member
        assert phonenumbers.is_valid_number(phonenumbers.parse(member.phone.e164)), member
    assert sum(bool(m.social) for m in congress.members) >= 500  # merged from legislators-social-media.yaml


def test_real_congress_edge_cases():
    folder = real_dataset()
    members = {
        m.id: m for m in read_member_file(folder / "legislators-current.yaml", "x.yaml", CONFIG, Report()).members
    }
    gallagher = members["g000607"]  # sworn in with no official_full, phone, url or social entry
    assert (gallagher.name, gallagher.phone, gallagher.website, gallagher.social) == ("James Gallagher", None, "", ())
    assert members["s001181"].name == "Jeanne Shaheen" and members["s001181"].title == "Senator"
    assert {m.region for m in members.values()} >= {"DC", "PR", "GU", "VI", "AS", "MP"}
