"""Parse YAML into plain dicts and lists that remember the line and column of every key and item."""

from __future__ import annotations

import re

import yaml

from .errors import Location, Problem

try:  # libyaml parses the 1 MB congress-legislators file about ten times faster
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class Mapping(dict):
    """A YAML mapping; `.at(key)` is where the key's value starts, `.where` where the mapping starts."""

    where: Location
    key_locations: dict
    value_locations: dict

    def at(self, key) -> Location:
        return self.value_locations.get(key, self.where)

    def key_at(self, key) -> Location:
        return self.key_locations.get(key, self.where)


class Sequence(list):
    """A YAML sequence; `.at(i)` is where item i starts."""

    where: Location
    item_locations: list

    def at(self, index: int) -> Location:
        if 0 <= index < len(self.item_locations):
            return self.item_locations[index]
        return self.where


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


def _yaml_12_booleans(loader_class) -> None:
    """Only true/false are booleans, as in YAML 1.2, so Norway's code NO and an answer 'yes' stay text."""
    bool_tag = "tag:yaml.org,2002:bool"
    resolvers = {
        first: [(tag, regexp) for tag, regexp in entries if tag != bool_tag]
        for first, entries in _BaseLoader.yaml_implicit_resolvers.items()
    }
    loader_class.yaml_implicit_resolvers = resolvers
    loader_class.add_implicit_resolver(bool_tag, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


class _Loader(_BaseLoader):
    """The project's YAML loader; `path` and `line_offset` say where the document is, for every location."""

    path: str = ""
    line_offset: int = 0

    def locate(self, mark) -> Location:
        return Location(self.path, mark.line + 1 + self.line_offset, mark.column + 1)


def _construct_mapping(loader: _Loader, node):
    loader.flatten_mapping(node)
    result = Mapping()
    result.where = loader.locate(node.start_mark)
    result.key_locations, result.value_locations = {}, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise _DuplicateKey(None, None, "a mapping key must be a plain value", key_node.start_mark)
        if key in result:
            first = result.key_locations[key]
            raise _DuplicateKey(
                None, None, f"duplicate key '{key}' (first at line {first.line})", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_locations[key] = loader.locate(key_node.start_mark)
        result.value_locations[key] = loader.locate(value_node.start_mark)
    return result


def _construct_sequence(loader: _Loader, node):
    result = Sequence(loader.construct_object(child, deep=True) for child in node.value)
    result.where = loader.locate(node.start_mark)
    result.item_locations = [loader.locate(child.start_mark) for child in node.value]
    return result


_yaml_12_booleans(_Loader)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
# Dates stay strings: the model validates them and can then say which date is impossible and where.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_str)


def _load(text: str, path: str, line_offset: int):
    loader = _Loader(text)
    loader.path, loader.line_offset = path, line_offset
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def parse_yaml(text: str, path: str, line_offset: int = 0):
    """Parse one YAML document; returns (value, problems). `line_offset` counts lines above the YAML in its file."""
    if "\t" in text:
        for number, line in enumerate(text.splitlines(), 1):
            stripped = line.lstrip(" ")
            if stripped.startswith("\t"):
                col = len(line) - len(stripped) + 1
                where = Location(path, number + line_offset, col)
                return None, [Problem(where, "a tab is used for indentation; YAML needs spaces")]
    try:
        return _load(text, path, line_offset), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(path, mark.line + 1 + line_offset, mark.column + 1) if mark else Location(path)
        message = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem and exc.context not in message:
            message = f"{message} ({exc.context})"
        return None, [Problem(where, f"invalid YAML: {message}")]
    except yaml.reader.ReaderError as exc:  # a control character; its text spans two lines and names no line
        line = text.count("\n", 0, exc.position) + 1 + line_offset
        col = exc.position - text.rfind("\n", 0, exc.position)
        message = f"invalid YAML: a control character (U+{exc.character:04X}) cannot be written here; delete it"
        return None, [Problem(Location(path, line, col), message)]
    except yaml.YAMLError as exc:
        return None, [Problem(Location(path, 1 + line_offset), f"invalid YAML: {exc}")]
    except (ValueError, TypeError, RecursionError) as exc:
        return None, [Problem(Location(path, 1 + line_offset), f"invalid YAML: {exc}")]
