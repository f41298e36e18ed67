"""RequestDraft: JSON in and out, every problem with its key path, per-step validation."""

from __future__ import annotations

import dataclasses

import pytest
from stdnum.cn import ric

from app.cases.draft import SECTIONS, Correction, RequestDraft
from app.errors import InputError
from app.law.loader import shipped_knowledge_base

from .pdfcheck import EXAMPLE_NAMES, example


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_examples_are_valid_and_round_trip(name: str) -> None:
    draft = RequestDraft.from_json(example(name), shipped_knowledge_base())
    assert draft.problems(shipped_knowledge_base()) == []
    assert RequestDraft.from_json(draft.to_json(), shipped_knowledge_base()) == draft


def test_example_cn_ids_are_checksum_valid_fakes() -> None:
    for name in EXAMPLE_NAMES:
        data = example(name)
        if data["jurisdiction"] == "CN":
            assert ric.is_valid(data["requester"]["id_number"])


def test_every_problem_is_listed_with_its_key_path() -> None:
    bad = {
        "jurisdiction": "FR",
        "right": "forget",
        "date": "2026-02-30",
        "requester": {
            "name": "",
            "email": "not-an-address",
            "phone": "call me",
            "id_type": "resident_id",
            "id_number": "110105198807150027",
            "shoe_size": 42,
        },
        "authority": {"name": "X"},
        "details": 7,
        "enclosures": ["ok", 3],
        "courtesy_copy_en": "yes",
        "typo": 1,
    }
    with pytest.raises(InputError) as err:
        RequestDraft.from_json(bad, shipped_knowledge_base())
    found = {(p.path, p.message) for p in err.value.problems}
    paths = [p.path for p in err.value.problems]
    assert ("date", "not a date (YYYY-MM-DD)") in found
    assert ("requester.email", "not an e-mail address") in found
    assert ("requester.shoe_size", "unknown key") in found
    assert ("typo", "unknown key") in found
    for path in (
        "jurisdiction",
        "right",
        "requester.name",
        "requester.phone",
        "authority.address",
        "details",
        "enclosures[1]",
        "courtesy_copy_en",
        "requester.address",
    ):
        assert path in paths, path
    assert paths.count("date") == 1  # an unreadable date is not also reported as missing


def test_not_an_object() -> None:
    with pytest.raises(InputError) as err:
        RequestDraft.from_json(["CN"], shipped_knowledge_base())
    assert err.value.problems[0].message == "must be an object"


def test_cn_resident_id_checksum_and_birth_date() -> None:
    data = example("cn-access")
    number = data["requester"]["id_number"]
    wrong_check = number[:-1] + ("0" if number[-1] != "0" else "1")
    data["requester"]["id_number"] = wrong_check
    with pytest.raises(InputError, match="check digit"):
        RequestDraft.from_json(data, shipped_knowledge_base())
    data["requester"]["id_number"] = number
    data["requester"]["birth_date"] = "1990-01-01"
    with pytest.raises(InputError) as err:
        RequestDraft.from_json(data, shipped_knowledge_base())
    assert err.value.problems[0].path == "requester.birth_date"


@pytest.mark.parametrize(
    ("jurisdiction", "good", "bad"),
    [
        ("CN", "100022", "10002"),
        ("DE", "10961", "1096"),
        ("GB-ENG", "CB4 1XY", "CB4"),
        ("US", "45402-1234", "4540"),
    ],
)
def test_postal_codes(jurisdiction: str, good: str, bad: str) -> None:
    draft = RequestDraft(jurisdiction=jurisdiction)
    ok = dataclasses.replace(draft, requester=dataclasses.replace(draft.requester, postal_code=good))
    ko = dataclasses.replace(draft, requester=dataclasses.replace(draft.requester, postal_code=bad))
    assert "requester.postal_code" not in [
        p.path for p in ok.validate_section("requester", shipped_knowledge_base())
    ]
    assert "requester.postal_code" in [
        p.path for p in ko.validate_section("requester", shipped_knowledge_base())
    ]


def test_validate_section_reports_only_that_step() -> None:
    draft = RequestDraft(jurisdiction="DE", right="correction", correction=Correction(wrong="x"))
    assert {p.path for p in draft.validate_section("rights", shipped_knowledge_base())} == {
        "correction.correct"
    }
    assert {p.path for p in draft.validate_section("authority", shipped_knowledge_base())} == {
        "authority.name",
        "authority.address",
    }
    assert all(
        p.path.startswith("requester.") for p in draft.validate_section("requester", shipped_knowledge_base())
    )
    assert set(SECTIONS) >= {"situation", "authority", "rights", "requester", "details"}
    with pytest.raises(ValueError):
        draft.validate_section("nope", shipped_knowledge_base())


def test_representative_needs_power_of_attorney() -> None:
    data = example("de-access")
    data["representative"] = {"name": "Rechtsberatung Kreuzberg e. V."}
    with pytest.raises(InputError) as err:
        RequestDraft.from_json(data, shipped_knowledge_base())
    assert [p.path for p in err.value.problems] == ["representative.power_of_attorney"]
    data["representative"]["power_of_attorney"] = True
    assert RequestDraft.from_json(data, shipped_knowledge_base()).representative is not None
