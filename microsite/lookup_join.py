"""Join a lookup table with the member lists: who answers each key, split into shards by key prefix."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from .lookups import normalise_district, region_key
from .members import US_REGIONS
from .model import Lookup, Member, Site
from .pressrelease import state_name


@dataclass(frozen=True)
class District:
    district: str  # "3", "0" (at large)
    members: tuple[Member, ...]  # empty: the seat is vacant


@dataclass(frozen=True)
class RegionAnswer:
    region: str  # as the visitor reads it: "Alaska"
    members: tuple[Member, ...]  # those who represent the whole region (senators, a national delegation)
    districts: tuple[District, ...]  # the key's districts in this region; empty for a table without districts


def applicable_lists(lookup: Lookup, site: Site) -> tuple[str, ...]:
    """The lists a lookup searches: those site.yml names; else the chambers among the lists, those with members in
    at least half of the table's regions; else (no chamber) every list with a member in a region of the table.

    A small list beside a chamber (a 2018 commission beside today's Congress) would otherwise answer a ZIP code
    with a senator twice, or with one who no longer sits."""
    if lookup.lists:
        return lookup.lists
    regions = {region_key(region) for region in lookup.regions}
    reach = {lst.id: len(regions & {region_key(m.region) for m in lst.members}) for lst in site.member_lists}
    chambers = tuple(list_id for list_id, count in reach.items() if count and 2 * count >= len(regions))
    return chambers or tuple(list_id for list_id, count in reach.items() if count)


def district_label(district: str) -> str:
    """"district 3", "at large", or a named district ("North Ward") as written: in English, for `check`'s reports
    (render_lookups.seat_words says it to visitors in their language)."""
    if district == "0":
        return "at large"
    return f"district {district}" if district.isdigit() else district


def region_label(region: str, country: str = "US") -> str:
    """A US state code by its full name; any other region as written."""
    return state_name(region.upper()) if country in ("", "US") and region.upper() in US_REGIONS else region


class Join:
    """One lookup table joined with the members of the lists it applies to."""

    def __init__(self, lookup: Lookup, site: Site):
        self.lookup = lookup
        self.list_ids = applicable_lists(lookup, site)
        self.members = [m for lst in site.member_lists if lst.id in self.list_ids for m in lst.members]
        self.region_wide: dict[str, list[Member]] = defaultdict(list)
        self.seated: dict[tuple[str, str], list[Member]] = defaultdict(list)
        for member in self.members:
            district = normalise_district(member.district)
            if district:
                self.seated[(region_key(member.region), district)].append(member)
            else:
                self.region_wide[region_key(member.region)].append(member)
        # A table's districts only mean vacancies where the lists have district seats at all (not a senators' list).
        self.has_districts = bool(self.seated)
        self.prefix_length = lookup.prefix_length
        self._answers: dict[tuple, list[RegionAnswer]] = {}  # the keys of one district share one answer

    @cached_property
    def places(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """Key → its (region, district) places; made when asked (`check`, a single key): a build reads the table by
        shard, and a dict of the US table's 33,774 keys would cost every serve rebuild ~3 ms."""
        return dict(self.lookup.entries)

    def answer(self, key: str) -> list[RegionAnswer]:
        """Who represents `key`, region by region; [] for a key the table does not have."""
        return self.answer_for(self.places.get(key, ()))

    def answer_for(self, places: tuple[tuple[str, str], ...]) -> list[RegionAnswer]:
        """Who represents the (region, district) places of a key."""
        if places not in self._answers:
            by_region: dict[str, list[str]] = {}
            for region, district in places:
                by_region.setdefault(region, []).append(district)
            self._answers[places] = [self._region_answer(region, districts) for region, districts in by_region.items()]
        return self._answers[places]

    def _region_answer(self, region: str, districts: list[str]) -> RegionAnswer:
        found = region_key(region)
        wide = list(self.region_wide.get(found, ()))
        seats = []
        for district in districts:
            if not district:  # a row without a district: at-large seats count as the region's
                wide += self.seated.get((found, "0"), [])
            elif self.has_districts:
                members = tuple(self.seated.get((found, normalise_district(district)), ()))
                seats.append(District(district, members))
        country = wide[0].country if wide else ""
        return RegionAnswer(region_label(region, country), tuple(wide), tuple(seats))

    @cached_property
    def shards(self) -> dict[str, tuple]:
        """Shard name → its (key, places) entries, in key order."""
        entries = self.lookup.entries
        return {prefix: entries[start:end] for prefix, start, end in self.lookup.shards}

    def vacancies(self) -> list[tuple[str, str]]:
        """(region, district) of the table that no member of its lists has: a vacant seat or an older map."""
        if not self.has_districts:
            return []
        places = {(r, d) for rows in self.places.values() for r, d in rows if d}
        return sorted((r, d) for r, d in places if (region_key(r), normalise_district(d)) not in self.seated)

    def empty_regions(self) -> list[str]:
        """Regions of the table where no member of its lists sits at all (a misspelt or foreign region)."""
        sitting = {region_key(m.region) for m in self.members}
        return [region for region in self.lookup.regions if region_key(region) not in sitting]

    def unreachable(self) -> list[Member]:
        """Members of the lookup's lists whom no key leads to (a territory the table does not cover)."""
        regions = {region_key(region) for region in self.lookup.regions}
        seats = {(region_key(r), normalise_district(d)) for rows in self.places.values() for r, d in rows}
        regionless = {region for region, district in seats if not district}
        return [m for m in self.members if region_key(m.region) not in regions or (
            normalise_district(m.district) and (region_key(m.region), normalise_district(m.district)) not in seats
            and region_key(m.region) not in regionless)]


class Shard(NamedTuple):
    """One shard file of a lookup: the subject of its output."""

    lookup: str  # the lookup's name
    prefix: str
    source: str  # the table's file, where problems with the shard come from


_last: tuple = (None, [])  # (site, its joins): one site is built at a time, and its plan asks again and again


def joins_of(site: Site) -> list[Join]:
    """Every lookup of the site joined with its members, in file-name order; made once per site."""
    global _last
    if _last[0] is not site:
        _last = (site, [Join(lookup, site) for lookup in sorted(site.lookups, key=lambda t: t.name)])
    return _last[1]


def join_named(site: Site, name: str) -> Join:
    return next(j for j in joins_of(site) if j.lookup.name == name)


def page_lookup(site: Site, list_id: str | None = None) -> Join | None:
    """The lookup a page's form uses: the first (by file name) that searches `list_id`, or any list when None."""
    return next((j for j in joins_of(site) if (j.list_ids if list_id is None else list_id in j.list_ids)), None)
