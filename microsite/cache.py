"""Fingerprint every output by the digests of its inputs, and remember fingerprints between builds in .cache/."""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import stat
import sys
import time
from dataclasses import dataclass, field, replace
from functools import cache
from operator import attrgetter
from pathlib import Path
from typing import Callable

from .cards import shared_text
from .errors import Problem, Report
from .i18n import PROJECT_CATALOGS
from .model import SIGNERS_SUFFIX
from .plan import (ALL_ACTIONS, ALL_LOOKUPS, ALL_MEMBERS, ALL_PAGES, ALL_STATEMENTS, ASSETS, CARD_FRAME, CONFIG,
                   FEED_PAGES, PAGE_DATES, LATEST_PAGES, ROUTES, SIGNATORIES, TEMPLATES, Output, card_key, feed_pages,
                   list_key, member_key)
from .write import replacing

PACKAGE = Path(__file__).resolve().parent
FOLDER_KEYS = {"pages": ALL_PAGES, "statements": ALL_STATEMENTS, "members": ALL_MEMBERS, "actions": ALL_ACTIONS,
               "lookups": ALL_LOOKUPS}


MAC_BYTES = 32


def key_path() -> Path:
    """Outside the checkout, so nothing committed to the repository can forge a signed cache."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "campaign-microsite" / "cache.key"


@cache
def signing_key() -> bytes:
    path = key_path()
    try:
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    except OSError:
        pass
    key = secrets.token_bytes(32)
    try:
        # Runs started together on a new machine each make a key: the first one stored is the one they all use.
        with replacing(path, mode=0o600, over_existing=path.exists()) as stream:
            stream.write(key)
        stored = path.read_bytes()
    except OSError:
        return key  # an unwritable home only costs the cache: this run's key signs nothing a later run can read
    return stored if len(stored) >= 32 else key


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()


@cache
def builder_version() -> str:
    """Changes whenever the builder's own code or the libraries that shape its output change."""
    from importlib.metadata import version

    import jinja2
    import markdown
    import PIL

    # the share cards' font and the shipped message catalogs too
    sources = sorted(PACKAGE.rglob("*.py")) + sorted(PACKAGE.rglob("*.ttf")) + sorted(PACKAGE.glob("locale/*.po"))
    return digest(sys.version, jinja2.__version__, markdown.__version__, PIL.__version__, version("zxing-cpp"),
                  version("babel"),
                  *(part for path in sources for part in (path.relative_to(PACKAGE).as_posix(), path.read_bytes())))


_name = attrgetter("name")


