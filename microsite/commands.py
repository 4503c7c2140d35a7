"""What each command of build.py does, in terms of the pipeline, the server, the checker and the importers."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from .errors import Location, Report
from .load import slug_from_filename
from .pipeline import BuildOptions, build, build_time
from .printing import EXIT_OK, EXIT_USAGE, finish, print_failure
from .write import replacing


def build_command(project: Path, args: argparse.Namespace) -> int:
    started = time.perf_counter()
    out = (args.out or project / "site").resolve()
    result = build(project, BuildOptions(out=out, base_url=args.base_url, drafts=args.drafts, strict=args.strict))
    if result.stats is not None:
        stats = result.stats
        print(f"Built {len(result.files)} files into {out} in {time.perf_counter() - started:.2f} s "
              f"({stats.written} written, {stats.unchanged} unchanged, {stats.removed} removed)")
    return finish(result.report, args.problem_format)


def serve_command(project: Path, args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(project, host=args.host, port=args.port, drafts=args.drafts)


def check_command(project: Path, args: argparse.Namespace) -> int:
    from .check import check_site

    report = check_site(project, strict=args.strict)
    if not report.problems:
        print("No problems found: every link, anchor and image resolves.")
    return finish(report, args.problem_format)


def _create(path: Path, text: str, project: Path, fmt: str) -> int:
    rel = path.relative_to(project).as_posix()
    if path.exists():
        report = Report()
        report.error(Location(rel), "already exists; choose another title or edit that file")
        return finish(report, fmt)
    with replacing(path, over_existing=False) as stream:  # never over a file another run made meanwhile
        stream.write(text.encode("utf-8"))
    print(f"Created {rel}")
    return EXIT_OK


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def new_command(project: Path, args: argparse.Namespace) -> int:
    today = build_time().date().isoformat()
    if args.kind == "page":
        slug = slug_from_filename(args.title) or "untitled"
        text = (f"---\ntitle: {_yaml_text(args.title)}\ndate: {today}\nsummary: \"\"\ndraft: true\n---\n\n"
                f"Write the page here. Remove `draft: true` to publish it.\n")
        return _create(project / "content" / "pages" / f"{slug}.md", text, project, args.problem_format)
    slug = slug_from_filename(args.headline)[:60].rstrip("-") or "statement"
    ids = [part.strip() for part in args.signatories.split(",") if part.strip()]
    text = (f"---\nsignatories: [{', '.join(ids)}]\ndate: {today}\ndateline: WASHINGTON\n"
            f"headline: {_yaml_text(args.headline)}\ndek: \"\"\ndraft: true\n---\n\n"
            f"> “The quote goes here,” said the signatories.\n\n## Background\n\nThe background goes here.\n")
    return _create(project / "content" / "statements" / f"{today}-{slug}.md", text, project, args.problem_format)


def import_command(project: Path, args: argparse.Namespace) -> int:
    from .importcmd import import_members
    from .importers.columns import parse_column_map
    from .load import load_config

    report = Report()
    config = load_config(project / "content", report)
    columns, problems = parse_column_map(args.map)
    if args.map and args.format != "csv":
        problems.append(f"--map names spreadsheet columns; {args.format} files have none")
    for problem in problems:
        report.error(Location("--map"), problem)
    if config is None or problems:
        return finish(report, args.problem_format)
    summary = import_members(args.format, args.src.resolve(), args.output.resolve(), config, report,
                             today=build_time().date(), committee=args.committee, columns=columns)
    if not report.errors:
        print(f"Wrote {summary.members} member{'s' * (summary.members != 1)} to {args.output}: {summary}")
        if summary.dropped:
            print(f"Removed, as {args.src.name} no longer has them: {', '.join(summary.dropped)}")
    return finish(report, args.problem_format)


def sign_on_command(project: Path, args: argparse.Namespace) -> int:
    from .signon import sign_on

    report = Report()
    added = sign_on(project, args.statement, args.from_issue, report)
    if added:
        print(added)
    return finish(report, args.problem_format)


def messages_command(project: Path, args: argparse.Namespace) -> int:
    from .i18n import babel_locale
    from .messages import update_catalogs

    for code in args.new_languages:
        try:
            babel_locale(code)
        except ValueError as exc:
            print_failure(str(exc), args.problem_format)
            return EXIT_USAGE
    for path in update_catalogs(project, args.new_languages):
        print(f"Wrote {path.relative_to(project) if path.is_relative_to(project) else path}")
    return EXIT_OK
