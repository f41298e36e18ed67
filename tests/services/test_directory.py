"""The shipped authority directory: its data checked entry by entry, the loader's refusals, the search."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.cases.records import AUTHORITY_KINDS, Authority
from app.errors import DataFileError
from app.services.directory import AuthorityDirectory
from app.services.directory_data import (
    Directory,
    DirectoryEntry,
    directory_folder,
    load_directory,
    place_of,
    search_key,
)
from app.store import DatabaseConfig, Store, open_store

LAENDER = (
    "Baden-Württemberg",
    "Bayern",
    "Berlin",
    "Brandenburg",
    "Bremen",
    "Hamburg",
    "Hessen",
    "Mecklenburg-Vorpommern",
    "Niedersachsen",
    "Nordrhein-Westfalen",
    "Rheinland-Pfalz",
    "Saarland",
    "Sachsen",
    "Sachsen-Anhalt",
    "Schleswig-Holstein",
    "Thüringen",
)


@pytest.fixture(scope="module")
def shipped() -> Directory:
    return load_directory()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(DatabaseConfig.sqlite(tmp_path / "store.sqlite3"))
    yield opened
    opened.close()


def _names(entries: list[DirectoryEntry]) -> set[str]:
    return {e.name for e in entries}


def _called(entry: DirectoryEntry, word: str) -> bool:
    return any(word in name for name in (entry.name, *entry.aliases))


# -- the data ------------------------------------------------------------------------------------


def test_every_entry_has_a_source_a_date_and_a_known_kind(shipped: Directory) -> None:
    assert {e.jurisdiction for e in shipped.entries} == {"CN", "DE", "GB-ENG", "US"}
    for entry in shipped.entries:
        assert entry.kind in AUTHORITY_KINDS, entry.name
        assert entry.source.title and entry.source.licence, entry.name
        assert date(2017, 1, 1) <= entry.checked <= date.today(), entry.name
        # Contact data only where the source's licence allows it (the loader refuses the rest).
        if entry.address or entry.email or entry.portal:
            assert entry.source.contact_data, entry.name
        assert entry.address is None or entry.address.strip(), entry.name


def test_no_duplicate_names_per_jurisdiction(shipped: Directory) -> None:
    counts = Counter((e.jurisdiction, search_key(e.name)) for e in shipped.entries)
    assert [key for key, n in counts.items() if n > 1] == []


def test_no_address_carries_a_country_line_or_a_person(shipped: Directory) -> None:
    for entry in shipped.entries:
        lines = (entry.address or "").splitlines()
        assert not lines or lines[-1] not in ("Deutschland", "United Kingdom"), entry.name
    # 18F's data name the FOIA officer of 2017 on the first line; those names are left out.
    fbi = next(e for e in shipped.of("US") if e.name == "Federal Bureau of Investigation")
    assert fbi.address is not None and "Hardy" not in fbi.address
    assert fbi.address.endswith("Winchester, VA 22602-4843")


def test_england_and_wales_has_every_force_btp_acro_and_the_ico(shipped: Directory) -> None:
    entries = shipped.of("GB-ENG")
    territorial = [
        e for e in entries if e.kind == "police" and e.places and e.name != "British Transport Police"
    ]
    assert len(territorial) == 43
    assert {"British Transport Police", "ACRO Criminal Records Office"} <= _names(entries)
    assert "Police Service of Northern Ireland" not in _names(entries)
    ico = next(e for e in entries if e.name == "Information Commissioner's Office")
    assert ico.kind == "data_protection" and ico.address and ico.address.endswith("SK9 5AF")
    assert len(entries) == 43 + 3


def test_germany_has_the_federal_bodies_and_one_lka_and_one_commissioner_per_land(shipped: Directory) -> None:
    entries = shipped.of("DE")
    for federal in ("Bundeskriminalamt", "Bundespolizeipräsidium", "Generalzolldirektion"):
        assert any(e.name == federal and e.kind == "police" and e.address for e in entries), federal
    bfdi = [e for e in entries if "BfDI" in e.aliases]
    assert len(bfdi) == 1 and bfdi[0].kind == "data_protection" and bfdi[0].address
    for land in LAENDER:
        lka = [
            e for e in entries if e.kind == "police" and land in e.places and _called(e, "Landeskriminalamt")
        ]
        dpa = [e for e in entries if e.kind == "data_protection" and land in e.places]
        assert len(lka) == 1, land
        assert len(dpa) == 1 and dpa[0].address, land  # every commissioner's address from CC0 data
    lkas = [e for e in entries if e.kind == "police" and _called(e, "Landeskriminalamt")]
    assert len(lkas) == 16


def test_us_components_are_there_and_marked_as_old_data(shipped: Directory) -> None:
    entries = shipped.of("US")
    aliases = {a for e in entries for a in e.aliases}
    assert {"FBI", "DEA", "ATF", "USMS", "CBP", "ICE", "USSS"} <= aliases
    assert all(not e.verified and e.checked.year == 2017 and e.address for e in entries)


def test_china_has_every_provincial_level_organ_by_name_only(shipped: Directory) -> None:
    entries = shipped.of("CN")
    police = [e for e in entries if e.kind == "police"]
    cac = [e for e in entries if e.kind == "data_protection" and e.name != "国家互联网信息办公室"]
    assert len(police) == 31 and all(e.name.endswith(("公安厅", "公安局")) for e in police)
    assert len(cac) == 31 and all(e.name.endswith("互联网信息办公室") for e in cac)
    assert all(e.address is None and not e.email for e in entries)
    assert "12389" in shipped.notes["CN"] and "12377" in shipped.notes["CN"]


def test_json_form_has_exactly_the_documented_keys(shipped: Directory) -> None:
    bka = next(e for e in shipped.of("DE") if e.name == "Bundeskriminalamt").as_json()
    assert list(bka) == ["name", "aliases", "kind", "address", "email", "portal", "source", "checked"]
    assert bka["address"] == "65173 Wiesbaden" and "CC0" in bka["source"] and bka["checked"] == "2026-03-08"
    acro = next(e for e in shipped.of("GB-ENG") if e.name.startswith("ACRO")).as_json()
    assert acro["address"] is None and acro["email"] is None


# -- the loader's refusals ---------------------------------------------------------------------

GOOD = """
format = 1
jurisdiction = "DE"