def _walk(folder: str, prefix: str):
    """(relative path, full path, os.stat_result, is a link) of every file under `folder`, hidden ones left out, in a stable
    order. One scandir per folder: the entries know their type and full path without building Path objects."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted((e for e in listing if not e.name.startswith(".")), key=_name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir():
            yield from _walk(entry.path, f"{prefix}{entry.name}/")
        elif entry.is_file():
            yield f"{prefix}{entry.name}", entry.path, entry.stat(), entry.is_symlink()


# File times have the resolution of the kernel's clock tick: two saves within one tick can leave the same size and
# time. A file changed this recently is read again on every build instead of being recognised by its stamp.
RACY_NS = 2_000_000_000


def settled_stamp(info: os.stat_result, now_ns: int | None = None) -> tuple[int, int, int] | None:
    """(inode, size, mtime) when they identify the file's content; None for a file written moments ago.

    `now_ns`: the clock read once for a whole folder, instead of once per file."""
    if (time.time_ns() if now_ns is None else now_ns) - info.st_mtime_ns < RACY_NS:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


class FileDigests:
    """Digests of the files under a folder, re-reading only files whose size or modification time changed."""

    def __init__(self, previous: "FileDigests | None" = None):
        self.known: dict[str, tuple[tuple, str]] = dict(previous.known) if previous else {}
        self.stamps: dict[str, tuple] = {}  # full path → stamp, as seen by this build (LoadMemo reuses them)
        self._stamps_before = previous.stamps if previous else {}  # the last build's, for `update`
        # A linked file changes when its target does, which a watcher reports under the target's path, not the
        # link's: while the folder holds a link (README allows them), `update` cannot account for a change.
        self.linked: set[str] = set(previous.linked) if previous else set()  # prefixes of folders holding a link

    def __getstate__(self):
        return {"known": self.known, "stamps": {}, "linked": self.linked}

    def of(self, folder: Path, prefix: str = "") -> dict[str, str]:
        result = {}
        now_ns = time.time_ns()  # read before any stat, so a file written during the walk counts as racy
        self.linked.discard(prefix)
        for relative, full, info, link in _walk(str(folder), prefix):
            if link:
                self.linked.add(prefix)
            known = self._look(relative, full, info, now_ns)
            if known is not None:
                result[relative] = known
        return result

    def _look(self, relative: str, full: str, info: os.stat_result, now_ns: int) -> str | None:
        """The file's digest, read again only when its stamp changed or is not settled; None if it cannot be read."""
        stamp = settled_stamp(info, now_ns)
        self.stamps[full] = stamp
        known = self.known.get(relative)
        if known is None or stamp is None or known[0] != stamp:
            try:
                with open(full, "rb") as stream:
                    known = (stamp, digest(stream.read()))
            except OSError:
                return None
            self.known[relative] = known
        return known[1]

    def update(self, before: dict[str, str], folder: Path, prefix: str, changed) -> dict[str, str] | None:
        """What `of` would give, from what it gave the last build (`before`) and the paths a watcher saw change since,
        looking only at those; None when one is not a file this can account for (a folder made, moved or removed)."""
        if prefix in self.linked:
            return None
        result = dict(before)
        root = str(folder)
        # The last build's stamps of the files not reported, whose unsettled ones (None) the load reads again.
        self.stamps.update(self._stamps_before)
        now_ns, added = time.time_ns(), False
        for path in changed:
            relative = os.path.relpath(path, root).replace(os.sep, "/")
            if relative.startswith("../"):
                return None  # not a path this folder's files are known by (a link resolved, say)
            if any(part.startswith(".") for part in relative.split("/")):
                continue  # hidden, as `_walk` skips (an editor's swap file)
            full, relative = os.path.join(root, relative), prefix + relative
            try:
                info = os.stat(full)
            except FileNotFoundError:
                if relative not in result:
                    return None
                del result[relative]
                self.stamps.pop(full, None)
                continue
            if os.path.islink(full):
                return None  # a new link: from now on, `of` looks at every file
            known = self._look(relative, full, info, now_ns) if stat.S_ISREG(info.st_mode) else None
            if known is None:
                return None
            added = added or relative not in result
            result[relative] = known
        if not added:
            return result
        # In `_walk`'s order (by name, folder by folder), which the folders' digests follow.
        return {name: result[name] for name in sorted(result, key=lambda name: name.split("/"))}


_UNSEEN = object()  # not in a dict: None may be a value


class ReprDigests:
    """Digests of records turned into text, kept by the records' identity from one build to the next.

    A rebuild's loader hands back the very objects an earlier build made from files that did not change (see
    LoadMemo), so only the records of changed files are turned into text again. Holding each record keeps its id
    from being reused by another object. Records and digests sit in two flat dicts, not in a tuple per record:
    thousands of new tuples holding records would survive every build and set off full garbage collections."""

    def __init__(self, previous: "ReprDigests | None" = None):
        self._records_before = previous._records if previous else {}
        self._digests_before = previous._digests if previous else {}
        self._records: dict[tuple, object] = {}
        self._digests: dict[tuple, str] = {}

    def of(self, record, text=repr) -> str:
        key = (id(record), text.__name__)  # ints and strings only: the collector stops tracking such a tuple
        if self._records.get(key, _UNSEEN) is not record:
            same = self._records_before.get(key, _UNSEEN) is record
            self._records[key] = record
            self._digests[key] = self._digests_before[key] if same else digest(text(record))
        return self._digests[key]

    def of_value(self, name: str, value: dict[str, str]) -> str:
        """digest(repr(sorted(value.items()))), reused while `value` (strings only) equals what it was."""
        key = ("value", name)
        same = self._records_before.get(key) == value
        self._records[key] = value
        self._digests[key] = self._digests_before[key] if same else digest(repr(sorted(value.items())))
        return self._digests[key]


def _page_dates(page) -> str:
    return repr((page.source, page.slug, page.date, page.updated))


def _card_title(page) -> str:
    return page.title


def _list_without_members(member_list) -> str:
    return repr(replace(member_list, members=()))


def _folder_keys(content: dict[str, str]) -> dict[str, str]:
    """ALL_PAGES and the other folder keys: digests of every file's name and digest in that folder of content/."""
    lines: dict[str, list[str]] = {key: [] for key in FOLDER_KEYS.values()}
    for name, value in content.items():
        parts = name.split("/", 2)
        # Signers show on their own statement only (its outputs name the file), not in what lists statements.
        if len(parts) == 3 and parts[1] in FOLDER_KEYS and not name.endswith(SIGNERS_SUFFIX):
            lines[FOLDER_KEYS[parts[1]]].append(f"{name}={value}")
    return {key: digest("\n".join(folder)) for key, folder in lines.items()}


