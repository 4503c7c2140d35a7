"""Fuzzing with hypothesis: whatever bytes a contributor commits, the readers and the Markdown link rewriter
report problems (at real positions in the file) and never raise anything but the project's ContentError."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from microsite.errors import ContentError, Problem, Report
from microsite.fields import is_script_url
from microsite.importers import read_member_file
from microsite.markup import EXTENSION_CONFIGS, EXTENSIONS, MarkdownConverter
from microsite.model import Page, Site, SiteConfig
from microsite.routes import Router
from microsite.sources import split_front_matter
from microsite.yamlsource import parse_yaml

CONFIG = SiteConfig(title="Fuzz", description="", base_url="https://example.org/repo/", country="US")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that matter to YAML, CSV, JSON and Markdown, mixed with arbitrary text, so that examples hit the
# parsers' interesting paths far more often than uniformly random Unicode would.
SYNTAX = st.sampled_from(list("-:#{}[],&*!|>'\"%@`\t\r\n ?=\\.()<>/")
                         + ["---", "...", "\n---\n", ": ", "- ", "  ", "\ufeff", "\x00", "\u2028", "javascript:"])
TEXT = st.lists(st.one_of(SYNTAX, st.text(max_size=8)), max_size=40).map("".join)
KEYS = st.sampled_from(["id", "name", "first_name", "last_name", "title", "party", "region", "country", "phone",
                        "email", "website", "contact_form", "position", "offices", "social", "members", "list",
                        "persons", "organizations", "memberships", "person_id", "organization_id", "area_id",
                        "on_behalf_of_id", "start_date", "end_date", "contact_details", "links", "bioguide"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), TEXT,
                    st.sampled_from(["2018-02-30", "2018-11-21", "+1 202 555 0101", "ada@example.org",
                                     "javascript:alert(1)", "https://example.org/", "supports", "p1", "house"]))
TREES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(KEYS, inner, max_size=5)), max_leaves=25)


def _check_problems(problems: list[Problem], rel: str) -> None:
    """Problems name the file they are about, at a line and column a campaigner can go to."""
    for problem in problems:
        assert problem.location.path == rel
        assert problem.location.line >= 1 and problem.location.col >= 1
        assert problem.message.strip()


def _unless_content_error(function, *args):
    try:
        return function(*args)
    except ContentError:
        return None


@FUZZ
@given(TEXT)
def test_front_matter_splitter_never_raises(text):
    report = Report()
    result = _unless_content_error(split_front_matter, "---\n" + text, "content/pages/f.md", report)
    _check_problems(report.problems, "content/pages/f.md")
    if result is not None:
        data, body, body_line = result
        assert 2 <= body_line <= text.count("\n") + 3 or data is None
        assert (data is None) == bool(report.errors)


@FUZZ
@given(st.one_of(TEXT, TREES.map(lambda tree: yaml.safe_dump(tree, allow_unicode=True))))
def test_yaml_parser_reports_instead_of_raising(text):
    result = _unless_content_error(parse_yaml, text, "content/site.yml", 3)
    if result is not None:
        _check_problems(result[1], "content/site.yml")


def _member_file_text(kind: str, tree, text: str) -> str:
    if kind == ".json":
        return json.dumps(tree if isinstance(tree, dict) else {"persons": tree})
    if kind in (".yml", ".yaml"):
        return yaml.safe_dump({"list": {"title": "Fuzz"}, "members": tree}, allow_unicode=True)
    return text


CSV_CELLS = st.one_of(st.sampled_from(["id", "name", "phone", "email", "website", "position", "", '"', '""',
                                       "=cmd", "ada-example", "Ada Example", "+1 202 555 0101"]), TEXT)
CSV_TEXT = st.lists(st.lists(CSV_CELLS, max_size=6).map(",".join), max_size=6).map("\n".join)


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@FUZZ
@given(kind=st.sampled_from([".yml", ".csv", ".json"]), tree=TREES, text=st.one_of(CSV_TEXT, TEXT),
       shape=st.sampled_from(["well-formed", "text", "bytes"]), data=st.binary(max_size=64))
def test_member_readers_report_instead_of_raising(folder, kind, tree, text, shape, data):
    """Each reader gets well-formed files with hostile values, garbage text and bytes that may not be UTF-8."""
    path = folder / f"fuzz{kind}"
    if shape == "bytes":
        path.write_bytes(data)
    else:
        path.write_text(text if shape == "text" else _member_file_text(kind, tree, text), encoding="utf-8")
    report = Report()
    rel = f"content/members/fuzz{kind}"
    member_list = _unless_content_error(read_member_file, path, rel, CONFIG, report)
    _check_problems(report.problems, rel)
    for member in member_list.members if member_list else ():
        assert re.fullmatch(r"[a-z0-9-]+", member.id)
        assert not any(is_script_url(url) for url in (member.website, member.contact_form) if url)


@FUZZ
@given(st.lists(st.one_of(TEXT, st.builds("[{}]({})".format, TEXT, st.one_of(TEXT, st.sampled_from([
    "other.md", "../pages/other.md", "other.md#part", "/abs", "https://example.org/", "java\nscript:x",
    " JAVASCRIPT:alert(1)", "data:text/html,x", "vbscript:msgbox", "../../../../etc/passwd", "#top", "?q=1",
    "mailto:ada@example.org", "other.md?x#y", "//evil.example.org/x.md"])))), max_size=12).map(" ".join),
    st.booleans())
def test_markdown_link_rewriting_never_raises_and_never_emits_a_script_url(text, safe):
    site = Site(config=CONFIG, pages=(Page(source="content/pages/other.md", slug="other", title="Other", date=None,
                                           summary="", body="", body_line=1),))
    converter = MarkdownConverter(Router(site), safe=safe)
    html, problems = converter.convert(text, "content/pages/f.md", 5)
    _check_problems(problems, "content/pages/f.md")
    assert all(problem.location.line >= 5 for problem in problems)
    if safe:  # with raw HTML escaped, every href and src in the output came through the rewriter
        assert "<script" not in html.lower()
        for url in re.findall(r'(?:href|src)="([^"]*)"', html):
            assert not is_script_url(url), url


# Markdown's own syntax, so that examples reach every inline pattern (emphasis, code, links, autolinks, entities,
# smart quotes and dashes, footnotes, attribute lists) and every block processor and preprocessor. No ':' outside the
# fixed pieces, so no script URL is made.
MARKDOWN = st.lists(st.one_of(st.text(st.characters(blacklist_characters=":"), max_size=6), st.sampled_from([
    "*", "**", "_", "__", "`", "``", "[", "]", "(", ")", "![", "<", ">", "&", "&amp;", "\\", '"', "'", "--", "---",
    "...", "<<", ">>", "\n", "\n\n", "# ", "## ", "- ", "1. ", "> ", "    ", "  \n", "[^1]", "\n[^1]: ", "{: .x }",
    "```\n", "\n| a | b |\n|---|---|\n| 1 | 2 |\n", "<b>", "</b>", "<https://example.org/>", "<ada@example.org>",
    "[x](https://example.org/ \"t\")", "[x][r]\n\n[r]: https://example.org/", "![i](https://example.org/i.png)",
    # block syntax each block processor and preprocessor looks for, in and out of place
    "|", "| a |\n| - |\n", "`a|b` | c\n--- | ---\n", "a \\| b | c\n-|-\n", "#", ">", "\n===", "\n---\n", "* * *",
    "___", "-", "~~~\n",
    "\n[r]: https://example.org/x", "]:", "[^", "&#12 ", "&", "<div>\n", "</div>", "\n\n", "\r\n", "\r", "\t",
    " \n  \n"])),
    max_size=40).map("".join)


# Text for the smart quotes: quotes, apostrophes, dashes and ellipses beside words, digits, spaces, punctuation,
# brackets, code spans, raw HTML, entities, backslash escapes and Unicode dashes, in headings (ids), lists and a
# table of contents too.
SMART = st.lists(st.one_of(st.sampled_from(list("'\"-.`\\ \t([{}])!?,;:s0123456789aZ_*")), st.sampled_from([
    "'s", "'80s", "n't", "--", "---", "----", "...", "....", "\"'", "'\"", "''", '""', "&nbsp;", "&mdash;",
    "&ndash;", "&#8211;", "&#8212;", "&amp;", "&", "–", "—", "’", "<b>", "</b>", "<i title=\"'x'\">",
    "<!-- 'c' -->", "`'q'`", "``a'b``", "\\'", '\\"', "\n", "\n\n", "## ", "- ", "> ", "    ", "[^1]",
    "[x](https://example.org/ \"t\")", "\n[^1]: ", "\n\n[TOC]\n\n", "*", "**", "\n```\n'a' -- b\n```\n", "word",
    " said"])),
    max_size=40).map("".join)


@FUZZ
@given(st.one_of(MARKDOWN, SMART), st.booleans())
def test_markdown_html_is_what_python_markdown_makes_of_it(text, safe):
    """How the converter drives Python-Markdown (its own inline pass and smart quotes) changes nothing a reader
    sees: same text, same HTML."""
    stock = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")
    if safe:
        stock.preprocessors.deregister("html_block")
        stock.inlinePatterns.deregister("html")
    site = Site(config=CONFIG, pages=())
    html, _ = MarkdownConverter(Router(site), safe=safe).convert(text, "content/pages/f.md", 1)
    assert html == stock.convert(text)
