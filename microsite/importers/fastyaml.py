"""Build yamlsource Mappings and Sequences straight from libyaml events, for large data files read in bulk."""

from __future__ import annotations

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from ..errors import Location
from ..yamlsource import Mapping, Sequence, parse_yaml

# Composing nodes resolves every scalar's tag in Python, which is most of the time spent on the 1 MB
# congress-legislators file; walking the parser's events skips that and is about twice as fast as parse_yaml.
# The price: every scalar stays a string (None for an empty or `null` one) and duplicate keys are not reported,
# which suits upstream data files; campaigners' own YAML still goes through parse_yaml.
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


def parse_data_yaml(text: str, path: str):
    """Parse one YAML document; returns (value, problems) like yamlsource.parse_yaml."""
    try:
        return _build(text, path), []
    except (yaml.YAMLError, TypeError, KeyError):  # bad syntax, a mapping as a key, an undefined alias
        # parse_yaml words the same syntax error the way every other YAML message in the project is worded.
        return parse_yaml(text, path)


class _Marks(dict):
    """Key -> (line, column), made a Location only when asked: most values of a data file are never looked at."""

    path = ""

    def get(self, key, default=None):
        mark = dict.get(self, key)
        return default if mark is None else Location(self.path, *mark)

    def __getitem__(self, key):
        return Location(self.path, *dict.__getitem__(self, key))


class _ItemMarks(list):
    """Item index -> (line, column), made a Location only when asked."""

    path = ""

    def __getitem__(self, index):
        return Location(self.path, *list.__getitem__(self, index))


def _build(text: str, path: str):
    root = None
    stack: list = []  # [container, pending key, pending key's location]
    anchors: dict = {}
    for event in yaml.parse(text, Loader=_Parser):
        kind = type(event)
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
            continue
        mark = event.start_mark
        where = (mark.line + 1, mark.column + 1)
        if kind is ScalarEvent:
            value = None if event.implicit[0] and event.value in _NULLS else event.value
        elif kind is MappingStartEvent:
            value = Mapping()
            value.where = Location(path, *where)
            value.key_locations, value.value_locations = _Marks(), _Marks()
            value.key_locations.path = value.value_locations.path = path
        elif kind is SequenceStartEvent:
            value = Sequence()
            value.where, value.item_locations = Location(path, *where), _ItemMarks()
            value.item_locations.path = path
        elif kind is AliasEvent:
            value = anchors[event.anchor]
        else:
            continue
        if getattr(event, "anchor", None) and kind is not AliasEvent:
            anchors[event.anchor] = value
        if not stack:
            root = value
        else:
            _attach(stack[-1], value, where)
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            stack.append([value, None, None])
    return root


def _attach(top: list, value, where: tuple) -> None:
    container = top[0]
    if type(container) is Sequence:
        container.append(value)
        list.append(container.item_locations, where)
    elif top[2] is None:  # a mapping waiting for its next key
        top[1], top[2] = value, where
    else:
        key = top[1]
        container[key] = value
        container.key_locations[key] = top[2]
        container.value_locations[key] = where
        top[1] = top[2] = None
