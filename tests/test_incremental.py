"""Incremental builds equal clean builds: random sequences of edits, each rebuilt as `serve` (told only the paths
that changed) and as the next `build` command would, compared byte for byte with a full build from nothing."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_project, write_files
from microsite.pipeline import Builder, BuildOptions
from microsite.write import Buffer

SITE_YML = """\
title: {title}
description: A fictional campaign for tests.
base_url: https://example.org/campaign/
language: en
languages: [{languages}]
country: US
nav:
  - {{title: Background, link: pages/alpha.md}}
{translations}"""
MEMBERS = """\
list:
  title: Fictional council
  group_phrase: members of the fictional council
members:
{members}"""
MEMBER = """\
  - id: {id}
    name: {name} Example
    first_name: {name}
    last_name: Example
    title: Councillor
    region: NY
    country: US
    phone: "+1 212 555 {number:04d}"
    email: {id}@example.org
"""
NAMES = ("ada", "ben", "cleo")
SLUGS = ("alpha", "beta", "gamma", "delta")
LANGUAGES = ("fr", "ar")  # besides the default English; Arabic reads right to left
LANGUAGE_SETS = st.sampled_from([(), ("fr",), ("ar",), ("fr", "ar")])
# What a translation may translate: a page, or the home page (index.md, which start() writes and no edit removes).
TRANSLATED = st.sampled_from(SLUGS + ("index",))
ORGANISATIONS = ("Alpha Civic Forum,NO", "Beta Legal Aid,DE", "Gamma Workers' Union,NO")
WORDS = st.sampled_from(["vote", "council", "letter", "call", "today", "notice", "reform"])
TEXT = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)


def page(title: str, body: str, link: str | None = None, date: int = 1, slug: str | None = None) -> str:
    linked = f"\n\nSee [the other page]({link}.md).\n" if link else "\n"
    own_slug = f"slug: {slug}\n" if slug else ""  # its translations take it too, unless they give their own
    return (f"---\ntitle: {title}\ndate: 2030-01-{date:02d}\n{own_slug}summary: {title} in brief.\n---\n\n"
            f"{body}.{linked}")


def site_yml(title: str, languages: tuple[str, ...] = ("fr",), french_title: str | None = None) -> str:
    translations = f"translations:\n  fr: {{title: {french_title}}}\n" if french_title and "fr" in languages else ""
    return SITE_YML.format(title=title, languages=", ".join(languages), translations=translations)


def translation(title: str, body: str, day: int = 1, slug: str | None = None) -> str:
    """A page's translation: its own title and text, and an address of its own when it gives a slug."""
    own_slug = f"slug: {slug}\n" if slug else ""
    return f"---\ntitle: {title}\ndate: 2030-01-{day:02d}\n{own_slug}---\n\n{body}.\n"


def members_file(numbers: dict[str, int]) -> str:
    entries = "".join(MEMBER.format(id=i, name=i.title(), number=numbers[i]) for i in NAMES)
    return MEMBERS.format(members=entries)


def statement(signers: list[str], day: int = 10) -> str:
    return (f"---\nsignatories: [{', '.join(signers)}]\ndate: 2030-01-{day:02d}\ndateline: ALBANY\n"
            f"headline: Urge a Fictional Reform\ndek: A fictional statement.\n---\n\n> “We agree,” they said.\n")


def start(root: Path) -> Path:
    project = make_project(root, site_yml=site_yml("Fictional Campaign"))
    write_files(project, {
        "content/pages/alpha.md": page("Alpha", "First page", "beta"),
        "content/pages/alpha.fr.md": translation("Alpha en français", "Première page"),
        "content/pages/beta.md": page("Beta", "Second page", "alpha", 2),
        "content/pages/index.fr.md": translation("Accueil", "Bienvenue"),
        "content/members/council.yml": members_file({"ada": 100, "ben": 101, "cleo": 102}),
        "content/statements/reform.md": statement(["ada", "ben"]),
        "content/actions/letter.md": "---\ntitle: Write to them\nsubject: Reform\n---\nDear {{ member.name }},\n",
    })
    return project


