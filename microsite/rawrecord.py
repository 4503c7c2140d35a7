"""A member record as a reader found it: plain values under project field names, each with its location."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import Location


@dataclass
class RawRecord:
    """One member (or list header) as a reader found it: project field names and where each value came from.

    Paths are dotted: "email", "position.date", "offices.0.phone", "social.twitter".
    """

    values: dict
    where: Location
    locations: dict = field(default_factory=dict)  # path -> where its value starts
    key_locations: dict = field(default_factory=dict)  # path -> where its key starts (YAML only)
    columns: dict = field(default_factory=dict)  # path -> CSV column, named in messages

    @classmethod
    def from_yaml(cls, mapping) -> "RawRecord":
        """Wrap a yamlsource Mapping (or a jsonsource one), indexing the location of every nested value."""
        record = cls(mapping, mapping.where)
        record._index(mapping, "")
        return record

    def _index(self, node, prefix: str) -> None:
        if isinstance(node, dict):
            entries = [(str(k), node.at(k), node.key_at(k), v) for k, v in node.items()]
        elif isinstance(node, list) and hasattr(node, "at"):
            entries = [(str(i), node.at(i), None, v) for i, v in enumerate(node)]
        else:
            return
        for key, where, key_where, value in entries:
            self.locations[prefix + key] = where
            if key_where is not None:
                self.key_locations[prefix + key] = key_where
            self._index(value, f"{prefix}{key}.")

    def put(self, path: str, value: Any, where: Location, column: str = "") -> None:
        """Set the value at a dotted path, creating the dicts and lists above it, and remember its origin."""
        parts = path.split(".")
        container = self.values
        for part, following in zip(parts, parts[1:]):
            container = _child(container, part, [] if following.isdigit() else {})
        _child(container, parts[-1], value, replace=True)
        self.locations[path] = where
        if column:
            self.columns[path] = column

    def copy(self, mapping, key: str, path: str = "") -> None:
        """Copy mapping[key] to `path` (default: the same name) with its location, when it has a value."""
        value = mapping.get(key) if isinstance(mapping, dict) else None
        if value is not None and value != "":
            self.put(path or key, value, mapping.at(key))

    def has(self, path: str) -> bool:
        return path in self.locations

    def at(self, path: str) -> Location:
        """Where the value at `path` starts, or the nearest enclosing value's start."""
        while path:
            if path in self.locations:
                return self.locations[path]
            path = path.rpartition(".")[0]
        return self.where

    def key_at(self, path: str) -> Location:
        return self.key_locations.get(path) or self.at(path)

    def hint(self, path: str) -> str:
        """' (column 'email')' for CSV values, so a message names what a spreadsheet user sees."""
        while path:
            if path in self.columns:
                return f" (column '{self.columns[path]}')"
            path = path.rpartition(".")[0]
        return ""


def _child(container, part: str, value, replace: bool = False):
    if isinstance(container, list):
        index = int(part)
        container.extend([None] * (index + 1 - len(container)))
        if replace or container[index] is None:
            container[index] = value
        return container[index]
    if replace:
        container[part] = value
        return value
    return container.setdefault(part, value)
