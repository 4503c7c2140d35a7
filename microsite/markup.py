"""Turn campaign Markdown into HTML, rewriting links to content files through the router."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
from markdown import util
from markdown.extensions import Extension
from markdown.preprocessors import NormalizeWhitespace
from markdown.treeprocessors import InlineProcessor, Treeprocessor

from .errors import Location, Problem, did_you_mean
from .fields import is_script_url
from .routes import Router

EXTENSIONS = ["tables", "footnotes", "toc", "smarty", "attr_list", "fenced_code", "sane_lists"]
EXTENSION_CONFIGS = {
    "toc": {"permalink": False, "toc_depth": "2-4"},
    "footnotes": {"BACKLINK_TITLE": "Back to reference %d"},  # English; a page's language: Renderer.markdown_converter
}


class _LinkRewriter(Treeprocessor):
    def __init__(self, md, converter: "MarkdownConverter"):
        super().__init__(md)
        self.converter = converter

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if not element.attrib:  # most elements have no attribute at all
                continue
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


# What a match of each inline pattern must contain (any one of these, one or two each): a pattern is not tried on
# text with none of them.
# Markdown's placeholders (STX, letters, digits, ':', ETX) contain none of them, so a pattern that cannot match a text
# node still cannot once earlier patterns have put placeholders into it. A pattern not named here is always tried.
_INLINE_NEEDS = {
    "backtick": ("\\", "`"), "escape": ("\\",), "footnote": ("[",), "reference": ("[",), "link": ("[",),
    "image_link": ("[",), "image_reference": ("[",), "short_reference": ("[",), "short_image_ref": ("[",),
    "autolink": ("<",), "automail": ("<",), "linebreak": ("\n",), "html": ("<",), "entity": ("&",),
    "em_strong": ("*", "_"), "em_strong2": ("_",),
    # smarty's, by the name it registers them under with the numeral dropped
    "smarty-ellipses": ("...",), "smarty-em-dashes": ("--",), "smarty-en-dashes": ("--",),
    "smarty-quotes": ("'", '"'), "smarty-left-angle-quotes": ("<<",), "smarty-right-angle-quotes": (">>",),
}


def _patterns_and_needs(registry) -> tuple[list, list[tuple[str, ...] | None]]:
    """A registry's patterns as a plain list, in its order, with what a match of each must contain.

    A Registry re-checks its sort each time it is indexed, which the inline pass does per pattern per text node.
    """
    patterns = list(registry)  # sorts the registry, so its _priority is in the same order
    needs = [_INLINE_NEEDS.get(re.sub(r"-\d+$", "", entry.name)) for entry in registry._priority]
    return patterns, needs


def _any_needle(needs: list[tuple[str, ...] | None]) -> re.Pattern:
    """A regex that finds any of the needles, or matches anything when some pattern has none."""
    if None in needs:
        return re.compile("")
    return re.compile("|".join(map(re.escape, sorted({needle for need in needs for needle in need}))))


def _may_match(need: tuple[str, ...] | None, data: str) -> bool:
    if need is None:
        return True
    for needle in need:
        if needle in data:
            return True
    return False


class _SkippingInlineProcessor(InlineProcessor):
    """Python-Markdown's inline pass, not trying a pattern on text that lacks everything its matches contain.

    The stock pass tries every pattern on every text node (3.7 million tries at 1,000 pages), mostly on text where
    the pattern's first character never occurs. Same patterns, same order, same HTML.
    """

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.inlinePatterns, self.needs = _patterns_and_needs(md.inlinePatterns)
        # Text with none of the needles is left as it is by every pattern (41,000 of the corpus's 45,000 text nodes):
        # one search tells, rather than testing each pattern's needles in turn (~0.015 ms a page).
        self.may_change = _any_needle(self.needs)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        # The stock __handleInline plus the test of needs: a pattern skipped is one that did not match.
        if isinstance(data, util.AtomicString) or not self.may_change.search(data):
            return data
        apply, patterns, needs = self._InlineProcessor__applyPattern, self.inlinePatterns, self.needs
        start = 0
        while patternIndex < len(patterns):
            need = needs[patternIndex]
            if need is None or need[0] in data or (len(need) > 1 and need[1] in data):  # _may_match, inlined: hot
                data, matched, start = apply(patterns[patternIndex], data, patternIndex, start)
                if matched:
                    continue
            start = 0
            patternIndex += 1
        return data

    def _InlineProcessor__processPlaceholders(self, data: str | None, parent: etree.Element,
                                              isText: bool = True) -> list[tuple[etree.Element, list[str]]]:
        # Text without placeholders, most of it (see may_change), goes back where it came from: what the stock
        # method's linkText does with it, without the loop and closure (~1 µs a text node, ~0.04 ms a page).
        if not data or isinstance(data, util.AtomicString) or util.INLINE_PLACEHOLDER_PREFIX in data:
            return super()._InlineProcessor__processPlaceholders(data, parent, isText)
        if isText:
            parent.text = parent.text + data if parent.text else data
        else:
            parent.tail = parent.tail + data if parent.tail else data
        return []


class _SmartQuotes(Treeprocessor):
    """smarty's substitutions without a second inline pass: the same rules, in the same order, on the same text.

    smarty runs another InlineProcessor, whose patterns each replace their matches by placeholders before the next
    pattern runs. This does the same with the same compiled patterns and placeholders, but only on text nodes that
    hold a quote, "--" or "..." (few do), and with only the patterns whose characters occur there.
    """

    def __init__(self, md: markdown.Markdown, stock: InlineProcessor):
        super().__init__(md)
        patterns, needs = _patterns_and_needs(stock.inlinePatterns)
        self.rules = [(pattern.compiled_re, pattern.replace, need) for pattern, need in zip(patterns, needs)]
        self.may_change = _any_needle(needs)

    def run(self, root: etree.Element) -> None:
        self.stashed: dict[str, str] = {}  # placeholder id → replacement, numbered through the run as smarty's
        # On most pages no text needs it: one search over them all says so (~0.02 ms a page less than a search per
        # text). itertext, in C, gives every text and tail but those of comment elements, which Markdown never makes;
        # no needle holds the "\0" put between them.
        if not self.may_change.search("\0".join(root.itertext())):
            return
        for element in root.iter():
            if element is root:  # the stock pass, too, handles the text of root's descendants only
                continue
            text, tail = element.text, element.tail
            if text and not isinstance(text, util.AtomicString) and self.may_change.search(text):
                element.text = self.educate(text)
            if tail and not isinstance(tail, util.AtomicString) and self.may_change.search(tail):
                element.tail = self.educate(tail)

    def educate(self, data: str) -> str:
        """The text with each rule applied in turn. As in the stock pass, each match becomes a placeholder that the
        later rules see (and search on after), and the placeholders become the replacements at the end."""
        store = self.md.htmlStash.store
        first = len(self.stashed)
        for regex, replace, need in self.rules:
            if not _may_match(need, data):
                continue
            match = regex.search(data)
            while match:
                start = match.start()
                key = "%04d" % len(self.stashed)
                placeholder = util.INLINE_PLACEHOLDER % key
                self.stashed[key] = "".join(match.group(part) if isinstance(part, int) else store(part)
                                            for part in replace)
                data = data[:start] + placeholder + data[match.end():]
                match = regex.search(data, start + len(placeholder))
        return util.INLINE_PLACEHOLDER_RE.sub(self._unstash, data) if len(self.stashed) > first else data

    def _unstash(self, match: re.Match) -> str:
        return self.stashed.get(match.group(1), match.group(0))


class _BlockLevelTags(dict):
    """Tag → whether Markdown counts it as block-level, worked out the first time the tag is asked about.

    Markdown.is_block_level searches a list of ~40 tags, 200,000 times a 1,000 pages (the prettifier asks about every
    element two or three times); this dict's own __getitem__, a C method, stands in for it: a page has a dozen tags.
    """

    def __init__(self, md: markdown.Markdown):
        super().__init__()
        self.tags = frozenset(md.block_level_elements)

    def __missing__(self, tag) -> bool:
        self[tag] = answer = isinstance(tag, str) and tag.lower().rstrip("/") in self.tags
        return answer


def _listing_only_for_marker(toc: Treeprocessor) -> None:
    """Have the toc extension look for its marker ("[TOC]") only where some element's text holds it, and build its
    listing of the headings only for a page that has one.

    The search would otherwise join the text under every element of every page (~5 % of Markdown's time) to find
    none. The listing is a <div> that replaces the marker; the extension also serializes it into md.toc, which the
    site never reads (~0.025 ms a page, 4 %): on a page without the marker, md.toc is an empty <div>.
    """
    run, build_toc_div, replace_marker = toc.run, toc.build_toc_div, toc.replace_marker
    page, holds_marker = etree.Element("div"), False

    def run_on(root: etree.Element) -> None:
        nonlocal page
        page = root
        run(root)

    def build_when_marked(toc_tokens: list) -> etree.Element:
        # Called after the headings got their ids, just before replace_marker: where the stock looks for the marker
        nonlocal holds_marker
        holds_marker = any(toc.marker in element.text for element in page.iter() if element.text)
        return build_toc_div(toc_tokens) if holds_marker else etree.Element("div")

    def replace_when_marked(root: etree.Element, div: etree.Element) -> None:
        if holds_marker:
            replace_marker(root, div)

    toc.run, toc.build_toc_div, toc.replace_marker = run_on, build_when_marked, replace_when_marked


# What a block must contain for a block processor to take it (any one of these): the processor is not tried on a
# block with none of them. The stock tests run their regexes over the whole block at every character, for every block
# (~0.25 ms of a 5 KB page's 1.05). Tests: each regex (for tables, the header row's split) cannot match without one.
# The footnote and reference processors' test is always true, and their run hands the block back (returns False) when
# their regex finds no definition in it.
_BLOCK_NEEDS = {
    "table": ("|",),  # a header row of two cells, or of one between border pipes, holds a pipe
    "hashheader": ("#",), "setextheader": ("\n=", "\n-"), "hr": ("-", "_", "*"), "quote": (">",),
    "footnote": ("[^",), "reference": ("]:",),
}
# Preprocessors that return the lines unchanged when the text holds none of these: fenced code needs a fence; the
# raw HTML extractor (an HTMLParser) only ever acts on a '<' or an '&' ("&#12 z" becomes "&#12; z").
_PREPROCESSOR_NEEDS = {"fenced_code_block": ("```", "~~~"), "html_block": ("<", "&")}


# Tree processors with nothing to do unless the (preprocessed) text holds one of these, since every text in the tree
# comes from it: attr_list's lists ("{: .x}") all start with '{'; the only escapes the unescape pass restores are the
# ones backslashes make. ~0.065 ms a page, walking every element of pages that have neither.
_TREE_NEEDS = {"attr_list": ("{",), "unescape": ("\\",)}


def _block_loop(parser):
    """BlockParser.parseBlocks trying each block processor only on blocks that hold one of its needles (see
    _BLOCK_NEEDS), and going through a list, not the Registry that re-checks its sort each time it is iterated."""
    processors = list(parser.blockprocessors)  # sorts the registry, so its _priority is in the same order
    steps = [(processor.test, processor.run, _BLOCK_NEEDS.get(entry.name))
             for processor, entry in zip(processors, parser.blockprocessors._priority)]

    def parse_blocks(parent: etree.Element, blocks: list[str]) -> None:
        # The stock loop, plus the needles' test (_may_match's, inlined for the first needle: hot)
        while blocks:
            for test, run, need in steps:
                block = blocks[0]
                if need is not None and not (need[0] in block or (len(need) > 1 and _may_match(need, block))):
                    continue
                if test(parent, block) and run(parent, blocks) is not False:
                    break

    return parse_blocks


class _NormalizeWhitespace(NormalizeWhitespace):
    """The stock preprocessor, without its regex over the whole text when that holds no space before a newline.

    The regex (a look-behind, tried at every character) removes lines of nothing but spaces: ~0.03 ms of a page's
    0.05 here; a search for " \\n" first takes a tenth of that.
    """

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines).replace(util.STX, "").replace(util.ETX, "")
        source = source.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
        source = source.expandtabs(self.md.tab_length)
        if _SPACE_BEFORE_NEWLINE.search(source):
            source = _LINE_OF_SPACES.sub("\n", source)
        return source.split("\n")


_SPACE_BEFORE_NEWLINE = re.compile(" \n")
_LINE_OF_SPACES = re.compile(r"(?<=\n) +\n")


def _plain_cells_split(split):
    """The tables extension's _split, by str.split for a row without backticks or backslashes.

    Its regex then finds only the pipes, no code span can hold one and none is escaped, so every pipe splits: the
    same cells without pairing backticks character by character (~0.02 ms of a page with one table).
    """

    def split_cells(row: str) -> list[str]:
        return row.split("|") if "`" not in row and "\\" not in row else split(row)

    return split_cells


def _preprocess_when_present(run, need: tuple[str, ...]):
    def when_present(lines: list[str]) -> list[str]:
        return run(lines) if _may_match(need, "\n".join(lines)) else lines

    return when_present


def _treeprocess_when_present(run, need: tuple[str, ...], md: markdown.Markdown):
    def when_present(root: etree.Element) -> None:
        if _may_match(need, "\n".join(md.lines)):  # the lines the preprocessors left, which the parser read
            run(root)

    return when_present


def _skip_absent(md: markdown.Markdown) -> None:
    """Skip the block processors, preprocessors and tree processors named above on text lacking all their needles
    (they would have found nothing there)."""
    md.parser.parseBlocks = _block_loop(md.parser)  # processors call it on the blocks they hold, through the parser
    for name, need in _PREPROCESSOR_NEEDS.items():
        if name in md.preprocessors:  # the safe mode has no html_block
            md.preprocessors[name].run = _preprocess_when_present(md.preprocessors[name].run, need)
    for name, need in _TREE_NEEDS.items():
        md.treeprocessors[name].run = _treeprocess_when_present(md.treeprocessors[name].run, need, md)


def _speed_up(md: markdown.Markdown) -> None:
    """Give Python-Markdown's slow parts faster stand-ins that make the same HTML (see each one).

    Called once every extension is loaded and every pattern registered or removed (after the safe mode's
    removals): the lists and sets they hold do not follow later changes.
    """
    md.treeprocessors.register(_SkippingInlineProcessor(md), "inline", 20)
    md.treeprocessors.register(_SmartQuotes(md, md.treeprocessors["smarty"]), "smarty", 6)
    md.is_block_level = _BlockLevelTags(md).__getitem__
    _listing_only_for_marker(md.treeprocessors["toc"])
    md.preprocessors.register(_NormalizeWhitespace(md), "normalize_whitespace", 30)
    table = md.parser.blockprocessors["table"]
    table._split = _plain_cells_split(table._split)
    _skip_absent(md)


class MarkdownConverter:
    """One reusable Markdown instance; `convert` returns HTML plus the problems found in links."""

    def __init__(self, router: Router, safe: bool = False, backlink_title: str = ""):
        """`backlink_title`: the title of a footnote's link back to its reference, "%d" its number (English's
        when empty)."""
        self.router = router
        configs = EXTENSION_CONFIGS
        if backlink_title:
            configs = {**configs, "footnotes": {**configs["footnotes"], "BACKLINK_TITLE": backlink_title}}
        self.md = markdown.Markdown(
            extensions=EXTENSIONS + [_RewriteLinks(self)], extension_configs=configs, output_format="html"
        )
        if safe:  # contributors we do not know may not put raw HTML (scripts, iframes) into pages
            self.md.preprocessors.deregister("html_block")
            self.md.inlinePatterns.deregister("html")
        _speed_up(self.md)
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
