"""Whole builds of throwaway projects: outputs, drafts, sub-paths, determinism and atomicity."""

import os
import re

import pytest

from conftest import write_files
from microsite.pipeline import BuildOptions, build
from microsite.write import MARKER, OutputFolderError, open_staging


def build_ok(project, **options):
    result = build(project, BuildOptions(**options))
    assert not result.report.errors, "\n".join(map(str, result.report.errors))
    return result


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_site_wide_outputs(project):
    write_files(project, {"content/pages/why.md": "---\ntitle: Why\ndate: 2018-11-18\n---\n\nBecause.\n"})
    build_ok(project)
    site = project / "site"
    for name in ("index.html", "why/index.html", "feed.xml", "sitemap.xml", "robots.txt", "404.html", ".nojekyll"):
        assert (site / name).is_file(), name
    assert not (site / "CNAME").exists()
    assert "Sitemap: https://example.org/sitemap.xml" in (site / "robots.txt").read_text()
    why = (site / "why/index.html").read_text()
    assert '<link rel="canonical" href="https://example.org/why/">' in why
    assert '<meta property="og:title" content="Why">' in why and 'name="twitter:card"' in why
    css = re.search(r'href="/assets/(site\.[0-9a-f]{10}\.css)"', why).group(1)
    assert (site / "assets" / css).is_file()


def test_base_url_sub_path_reaches_every_link(project):
    write_files(project, {
        "content/pages/why.md": "---\ntitle: Why\ndate: 2018-11-18\n---\n\nSee [home](index.md) and [x](/why/).\n"})
    build_ok(project, base_url="https://org.github.io/repo/")
    site = project / "site"
    for name in ("index.html", "why/index.html", "404.html"):
        html = (site / name).read_text()
        for href in re.findall(r'(?:href|src)="([^"]+)"', html):
            if href.startswith("/"):
                assert href.startswith("/repo/"), f"{name}: {href}"
    assert "<loc>https://org.github.io/repo/why/</loc>" in (site / "sitemap.xml").read_text()
    assert 'href="https://org.github.io/repo/why/"' in (site / "feed.xml").read_text()


def test_sitemap_lists_every_html_page(project):
    write_files(project, {f"content/pages/p{i}.md": f"---\ntitle: P{i}\n---\n\nText.\n" for i in range(3)})
    build_ok(project)
    sitemap = (project / "site/sitemap.xml").read_text()
    for path in ("/", "/p0/", "/p1/", "/p2/"):
        assert f"<loc>https://example.org{path}</loc>" in sitemap
    assert "404" not in sitemap


def test_drafts_are_left_out_unless_asked(project):
    write_files(project, {"content/pages/wip.md": "---\ntitle: WIP\ndraft: true\n---\n\nNot yet.\n"})
    build_ok(project)
    assert not (project / "site/wip").exists()
    build_ok(project, drafts=True)
    assert (project / "site/wip/index.html").is_file()


def test_slug_from_front_matter_and_file_name(project):
    write_files(project, {"content/pages/My Page.md": "---\ntitle: Mine\n---\n\nx\n",
                          "content/pages/b.md": "---\ntitle: B\nslug: better-name\n---\n\nx\n"})
    build_ok(project)
    assert (project / "site/my-page/index.html").is_file()
    assert (project / "site/better-name/index.html").is_file()


def test_cname_when_configured(project):
    write_files(project, {"content/site.yml": (project / "content/site.yml").read_text() + "cname: act.example.org\n"})
    build_ok(project)
    assert (project / "site/CNAME").read_text() == "act.example.org\n"


def test_two_builds_are_byte_identical(project, tmp_path):
    write_files(project, {"content/pages/why.md": "---\ntitle: Why\ndate: 2018-11-18\n---\n\nBecause.\n"})
    build_ok(project, out=tmp_path / "one")
    build_ok(project, out=tmp_path / "two")
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_second_build_writes_nothing(project):
    build_ok(project)
    before = {p: p.stat().st_mtime_ns for p in (project / "site").rglob("*") if p.is_file()}
    result = build_ok(project)
    assert result.stats.written == 0
    assert before == {p: p.stat().st_mtime_ns for p in (project / "site").rglob("*") if p.is_file()}


def test_failed_build_leaves_previous_site_byte_identical(project):
    build_ok(project)
    before = snapshot(project / "site")
    write_files(project, {"content/pages/bad.md": "---\ntitle: [unclosed\n---\n"})
    result = build(project, BuildOptions())
    assert result.report.errors and result.stats is None
    assert snapshot(project / "site") == before


