"""URLs: pretty paths, base_url sub-paths, and Markdown links to other content files."""

from microsite.markup import MarkdownConverter
from microsite.model import Page, Site, SiteConfig
from microsite.routes import Router


def make_router(base_url="https://example.org/campaign/"):
    config = SiteConfig(title="T", description="", base_url=base_url)
    pages = (Page("content/pages/index.md", "", "Home", None, "", "", 1),
             Page("content/pages/why-it-matters.md", "why-it-matters", "Why", None, "", "", 1))
    return Router(Site(config=config, pages=pages), {"site.css": "site.0123456789.css"})


def test_pretty_urls_under_a_sub_path():
    router = make_router()
    home, why = router.by_source["pages/index.md"], router.by_source["pages/why-it-matters.md"]
    assert (home, why) == ("/", "/why-it-matters/")
    assert router.href(why) == "/campaign/why-it-matters/"
    assert router.absolute(why) == "https://example.org/campaign/why-it-matters/"
    assert router.asset("site.css") == "/campaign/assets/site.0123456789.css"
    assert Router.output_file("/why-it-matters/") == "why-it-matters/index.html"
    assert Router.output_file("/feed.xml") == "feed.xml"


def test_markdown_links_to_content_files_become_urls():
    converter = MarkdownConverter(make_router())
    html, problems = converter.convert(
        "[a](why-it-matters.md#the-vote) [b](/members/) [c](https://example.com/x) [d](#top) [e](index.md)",
        "content/pages/other.md", 7)
    assert not problems
    for href in ('href="/campaign/why-it-matters/#the-vote"', 'href="/campaign/members/"',
                 'href="https://example.com/x"', 'href="#top"', 'href="/campaign/"'):
        assert href in html


def test_link_to_a_missing_file_points_at_the_link_and_suggests():
    converter = MarkdownConverter(make_router())
    _, problems = converter.convert("Intro.\n\nSee [why](why-it-mattrs.md).", "content/pages/other.md", 5)
    assert [str(p) for p in problems] == [
        "content/pages/other.md:7:11: error: link to 'why-it-mattrs.md': no such content file "
        "(did you mean 'pages/why-it-matters.md'?)"]


def test_script_urls_in_markdown_are_refused():
    converter = MarkdownConverter(make_router())
    html, problems = converter.convert("[x](javascript:alert(1))", "content/pages/a.md", 1)
    assert "javascript" not in html and "not allowed" in problems[0].message


def test_safe_markdown_escapes_raw_html():
    trusted, _ = MarkdownConverter(make_router()).convert("<b>hi</b>\n\n<script>x()</script>", "a.md", 1)
    safe, _ = MarkdownConverter(make_router(), safe=True).convert("<b>hi</b>\n\n<script>x()</script>", "a.md", 1)
    assert "<b>hi</b>" in trusted
    assert "<script>" not in safe and "&lt;script&gt;" in safe


def test_markdown_features():
    md = "# Title\n\n\"Quotes\" -- dash[^1]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nText\n{: .lead }\n\n[^1]: Note."
    html, _ = MarkdownConverter(make_router()).convert(md, "a.md", 1)
    assert 'id="title"' in html  # heading anchors
    assert "&ldquo;Quotes&rdquo;" in html and "&ndash;" in html  # smart quotes and dashes
    assert "<table>" in html and 'class="footnote"' in html
    assert 'class="lead"' in html  # attribute lists


def test_a_link_that_is_no_url_at_all_stays_as_written_instead_of_stopping_the_build():
    converter = MarkdownConverter(make_router())
    html, problems = converter.convert("[local](http://[::1)", "content/pages/a.md", 1)
    assert not problems and 'href="http://[::1"' in html
