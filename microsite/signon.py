"""Turn a submitted sign-on issue form (GitHub's `issues` event) into a new row of a statement's signers file.

The issue body is what GitHub makes of the form (.github/ISSUE_TEMPLATE/sign-on.yml): a `### Label` heading per
field followed by the answer, `_No response_` for an optional field left empty. The answers come from strangers,
so anything that is not plain one-line text is refused, and the new file is checked as the build checks it:
nothing is written unless the whole file would be valid, and then it is written atomically.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

from .errors import Location, Report
from .exports import FORMULA_PREFIXES
from .importers.csv_list import csv_rows, header_delimiter
from .load import slug_from_filename
from .model import SIGNERS_SUFFIX
from .signers import HEADER, parse_signers
from .sources import decode_text, read_text, split_front_matter
from .write import write_text_atomically

# The form's labels (as GitHub writes them into the issue) → signers file columns. tests/test_signers.py checks
# that the form has these labels.
FORM_FIELDS = {"Statement": "statement", "Organisation name": "name", "Country": "country",
               "Type of organisation": "type", "Website": "url"}
REQUIRED = ("statement", "name")
NO_RESPONSE = "_No response_"
# Control characters (tab, newline, NEL, DEL), line and paragraph separators, and lone surrogates (valid in JSON,
# unwritable as UTF-8): none belongs in a one-line answer. Format characters (Cf) stay: Persian names need U+200C.
LINE_BREAKING = {"Cc", "Zl", "Zp", "Cs"}
MAX_ANSWER = 200  # characters: longer than any organisation's name, short enough to keep a page readable


def form_answers(body: str, where: Location, report: Report) -> dict[str, str]:
    """Column → answer for each field of the form found in the issue body; a missing or unusable one reported."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in body.replace("\r\n", "\n").split("\n"):
        if line.startswith("### "):
            current = line[4:].strip()
            if current in sections:
                report.error(where, f"the issue has the form's '{current}' field twice")
            sections[current] = []
        elif current is not None:
            sections[current].append(line)
    answers = {}
    for label, column in FORM_FIELDS.items():
        text = "\n".join(sections.get(label, ())).strip()
        answer = "" if text == NO_RESPONSE else text
        if column in REQUIRED and not answer:
            report.error(where, f"the form's '{label}' field is empty or missing: was the sign-on form used?")
        problem = answer_problem(answer)
        if problem:
            report.error(where, f"the form's '{label}' answer {problem}")
        answers[column] = answer
    return answers


def answer_problem(answer: str) -> str:
    """Why an answer from a stranger cannot go into the file as it is, or ""."""
    if any(unicodedata.category(c) in LINE_BREAKING for c in answer):
        return "must be one line of text"
    if len(answer) > MAX_ANSWER:
        return f"is longer than {MAX_ANSWER} characters"
    if "<" in answer or ">" in answer:
        return "contains '<' or '>': markup is not accepted"
    if answer.startswith(FORMULA_PREFIXES):
        return f"starts with '{answer[0]}', which spreadsheets run as a formula"
    return ""


def read_event(path: Path, report: Report) -> tuple[str, Location] | None:
    """(the issue's body, where it came from) out of an `issues` event payload; None (reported) otherwise."""
    rel = str(path)
    try:
        event = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        report.error(Location(rel), f"cannot read the issue event: {exc}")
        return None
    issue = event.get("issue") if isinstance(event, dict) else None
    if not isinstance(issue, dict) or not isinstance(issue.get("body"), str):
        report.error(Location(rel), "not a GitHub 'issues' event: it has no issue with a body")
        return None
    return issue["body"], Location(rel)


def find_statement(content: Path, wanted: str, where: Location, report: Report) -> Path | None:
    """The statement whose slug (or file name) is `wanted`; None (reported at `where`) when there is none."""
    for path in sorted((content / "statements").glob("*.md")):
        if wanted in (path.stem, path.name, slug_from_filename(path.stem), _explicit_slug(path, content)):
            return path
    report.error(where, f"there is no statement '{wanted[:60]}' (a statement's slug or file name) in "
                        "content/statements/")
    return None


def _explicit_slug(path: Path, content: Path) -> str:
    scratch = Report()
    text = read_text(path, path.name, scratch, content)
    data = split_front_matter(text, path.name, scratch)[0] if text is not None else None
    return str(data.get("slug") or "") if data is not None else ""


def _new_row(raw: str, decoded: str, answers: dict[str, str], rel: str, report: Report) -> str | None:
    """The file's text (`raw`, as it is; `decoded`, as the build reads it) with a row for the answers appended,
    in the file's own column order, separator and line endings."""
    rows = csv_rows(decoded, rel, report)
    if not rows:
        report.error(Location(rel), f"the signers file has no header row; it should start with '{HEADER}'")
        return None
    newline = "\r\n" if "\r\n" in raw else "\n"
    line = io.StringIO()
    names = [cell.strip().lower() for cell in rows[0][1]]
    writer = csv.writer(line, delimiter=header_delimiter(decoded), lineterminator=newline)
    writer.writerow([answers.get(name, "") for name in names])
    separator = "" if not raw or raw.endswith(("\n", "\r")) else newline
    return raw + separator + line.getvalue()


def sign_on(project: Path, statement: str, event_path: Path, report: Report) -> str:
    """Add the organisation of the issue form in `event_path` to the statement's signers file; returns what was
    added ("" when nothing was: every reason is in `report`). `statement` "" means the one the form names."""
    event = read_event(event_path, report)
    if event is None:
        return ""
    body, where = event
    answers = form_answers(body, where, report)
    if report.errors:
        return ""
    content = project / "content"
    found = find_statement(content, answers["statement"], where, report)
    if found and statement and find_statement(content, statement, Location("content/statements"), report) != found:
        report.error(where, f"the form is for statement '{answers['statement'][:60]}', not '{statement}'")
    if found is None or report.errors:
        return ""
    target = found.with_name(found.stem + SIGNERS_SUFFIX)
    rel = target.relative_to(project).as_posix()
    if not target.is_file():
        report.error(Location(rel), f"the statement takes no signatures: to open it, create this file with the "
                                    f"header line '{HEADER}'")
        return ""
    data = target.read_bytes()
    decoded = decode_text(data, rel, report)
    text = None if decoded is None else _new_row(data.decode("utf-8"), decoded, answers, rel, report)
    if text is None:
        return ""
    parse_signers(decode_text(text.encode("utf-8"), rel, report), rel, report)  # the file as the build will read it
    if report.errors:
        return ""
    write_text_atomically(target, text)
    return f"Added '{answers['name']}' to {rel}; nobody is listed on the site until a maintainer merges the change"