def input_digests(content: dict[str, str], renderer, settings: str, reprs: ReprDigests) -> dict[str, str]:
    """Dependency key (see plan.py) → digest of what it stands for, from the content files' digests (`content`)
    and `settings`, the build options and date."""
    site, router = renderer.site, renderer.router
    digests = dict(content)
    digests.update(_folder_keys(content))
    # The campaign's own catalogs (content/locale/*.po) word every page, as site.yml's settings do
    catalogs = sorted(f"{name}={value}" for name, value in content.items()
                      if name.startswith(PROJECT_CATALOGS + "/"))
    digests[CONFIG] = digest(digests.get("content/site.yml", ""), settings, *catalogs)
    digests[ROUTES] = reprs.of_value(ROUTES, router.by_source)
    digests[ASSETS] = digest(repr(sorted(router.asset_names.items())))
    signers = {i for statement in site.statements for i in statement.signatories}
    for member_list in site.member_lists:
        for member in member_list.members:
            digests[member_key(member.id)] = reprs.of(member)
        digests[list_key(member_list.id)] = reprs.of(member_list, _list_without_members)
    digests[SIGNATORIES] = digest(*(reprs.of(site.members.get(i)) for i in sorted(signers)))
    digests[CARD_FRAME] = digest(repr((shared_text(renderer), renderer.report.strict)))
    for page in site.pages:
        digests[card_key(page.source)] = reprs.of(page, _card_title)
    digests[PAGE_DATES] = digest(*(reprs.of(p, _page_dates) for p in site.pages))
    # One key for every language's newest pages: a page in one language is rarely edited alone for long.
    languages = ("",) + site.config.languages[1:]
    digests[LATEST_PAGES] = digest(*(reprs.of(p) for code in languages for p in renderer.latest_pages(code)))
    digests[FEED_PAGES] = digest(*(reprs.of(p) for code in languages for p in feed_pages(site, router, code)))
    return digests


def fingerprint(output: Output, digests: dict[str, str]) -> str:
    """Equal fingerprints mean equal bytes, templates aside (their use is recorded when the output renders)."""
    if output.kind == "asset":
        return digest(output.path, output.subject.data)
    parts = "\0".join(f"{key}={digests.get(key, '-')}" for key in output.deps if key != TEMPLATES)
    return digest(f"{builder_version()}\0{output.kind}\0{output.path}\0{parts}")


class Fingerprints:
    """Every output's fingerprint, hashed again only where one of the output's dependency keys has a new digest.

    Most rebuilds follow a save of one file: hashing the keys of thousands of untouched outputs would cost more
    than rendering the one that changed. Kept in memory by a long-lived Builder, from one build to the next."""

    def __init__(self, digests: dict[str, str], previous: "Fingerprints | None" = None):
        self.digests = digests
        self.known: dict[tuple, str] = {}  # (kind, path, deps) → fingerprint of a planned output, for the next build
        self.plan: tuple | None = None  # what `of_all` was given as `plan`
        self.prints: list[str] = []  # the planned outputs' fingerprints, in plan order
        self._users: dict[str, list[int]] | None = None  # dependency key → the planned outputs using it, by index
        before = previous.digests if previous else {}
        self._previous = previous
        self._changed = {k for k in digests.keys() | before.keys() if digests.get(k) != before.get(k)}

    def of_all(self, outputs: list[Output], plan: tuple | None = None) -> list[str]:
        """`plan`: (the plan's identity, how many outputs it planned) for outputs that start with a plan's outputs.
        When the last build had the same plan (reused since), the outputs are the same ones in the same order, so
        only those that use a changed key are looked at; the rest (the assets) always are."""
        previous, self._previous = self._previous, None
        count = plan[1] if plan else 0
        if plan is not None and previous is not None and previous.plan == plan:
            self._users = previous._users or _users(outputs[:count])
            self.known, self.prints = previous.known, list(previous.prints)
            for i in sorted(set().union(*(self._users.get(key, ()) for key in self._changed))):
                self.prints[i] = self.known[_key(outputs[i])] = fingerprint(outputs[i], self.digests)
        else:
            before = previous.known if previous else {}
            self.prints = [self._of(output, before) for output in outputs[:count]]
        self.plan = plan
        return self.prints + [self._of(output, {}) for output in outputs[count:]]

    def _of(self, output: Output, before: dict[tuple, str]) -> str:
        if output.kind == "asset":  # of its bytes, not of dependency keys
            return fingerprint(output, self.digests)
        key = _key(output)
        value = before.get(key)
        if value is None or not self._changed.isdisjoint(output.deps):
            value = fingerprint(output, self.digests)
        self.known[key] = value
        return value