# Each edit: (what, arguments) applied by `apply`; arguments drawn so that most edits leave a valid site.
EDITS = st.one_of(
    st.tuples(st.just("add page"), st.sampled_from(SLUGS), TEXT, st.sampled_from(SLUGS + (None,))),
    st.tuples(st.just("change page"), st.sampled_from(SLUGS), TEXT, st.integers(1, 28),
              st.sampled_from([None, "moved"])),
    st.tuples(st.just("rename page"), st.sampled_from(SLUGS), st.sampled_from(SLUGS)),
    st.tuples(st.just("delete page"), st.sampled_from(SLUGS)),
    st.tuples(st.just("change member"), st.sampled_from(NAMES), st.integers(100, 199)),
    # A statement's translations take its signatories and its date.
    st.tuples(st.just("change signatories"), st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True),
              st.integers(10, 12)),
    # None deletes the signers file: the statement then takes no signatures and its exports go.
    st.tuples(st.just("change signers"), st.none() | st.lists(st.sampled_from(ORGANISATIONS), unique=True)),
    st.tuples(st.just("change template"), st.sampled_from(["page.html", "base.html"]), WORDS),
    st.tuples(st.just("change site.yml"), TEXT, LANGUAGE_SETS, st.none() | TEXT),
    # Translations: of a page (the home page's too), a statement and an action, in one of the site's languages
    # or in one it may no longer have; renamed onto another page or another language, or deleted.
    st.tuples(st.just("write translation"), TRANSLATED, st.sampled_from(LANGUAGES), TEXT, st.integers(1, 28),
              st.sampled_from([None, "autre"])),
    # Of the translations there are, the one at this position (counting round), renamed or deleted.
    st.tuples(st.just("rename translation"), st.integers(0, 3), TRANSLATED, st.sampled_from(LANGUAGES)),
    st.tuples(st.just("delete translation"), st.integers(0, 3)),
    # None deletes the translation.
    st.tuples(st.just("translate statement"), st.sampled_from(LANGUAGES), st.none() | TEXT),
    st.tuples(st.just("translate action"), st.sampled_from(LANGUAGES), st.none() | TEXT),
)


def apply(project: Path, edit: tuple) -> None:
    kind, *args = edit
    pages = project / "content" / "pages"
    if kind == "add page":
        slug, body, link = args
        write_files(project, {f"content/pages/{slug}.md": page(slug.title(), body, link)})
    elif kind == "change page" and (pages / f"{args[0]}.md").exists():
        slug, body, day, own_slug = args
        write_files(project, {f"content/pages/{slug}.md": page(f"{slug.title()} {body}", body, None, day, own_slug)})
    elif kind == "rename page" and (pages / f"{args[0]}.md").exists():
        (pages / f"{args[0]}.md").rename(pages / f"{args[1]}.md")
    elif kind == "delete page":
        (pages / f"{args[0]}.md").unlink(missing_ok=True)
    elif kind == "change member":
        name, number = args
        numbers = {"ada": 100, "ben": 101, "cleo": 102, name: number}
        write_files(project, {"content/members/council.yml": members_file(numbers)})
    elif kind == "change signatories":
        write_files(project, {"content/statements/reform.md": statement(*args)})
    elif kind == "change signers":
        signers = project / "content" / "statements" / "reform.signers.csv"
        if args[0] is None:
            signers.unlink(missing_ok=True)
        else:
            write_files(project, {"content/statements/reform.signers.csv": "\n".join(["name,country", *args[0]]) + "\n"})
    elif kind == "change template":
        name, word = args
        template = project / "templates" / name
        text = template.read_text(encoding="utf-8")
        if name == "page.html":
            text = text.replace("{% block main %}", "{% block main %}<!-- " + word + " -->", 1)
        else:
            text = text.replace("</footer>", f"<p>{word}</p></footer>", 1)
        template.write_text(text, encoding="utf-8")
    elif kind == "change site.yml":
        title, languages, french_title = args
        write_files(project, {"content/site.yml": site_yml(title.title(), languages, french_title)})
    elif kind in ("write translation", "rename translation", "delete translation"):
        apply_translation(project, kind, *args)
    elif kind in ("translate statement", "translate action"):
        language, text = args
        folder, name = ("statements", "reform") if kind == "translate statement" else ("actions", "letter")
        translated = f"content/{folder}/{name}.{language}.md"
        if text is None:
            (project / translated).unlink(missing_ok=True)
        elif folder == "statements":  # a statement's translation needs only its headline
            write_files(project, {translated: f"---\nheadline: {text}\n---\n\n{text}.\n"})
        else:
            letter = f"---\ntitle: {text}\nsubject: {text}\n---\n{text} {{{{ member.name }}}},\n"
            write_files(project, {translated: letter})