[sources.open]
title = "Open data"
url = "https://example.org/data"
licence = "CC0-1.0"
contact_data = true

[sources.names]
title = "A list of names"
licence = "facts"
contact_data = false

[[authority]]
name = "Polizei Musterstadt"
kind = "police"
address = "Musterstraße 1\\n12345 Musterstadt"
source = "open"
checked = 2026-01-02
"""


def _write(folder: Path, text: str, name: str = "XX.toml") -> Path:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_good_file_loads(tmp_path: Path) -> None:
    entries = load_directory(_write(tmp_path / "d", GOOD)).entries
    assert [(e.name, e.address, e.checked) for e in entries] == [
        ("Polizei Musterstadt", "Musterstraße 1\n12345 Musterstadt", date(2026, 1, 2))
    ]


@pytest.mark.parametrize(
    ("change", "key", "reason"),
    [
        (('source = "open"', 'source = "names"'), "authority[0].address", "names only"),
        (('kind = "police"', 'kind = "polizei"'), "authority[0].kind", "unknown kind"),
        (("checked = 2026-01-02", 'checked = "2026-01-02"'), "authority[0].checked", "must be a date"),
        (("checked = 2026-01-02\n", ""), "authority[0].checked", "must be a date"),
        (('source = "open"', 'source = "elsewhere"'), "authority[0].source", "unknown source"),
        (('name = "Polizei Musterstadt"', 'name = ""'), "authority[0].name", "must not be empty"),
        (('kind = "police"', 'kind = "police"\nadress = "x"'), "authority[0].adress", "unknown key"),
        (("format = 1", "format = 2"), "format", "must be 1"),
        (('licence = "facts"\n', ""), "sources.names.licence", "must not be empty"),
    ],
)
def test_mistakes_name_the_file_and_the_key(
    tmp_path: Path, change: tuple[str, str], key: str, reason: str
) -> None:
    folder = _write(tmp_path / "d", GOOD.replace(*change, 1))
    with pytest.raises(DataFileError) as caught:
        load_directory(folder)
    assert caught.value.file == "d/XX.toml" and caught.value.key == key
    assert reason in caught.value.reason


def test_a_name_twice_in_one_jurisdiction_is_refused(tmp_path: Path) -> None:
    folder = _write(tmp_path / "d", GOOD)
    _write(folder, GOOD.replace("Polizei Musterstadt", "POLIZEI MUSTERSTADT"), "YY.toml")
    with pytest.raises(DataFileError, match=r"already listed in XX\.toml"):
        load_directory(folder)


def test_a_broken_toml_file_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as caught:
        load_directory(_write(tmp_path / "d", GOOD + "\n[[authority]\n"))
    assert caught.value.file == "d/XX.toml"
    with pytest.raises(DataFileError):
        load_directory(tmp_path / "empty")


# -- the search ------------------------------------------------------------------------------------


def test_empty_search_lists_the_jurisdiction_police_first(store: Store, shipped: Directory) -> None:
    directory = AuthorityDirectory(store, shipped)
    listed = directory.search("GB-ENG")
    assert len(listed) == len(shipped.of("GB-ENG"))
    assert listed[0].kind == "police" and listed[-1].kind == "data_protection"
    assert all(a.id is None and a.jurisdiction == "GB-ENG" for a in listed)


@pytest.mark.parametrize(
    ("jurisdiction", "query", "expected"),
    [
        ("GB-ENG", "bristol", "Avon and Somerset Constabulary"),  # a place the force covers
        ("GB-ENG", "btp", "British Transport Police"),  # an alias
        ("GB-ENG", "  GMP  ", "Greater Manchester Police"),
        ("DE", "thuringen", "Thüringer Landeskriminalamt"),  # accents ignored
        ("DE", "lka thüringen", "Thüringer Landeskriminalamt"),  # every word, in any field
        ("DE", "wiesbaden", "Bundeskriminalamt"),  # a word of the address
        ("DE", "BKA", "Bundeskriminalamt"),
        ("US", "fbi", "Federal Bureau of Investigation"),
        ("CN", "广东", "广东省公安厅"),
        ("CN", "网信办", "国家互联网信息办公室"),
    ],
)
def test_search_by_name_place_and_alias(
    store: Store, shipped: Directory, jurisdiction: str, query: str, expected: str
) -> None:
    found = AuthorityDirectory(store, shipped).search(jurisdiction, query)
    assert expected in [a.name for a in found]


def test_search_finds_nothing_for_an_unknown_word_and_only_its_jurisdiction(
    store: Store, shipped: Directory
) -> None:
    directory = AuthorityDirectory(store, shipped)
    assert directory.search("DE", "zzzz-nowhere") == []
    assert directory.search("DE", "Manchester") == []  # the English force is not German


def test_a_stored_authority_replaces_the_shipped_entry_and_is_found_by_address(
    store: Store, shipped: Directory
) -> None:
    directory = AuthorityDirectory(store, shipped)
    kept = store.add_authority(
        Authority(name="Kent Police", jurisdiction="GB-ENG", address="Sutton Road\nMaidstone\nME15 9BZ")
    )
    found = directory.search("GB-ENG", "kent")
    assert [a.id for a in found if a.name == "Kent Police"] == [kept.id]
    assert [a.name for a in directory.search("GB-ENG", "maidstone")] == ["Kent Police"]  # stored address
    assert found[0].id == kept.id  # stored entries first


def test_entry_named_gives_place_and_age(store: Store, shipped: Directory) -> None:
    directory = AuthorityDirectory(store, shipped)
    kent = directory.entry_named("GB-ENG", "kent police")
    assert kent is not None and kent.address is None and kent.place == "Kent, Medway"
    fbi = directory.entry_named("US", "Federal Bureau of Investigation")
    assert fbi is not None and not fbi.verified
    assert directory.entry_named("DE", "Kent Police") is None


def test_place_of_an_address() -> None:
    assert place_of("Graurheindorfer Str. 153\n53117 Bonn") == "53117 Bonn"
    assert place_of("Wycliffe House\nWater Lane\nWilmslow\nCheshire\nSK9 5AF") == "Cheshire SK9 5AF"
    assert place_of("Am Waterlooplatz 11\n30169 Hannover\nDeutschland") == "30169 Hannover"
    assert place_of("") == ""


def test_shipped_folder_is_the_resources_folder() -> None:
    assert directory_folder().name == "directory" and (directory_folder() / "SOURCES.md").is_file()
