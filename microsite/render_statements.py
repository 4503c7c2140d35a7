"""Render joint statements: the press-release page, its plain text, its event file, its feed entry and the index."""

from __future__ import annotations

from urllib.parse import urlsplit

from markupsafe import Markup, escape

from . import filters
from .calendar import event_calendar
from .cards import card_meta
from .i18n import Language
from .model import Member, Statement
from .plaintext import html_to_text
from .pressrelease import generated_title, signatory_line, writes_ap_style
from .qr import qr_svg
from .render_signers import signers_html, signers_json_ld, signing


def signatories(renderer, statement: Statement) -> list[Member]:
    members = renderer.site.members
    return [members[i] for i in statement.signatories if i in members]


def statement_title(renderer, statement: Statement, language: Language) -> str:
    """The statement's own title, else "Wicker, Shaheen, Coons, & Rubio Warn …" with the names joined in the
    language's way (site.yml's `headline_style` for it, else its CLDR list pattern)."""
    if statement.title:
        return statement.title
    style = renderer.config.name_style(language.code)
    return generated_title(signatories(renderer, statement), statement.headline, style, language)


def _group_phrase(renderer, statement: Statement, members: list[Member]) -> str:
    if statement.group_phrase:
        return statement.group_phrase
    lists = {m.list_id for m in members}
    phrases = {lst.group_phrase for lst in renderer.site.member_lists if lst.id in lists}
    return phrases.pop() if len(phrases) == 1 else ""


def lede(renderer, statement: Statement, language: Language) -> str:
    """'U.S. Senators Roger Wicker, R-Miss., …, issued the following joint statement', in the language."""
    members = signatories(renderer, statement)
    lists = {lst.id: lst for lst in renderer.site.member_lists}
    return signatory_line(members, lists, _group_phrase(renderer, statement, members), language,
                          renderer.config.signatory_format(language.code))


def dateline(statement: Statement, language: Language) -> str:
    """"WASHINGTON – November 19, 2018": American press style in English, the language's long date otherwise."""
    day = filters.press_date(statement.date) if writes_ap_style(language) else language.long_date(statement.date)
    return f"{statement.dateline} – {day}"


def lede_paragraph(renderer, statement: Statement, language: Language) -> Markup:
    """The opening paragraph of the page, the plain text and the feed: "WASHINGTON – November 19, 2018 – …:"."""
    # Translators: a line that introduces what follows, such as a press release's opening line (French: "%(line)s :").
    sentence = language.gettext("%(line)s:") % {"line": lede(renderer, statement, language)}
    return Markup('<p class="lede"><span class="dateline">{}</span> – {}</p>').format(
        dateline(statement, language), sentence)


def event_when(renderer, statement: Statement, language: Language) -> str:
    """"Wednesday 21 November 2018, 10:00 Dubai time (UTC+4)": the day alone for an all-day event."""
    event = statement.event
    if not event or not event.when:
        return ""
    day = language.long_date(event.when, weekday=True)
    if event.all_day:
        return day
    # Translators: an event's day and time of day: "Wednesday, 21 November 2018, 10:00 Dubai time (UTC+4)".
    return language.gettext("%(day)s, %(time)s") % {"day": day, "time": filters.clock_time(event.when, language)}


def event_datetime(statement: Statement) -> str:
    """The machine-readable form for <time datetime>: a date for an all-day event, else the moment with its offset."""
    event = statement.event
    if not event or not event.when:
        return ""
    return filters.iso(event.when.date() if event.all_day else event.when)


def _event_html(renderer, statement: Statement, language: Language) -> str:
    event = statement.event
    if not event or not event.when:
        return ""
    ics = escape(renderer.router.absolute(renderer.router.statement_calendar_path(statement)))
    where = f"<br>{escape(event.where)}" if event.where else ""
    add = escape(language.gettext("Add to calendar: %(link)s")) % {"link": Markup(f'<a href="{ics}">{ics}</a>')}
    what = event.what or language.gettext("The event")
    return f"<h2>{escape(what)}</h2><p>{escape(event_when(renderer, statement, language))}{where}<br>{add}</p>"