def apply_translation(project: Path, kind: str, *args) -> None:
    """A page's translation added or changed (only beside its original: one left without comes from renames and
    deletions, and must then fail both builds alike), or one of those there are renamed or deleted."""
    pages = project / "content" / "pages"
    if kind == "write translation":
        slug, language, body, day, own_slug = args
        if (pages / f"{slug}.md").exists():
            write_files(project, {f"content/pages/{slug}.{language}.md":
                                  translation(f"{slug.title()} {body} ({language})", body, day, own_slug)})
        return
    translations = sorted(pages.glob("*.*.md"))
    if not translations:
        return
    chosen = translations[args[0] % len(translations)]
    if kind == "rename translation":
        chosen.rename(pages / f"{args[1]}.{args[2]}.md")
    else:
        chosen.unlink()


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def changed_paths(project: Path, before: dict[str, bytes]) -> list[str]:
    """What serve's watcher reports after an edit: the full path of every file made, changed or removed."""
    after = tree(project / "content")
    return [str(project / "content" / name) for name in sorted(before.keys() | after.keys())
            if before.get(name) != after.get(name)]


def outcome(result, out: Path):
    """What a user sees after a build: the problems reported and, when it succeeded, every file of the site."""
    problems = sorted(str(p) for p in result.report.problems)
    return problems, tree(out) if result.stats is not None else None


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(EDITS, min_size=1, max_size=6))
def test_incremental_builds_equal_a_clean_build(tmp_path_factory, edits):
    root = tmp_path_factory.mktemp("incremental")
    project = start(root / "project")
    served = Builder(project, BuildOptions(out=root / "served"), persistent=False, buffer=Buffer())
    assert served.build().stats is not None
    assert Builder(project, BuildOptions(out=root / "built")).build().stats is not None
    for edit in edits:
        before = tree(project / "content")
        apply(project, edit)
        clean = Builder(project, BuildOptions(out=root / "clean"), persistent=False)
        expected_problems, expected = outcome(clean.build(), root / "clean")
        served_problems, served_tree = outcome(served.build(changed_paths(project, before)), root / "served")
        built_problems, built_tree = outcome(Builder(project, BuildOptions(out=root / "built")).build(), root / "built")
        assert served_problems == expected_problems == built_problems, edit
        if expected is not None:
            assert served_tree == expected, f"serve's rebuild after {edit} differs from a clean build"
            assert built_tree == expected, f"a cached build after {edit} differs from a clean build"
        shutil.rmtree(root / "clean", ignore_errors=True)
    served.buffer.discard(root / "served")


def test_a_rebuild_told_only_the_changed_paths_shows_edits_and_added_and_removed_pages(tmp_path):
    project = start(tmp_path / "project")
    served = Builder(project, BuildOptions(out=tmp_path / "served"), persistent=False, buffer=Buffer())
    served.build()
    site = tmp_path / "served"
    steps = [
        lambda: apply(project, ("change page", "alpha", "council vote", 3, None)),
        lambda: apply(project, ("add page", "gamma", "reform today", "alpha")),
        lambda: apply(project, ("rename page", "beta", "delta")),
    ]
    for step in steps:
        before = tree(project / "content")
        step()
        assert served.build(changed_paths(project, before)).stats is not None
    assert "Alpha council vote" in (site / "alpha/index.html").read_text()
    sitemap = (site / "sitemap.xml").read_text()
    assert "/gamma/" in sitemap and "/delta/" in sitemap and (site / "delta/index.html").exists()
    assert "/beta/" not in sitemap and not (site / "beta").exists()
    # Only the paths it is told about are looked at again: an edit no watcher reported waits for the next look.
    settled(write_files, project, {"content/pages/alpha.md": page("Unreported", "Body")})
    served.build([])
    assert "Unreported" not in (site / "alpha/index.html").read_text()
    served.build()
    assert "Unreported" in (site / "alpha/index.html").read_text()
    # Another run writing the folder meanwhile makes serve forget what it knew of content/ too: told nothing, its
    # next rebuild reads every file again instead of putting back what it last saw.
    settled(write_files, project, {"content/pages/alpha.md": page("Meanwhile", "Body")}, seconds_ago=20)
    assert Builder(project, BuildOptions(out=site), persistent=False).build().stats is not None
    served.build([])
    assert "Meanwhile" in (site / "alpha/index.html").read_text()
    served.buffer.discard(site)


