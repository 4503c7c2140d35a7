"""Print a run's problems for a person (`path:line:col: error: message`) or for GitHub Actions (workflow commands)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from .errors import Location, Problem, Report

FORMATS = ("text", "github")
EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def default_format(environ: Mapping[str, str] = os.environ) -> str:
    """GitHub Actions sets GITHUB_ACTIONS=true in every step, so a workflow gets annotations without asking."""
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"


def _escape_data(text: str) -> str:
    # GitHub's rules for a workflow command's message: these three would end or garble the command.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    # In a property value ':' and ',' would also end the value (spaces are fine and stay).
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _in_a_file(location: Location) -> bool:
    # A value given on the command line is located at its option ("--base-url"): there is no file to annotate.
    return bool(location.path) and not location.path.startswith("-")


def workflow_command(problem: Problem) -> str:
    """The problem as GitHub's `::error file=…,line=…,col=…::message`, shown on the pull request's line."""
    where = problem.location
    if _in_a_file(where):
        place = f"file={_escape_property(where.path)},line={where.line},col={where.col}"
        return f"::{problem.severity} {place}::{_escape_data(problem.message)}"
    named = f"{where.path}: {problem.message}" if where.path else problem.message
    return f"::{problem.severity}::{_escape_data(named)}"


def print_problems(problems: list[Problem], fmt: str = "text") -> None:
    for problem in problems:
        print(workflow_command(problem) if fmt == "github" else problem, file=sys.stderr)


def summarise(report: Report) -> None:
    errors, warnings = len(report.errors), len(report.warnings)
    if errors or warnings:
        print(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}", file=sys.stderr)


def finish(report: Report, fmt: str = "text") -> int:
    """Print every problem of a run and the count; the exit status they mean (1 when any is an error)."""
    print_problems(report.problems, fmt)
    summarise(report)
    return EXIT_CONTENT if report.errors else EXIT_OK


def print_failure(message: str, fmt: str = "text", kind: str = "error") -> None:
    """A failure that belongs to no content file (an output folder refused, an internal error), on one line."""
    line = f"{kind}: {message}"
    if fmt == "github":
        line = "::error::" + _escape_data(message if kind == "error" else line)
    print(line, file=sys.stderr)
