"""Show the organisations that signed a statement: grouped on its page, listed in its text and JSON-LD, exported."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from . import filters
from .exports import csv_export, json_export
from .i18n import Language
from .model import Signer, Statement
from .routes import Router, issue_form_url
from .signers import COLUMNS, name_key

@dataclass(frozen=True)
class SignerGroup:
    label: str  # "Germany", "Trade union"; "" when the signers are one list
    entries: list  # (signer, its details other than the group's: "Trade union, Germany")


@dataclass(frozen=True)
class Signing:
    """What the statement page shows about its organisations: how many, grouped how, where to sign on."""

    count: str  # "3 organisations have signed"
    groups: list[SignerGroup]
    sign_on: str  # the "Sign on" link, "" when there is nowhere to send it
    csv: str
    json: str


def grouping(renderer, statement: Statement) -> str:
    """"country", "type" or "" (one list), as the statement's front matter or else site.yml says."""
    value = statement.group_signers_by or renderer.config.group_signers_by
    return "" if value == "none" else value


def count_text(count: int, language: Language) -> str:
    if not count:
        return language.gettext("No organisation has signed yet")
    return language.ngettext("%(num)s organisation has signed", "%(num)s organisations have signed", count) % {
        "num": language.number(count)}


def not_given(group_by: str, language: Language) -> str:
    """The heading of the signers who did not say their country (or type)."""
    if group_by == "country":
        return language.gettext("Country not given")
    return language.gettext("Type not given")


def _details(signer: Signer, group_by: str) -> str:
    return ", ".join(value for field, value in (("type", signer.type), ("country", signer.country))
                     if value and field != group_by)


def signer_groups(signers, group_by: str, language: Language) -> list[SignerGroup]:
    """Signers by name (case and accents aside) under a heading per country or type; those without one last."""
    ordered = sorted(signers, key=lambda s: (name_key(s.name), s.name, s.id))
    if not group_by:
        return [SignerGroup("", [(s, _details(s, "")) for s in ordered])]
    groups: dict[str, tuple[str, list]] = {}
    for signer in ordered:
        label = getattr(signer, group_by)
        groups.setdefault(label.casefold(), (label, []))[1].append((signer, _details(signer, group_by)))
    named = sorted((key, label, entries) for key, (label, entries) in groups.items() if key)
    unnamed = [SignerGroup(not_given(group_by, language), groups[""][1])] if "" in groups else []
    return [SignerGroup(label, entries) for _, label, entries in named] + unnamed


def sign_on_url(renderer, statement: Statement, title: str, language: Language) -> str:
    """site.yml's or the statement's `sign_on` link, else the repository's sign-on issue form for this statement."""
    link = statement.sign_on or renderer.config.sign_on
    # Translators: the subject of an email (or the title of an issue) asking to add an organisation to a statement.
    subject = language.gettext("Sign on: %(title)s") % {"title": title}
    if link.startswith("mailto:"):
        return filters.mailto(link.removeprefix("mailto:"), subject=subject)
    return link or issue_form_url(renderer.config.repository, "sign-on.yml",
                                  {"title": subject, "statement": statement.slug})


def signing(renderer, statement: Statement, title: str, language: Language) -> Signing | None:
    """None for a statement without a signers file: it does not take signatures."""
    signer_list = renderer.site.signers_of(statement)
    if signer_list is None:
        return None
    href = renderer.router.href
    statement = renderer.original(statement)  # its signers' files are the original's
    groups = signer_groups(signer_list.signers, grouping(renderer, statement), language)
    return Signing(count_text(len(signer_list.signers), language), groups,
                   sign_on_url(renderer, statement, title, language),
                   href(Router.statement_signers_path(statement, "csv")),
                   href(Router.statement_signers_path(statement, "json")))


def signers_html(renderer, statement: Statement, language: Language) -> Markup:
    """The organisations as HTML for the plain text (which lists no links: they would swamp the press release)."""
    signer_list = renderer.site.signers_of(statement)
    if signer_list is None or not signer_list.signers:
        return Markup("")
    heading = language.gettext("%(line)s:") % {"line": count_text(len(signer_list.signers), language)}
    parts = [Markup("<h2>{}</h2>").format(heading)]
    for group in signer_groups(signer_list.signers, grouping(renderer, statement), language):
        if group.label:
            parts.append(Markup("<h3>{}</h3>").format(group.label))
        items = (Markup("<li>{}{}</li>").format(s.name, f" ({details})" if details else "")
                 for s, details in group.entries)
        parts.append(Markup("<ul>{}</ul>").format(Markup("").join(items)))
    return Markup("").join(parts)


def signers_json_ld(renderer, statement: Statement) -> list[dict]:
    """schema.org Organizations, as the statement's contributors."""
    signer_list = renderer.site.signers_of(statement)
    organisations = []
    for signer in signer_list.signers if signer_list else ():
        organisation = {"@type": "Organization", "name": signer.name}
        if signer.url:
            organisation["url"] = signer.url
        if signer.country:
            organisation["address"] = {"@type": "PostalAddress", "addressCountry": signer.country}
        organisations.append(organisation)
    return organisations


def _export_rows(renderer, statement: Statement) -> list[dict]:
    """In the order they signed (the file's), with every column, empty or not."""
    return [{column: getattr(signer, column) for column in COLUMNS}
            for signer in renderer.site.signers_of(statement).signers]


KINDS = {
    "signers_csv": lambda renderer, output: csv_export(COLUMNS, _export_rows(renderer, output.subject)),
    "signers_json": lambda renderer, output: json_export(_export_rows(renderer, output.subject)),
}