def test_a_page_that_links_to_another_file_follows_its_target_when_the_watcher_names_only_the_target(tmp_path):
    """README allows a content file to be a link; a watcher reports an edit under the target's path, not the link's."""
    project = start(tmp_path / "project")
    settled(write_files, project, {"content/drafts/shared.md": page("Shared first", "Body")})
    (project / "content/pages/shared.md").symlink_to("../drafts/shared.md")
    served = Builder(project, BuildOptions(out=tmp_path / "served"), persistent=False)
    served.build()
    settled(write_files, project, {"content/drafts/shared.md": page("Shared again", "Body")})
    served.build([str(project / "content/drafts/shared.md")])
    assert "Shared again" in (tmp_path / "served/shared/index.html").read_text()


def settled(write, project: Path, files: dict[str, str], seconds_ago: int = 10) -> None:
    """Write files as saved a while ago: the builder then knows them by their size and time (see cache.RACY_NS)."""
    write(project, files)
    when = time.time() - seconds_ago
    for name in files:
        os.utime(project / name, (when, when))


def test_serve_reuses_its_plan_only_while_no_address_or_list_changed(tmp_path):
    """Each step is rebuilt by serve (files settled, so the load hands back the records it kept) and must equal a
    clean build; the plan is kept only across the steps that leave every output's address where it was."""
    project = start(tmp_path / "project")
    for name in ("content/pages/alpha.md", "content/pages/beta.md", "content/members/council.yml",
                 "content/statements/reform.md", "content/site.yml"):
        os.utime(project / name, (time.time() - 60, time.time() - 60))
    served = Builder(project, BuildOptions(out=tmp_path / "served"), persistent=False, buffer=Buffer())
    served.build()
    numbers = {name: 100 + i for i, name in enumerate(NAMES)}  # as start() wrote them
    aliased = page("Alpha", "First", "beta").replace("---\n\n", "aliases: [/old/]\n---\n\n")
    alef = aliased.replace("---\n\n", "slug: alef\n---\n\n")
    steps = [  # (files written, whether the plan may be kept; None: the build fails)
        # A new title: shown on alpha's own page and where others list it (the home page, the feed).
        ({"content/pages/alpha.md": page("Alpha renamed", "First page", "beta")}, True),
        ({"content/pages/beta.md": "---\ntitle: Beta\nslug: bravo\n---\n\nMoved.\n"}, False),
        ({"content/pages/beta.md": "---\ntitle: Beta\nslug: bravo\nimage: https://example.org/b.png\n---\n\nx.\n"},
         False),
        ({"content/pages/alpha.md": aliased}, False),
        # A failed build planned (to check the old addresses) a site that moved alpha; the fix keeps that plan, but
        # not the router of the build before, which sent links to alpha's old address.
        ({"content/pages/alpha.md": alef.replace("2030-01-01", "2030-13-45")}, None),
        ({"content/pages/alpha.md": alef}, True),
        ({"content/members/council.yml": members_file(numbers) + MEMBER.format(id="dan", name="Dan", number=103)},
         False),
        ({"content/members/council.yml": members_file(numbers) + MEMBER.format(id="dan", name="Dan", number=104)},
         True),
        ({"content/statements/reform.md": statement(["ada", "dan"])}, True),
        ({"content/statements/reform.signers.csv": "name,country\nAlpha Civic Forum,NO\n"}, False),
    ]
    for round_, (files, kept) in enumerate(steps):
        before = tree(project / "content")
        settled(write_files, project, files, seconds_ago=50 - round_)  # a new time each step: no stale stamps
        served_problems, served_tree = outcome(served.build(changed_paths(project, before)), tmp_path / "served")
        clean = Builder(project, BuildOptions(out=tmp_path / f"clean{round_}"), persistent=False)
        assert (served_problems, served_tree) == outcome(clean.build(), tmp_path / f"clean{round_}"), files
        assert (served_tree is None) == (kept is None) and served._planner.reused == bool(kept), files
    served.buffer.discard(tmp_path / "served")


def test_a_campaigns_own_catalog_rewords_every_page_on_the_next_rebuild(tmp_path):
    """content/locale/<language>.po overrides the builder's words: saving it must re-render what uses them."""
    project = start(tmp_path / "project")
    served = Builder(project, BuildOptions(out=tmp_path / "served"), persistent=False, buffer=Buffer())
    served.build()
    page = tmp_path / "served/alpha/index.html"
    assert "Skip to content" in page.read_text()
    before = tree(project / "content")
    settled(write_files, project, {"content/locale/en.po": 'msgid "Skip to content"\nmsgstr "Jump to the text"\n'})
    served.build(changed_paths(project, before))
    assert "Jump to the text" in page.read_text() and "Skip to content" not in page.read_text()
    served.buffer.discard(tmp_path / "served")
