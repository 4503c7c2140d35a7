"""Render each action (a letter or call script) for one member in a sandbox, with links that fit mail clients."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from . import filters
from .errors import Location, Problem, Report
from .model import Action, Member, MemberList

# Common mail clients (Outlook on Windows, older Android mail) cut or refuse mailto: links past about 2,000
# characters; web compose links go through a server with a URL limit of its own.
MAILTO_LIMIT = 2000
WEB_COMPOSE_LIMIT = 8000
MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()>#+\-.!|])")


@dataclass(frozen=True)
class MemberAction:
    """One action written for one member: its text, and the links that carry it."""

    action: Action
    subject: str
    body: str
    mailto: str = ""  # "" when the member has no email address (or the action is a call script)
    gmail: str = ""
    outlook: str = ""
    shortened: bool = False  # the mailto: body was cut and points to the full letter on the page
    html: Markup = Markup("")  # a call script, as HTML from its Markdown

    @property
    def anchor(self) -> str:
        return action_anchor(self.action)


def action_anchor(action: Action) -> str:
    """The id of an action's section on the member page."""
    return f"action-{action.slug}"


def markdown_literal(value) -> str:
    """A member's value as literal text inside Markdown: markup in a name must not become a tag or a link."""
    text = " ".join(str(value).split())
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(text, quote=False))


def applies_to(action: Action, member: Member) -> bool:
    return not action.lists or member.list_id in action.lists


def fitted_body(limit: int, make_url, subject: str, body: str, pointer: str) -> tuple[str, bool]:
    """The longest start of `body`, cut at a space and followed by `pointer`, whose URL stays within `limit`."""
    if len(make_url(subject, body)) <= limit:
        return body, False
    cuts = [m.start() for m in re.finditer(r"\s+", body)]
    low, high, best = 0, len(cuts) - 1, pointer.lstrip()
    while low <= high:  # URL length grows with the cut point, so the best cut can be found by bisection
        middle = (low + high) // 2
        candidate = body[:cuts[middle]].rstrip() + " …" + pointer
        if len(make_url(subject, candidate)) <= limit:
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best, True


class ActionRenderer:
    """Compiles every action once in a sandbox and renders it per member; template errors go to the report.

    `to_html(markdown, source, line)` turns a call script into (HTML, problems found in its links).
    """

    def __init__(self, actions, report: Report, to_html: Callable[[str, str, int], tuple[str, list[Problem]]]):
        # Actions are content, possibly from outside contributors: the sandbox keeps them from reaching Python.
        self.letters = SandboxedEnvironment(autoescape=False, undefined=jinja2.StrictUndefined)
        # A call script is Markdown: every value put into it is made literal first.
        self.scripts = SandboxedEnvironment(autoescape=False, undefined=jinja2.StrictUndefined,
                                           finalize=markdown_literal)
        self.report, self.to_html = report, to_html
        self.templates = {a.source: self._compile(a) for a in actions}
        self.actions = [a for a in actions if self.templates[a.source] is not None]

    def _problem(self, action: Action, part: str, line: int, message: str) -> None:
        # The same mistake shows on every member's page; the pipeline reports each distinct problem once.
        where = Location(action.source, action.body_line + line - 1) if part == "body" else Location(action.source)
        self.report.error(where, f"in the action's {part}: {message}")

    def _compile(self, action: Action):
        body_env = self.scripts if action.kind == "call" else self.letters
        compiled = []
        for part, env, text in (("subject", self.letters, action.subject), ("body", body_env, action.body)):
            try:
                compiled.append(env.from_string(text))
            except jinja2.TemplateSyntaxError as exc:
                self._problem(action, part, exc.lineno or 1, exc.message or "template syntax error")
                return None
        return tuple(compiled)

    def _render(self, action: Action, part: str, template, context) -> str | None:
        try:
            return template.render(context)
        # Content can fail in any way Python can ("{{ 1 / 0 }}", "{{ member.name + 1 }}"), and the sandbox raises
        # SecurityError: each is the campaigner's mistake to be told about, never a traceback.
        except Exception as exc:  # noqa: BLE001
            self._problem(action, part, _template_line(exc), str(exc) or type(exc).__name__)
            return None

    def in_language(self, language: str) -> list[Action]:
        """The actions a page in `language` ("" the default) offers: each original, or its translation into it."""
        translated = {(a.original, a.language): a for a in self.actions if a.language}
        return [translated.get((a.source, language), a) for a in self.actions if not a.language]

    def for_member(self, member: Member, member_list: MemberList, page_url: str,
                   kinds: tuple[str, ...] = ("email", "call"), language: str = "") -> list[MemberAction]:
        """Every action of `kinds` that applies to `member`, rendered in `language` where it has a translation; an
        action whose template fails is left out."""
        context = {"member": member, "list": member_list}
        rendered = []
        for action in self.in_language(language):
            if not applies_to(action, member) or action.kind not in kinds:
                continue
            subject_template, body_template = self.templates[action.source]
            subject = self._render(action, "subject", subject_template, context)
            body = self._render(action, "body", body_template, context)
            if subject is None or body is None:
                continue
            subject, body = " ".join(subject.split()), _tidy(body)
            if action.kind == "call":
                html_text, problems = self.to_html(body, action.source, action.body_line)
                self.report.extend(problems)
                rendered.append(MemberAction(action, subject, body, html=Markup(html_text)))
            else:
                rendered.append(_with_links(action, subject, body, member.email, page_url))
        return rendered


def _with_links(action: Action, subject: str, body: str, email: str, page_url: str) -> MemberAction:
    if not email:
        return MemberAction(action, subject, body)
    pointer = f"\n\nRead the whole letter: {page_url}#action-{action.slug}"
    mail_body, shortened = fitted_body(MAILTO_LIMIT, lambda s, b: filters.mailto(email, s, b), subject, body, pointer)
    gmail_body, _ = fitted_body(WEB_COMPOSE_LIMIT, lambda s, b: filters.gmail_compose(email, s, b), subject, body,
                                pointer)
    outlook_body, _ = fitted_body(WEB_COMPOSE_LIMIT, lambda s, b: filters.outlook_compose(email, s, b), subject,
                                  body, pointer)
    return MemberAction(action, subject, body, mailto=filters.mailto(email, subject, mail_body),
                        gmail=filters.gmail_compose(email, subject, gmail_body),
                        outlook=filters.outlook_compose(email, subject, outlook_body), shortened=shortened)


def _tidy(text: str) -> str:
    """Template branches leave runs of blank lines; a letter has at most one between paragraphs."""
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.strip().splitlines()))


def _template_line(exc: Exception) -> int:
    """The template line a runtime error happened on, from the frames Jinja2 rewrites to point into templates."""
    line, tb = 1, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
