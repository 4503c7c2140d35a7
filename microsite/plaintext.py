"""Turn the HTML that Python-Markdown produces into wrapped plain text ready to paste into an email.

Conventions: paragraphs are separated by a blank line; an h1 is underlined with "=", h2 to h6 with "-";
list items start "- " or "1. " with a hanging indent; blockquotes are prefixed "> "; preformatted text is
indented four spaces; a rule is "* * *"; table rows become lines with cells separated by " | ".
Emphasis and code lose their markup. A link keeps its text followed by " [n]", and the numbered URLs
follow under a "Links" line (or the caller's own heading, in the text's language) at the end (a link whose text
is its URL is not numbered). A footnote reference becomes "[^n]" and its note, at the end, starts "[^n] " (the
back links are dropped).
"""

from __future__ import annotations

import re
import textwrap
from html.parser import HTMLParser
from typing import Union
from urllib.parse import urljoin

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SKIPPED = {"script", "style", "head", "title", "template"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = _HEADINGS | {
    "p", "ul", "ol", "li", "blockquote", "pre", "hr", "table", "thead", "tbody", "tfoot", "tr",
    "div", "section", "article", "header", "footer", "aside", "nav", "main", "figure", "figcaption",
    "dl", "dt", "dd", "details", "summary", "body", "html",
}
_LINE_BREAK = "\x00"  # stands for <br> while inline whitespace is collapsed
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")  # not \s: a no-break space must survive and not break


class _Node:
    def __init__(self, tag: str, attrs: dict[str, str]):
        self.tag = tag
        self.attrs = attrs
        self.children: list[Union[_Node, str]] = []

    def has_class(self, name: str) -> bool:
        return name in self.attrs.get("class", "").split()


class _TreeBuilder(HTMLParser):
    """A forgiving tree builder: stray end tags are ignored, unclosed elements end with their parent."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


class _Links:
    """Numbers link targets in order of first appearance; the same URL keeps its number."""

    def __init__(self, base_url: str, heading: str):
        self.base_url = base_url
        self.heading = heading
        self.numbers: dict[str, int] = {}

    def number(self, href: str) -> int:
        url = urljoin(self.base_url, href) if self.base_url else href
        return self.numbers.setdefault(url, len(self.numbers) + 1)

    def footer(self) -> list[str]:
        if not self.numbers:
            return []
        return [self.heading] + [f"[{n}] {url}" for url, n in self.numbers.items()]


def html_to_text(html: str, width: int = 72, base_url: str = "", links_heading: str = "Links") -> str:
    """Plain text of `html` wrapped at `width` columns (only a single longer word, such as a URL, may exceed it).

    `base_url` resolves relative link targets in the list of links, which `links_heading` introduces (in the
    text's language).
    """
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    links = _Links(base_url, links_heading)
    blocks = _render_children(builder.root, max(width, 1), links)
    footer = links.footer()
    if footer:
        blocks.append(footer)
    text = "\n".join(line.rstrip() for line in _join_blocks(blocks))
    return text.strip("\n") + "\n" if text.strip() else ""


def _join_blocks(blocks: list[list[str]], separator: bool = True) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if not block:
            continue
        if lines and separator:
            lines.append("")
        lines.extend(block)
    return lines


def _render_children(node: _Node, width: int, links: _Links) -> list[list[str]]:
    """The node's children as blocks; runs of inline content between blocks become paragraphs."""
    blocks: list[list[str]] = []
    inline_run: list[Union[_Node, str]] = []
    for child in node.children:
        if isinstance(child, _Node) and (child.tag in _BLOCKS or child.tag in _SKIPPED):
            blocks.append(_wrap_inline(_inline_text(inline_run, links), width))
            blocks.append(_render_block(child, width, links))
            inline_run = []
        else:
            inline_run.append(child)
    blocks.append(_wrap_inline(_inline_text(inline_run, links), width))
    return [b for b in blocks if b]


def _render_block(node: _Node, width: int, links: _Links) -> list[str]:
    tag = node.tag
    if tag in _SKIPPED:
        return []
    if tag in _HEADINGS:
        return _heading(node, width, links)
    if tag in ("ul", "ol"):
        return _list(node, width, links)
    if tag == "blockquote":
        return _prefixed(_join_blocks(_render_children(node, width - 2, links)), "> ")
    if tag == "pre":
        return _preformatted(node, width)
    if tag == "hr":
        return ["* * *"]
    if tag == "table":
        return _table(node, width, links)
    if tag == "p":
        return _wrap_inline(_inline_text(node.children, links), width)
    return _join_blocks(_render_children(node, width, links))


def _heading(node: _Node, width: int, links: _Links) -> list[str]:
    lines = _wrap_inline(_inline_text(node.children, links), width)
    if not lines:
        return []
    underline = "=" if node.tag == "h1" else "-"
    return lines + [underline * min(width, max(len(line) for line in lines))]


def _list(node: _Node, width: int, links: _Links) -> list[str]:
    items = [c for c in _elements(node) if c.tag == "li"]
    loose = any(c.tag == "p" for item in items for c in _elements(item))
    start = int(node.attrs["start"]) if node.attrs.get("start", "").isdigit() else 1
    rendered = []
    for index, item in enumerate(items):
        marker = _list_marker(node.tag, start + index, item)
        body = _join_blocks(_render_children(item, width - len(marker), links), separator=loose)
        rendered.append(_hanging(body or [""], marker))
    return _join_blocks(rendered, separator=loose)


def _list_marker(list_tag: str, number: int, item: _Node) -> str:
    if item.attrs.get("id", "").startswith("fn"):  # Python-Markdown numbers footnotes in order, whatever their label
        return f"[^{number}] "
    return f"{number}. " if list_tag == "ol" else "- "


def _hanging(lines: list[str], marker: str) -> list[str]:
    indent = " " * len(marker)
    return [marker + lines[0]] + [indent + line if line else "" for line in lines[1:]]


def _prefixed(lines: list[str], prefix: str) -> list[str]:
    return [prefix + line if line else prefix.rstrip() for line in lines]


def _preformatted(node: _Node, width: int) -> list[str]:
    code = _raw_text(node).strip("\n")
    lines: list[str] = []
    for line in code.split("\n"):
        lines.extend(_wrap_code_line(line.rstrip(), width - 4) or [""])
    return ["    " + line if line else "" for line in lines]


def _wrap_code_line(line: str, width: int) -> list[str]:
    if len(line) <= width:
        return [line]
    return _wrap(line, width, subsequent_indent=line[: len(line) - len(line.lstrip())])


def _table(node: _Node, width: int, links: _Links) -> list[str]:
    lines: list[str] = []
    for row in _descendants(node, "tr"):
        cells = [_inline_text(c.children, links).replace(_LINE_BREAK, " ") for c in _elements(row)]
        text = " | ".join(_ASCII_SPACE.sub(" ", cell).strip() for cell in cells)
        lines.extend(_wrap(text, width, subsequent_indent="  "))
    return lines


def _elements(node: _Node) -> list[_Node]:
    return [c for c in node.children if isinstance(c, _Node)]


def _descendants(node: _Node, tag: str) -> list[_Node]:
    found: list[_Node] = []
    for child in _elements(node):
        if child.tag == tag:
            found.append(child)
        else:
            found.extend(_descendants(child, tag))
    return found


def _raw_text(node: Union[_Node, str]) -> str:
    if isinstance(node, str):
        return node
    if node.tag == "br":
        return "\n"
    return "".join(_raw_text(c) for c in node.children)


def _inline_text(children: list[Union[_Node, str]], links: _Links) -> str:
    return "".join(_inline(child, links) for child in children)


def _inline(node: Union[_Node, str], links: _Links) -> str:
    if isinstance(node, str):
        return node
    if node.tag in _SKIPPED:
        return ""
    if node.tag == "br":
        return _LINE_BREAK
    if node.tag == "img":
        return node.attrs.get("alt", "")
    if node.tag == "a":
        return _anchor(node, links)
    return _inline_text(node.children, links)


def _anchor(node: _Node, links: _Links) -> str:
    text = _inline_text(node.children, links)
    href = node.attrs.get("href", "").strip()
    if node.has_class("footnote-backref"):
        return ""
    if node.has_class("footnote-ref"):
        return f"[^{text.strip()}]"
    if not href or href.startswith("#"):
        return text
    if _same_address(text, href):  # the address is already in the text
        return text
    return f"{text} [{links.number(href)}]"


def _same_address(text: str, href: str) -> bool:
    return _bare_address(text) == _bare_address(href)


def _bare_address(address: str) -> str:
    address = _ASCII_SPACE.sub("", address).lower()
    address = re.sub(r"^(mailto:|tel:|[a-z][a-z0-9+.-]*://)", "", address)
    address = re.sub(r"^www\.", "", address)
    return address.rstrip("/")


def _wrap_inline(text: str, width: int) -> list[str]:
    text = _ASCII_SPACE.sub(" ", text)
    lines: list[str] = []
    for segment in text.split(_LINE_BREAK):
        lines.extend(_wrap(segment.strip(" "), width))
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


def _wrap(text: str, width: int, subsequent_indent: str = "") -> list[str]:
    if not text:
        return [""]
    return textwrap.wrap(
        text,
        width=max(width, 1),
        subsequent_indent=subsequent_indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