def test_deleting_a_page_removes_its_output(project):
    write_files(project, {"content/pages/gone.md": "---\ntitle: Gone\n---\n\nx\n"})
    build_ok(project)
    assert (project / "site/gone/index.html").exists()
    (project / "content/pages/gone.md").unlink()
    build_ok(project)
    assert not (project / "site/gone").exists()


@pytest.mark.parametrize("folder", [".", "content", "templates", "assets", "content/pages", ".."])
def test_refuses_to_write_over_the_project(project, folder):
    with pytest.raises(OutputFolderError):
        build(project, BuildOptions(out=(project / folder).resolve()))
    assert (project / "content/site.yml").exists()


def test_refuses_a_foreign_non_empty_folder(project, tmp_path):
    foreign = tmp_path / "docs"
    write_files(foreign, {"precious.txt": "keep me"})
    with pytest.raises(OutputFolderError):
        build(project, BuildOptions(out=foreign))
    assert (foreign / "precious.txt").read_text() == "keep me"


def test_a_site_the_builder_left_incomplete_is_completed(project, tmp_path):
    build_ok(project, out=tmp_path / "whole")
    whole = snapshot(tmp_path / "whole")
    build_ok(project)
    for path in (project / "site").rglob("*"):
        if path.is_file() and path.name not in ("feed.xml", MARKER):
            path.unlink()
    build_ok(project)  # .cache/ says those files were written: it is checked against the folder
    assert snapshot(project / "site") == whole


def test_a_staging_folder_is_known_as_the_builders_from_its_start(project, tmp_path):
    """Whatever became of a staging folder (a crash, a run that swapped in one left half written), it is ours."""
    out = tmp_path / "public"
    staging = open_staging(out, project)
    (staging / "feed.xml").write_text("half")
    staging.rename(out)
    build_ok(project, out=out)
    assert "<feed" in (out / "feed.xml").read_text() and (out / "index.html").is_file()


def test_all_errors_of_a_run_are_reported_together(project):
    write_files(project, {
        "content/pages/a.md": "---\ntitle: A\ndate: 2018-02-30\n---\n\n[x](missing.md)\n",
        "content/pages/b.md": "---\ntitel: B\n---\n",
        "content/pages/c.md": "no front matter\n",
    })
    result = build(project, BuildOptions())
    text = "\n".join(map(str, result.report.problems))
    assert "content/pages/a.md:3:7: error: 'date': '2018-02-30' is not a real date" in text
    assert "content/pages/b.md:2:1: warning: unknown key 'titel' in page front matter (did you mean 'title'?)" in text
    assert "content/pages/b.md:2:1: error: 'title' is required" in text
    assert "content/pages/c.md:1:1: error: missing front matter" in text


def test_duplicate_slugs_name_both_files(project):
    write_files(project, {"content/pages/a.md": "---\ntitle: A\nslug: same\n---\n",
                          "content/pages/b.md": "---\ntitle: B\nslug: same\n---\n"})
    errors = [str(p) for p in build(project, BuildOptions()).report.errors]
    assert errors == ["content/pages/b.md:1:1: error: page slug 'same' is also used by content/pages/a.md"]


@pytest.mark.parametrize("slug", ["../../x", "/etc/passwd", "CON", "a b", "members"])
def test_hostile_or_reserved_slugs_are_refused(project, slug):
    write_files(project, {"content/pages/a.md": f"---\ntitle: A\nslug: \"{slug}\"\n---\n"})
    result = build(project, BuildOptions())
    assert any("content/pages/a.md:3:7" in str(p) for p in result.report.errors)
    assert not any(p.name == "x" for p in project.parent.rglob("x"))


def test_source_date_epoch_drives_the_past_tense(project, monkeypatch):
    site_yml = (project / "content/site.yml").read_text() + (
        "deadline:\n  date: 2030-11-21\n  timezone: Asia/Dubai\n  event: The vote\n  place: Dubai\n")
    write_files(project, {"content/site.yml": site_yml})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")  # 2030-03-17
    build_ok(project)
    assert "The vote is on" in (project / "site/index.html").read_text()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2000000000")  # 2033-05-18
    build_ok(project)
    assert "The vote took place on" in (project / "site/index.html").read_text()


def test_outputs_do_not_leak_the_machine(project, tmp_path):
    build_ok(project)
    host = os.uname().nodename
    for path in (project / "site").rglob("*"):
        if path.suffix in (".html", ".xml", ".txt", ".json", ".csv", ".ics", ".vcf", ".css", ".js"):
            text = path.read_text()
            assert str(project) not in text and str(tmp_path) not in text, path
            assert len(host) < 4 or host not in text, path
