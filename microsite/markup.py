"""Turn campaign Markdown into HTML, rewriting links to content files through the router."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor, Treeprocessor

from .errors import Location, Problem, did_you_mean
from .fields import is_script_url
from .routes import Router

EXTENSIONS = ["tables", "footnotes", "toc", "smarty", "attr_list", "fenced_code", "sane_lists"]
EXTENSION_CONFIGS = {
    "toc": {"permalink": False, "toc_depth": "2-4"},
    "footnotes": {"BACKLINK_TITLE": "Back to reference %d"},
}


class _LinkRewriter(Treeprocessor):
    def __init__(self, md, converter: "MarkdownConverter"):
        super().__init__(md)
        self.converter = converter

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None:
                    element.set(attribute, self.converter.rewrite(value))


class _RewriteLinks(Extension):
    def __init__(self, converter: "MarkdownConverter"):
        super().__init__()
        self.converter = converter

    def extendMarkdown(self, md):
        # After 'inline' so links exist, before 'prettify' and the serializer.
        md.treeprocessors.register(_LinkRewriter(md, self.converter), "microsite-links", 5)


def _hand_inline_patterns_as_lists(md: markdown.Markdown) -> None:
    """Give each inline processor its patterns as a plain list, in the registry's order of priority.

    The processor indexes its patterns once per pattern per text node (2.7 million times at 1,000 pages), and a
    Registry re-checks its sort on every index: a list gives the same patterns in the same order, and Markdown takes
    ~11 % less time. Called once every pattern is registered or removed, since the list does not follow later changes.
    """
    for processor in md.treeprocessors:
        if isinstance(processor, InlineProcessor):
            processor.inlinePatterns = list(processor.inlinePatterns)


class MarkdownConverter:
    """One reusable Markdown instance; `convert` returns HTML plus the problems found in links."""

    def __init__(self, router: Router, safe: bool = False):
        self.router = router
        self.md = markdown.Markdown(
            extensions=EXTENSIONS + [_RewriteLinks(self)], extension_configs=EXTENSION_CONFIGS, output_format="html"
        )
        if safe:  # contributors we do not know may not put raw HTML (scripts, iframes) into pages
            self.md.preprocessors.deregister("html_block")
            self.md.inlinePatterns.deregister("html")
        _hand_inline_patterns_as_lists(self.md)
        self._source, self._text, self._first_line = "", "", 1
        self.problems: list[Problem] = []

    def convert(self, text: str, source: str, first_line: int) -> tuple[str, list[Problem]]:
        self._source, self._text, self._first_line = source, text, first_line
        self.problems = []
        html = self.md.reset().convert(text)
        return html, self.problems

    def rewrite(self, href: str) -> str:
        if is_script_url(href):
            self._problem(href, f"link '{href[:40]}' is a script or data URL, which is not allowed")
            return "#"
        resolved = self.router.resolve_link(href, self._source)
        if resolved is None:
            known = self.router.content_files()
            target = urlsplit(href).path
            self._problem(href, f"link to '{target}': no such content file{did_you_mean(target, known)}")
            return href
        return resolved

    def _problem(self, href: str, message: str) -> None:
        self.problems.append(Problem(self._locate(href), message))

    def _locate(self, needle: str) -> Location:
        """Line and column of `needle` in the Markdown source, so link errors point at the link itself."""
        for offset, line in enumerate(self._text.split("\n")):
            col = line.find(needle)
            if col >= 0:
                return Location(self._source, self._first_line + offset, col + 1)
        return Location(self._source, self._first_line)


_TAG = re.compile(r"<[^>]+>")


def plain_summary(html: str, limit: int = 200) -> str:
    """The first paragraph of rendered HTML as text, for descriptions when a page gives no summary."""
    match = re.search(r"<p>(.*?)</p>", html, re.S)
    text = _TAG.sub("", match.group(1) if match else html)
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
