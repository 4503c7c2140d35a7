"""Content problems with their file positions, collected so a run reports all of them at once."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Location:
    """Where a value came from: a path relative to the project, 1-based line and column.

    A value given on the command line is located at its option instead, e.g. Location("--base-url").
    """

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        if self.path.startswith("-"):  # an option has no lines: "--base-url: error: …", not "--base-url:1:1: …"
            return self.path
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Problem:
    location: Location
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message}"


class ContentError(Exception):
    """Raised once a run has found content problems; carries every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Report:
    """Collects errors and warnings through every stage of a build."""

    strict: bool = False
    problems: list[Problem] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.problems.append(Problem(location, message, "error"))

    def warning(self, location: Location, message: str) -> None:
        # --strict exists so CI can refuse what a campaigner's preview tolerates.
        severity = "error" if self.strict else "warning"
        self.problems.append(Problem(location, message, severity))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ContentError(sorted(self.errors, key=lambda p: p.location))


def did_you_mean(word: str, choices) -> str:
    """A ' (did you mean 'x'?)' suffix naming the closest choice, or '' when none is close."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
