"""``habeas authorities list`` and ``habeas authorities import`` end to end in a temporary HABEAS_HOME."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import bootstrap
from app.cases.records import ALL_ROWS, Authority
from app.cli.main import main

KEYS = ["name", "aliases", "kind", "address", "email", "portal", "source", "checked"]


def _stored() -> list[Authority]:
    store = bootstrap.open_store(bootstrap.load_environment())
    try:
        return store.list_authorities(page=ALL_ROWS)
    finally:
        store.close()


def test_list_json_for_one_jurisdiction(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["authorities", "list", "--jurisdiction", "GB-ENG", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert len(entries) == 46 and all(list(e) == KEYS for e in entries)
    kent = next(e for e in entries if e["name"] == "Kent Police")
    assert (
        kent["address"] is None and kent["email"] is None and "Open Government Licence" not in kent["source"]
    )
    assert "OGL-UK-3.0" in kent["source"] and kent["checked"] == "2026-12-03"
    gmp = next(e for e in entries if e["name"] == "Greater Manchester Police")
    assert gmp["address"].endswith("M11 2NS") and "GMP" in gmp["aliases"] and "CC0-1.0" in gmp["source"]


def test_list_all_as_text_names_sources_dates_and_the_national_channels(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["authorities", "list"]) == 0
    out = capsys.readouterr().out
    for heading in (
        "CN: 64 authorities",
        "DE: 87 authorities",
        "GB-ENG: 46 authorities",
        "US: 16 authorities",
    ):
        assert heading in out
    assert "12389" in out and "12377" in out
    assert "Bundeskriminalamt · 65173 Wiesbaden [police]" in out
    assert "Federal Bureau of Investigation · Winchester, VA 22602-4843 [police, not verified]" in out
    assert "checked 2017-11-02" in out
    assert "Nothing was saved" not in out


def test_list_an_unknown_jurisdiction_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["authorities", "list", "--jurisdiction", "XX"]) == 2
    err = capsys.readouterr().err
    assert "XX" in err and "GB-ENG" in err


def test_import_json_then_again_skips_the_exact_duplicates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "clinic.json"
    entries = [
        {
            "name": "Polizeipräsidium Musterstadt",
            "jurisdiction": "DE",
            "address": "Musterstraße 1\n12345 Musterstadt",
        },
        {
            "name": "Landesbeauftragte Muster",
            "jurisdiction": "DE",
            "kind": "data_protection",
            "email": "a@b.example",
        },
        {
            "name": "Some Police",
            "jurisdiction": "GB-ENG",
            "address": None,
            "portal": "https://police.example/sar",
        },
    ]
    file.write_text(json.dumps(entries), encoding="utf-8")
    assert main(["authorities", "import", str(file)]) == 0
    assert "Added 3 authorities" in capsys.readouterr().out
    stored = {a.name: a for a in _stored()}
    assert stored["Polizeipräsidium Musterstadt"].kind == "police"
    assert stored["Polizeipräsidium Musterstadt"].address == "Musterstraße 1\n12345 Musterstadt"
    assert stored["Landesbeauftragte Muster"].kind == "data_protection"
    assert stored["Some Police"].website == "https://police.example/sar"

    entries.append({"name": "Another Police", "jurisdiction": "GB-ENG"})
    file.write_text(json.dumps({"authorities": entries}), encoding="utf-8")
    assert main(["authorities", "import", str(file)]) == 0
    out = capsys.readouterr().out
    assert "Added 1 authority" in out and "Skipped 3 entries" in out
    assert len(_stored()) == 4


def test_import_the_list_output_with_a_jurisdiction(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["authorities", "list", "--jurisdiction", "US", "--json"]) == 0
    file = tmp_path / "us.json"
    file.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["authorities", "import", str(file), "--jurisdiction", "US"]) == 0
    stored = _stored()
    assert len(stored) == 16 and all(a.jurisdiction == "US" for a in stored)


def test_import_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "clinic.csv"
    file.write_text(
        "\ufeffname,jurisdiction,kind,address\n"
        '某市公安局某分局,CN,police,"某市某区某路1号"\n'
        "Kent Police,GB-ENG,,\n",
        encoding="utf-8",
    )
    assert main(["authorities", "import", str(file)]) == 0
    assert "Added 2 authorities" in capsys.readouterr().out
    assert {(a.name, a.jurisdiction, a.kind) for a in _stored()} == {
        ("某市公安局某分局", "CN", "police"),
        ("Kent Police", "GB-ENG", "police"),
    }


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ('[{"name": "X Police", "jurisdiction": "XX"}]', "entry 1 (X Police).jurisdiction"),
        ('[{"name": "X Police", "jurisdiction": "DE", "kind": "polizei"}]', "entry 1 (X Police).kind"),
        ('[{"name": "X Police"}]', "entry 1 (X Police).jurisdiction"),
        ('[{"name": "", "jurisdiction": "DE"}]', "entry 1.name"),
        ('[{"jurisdiction": "DE", "adress": "x"}]', "entry 1.adress"),
        ('[{"name": "A", "jurisdiction": "DE"}, "B"]', "entry 2"),
        ('[{"name": "A", "jurisdiction": "DE", "address": 5}]', "entry 1 (A).address"),
        ('{"name": "A"}', "must hold a list"),
        ("[]", "no authorities"),
        ('[{"name": "A",', "not valid JSON"),
        ("name,jurisdiction\nA,YY\n", "line 2 (A).jurisdiction"),
    ],
)
def test_bad_input_exits_2_naming_entry_and_key_and_stores_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, named: str
) -> None:
    file = tmp_path / ("bad.csv" if content.startswith("name,") else "bad.json")
    file.write_text(content, encoding="utf-8")
    assert main(["authorities", "import", str(file)]) == 2
    assert named in capsys.readouterr().err
    assert _stored() == []


def test_import_of_a_missing_or_binary_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["authorities", "import", str(tmp_path / "missing.json")]) == 2
    assert "missing.json" in capsys.readouterr().err
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00name")
    assert main(["authorities", "import", str(binary)]) == 2
    assert "not UTF-8" in capsys.readouterr().err