def _key(output: Output) -> tuple:
    return output.kind, output.path, output.deps


def _users(outputs: list[Output]) -> dict[str, list[int]]:
    users: dict[str, list[int]] = {}
    for i, output in enumerate(outputs):
        for key in output.deps:
            users.setdefault(key, []).append(i)
    return users


class TemplateDigests:
    """Template name → digest of its text now, checked against a whole (name, digest) tuple at once: the thousands
    of outputs in a site were rendered with a handful of different sets of templates."""

    def __init__(self, now: dict[str, str]):
        self.now = now
        self._answers: dict[tuple, bool] = {}

    def match(self, used: tuple[tuple[str, str], ...]) -> bool:
        answer = self._answers.get(used)
        if answer is None:
            answer = self._answers[used] = all(self.now.get(name) == value for name, value in used)
        return answer


@dataclass(frozen=True)
class Entry:
    """What the cache knows about one output file as last written."""

    fingerprint: str
    templates: tuple[tuple[str, str], ...]  # (template name, digest) of every template it was rendered with
    problems: tuple[Problem, ...]  # warnings its rendering reported, replayed when it is reused
    stamp: tuple[int, int, int]  # inode, size and mtime of the written file, to notice cheaply that it is intact
    data: str  # digest of the bytes, for a file whose stamp changed (a restored CI cache, an edit in site/)

    def is_fresh(self, fingerprint_now: str, templates_now: TemplateDigests, written: str, trusted: bool) -> bool:
        """True when the output would render to the same bytes and `written` (its file) still holds them.

        `trusted`: this process wrote or checked the file itself, so it is not looked at again."""
        return (self.fingerprint == fingerprint_now and templates_now.match(self.templates)
                and (trusted or file_stamp(written) == self.stamp or self._same_data(written)))

    def _same_data(self, written: str) -> bool:
        try:
            with open(written, "rb") as stream:
                return digest(stream.read()) == self.data
        except OSError:
            return False


def file_stamp(path: str) -> tuple[int, int, int] | None:
    """(inode, size, mtime) of an output file as written, or None when there is none."""
    try:
        return stamp_of(os.stat(path))
    except OSError:
        return None


def stamp_of(info: os.stat_result) -> tuple[int, int, int]:
    return info.st_ino, info.st_size, info.st_mtime_ns


