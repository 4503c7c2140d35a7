"""`check`: broken links, anchors and images are named with the content file they came from."""

from conftest import write_files
from microsite.check import check_site


def test_clean_project_has_no_problems(project):
    write_files(project, {"content/pages/a.md": "---\ntitle: A\n---\n\n## Part\n\nSee [part](#part) and [home](/).\n"})
    assert check_site(project).problems == []


def test_broken_link_anchor_and_image_are_reported_with_their_file(project):
    write_files(project, {
        "content/pages/a.md": "---\ntitle: A\n---\n\nIntro.\n\n[gone](/nowhere/) [anchor](index.md#nope)\n\n"
                              "![missing](/assets/missing.png)\n",
    })
    problems = [str(p) for p in check_site(project).problems]
    assert "content/pages/a.md:7:8: error: broken link '/nowhere/' (first seen on /a/)" in problems
    assert ("content/pages/a.md:7:36: error: link '/#nope': no element with id 'nope' on that page "
            "(first seen on /a/)") in problems
    assert any(p.startswith("content/pages/a.md:9:") and "broken image '/assets/missing.png'" in p for p in problems)


def test_a_link_that_is_no_url_at_all_is_a_broken_link_at_its_line(project):
    write_files(project, {"content/pages/a.md": "---\ntitle: A\n---\n\nSee [local](http://[::1).\n"})
    problems = [str(p) for p in check_site(project).problems]
    assert problems == ["content/pages/a.md:5:13: error: broken link 'http://[::1' (first seen on /a/)"]


def test_broken_navigation_link_points_into_site_yml_once(project):
    site_yml = (project / "content/site.yml").read_text() + "nav:\n  - {title: Gone, link: /gone/}\n"
    write_files(project, {"content/site.yml": site_yml, "content/pages/a.md": "---\ntitle: A\n---\n"})
    problems = [str(p) for p in check_site(project).problems]
    assert problems == ["content/site.yml:7:25: error: broken link '/gone/' (first seen on /404.html)"]


def test_demo_passes_check(demo_build):
    project, _ = demo_build
    report = check_site(project, strict=True)
    assert report.problems == [], "\n".join(map(str, report.problems))
