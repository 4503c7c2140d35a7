"""The command line: parse arguments, run the requested command, turn what went wrong into an exit status."""

from __future__ import annotations

import argparse
import functools
import sys
import traceback
from pathlib import Path

from .errors import ContentError
from .printing import EXIT_CONTENT, EXIT_USAGE, FORMATS, default_format, print_failure, print_problems
from .write import OutputFolderError

BUG_REPORT = "this is a bug in the builder, not in your content; please report it with the command you ran"


def _add_format_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--format", choices=FORMATS, dest="problem_format",
                         help="how problems are printed: 'text' (path:line:col: error: message) or 'github' "
                              "(workflow commands that GitHub Actions shows on the lines of a pull request); "
                              "default: github when GITHUB_ACTIONS=true, else text")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py", description="Build a campaign microsite from content/ into site/.",
        epilog="With no command, 'build' is run. Exit status: 0 success, 1 content errors, 2 usage errors, "
               "3 an internal error (a bug in the builder).",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--project", type=Path, default=None, help="project folder (default: the folder of build.py)")
    common.add_argument("--debug", action="store_true", help="show the Python traceback of an internal error")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser = functools.partial(commands.add_parser, parents=[common])

    build = commands.add_parser("build", help="build the site",
                                description="Build content/ into the output folder. Runs that write the same folder "
                                            "take turns: one that finds it busy waits, and says for which process.")
    build.add_argument("--out", type=Path, help="output folder (default: site/)")
    build.add_argument("--base-url", default="", help="override site.yml's base_url, e.g. https://org.github.io/repo/")
    build.add_argument("--drafts", action="store_true", help="include pages and statements marked draft: true")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors (for CI)")
    _add_format_option(build)

    serve = commands.add_parser("serve", help="build, serve with live reload, rebuild on every save",
                                description="Serve the site on this machine and reload the browser after each save.")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--drafts", action="store_true", help="include drafts (default: off)")

    check = commands.add_parser("check", help="build into a temporary folder and check every link and image",
                                description="Build into a temporary folder, then verify internal links, #anchors "
                                            "and images, and warn about stale contact data and about lookup "
                                            "tables that disagree with the member lists (vacant seats, members "
                                            "no key reaches), about pages, statements and actions missing in a "
                                            "language of the site or older than their original, and about "
                                            "interface messages a language of the site has no translation for.")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    _add_format_option(check)

    new = commands.add_parser("new", help="create a new content file", description="Create a new content file.")
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    kinds.add_parser = functools.partial(kinds.add_parser, parents=[common])
    page = kinds.add_parser("page", help="a new page in content/pages/", description="Create content/pages/SLUG.md.")
    page.add_argument("title", help='the page title, e.g. "Why it matters"')
    statement = kinds.add_parser("statement", help="a new joint statement in content/statements/",
                                 description="Create content/statements/DATE-SLUG.md from a headline verb phrase.")
    statement.add_argument("headline", help='the verb phrase after the names, e.g. "Warn Against …"')
    statement.add_argument("--signatories", default="", help="member ids, comma-separated: wicker,shaheen")

    importer = commands.add_parser("import", help="convert a contact list into the project's YAML",
                                   description="Convert a contact list into content/members/NAME.yml, keeping "
                                               "positions and notes already in that file, and print what changed "
                                               "(members added and removed, fields changed).")
    importer.add_argument("format", choices=["csv", "popolo", "congress-legislators"], help="format of SRC")
    importer.add_argument("src", type=Path, help="file to read")
    importer.add_argument("-o", "--output", type=Path, required=True, help="YAML file to write or update")
    importer.add_argument("--committee", default="", metavar="ID",
                          help="congress-legislators only: just the members of this committee, subcommittee or "
                               "commission (e.g. JCSE, SSAF13), read from committees-current.yaml and "
                               "committee-membership-current.yaml beside SRC; its name becomes the list's title")
    importer.add_argument("--map", default="", metavar="COLUMN=FIELD,…",
                          help="csv: read these columns as these fields, e.g. 'Wahlkreis=region,Fraktion=party' "
                               "(headers and common aliases such as 'Phone Number' or 'Constituency' need none)")

    signing = commands.add_parser(
        "sign-on", help="add an organisation from a sign-on issue form to a statement's signers file",
        description="Read a submitted sign-on issue form (the JSON of GitHub's 'issues' event, as in "
                    "$GITHUB_EVENT_PATH) and add its organisation as a new row of "
                    "content/statements/<statement>.signers.csv. Nothing is written when an answer is not "
                    "plain one-line text, has a script URL, or names an organisation that has already signed.")
    signing.add_argument("statement", nargs="?", default="",
                         help="the statement's slug or file name (default: the one the form names)")
    signing.add_argument("--from-issue", type=Path, required=True, metavar="EVENT.json",
                         help="the issue event's JSON file")
    _add_format_option(signing)

    messages = commands.add_parser(
        "messages", help="extract the interface's messages and bring every catalog up to date",
        description="Extract every message that templates/, assets/*.js and the builder put in front of a visitor "
                    "into microsite/locale/messages.pot, then update each catalog with it: the shipped "
                    "microsite/locale/<language>.po and the campaign's own content/locale/<language>.po (new "
                    "messages are added untranslated, messages no longer used are dropped).")
    messages.add_argument("new_languages", nargs="*", metavar="LANGUAGE",
                          help="also start content/locale/LANGUAGE.po, for a language the builder does not ship "
                               "or to override some of its words (e.g. pt-BR)")
    return parser


def _run(args: argparse.Namespace, project: Path) -> int:
    from . import commands

    command = args.command
    if command == "build":
        return commands.build_command(project, args)
    if command == "serve":
        return commands.serve_command(project, args)
    if command == "check":
        return commands.check_command(project, args)
    if command == "new":
        return commands.new_command(project, args)
    if command == "sign-on":
        return commands.sign_on_command(project, args)
    if command == "messages":
        return commands.messages_command(project, args)
    return commands.import_command(project, args)


def main(argv: list[str] | None = None, default_project: Path | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv.insert(0, "build")  # `python build.py [--drafts …]` means `build`
    args = _parser().parse_args(argv)
    project = (args.project or default_project or Path.cwd()).resolve()
    # `import` and `new` have no --format (import's FORMAT is the list's), but follow GITHUB_ACTIONS all the same.
    args.problem_format = getattr(args, "problem_format", None) or default_format()
    try:
        return _run(args, project)
    except ContentError as exc:
        print_problems(exc.problems, args.problem_format)
        return EXIT_CONTENT
    except OutputFolderError as exc:
        print_failure(str(exc), args.problem_format)
        return EXIT_USAGE
    except OSError as exc:  # a full disk or a read-only folder: the machine's state, not a bug to report
        where = f": {exc.filename}" if exc.filename else ""
        if args.command in ("build", "serve"):
            what, kept = "the site", "the previous site"
        else:  # import, sign-on and new write one content file, atomically
            what, kept = getattr(args, "output", None) or "the file", "the old file"
        print_failure(f"cannot write {what}: {exc.strerror or exc}{where}; {kept} is left as it was",
                      args.problem_format)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the one place an unexpected failure is turned into a message
        if args.debug:
            traceback.print_exc()
        else:
            print_failure(f"{type(exc).__name__}: {exc} — {BUG_REPORT} (run with --debug for details)",
                          args.problem_format, kind="internal error")
        return 3