@dataclass
class BuildCache:
    """Entries per output file, and the load memo, for one output folder; stored as one pickle in .cache/."""

    entries: dict[str, Entry] = field(default_factory=dict)
    load_memo: dict = field(default_factory=dict)
    markdown: "MarkdownMemo | None" = None
    files: FileDigests = field(default_factory=FileDigests)

    @staticmethod
    def location(project: Path, out: Path) -> Path:
        return project / ".cache" / f"build-{digest(str(out.resolve()))}.pickle"

    @classmethod
    def read(cls, path: Path) -> "BuildCache":
        """The stored cache, or an empty one when there is none or another builder version wrote it; or when it is
        damaged (a run killed while writing it, a full disk) or not ours, which a warning on stderr says."""
        try:
            signed = path.read_bytes()
        except FileNotFoundError:
            return cls()
        except OSError as exc:
            return _ignored(path, exc.strerror or str(exc))
        data = verified(signed)
        if data is None:
            return _ignored(path, "it is damaged, or was not written on this machine")
        try:
            version, cache_data = pickle.loads(data)
        except (EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
            return _ignored(path, "it is damaged")
        if version != builder_version():
            return cls()  # written by another version of the builder: an upgrade, not damage
        return cache_data if isinstance(cache_data, cls) else _ignored(path, "it is damaged")

    def save(self, path: Path) -> None:
        """Written whole or not at all (see write.replacing), under the output folder's lock (see outlock)."""
        # Only one run at a time writes this file: temporary files beside it are what killed runs left.
        for leftover in path.parent.glob(f".{path.name}.*.tmp"):
            leftover.unlink(missing_ok=True)
        # Streamed and signed as it goes: held whole (and copied to prepend the signature), the pickle of a
        # 5,000-page site doubled the builder's peak memory.
        with replacing(path) as stream:
            stream.write(bytes(MAC_BYTES))  # the signature's place, filled in once the pickle is written
            signing = _SigningWriter(stream)
            pickle.dump((builder_version(), self), signing, protocol=pickle.HIGHEST_PROTOCOL)
            stream.seek(0)
            stream.write(signing.mac.digest())


def _ignored(path: Path, why: str) -> BuildCache:
    """An empty cache in place of a damaged one, said once: the build renders everything and stores a new one."""
    print(f"warning: ignoring .cache/{path.name}: {why}; building everything, and storing a new one",
          file=sys.stderr, flush=True)
    return BuildCache()


def signed(data: bytes) -> bytes:
    """`data` behind its signature, for `verified` to accept in a later run on this machine."""
    return hmac.new(signing_key(), data, "sha256").digest() + data


def verified(stored: bytes) -> memoryview | None:
    """What `signed` (or BuildCache.save) stored, without its signature; None when this machine did not sign it.

    A pickle can run code when loaded; one planted in a pull request must never be, so only what this machine (or
    this CI's own restored cache) signed is unpickled. A file cut short or damaged fails the check too."""
    mac, data = stored[:MAC_BYTES], memoryview(stored)[MAC_BYTES:]  # a view: the pickle is not copied
    return data if hmac.compare_digest(mac, hmac.new(signing_key(), data, "sha256").digest()) else None


class _SigningWriter:
    """Writes to `stream` what the pickler gives it, computing the HMAC of all of it on the way."""

    def __init__(self, stream):
        self.stream, self.mac = stream, hmac.new(signing_key(), digestmod="sha256")

    def write(self, data) -> int:
        self.mac.update(data)
        return self.stream.write(data)


class LoadMemo:
    """Records read from content files by an earlier build, reused while the file and its context are unchanged."""

    def __init__(self, previous: dict | None = None, stamps: dict[str, tuple] | None = None):
        self.previous = previous or {}
        self.stamps = stamps or {}  # full path → stamp, already taken by this build
        self.entries: dict = {}  # only what this load used, so the memo never outgrows the project
        self._context_keys: dict[int, tuple[object, str]] = {}  # holding the object keeps its id unique

    def lookup(self, kind: str, path: str, context, strict: bool) -> tuple[tuple | None, tuple | None]:
        """(key, (record, problems) from before or None); the key is None for a file that cannot be remembered."""
        stamp = self.stamps.get(path, _UNSEEN)
        if stamp is _UNSEEN:
            try:
                stamp = settled_stamp(os.stat(path))
            except OSError:
                stamp = None
        if stamp is None:
            return None, None
        key = (kind, path, stamp, strict, self._context_key(context))
        return key, self.entries.get(key) or self.previous.get(key)

    def remember(self, key: tuple | None, made: tuple) -> None:
        if key is not None:
            self.entries[key] = made

    def linked(self, translation, original, make: Callable[[], tuple]) -> tuple:
        """make()'s (the translation linked to its original, problems), reused while both records are the very
        objects an earlier build linked: linked anew, every translation of the site would be a new object in
        every rebuild, and every digest of it made again (see ReprDigests)."""
        key = ("linked", translation.source)
        before = self.entries.get(key) or self.previous.get(key)
        if before is None or before[0] is not translation or before[1] is not original:
            before = (translation, original, *make())
        self.entries[key] = before
        return before[2], before[3]

    def _context_key(self, context) -> str:
        # The same context (the member ids) comes with every statement: compute its key once per load.
        if id(context) not in self._context_keys:
            value = sorted(context) if isinstance(context, (set, frozenset)) else context
            self._context_keys[id(context)] = (context, digest(repr(value)))
        return self._context_keys[id(context)][1]


class MarkdownMemo:
    """Markdown converted by earlier builds, reused while links resolve the same way (the same `scope`)."""

    def __init__(self, scope: str, previous: "MarkdownMemo | None" = None):
        self.scope = scope
        self.entries: dict = dict(previous.entries) if previous and previous.scope == scope else {}
        self.added: list = []  # converted by this process since the last look, for workers to hand back

    @staticmethod
    def _key(key) -> tuple[str, int, str]:
        source, first_line, body = key
        return source, first_line, digest(body)

    def get(self, key):
        return self.entries.get(self._key(key))

    def __setitem__(self, key, value) -> None:
        self.entries[self._key(key)] = value
        self.added.append((self._key(key), value))

    def take_added(self) -> tuple:
        """What this process converted since the last call: a worker hands it back to the parent's memo."""
        added, self.added = tuple(self.added), []
        return added

    def merge(self, added: tuple) -> None:
        self.entries.update(added)

    def keep_only(self, records) -> None:
        """Forget Markdown no current page or statement has, so the memo never outgrows the project."""
        wanted = {self._key((r.source, r.body_line, r.body)) for r in records}
        self.entries = {k: v for k, v in self.entries.items() if k in wanted}
