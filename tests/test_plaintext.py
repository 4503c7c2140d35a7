import markdown

from microsite.plaintext import html_to_text

LONG = (
    "Russia routinely abuses Interpol for the purpose of settling scores and harassing political opponents, "
    "dissidents and journalists, and the vote in Dubai on Wednesday will decide whether that continues."
)


def md(text):
    return markdown.markdown(text, extensions=["footnotes", "tables", "fenced_code"])


def assert_fits(text, width):
    for line in text.splitlines():
        assert len(line) <= width or " " not in line.strip(), line


def test_paragraphs_are_wrapped_and_separated_by_a_blank_line():
    text = html_to_text(md(f"{LONG}\n\n{LONG}"))
    paragraphs = text.rstrip("\n").split("\n\n")
    assert len(paragraphs) == 2
    assert all(len(p.splitlines()) > 1 for p in paragraphs)
    assert_fits(text, 72)
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_wrapping_never_exceeds_width_for_many_widths():
    source = f"# Heading {LONG}\n\n- {LONG}\n    1. {LONG}\n\n> {LONG}\n>\n> - {LONG}\n\n{LONG}"
    for width in (30, 40, 60, 72, 100):
        assert_fits(html_to_text(md(source), width=width), width)


def test_long_single_word_may_exceed_width():
    url = "https://example.org/" + "a" * 90
    text = html_to_text(md(f"See <{url}> now."))
    assert url in text.splitlines()


def test_headings_are_underlined_in_their_own_paragraph():
    assert html_to_text(md("# Call now\n\nBody.\n\n## Why\n\nMore.")) == (
        "Call now\n========\n\nBody.\n\nWhy\n---\n\nMore.\n"
    )


def test_emphasis_and_code_lose_their_markup():
    assert html_to_text(md("A *vote* on **Wednesday** in `Dubai`.")) == "A vote on Wednesday in Dubai.\n"


def test_entities_are_decoded_and_smart_quotes_kept():
    html = "<p>Fish &amp; chips &lt;3 &#8220;quoted&#8221; &rsquo; “already”</p>"
    assert html_to_text(html) == "Fish & chips <3 “quoted” ’ “already”\n"


def test_links_are_numbered_and_listed_at_the_end():
    source = (
        "Read [the statement](https://example.org/statement), [the letter](https://example.org/letter) "
        "and [the statement again](https://example.org/statement). Also <https://example.org/raw>."
    )
    assert html_to_text(md(source)) == (
        "Read the statement [1], the letter [2] and the statement again [1]. Also\n"
        "https://example.org/raw.\n"
        "\n"
        "Links\n"
        "[1] https://example.org/statement\n"
        "[2] https://example.org/letter\n"
    )


def test_email_link_with_its_address_as_text_is_not_numbered():
    text = html_to_text(md("Write to <press@example.org>."))
    assert text == "Write to press@example.org.\n"


def test_relative_links_resolve_against_base_url():
    text = html_to_text(md("See [members](/members/)."), base_url="https://campaign.example.org/")
    assert text.endswith("[1] https://campaign.example.org/members/\n")


def test_unordered_list_with_hanging_indent():
    text = html_to_text(md(f"- short\n- {LONG}"), width=40)
    lines = text.splitlines()
    assert lines[0] == "- short"
    assert lines[1].startswith("- Russia")
    assert all(line.startswith("  ") and not line.startswith("   ") for line in lines[2:])
    assert_fits(text, 40)


def test_ordered_list_and_nested_list():
    text = html_to_text(md("1. Call\n2. Write\n    - a letter\n    - an email\n3. Share"))
    assert text == "1. Call\n2. Write\n   - a letter\n   - an email\n3. Share\n"


def test_ordered_list_keeps_its_start_number():
    assert html_to_text('<ol start="4"><li>four</li><li>five</li></ol>') == "4. four\n5. five\n"


def test_loose_list_items_are_separated_by_blank_lines():
    assert html_to_text(md("- one\n\n- two")) == "- one\n\n- two\n"


def test_blockquote_is_prefixed():
    text = html_to_text(md(f"> {LONG}\n>\n> Second."), width=50)
    lines = text.splitlines()
    assert all(line.startswith("> ") or line == ">" for line in lines)
    assert ">" in lines
    assert lines[-1] == "> Second."
    assert_fits(text, 50)


def test_line_breaks_rule_and_preformatted_text():
    text = html_to_text(md("Line one  \nline two\n\n---\n\n    def f():\n        return 1\n"))
    assert text == "Line one\nline two\n\n* * *\n\n    def f():\n        return 1\n"


def test_table_rows_become_lines():
    text = html_to_text(md("| Member | Stance |\n|---|---|\n| Jane Doe | supports |\n"))
    assert text == "Member | Stance\nJane Doe | supports\n"


def test_footnotes():
    text = html_to_text(md("Claim.[^1]\n\n[^1]: Source, see [report](https://example.org/report)."))
    assert text == (
        "Claim.[^1]\n\n* * *\n\n[^1] Source, see report [1].\n\nLinks\n[1] https://example.org/report\n"
    )


def test_scripts_are_dropped_and_empty_input_gives_empty_text():
    assert html_to_text("<script>alert(1)</script><p>Hi</p>") == "Hi\n"
    assert html_to_text("") == ""


def test_deterministic():
    html = md(f"[a](https://example.org/a) [b](https://example.org/b)\n\n{LONG}")
    assert html_to_text(html) == html_to_text(html)