def _json_ld(renderer, statement: Statement, title: str, language: Language) -> dict:
    config = renderer.config
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
        "alternativeHeadline": statement.dek, "description": lede(renderer, statement, language),
        "datePublished": statement.date.isoformat(), "dateline": statement.dateline,
        "url": renderer.router.absolute(statement), "mainEntityOfPage": renderer.router.absolute(statement),
        "inLanguage": language.code,
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
    language = renderer.language(output.language)
    title = statement_title(renderer, statement, language)
    return renderer.html(
        "statement.html", output, title=title, statement=statement, body=renderer.body_html(statement),
        lede=lede_paragraph(renderer, statement, language), signers=signatories(renderer, statement),
        event_when=event_when(renderer, statement, language), description=statement.dek or title,
        og_type="article", event_datetime=event_datetime(statement),
        text_href=renderer.router.href(renderer.router.statement_text_path(statement)),
        ics_href=renderer.router.href(renderer.router.statement_calendar_path(statement)),
        json_ld_data=_json_ld(renderer, statement, title, language),
        organisations=signing(renderer, statement, title, language),
        card=card_meta(renderer, statement, title), print_qr=qr_svg(renderer.router.absolute(statement)),
    )


def render_statement_text(renderer, output) -> bytes:
    """The press release as plain text for an email to journalists: 72 columns, links listed at the end."""
    statement: Statement = output.subject
    language = renderer.language(output.language)
    parts = [f"<h1>{escape(statement_title(renderer, statement, language))}</h1>"]
    if statement.dek:
        parts.append(f"<p>{escape(statement.dek)}</p>")
    parts.append(lede_paragraph(renderer, statement, language))
    parts.append(str(renderer.body_html(statement)))
    parts.append(signers_html(renderer, statement, language))
    parts.append(_event_html(renderer, statement, language))
    online = escape(renderer.router.absolute(statement))
    # Translators: the last line of a press release sent by email: where it is published.
    link = escape(language.gettext("Online: %(link)s")) % {"link": Markup(f'<a href="{online}">{online}</a>')}
    parts.append(f"<p>###</p><p>{link}</p>")
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(renderer.config.base_url))
    return html_to_text("\n".join(parts), width=72, base_url=origin,
                        # Translators: heading of the numbered web addresses at the end of a plain-text email.
                        links_heading=language.gettext("Links")).encode("utf-8")


def render_statement_ics(renderer, output) -> bytes:
    statement: Statement = output.subject
    language = renderer.language(output.language)
    event = statement.event
    host = urlsplit(renderer.config.base_url).netloc
    title = statement_title(renderer, statement, language)
    # One event in every language: a calendar that imported one version updates it from another, not doubles it.
    uid = f"statement-{renderer.original(statement).slug}@{host}"
    return event_calendar(uid=uid, summary=event.what or title, start=event.when,
                          all_day=event.all_day, location=event.where,
                          url=renderer.router.absolute(statement), stamp=statement.date, description=title)


def feed_entry(renderer, statement: Statement, language: Language) -> dict:
    """The statement as an Atom entry; its content opens with who issued it, as the page does."""
    return {"title": statement_title(renderer, statement, language), "url": renderer.router.absolute(statement),
            "date": statement.date, "updated": statement.date, "summary": statement.dek,
            "html": lede_paragraph(renderer, statement, language) + renderer.body_html(statement)}


def render_statements_index(renderer, output) -> bytes:
    language = renderer.language(output.language)
    statements = renderer.in_language(renderer.site.statements, output.language)
    items = [(s, statement_title(renderer, s, language)) for s in statements]
    return renderer.html("statements.html", output, title=language.gettext("Statements"), items=items,
                         description=language.gettext("Joint statements of the %(campaign)s campaign")
                         % {"campaign": renderer.config.localized(output.language).title})


KINDS = {
    "statement": render_statement,
    "statement_text": render_statement_text,
    "statement_ics": render_statement_ics,
    "statements": render_statements_index,
}
