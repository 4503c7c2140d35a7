"""Render joint statements: the press-release page, its plain text, its event file, its feed entry and the index."""

from __future__ import annotations

from urllib.parse import urlsplit

from markupsafe import Markup, escape

from . import filters
from .calendar import event_calendar
from .cards import card_meta
from .model import Member, Statement
from .plaintext import html_to_text
from .pressrelease import generated_title, signatory_line
from .qr import qr_svg
from .render_signers import signers_html, signers_json_ld, signing


def signatories(renderer, statement: Statement) -> list[Member]:
    members = renderer.site.members
    return [members[i] for i in statement.signatories if i in members]


def statement_title(renderer, statement: Statement) -> str:
    style = renderer.config.headline_style
    return statement.title or generated_title(signatories(renderer, statement), statement.headline, style)


def _group_phrase(renderer, statement: Statement, members: list[Member]) -> str:
    if statement.group_phrase:
        return statement.group_phrase
    lists = {m.list_id for m in members}
    phrases = {lst.group_phrase for lst in renderer.site.member_lists if lst.id in lists}
    return phrases.pop() if len(phrases) == 1 else ""


def lede(renderer, statement: Statement) -> str:
    """'U.S. Senators Roger Wicker, R-Miss., …, issued the following joint statement'."""
    members = signatories(renderer, statement)
    lists = {lst.id: lst for lst in renderer.site.member_lists}
    return signatory_line(members, lists, _group_phrase(renderer, statement, members))


def dateline(statement: Statement) -> str:
    return f"{statement.dateline} – {filters.press_date(statement.date)}"


def lede_paragraph(renderer, statement: Statement) -> Markup:
    """The opening paragraph of the page, the plain text and the feed: "WASHINGTON – November 19, 2018 – …:"."""
    return Markup('<p class="lede"><span class="dateline">{}</span> – {}:</p>').format(
        dateline(statement), lede(renderer, statement))


def event_when(renderer, statement: Statement) -> str:
    """"Wednesday 21 November 2018, 10:00 Dubai time (UTC+4)": the day alone for an all-day event."""
    event = statement.event
    if not event or not event.when:
        return ""
    day = filters.long_date(event.when, renderer.config.language, weekday=True)
    return day if event.all_day else f"{day}, {filters.clock_time(event.when, renderer.language())}"


def event_datetime(statement: Statement) -> str:
    """The machine-readable form for <time datetime>: a date for an all-day event, else the moment with its offset."""
    event = statement.event
    if not event or not event.when:
        return ""
    return filters.iso(event.when.date() if event.all_day else event.when)


def _event_html(renderer, statement: Statement) -> str:
    event = statement.event
    if not event or not event.when:
        return ""
    ics = renderer.router.absolute(renderer.router.statement_calendar_path(statement))
    where = f"<br>{escape(event.where)}" if event.where else ""
    return (f"<h2>{escape(event.what or 'The event')}</h2><p>{escape(event_when(renderer, statement))}{where}<br>"
            f"Add to calendar: <a href=\"{escape(ics)}\">{escape(ics)}</a></p>")


def _json_ld(renderer, statement: Statement, title: str) -> dict:
    config = renderer.config
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
        "alternativeHeadline": statement.dek, "description": lede(renderer, statement),
        "datePublished": statement.date.isoformat(), "dateline": statement.dateline,
        "url": renderer.router.absolute(statement), "mainEntityOfPage": renderer.router.absolute(statement),
        "inLanguage": config.language,
        "author": [{"@type": "Person", "name": m.name, "url": renderer.router.absolute(m)}
                   for m in signatories(renderer, statement)],
        "publisher": {"@type": "Organization", "name": config.author or config.title,
                      "url": renderer.router.absolute("/")},
    }
    organisations = signers_json_ld(renderer, statement)
    if organisations:
        data["contributor"] = organisations
    return data


def render_statement(renderer, output) -> bytes:
    statement: Statement = output.subject
    title = statement_title(renderer, statement)
    return renderer.html(
        "statement.html", output, title=title, statement=statement, body=renderer.body_html(statement),
        lede=lede_paragraph(renderer, statement), signers=signatories(renderer, statement),
        event_when=event_when(renderer, statement), description=statement.dek or title, og_type="article",
        event_datetime=event_datetime(statement),
        text_href=renderer.router.href(renderer.router.statement_text_path(statement)),
        ics_href=renderer.router.href(renderer.router.statement_calendar_path(statement)),
        json_ld_data=_json_ld(renderer, statement, title), organisations=signing(renderer, statement, title),
        card=card_meta(renderer, statement, title), print_qr=qr_svg(renderer.router.absolute(statement)),
    )


def render_statement_text(renderer, output) -> bytes:
    """The press release as plain text for an email to journalists: 72 columns, links listed at the end."""
    statement: Statement = output.subject
    parts = [f"<h1>{escape(statement_title(renderer, statement))}</h1>"]
    if statement.dek:
        parts.append(f"<p>{escape(statement.dek)}</p>")
    parts.append(lede_paragraph(renderer, statement))
    parts.append(str(renderer.body_html(statement)))
    parts.append(signers_html(renderer, statement))
    parts.append(_event_html(renderer, statement))
    online = escape(renderer.router.absolute(statement))
    parts.append(f"<p>###</p><p>Online: <a href=\"{online}\">{online}</a></p>")
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(renderer.config.base_url))
    return html_to_text("\n".join(parts), width=72, base_url=origin).encode("utf-8")


def render_statement_ics(renderer, output) -> bytes:
    statement: Statement = output.subject
    event = statement.event
    host = urlsplit(renderer.config.base_url).netloc
    summary = event.what or statement_title(renderer, statement)
    return event_calendar(uid=f"statement-{statement.slug}@{host}", summary=summary, start=event.when,
                          all_day=event.all_day, location=event.where,
                          url=renderer.router.absolute(statement), stamp=statement.date,
                          description=statement_title(renderer, statement))


def feed_entry(renderer, statement: Statement) -> dict:
    """The statement as an Atom entry; its content opens with who issued it, as the page does."""
    return {"title": statement_title(renderer, statement), "url": renderer.router.absolute(statement),
            "date": statement.date, "updated": statement.date, "summary": statement.dek,
            "html": lede_paragraph(renderer, statement) + renderer.body_html(statement)}


def render_statements_index(renderer, output) -> bytes:
    items = [(s, statement_title(renderer, s)) for s in renderer.site.statements]
    return renderer.html("statements.html", output, title="Statements", items=items,
                         description=f"Joint statements of the {renderer.config.title} campaign")


KINDS = {
    "statement": render_statement,
    "statement_text": render_statement_text,
    "statement_ics": render_statement_ics,
    "statements": render_statements_index,
}
