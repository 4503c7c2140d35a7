"""Loading content: front matter, YAML positions, encodings, and the messages a campaigner reads."""

from microsite.errors import Report
from microsite.sources import read_text, split_front_matter
from microsite.yamlsource import parse_yaml


def messages(report: Report) -> list[str]:
    return [str(p) for p in report.problems]


def test_yaml_error_line_is_the_line_in_the_markdown_file():
    report = Report()
    split_front_matter("---\ntitle: Fine\ndate: [2018\n---\nBody\n", "content/pages/a.md", report)
    (problem,) = report.problems
    assert problem.location.path == "content/pages/a.md"
    assert problem.location.line in (3, 4)  # the broken flow sequence opens on line 3 of the file
    assert "invalid YAML" in problem.message


def test_values_remember_their_line_and_column():
    data, problems = parse_yaml("list:\n  title: X\nmembers:\n  - id: a\n    name: A\n", "m.yml")
    assert not problems
    assert str(data["members"][0].at("name")) == "m.yml:5:11"
    assert str(data["members"].at(0)) == "m.yml:4:5"


def test_unclosed_front_matter_suggests_the_fix():
    report = Report()
    split_front_matter("---\ntitle: x\n\nBody text\n", "content/pages/a.md", report)
    assert messages(report) == ["content/pages/a.md:1:1: error: front matter is not closed: did you forget the "
                                "second '---' line after it?"]


def test_missing_front_matter_is_an_error():
    report = Report()
    split_front_matter("# Just a heading\n", "content/pages/a.md", report)
    assert "missing front matter" in messages(report)[0]


def test_tab_indentation_is_named():
    _, problems = parse_yaml("a:\n\tb: 1\n", "content/site.yml")
    assert str(problems[0]) == "content/site.yml:2:1: error: a tab is used for indentation; YAML needs spaces"


def test_duplicate_key_names_the_first():
    _, problems = parse_yaml("title: a\ntitle: b\n", "content/site.yml")
    assert "duplicate key 'title' (first at line 1)" in str(problems[0])
    assert problems[0].location.line == 2


def test_yes_no_and_country_codes_stay_text():
    data, _ = parse_yaml("country: NO\nanswer: yes\ndraft: true\n", "x.yml")
    assert data == {"country": "NO", "answer": "yes", "draft": True}


def test_bom_and_crlf_are_accepted(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\ntitle: A\r\n---\r\nBody\r\n")
    report = Report()
    text = read_text(path, "content/pages/a.md", report)
    data, body, line = split_front_matter(text, "content/pages/a.md", report)
    assert not report.problems and data["title"] == "A" and body == "Body\n" and line == 4


def test_invalid_utf8_points_at_the_byte(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"---\ntitle: caf\xe9\n---\n")
    report = Report()
    assert read_text(path, "content/pages/a.md", report) is None
    assert messages(report) == ["content/pages/a.md:2:11: error: the file is not valid UTF-8 text; save it as UTF-8"]


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    report = Report()
    assert read_text(path, "content/pages/a.md", report) is None
    assert "binary file" in messages(report)[0]


def test_symlink_outside_content_is_refused(tmp_path):
    (tmp_path / "secret.txt").write_text("---\ntitle: x\n---\n")
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").symlink_to(tmp_path / "secret.txt")
    report = Report()
    assert read_text(content / "a.md", "content/a.md", report, content) is None
    assert "outside content/" in messages(report)[0]
