"""Extract every interface message from the templates, the site's scripts and the builder into messages.pot, and
bring each catalog (shipped and the campaign's) up to date with it."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from .i18n import PROJECT_CATALOGS, SHIPPED, babel_locale
from .write import replacing

PACKAGE = Path(__file__).resolve().parent
# (folder, method map): what each folder's files are read as
SOURCES = (
    ("templates", [("**.html", "jinja2.ext:babel_extract"), ("**.xml", "jinja2.ext:babel_extract")]),
    ("assets", [("**.js", "javascript")]),
)
OPTIONS = {"**.html": {"trimmed": "true"}, "**.xml": {"trimmed": "true"}}
# The catalogs' own date, so that extracting twice writes the same bytes
STAMP = dt.datetime(2018, 11, 21, tzinfo=dt.timezone.utc)
HEADER = "# The campaign microsite builder's interface. Update with: python build.py messages\n#"


def extract(project: Path) -> Catalog:
    """Every message the project's templates and scripts and the builder's code put in front of a visitor."""
    template = Catalog(project="campaign-microsite", creation_date=STAMP, fuzzy=False, header_comment=HEADER)
    folders = [(project / name, methods) for name, methods in SOURCES]
    folders.append((PACKAGE, [("**.py", "python")]))
    for folder, methods in folders:
        if not folder.is_dir():
            continue
        for filename, line, message, comments, context in extract_from_dir(
                str(folder), methods, OPTIONS, keywords=DEFAULT_KEYWORDS, comment_tags=("Translators:",),
                strip_comment_tags=True):
            where = f"{folder.name}/{filename}"
            template.add(message, None, [(where, line)], auto_comments=comments, context=context)
    return template


def catalog_text(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=116, sort_output=True, include_lineno=False, ignore_obsolete=True)
    return buffer.getvalue()


def updated(path: Path, template: Catalog, code: str) -> Catalog:
    """The catalog at `path` (a new one when there is none) with exactly the template's messages."""
    if path.exists():
        with path.open("rb") as stream:
            catalog = read_po(stream, locale=babel_locale(code))
    else:
        catalog = Catalog(locale=babel_locale(code), project="campaign-microsite", creation_date=STAMP, fuzzy=False,
                          header_comment=HEADER)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.revision_date = STAMP
    return catalog


def update_catalogs(project: Path, new_languages: list[str]) -> list[Path]:
    """Write messages.pot and every catalog brought up to date; returns the files written."""
    template = extract(project)
    written = [SHIPPED / "messages.pot"]
    with replacing(written[0]) as stream:
        stream.write(catalog_text(template))
    own = project / PROJECT_CATALOGS
    paths = {path for folder in (SHIPPED, own) for path in folder.glob("*.po")}
    paths |= {own / f"{code}.po" for code in new_languages}
    for path in sorted(paths):
        catalog = updated(path, template, path.stem)
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(path) as stream:
            stream.write(catalog_text(catalog))
        written.append(path)
    return written
