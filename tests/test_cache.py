"""The build cache: a rebuild renders and writes only what changed, survives a bad cache, and stays deterministic."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from conftest import make_project, write_files
from microsite import parallel
from microsite.pipeline import Builder, BuildOptions, build
from microsite.render import CompiledTemplates
from microsite.write import Buffer

PAGES = {
    "content/pages/why.md": "---\ntitle: Why\ndate: 2030-01-02\n---\n\nRead [how to act](act.md).\n",
    "content/pages/act.md": "---\ntitle: Act\ndate: 2030-01-03\n---\n\nCall Ada Example on 212 555 0100.\n",
    "content/pages/other.md": "---\ntitle: Other\ndate: 2030-01-01\n---\n\nNothing links here.\n",
}


def stamps(out: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in out.rglob("*") if p.is_file()}


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "project", PAGES)


def test_a_second_build_renders_and_writes_nothing(project):
    first = build(project)
    before = stamps(project / "site")
    second = build(project)
    assert second.rendered == 0 and second.stats.written == 0
    assert stamps(project / "site") == before
    assert dict(second.files) == dict(first.files)


def test_editing_one_page_rewrites_only_that_page_and_the_feed(project):
    build(project)
    before = stamps(project / "site")
    edited = PAGES["content/pages/other.md"].replace("Nothing", "Still nothing")
    write_files(project, {"content/pages/other.md": edited})
    result = build(project)
    after = stamps(project / "site")
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {"other/index.html", "feed.xml"}  # the feed carries the page's text
    assert "Still nothing" in (project / "site/other/index.html").read_text()
    assert result.stats.written == 2


def test_a_page_is_rerendered_when_the_page_it_links_to_moves(project):
    build(project)
    write_files(project, {"content/pages/act.md": "---\ntitle: Act\nslug: take-action\n---\n\nCall.\n"})
    build(project)
    assert 'href="/take-action/"' in (project / "site/why/index.html").read_text()
    assert not (project / "site/act").exists()


def test_a_template_edit_rerenders_the_pages_that_use_it(project):
    build(project)
    template = project / "templates/page.html"
    template.write_text(template.read_text().replace("{% block main %}", "{% block main %}<!-- edited -->", 1))
    build(project)
    assert "<!-- edited -->" in (project / "site/why/index.html").read_text()
    assert "<!-- edited -->" not in (project / "site/index.html").read_text()


def test_a_file_changed_in_the_site_folder_is_put_right(project):
    build(project)
    (project / "site/why/index.html").write_text("tampered")
    build(project)
    assert "how to act" in (project / "site/why/index.html").read_text()


DAMAGE = {"truncated": lambda data: data[: len(data) // 3], "empty": lambda data: b"",
          "garbage": lambda data: bytes(range(256)) * (len(data) // 256 + 1)}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_cache_is_ignored_with_one_warning_and_stored_anew(project, damage, capsys, monkeypatch):
    monkeypatch.setattr(CompiledTemplates, "warned", False)  # as in a new process
    build(project)
    for path in (project / ".cache").rglob("*"):  # the build cache and the compiled templates
        if path.is_file():
            path.write_bytes(DAMAGE[damage](path.read_bytes()))
    (project / "site").joinpath("why/index.html").unlink()
    capsys.readouterr()
    result = build(project)
    warnings = capsys.readouterr().err.splitlines()
    assert result.stats is not None and not result.report.problems
    assert "how to act" in (project / "site/why/index.html").read_text()
    assert len(warnings) == 2, warnings
    assert warnings[0].startswith("warning: ignoring .cache/build-") and "damaged" in warnings[0]
    assert warnings[1].startswith("warning: ignoring compiled templates in .cache/jinja/")
    assert build(project).rendered == 0 and not capsys.readouterr().err


def test_warnings_are_reported_again_when_outputs_are_reused(project):
    write_files(project, {"content/pages/odd.md": "---\ntitle: Odd\ncolour: red\n---\n\nText.\n"})
    first = [str(p) for p in build(project).report.warnings]
    assert any("colour" in w for w in first)
    assert [str(p) for p in build(project).report.warnings] == first


def test_serve_keeps_the_previous_site_beside_the_new_one_only_while_serving(project):
    builder = Builder(project, BuildOptions(), persistent=False, buffer=Buffer())
    builder.build()
    write_files(project, {"content/pages/other.md": PAGES["content/pages/other.md"].replace("Nothing", "No one")})
    builder.build()
    write_files(project, {"content/pages/other.md": PAGES["content/pages/other.md"].replace("Nothing", "Nobody")})
    builder.build()
    assert "Nobody" in (project / "site/other/index.html").read_text()
    assert "No one" in (project / ".site.staging/other/index.html").read_text()
    builder.buffer.discard(project / "site")
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == [".site.lock"]  # see outlock
    assert build(project).stats.written == 0  # the next command trusts what serve wrote


def site_bytes(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_a_failed_serve_rebuild_shows_nothing_of_itself_then_or_later(project, tmp_path):
    builder = Builder(project, BuildOptions(), persistent=False, buffer=Buffer())
    builder.build()
    builder.buffer.fill(project / "site")
    served = site_bytes(project / "site")
    why, other = PAGES["content/pages/why.md"], PAGES["content/pages/other.md"]
    # 'other' is rendered, and written into serve's copy of the site, in the build that 'why' then stops.
    write_files(project, {"content/pages/other.md": other.replace("Nothing", "No one"),
                          "content/pages/why.md": why.replace("act.md", "gone.md")})
    assert builder.build().report.errors
    assert site_bytes(project / "site") == served
    # Both undone: nothing to render. A later edit elsewhere must not bring the failed 'other' back.
    write_files(project, {"content/pages/other.md": other, "content/pages/why.md": why})
    builder.build()
    write_files(project, {"content/pages/act.md": PAGES["content/pages/act.md"].replace("0100", "0199")})
    assert builder.build().stats.written > 0
    clean = build(project, BuildOptions(out=tmp_path / "clean"))
    assert site_bytes(project / "site") == site_bytes(tmp_path / "clean") == dict(clean.files)


def test_rendering_on_several_cores_gives_the_same_bytes_as_one(tmp_path, monkeypatch):
    members = "list:\n  title: Fictional council\nmembers:\n" + "".join(
        f"  - id: m{i}\n    name: Member {i} Example\n    email: m{i}@example.org\n    phone: \"+1 212 555 {i:04d}\"\n"
        for i in range(160))
    project = make_project(tmp_path / "project", {**PAGES, "content/members/council.yml": members})
    monkeypatch.setattr(parallel, "worker_count", lambda items: 2)
    many = build(project, BuildOptions(out=tmp_path / "many"))
    monkeypatch.setattr(parallel, "worker_count", lambda items: 1)
    one = build(project, BuildOptions(out=tmp_path / "one"))
    assert many.rendered == one.rendered > 300
    assert dict(many.files) == dict(one.files)


class _Planted:
    """Unpickling this creates a file: what an attacker's committed cache would do."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_cache_file_not_signed_here_is_never_unpickled(project, tmp_path):
    import pickle

    from microsite.cache import BuildCache

    marker = tmp_path / "pwned"
    location = BuildCache.location(project, project / "site")
    location.parent.mkdir(parents=True, exist_ok=True)
    location.write_bytes(pickle.dumps(_Planted(marker)))
    result = build(project, BuildOptions())
    assert not result.report.errors
    assert not marker.exists()
    assert (project / "site/index.html").is_file()


def test_templates_compiled_by_another_version_of_the_builder_are_compiled_again(project, monkeypatch):
    """Compiled code calls the filters as the builder had them: a filter that came to take the template's context
    (as the language-aware ones did) crashed every build of a project compiled before the upgrade."""
    from microsite import render

    build(project)
    stored = [path for path in (project / ".cache/jinja").iterdir() if path.suffix == ".signed"]
    assert stored
    env = render.make_environment(project / "templates", project / ".cache/jinja")
    loaded = []
    monkeypatch.setattr(jinja2.bccache.Bucket, "bytecode_from_string", lambda bucket, data: loaded.append(data))
    env.get_template("page.html")
    assert loaded  # this builder's own compiled template is used
    loaded.clear()
    monkeypatch.setattr(render, "builder_version", lambda: "an older builder")
    render.make_environment(project / "templates", project / ".cache/jinja").get_template("page.html")
    assert loaded == []  # compiled again
