"""Hostile input at the command line (issue 12): a clear message naming the key and exit 2, never
"Unexpected error", a traceback or a hang; and stored data outside the input contract stops only
the request it belongs to.

The inputs are the kinds the fuzzer (benchmarks/fuzz.py) found crashing or hanging before.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from app.contract import MAX_FREE_TEXT
from tests.store.keyed import connect_user_store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TODAY = "2026-04-15"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run a command that must refuse its input: exit 2, a message, nothing unexpected."""
    status, _out, err = run(capsys, *argv)
    assert status == 2, err
    assert "Unexpected error" not in err and "Traceback" not in err
    return err


def add(capsys: pytest.CaptureFixture[str], example: str) -> str:
    status, out, err = run(capsys, "request", "add", "--input", str(EXAMPLES / example))
    assert status == 0, err
    return out.splitlines()[0]


def example(name: str = "de-access.json") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return data


def write(tmp_path: Path, data: bytes | str | dict[str, Any], name: str = "request.json") -> str:
    path = tmp_path / name
    if isinstance(data, dict):
        data = json.dumps(data, ensure_ascii=False)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


# -- ids, counts and dates -----------------------------------------------------------------------

SURROGATE = os.fsdecode(b"1\xff")  # undecodable bytes in argv arrive as a lone surrogate
BAD_NUMBERS = ("²", "٣", "３", str(2**31), str(2**63), "1" * 4_301, SURROGATE, "-1", "0")
BAD_DATES = (
    "9999-12-20",
    "0001-01-01",
    "٢٠٢٦-٠٣-٠٢",
    "２０２６-０３-０２",
    "2026-03-0²",
    "2200-01-01",
    SURROGATE,
)


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_ids_are_ascii_digits_in_range(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, value: str
) -> None:
    add(capsys, "de-access.json")
    err = refused(capsys, "request", "event", value, "sent", "--date", "2026-03-03", "--today", TODAY)
    assert "ID:" in err
    assert "CASE_ID:" in refused(capsys, "dossier", value, "--out", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()
    assert "ID:" in refused(capsys, "request", "show", value)


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_counts_are_ascii_digits_in_range(capsys: pytest.CaptureFixture[str], value: str) -> None:
    argv = ("deadline", "--jurisdiction", "DE", f"--calendar-days={value}", "--from", "2026-03-02")
    assert "--calendar-days:" in refused(capsys, *argv)
    assert "--within:" in refused(capsys, "deadlines", f"--within={value}x")


@pytest.mark.parametrize("value", BAD_DATES)
def test_dates_outside_the_contract_are_refused(capsys: pytest.CaptureFixture[str], value: str) -> None:
    rid = add(capsys, "de-access.json")
    assert "--date:" in refused(capsys, "request", "event", rid, "sent", "--date", value, "--today", TODAY)
    assert "--from:" in refused(
        capsys, "deadline", "--jurisdiction", "CN", "--working-days", "20", "--from", value
    )
    assert "--today:" in refused(capsys, "deadlines", "--today", value)


def test_the_contract_message_names_the_range(capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(capsys, "deadline", "--jurisdiction", "CN", "--months", "1", "--from", "9999-12-20")
    assert "1900-01-01" in err and "2199-12-31" in err


@pytest.mark.parametrize(
    "pause",
    ["2026-03-02:9999-12-01", "2026-03-02:2200-01-01", "0001-01-01:2026-03-02", "2026-03-02:٢٠٢٦-٠٣-٠٥"],
)
def test_a_pause_cannot_run_past_the_last_date(capsys: pytest.CaptureFixture[str], pause: str) -> None:
    argv = ("deadline", "--jurisdiction", "CN", "--working-days", "20", "--from", "2026-02-05")
    assert "--pause:" in refused(capsys, *argv, "--pause", pause)


@pytest.mark.parametrize("unit", ["--working-days", "--calendar-days", "--months"])
def test_a_period_past_the_last_date_is_refused(capsys: pytest.CaptureFixture[str], unit: str) -> None:
    # Within the contract, but the clock stops until its last day: the count ends after it.
    argv = ("deadline", "--jurisdiction", "US", unit, "40", "--from", "2026-02-05")
    err = refused(capsys, *argv, "--pause", "2026-03-02:2199-12-31")
    assert "2199-12-31" in err
    assert "2199-12-31" in refused(
        capsys, "deadline", "--jurisdiction", "DE", "--months", "36500", "--from", "2026-01-01"
    )


def test_a_long_pause_within_the_contract_is_counted(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ("deadline", "--jurisdiction", "DE", "--calendar-days", "10", "--from", "2026-01-01")
    status, out, err = run(capsys, *argv, "--pause", "2026-01-05:2190-12-31")
    assert status == 0, err
    assert out.splitlines()[0] == "2191-01-0" + out.splitlines()[0][-1]  # four days before, six after


# -- JSON files ----------------------------------------------------------------------------------------


def hostile_requests() -> list[tuple[str, bytes]]:
    def with_(**changes: Any) -> bytes:
        data = example()
        for path, value in changes.items():
            target = data
            keys = path.split("__")
            for key in keys[:-1]:
                target = target[key]
            target[keys[-1]] = value
        return json.dumps(data, ensure_ascii=True).encode()

    return [
        ("nested 100,000 deep", b"[" * 100_000 + b"]" * 100_000),
        ("a number of 4,301 digits", b'{"details": ' + b"7" * 4_301 + b"}"),
        ("a lone surrogate", with_(details="Hallo \ud800")),
        (
            "invalid UTF-8",
            json.dumps(example(), ensure_ascii=False)
            .replace("ß", "\udcff")
            .encode("utf-8", "surrogateescape"),
        ),
        ("a NUL", with_(requester__name="Jonas\x00Brenner")),
        ("a name of 60,000 characters", with_(requester__name="J" * 60_000)),
        ("details of 20,001 characters", with_(details="x" * (MAX_FREE_TEXT + 1))),
        ("details of 10 MB", with_(details="x" * 10 * 1024 * 1024)),
        ("an enclosure of 100,000 characters", with_(enclosures=["Kopie " * 20_000])),
        ("10,000 enclosures", with_(enclosures=["Kopie"] * 10_000)),
        ("31 enclosures", with_(enclosures=["Kopie"] * 31)),
        ("details of 4,000 lines", with_(details="Wort\n" * 4_000)),
        ("a wrong entry of 2,001 characters", with_(correction={"wrong": "x" * 2_001, "correct": "y"})),
        ("a phone of 65 characters", with_(requester__phone="1" * 65)),
        ("an email of 60,000 characters", with_(requester__email="a@" + "b" * 60_000)),
        ("a date near 9999", with_(date="9999-12-31")),
        ("a date near 0001", with_(date="0001-01-01")),
        ("Arabic-Indic digits in a date", with_(date="٢٠٢٦-٠٣-٠٢")),
        ("a birth date of 1899", with_(requester__birth_date="1899-12-31")),
        ("a number where text belongs", with_(details=2**63)),
        ("text where an object belongs", with_(requester="Jonas")),
    ]


@pytest.mark.parametrize(("kind", "data"), hostile_requests(), ids=[k for k, _d in hostile_requests()])
def test_hostile_request_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str, data: bytes
) -> None:
    source = write(tmp_path, data)
    refused(capsys, "letter", "--input", source, "--text")
    refused(capsys, "request", "add", "--input", source)
    status, out, _err = run(capsys, "request", "list", "--today", TODAY)
    assert status == 0 and "No requests yet." in out  # nothing stored


def test_a_reference_longer_than_the_store_keeps(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = example()
    data["reference"] = "R" * 65
    source = write(tmp_path, data)
    assert run(capsys, "letter", "--input", source, "--text")[0] == 0  # a letter wraps it
    assert "reference:" in refused(capsys, "request", "add", "--input", source)  # the column holds 64


@pytest.mark.parametrize(
    "address", ["北京市朝阳区建国路" * 200, "\n".join(["北京市朝阳区建国路八十八号院"] * 30)]
)
def test_an_address_is_what_an_envelope_holds(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, address: str
) -> None:
    # 1,800 Chinese characters did not fit a page of the petition's requester table (LayoutError).
    data = example("cn-access.json")
    data["requester"]["address"] = address
    assert "requester.address:" in refused(
        capsys, "letter", "--input", write(tmp_path, data), "--out", str(tmp_path / "l.pdf")
    )


def test_a_too_long_text_is_named_by_its_key(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = example()
    data["details"] = "x" * (MAX_FREE_TEXT + 1)
    data["requester"]["name"] = "J" * 60_000
    err = refused(capsys, "letter", "--input", write(tmp_path, data), "--text")
    assert "details: is 20001 characters long; at most 20000 are allowed" in err
    assert "requester.name:" in err


def test_the_longest_details_still_make_a_letter(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = example()
    data["details"] = ("Ein Satz über die Kontrolle am Bahnhof. " * 600)[:MAX_FREE_TEXT]
    status, out, err = run(capsys, "letter", "--input", write(tmp_path, data), "--text")
    assert status == 0, err
    assert "Ein Satz über die Kontrolle" in out


def test_hostile_reply_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rid = add(capsys, "de-access.json")
    assert run(capsys, "request", "event", rid, "sent", "--date", "2026-03-03", "--today", TODAY)[0] == 0
    for data in (
        b"[" * 100_000,
        json.dumps({"disclosed": ["x" * (MAX_FREE_TEXT + 1)]}).encode(),
        json.dumps({"disclosed": ["x"] * 1_001}).encode(),
        json.dumps({"refused": [{"item": "a\x00b"}]}).encode(),
        b'{"disclosed": ["\\udfff"]}',
    ):
        reply = write(tmp_path, data, "reply.json")
        refused(
            capsys,
            "request",
            "event",
            rid,
            "refused",
            "--date",
            "2026-03-20",
            "--reply",
            reply,
            "--today",
            TODAY,
        )


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--reference", "R" * 129),
        ("--reference", "RR\x00"),
        ("--note", "x" * (MAX_FREE_TEXT + 1)),
        ("--note", SURROGATE),
        ("--method", "m" * 70_000),
    ],
)
def test_hostile_event_texts(capsys: pytest.CaptureFixture[str], option: str, value: str) -> None:
    rid = add(capsys, "de-access.json")
    err = refused(
        capsys, "request", "event", rid, "sent", "--date", "2026-03-03", option, value, "--today", TODAY
    )
    assert f"{option}:" in err


def test_hostile_kind(capsys: pytest.CaptureFixture[str]) -> None:
    rid = add(capsys, "de-access.json")
    for kind in ("s" * 70_000, SURROGATE, "sent\x00"):
        assert "KIND:" in refused(
            capsys, "request", "event", rid, kind, "--date", "2026-03-03", "--today", TODAY
        )


@pytest.mark.parametrize(
    "data",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"format": "habeas-export", "format_version": ' + b"3" * 4_301 + b"}",
        b'{"format": "habeas-export\\ud800"}',
        b"\xff\xfe",
    ],
)
def test_hostile_export_files(capsys: pytest.CaptureFixture[str], tmp_path: Path, data: bytes) -> None:
    refused(capsys, "import", write(tmp_path, data, "export.json"))


# -- stored data outside the contract -----------------------------------------------------------------


def test_one_bad_stored_date_stops_only_its_request(
    capsys: pytest.CaptureFixture[str], habeas_home: Path, tmp_path: Path
) -> None:
    """An event dated 9999-12-20, put in by an old version or by hand: every other request keeps its
    deadlines, the broken one is named, and nothing says "Unexpected error"."""
    broken = add(capsys, "de-access.json")
    healthy = add(capsys, "cn-access.json")
    for rid in (broken, healthy):
        assert run(capsys, "request", "event", rid, "sent", "--date", "2026-03-03", "--today", TODAY)[0] == 0
    db = connect_user_store(habeas_home / "data" / "habeas.sqlite3")  # encrypted: keyed, autocommit
    db.execute(
        "INSERT INTO request_events (request_id, kind, date, note, receipt_method, receipt_reference, "
        "data, created, version) VALUES (?, 'received', '9999-12-20', '', '', '', '{}', "
        "'2026-03-04 10:00:00.000000', 1)",
        (int(broken),),
    )
    db.execute("DELETE FROM kept_deadlines")  # as if the states were never kept (an older store)
    db.execute("DELETE FROM request_states")
    db.close()

    def degraded(*argv: str) -> tuple[str, str]:
        status, out, err = run(capsys, *argv)
        assert status == 1, err  # a request whose deadlines are unknown must not pass unnoticed
        assert "Unexpected error" not in err and "Traceback" not in err
        assert f"request {broken}" in err and "9999-12-20" in err
        return out, err

    # Each output form lists the healthy request in its own way, and the broken one nowhere.
    healthy_in = {
        (): f"request {healthy} (case",
        ("--json",): f'"request_id": {healthy}',
        ("--ics",): f"request-{healthy}-",
        ("--verbose",): f"request {healthy} (case",
    }
    for form, marker in healthy_in.items():
        out, err = degraded("deadlines", "--today", TODAY, *form)
        assert marker in out, (form, out[:500])
        assert f"request {broken} (case" not in out and f"request-{broken}-" not in out
    out, _err = degraded("request", "list", "--today", TODAY)
    assert out.split()[0] == healthy
    status, out, err = run(capsys, "request", "show", healthy, "--today", TODAY)
    assert status == 0, err
    # Shown as stored, with why it has no deadlines: exit 2, the event to correct named.
    status, out, err = run(capsys, "request", "show", broken, "--today", TODAY)
    assert status == 2 and "Unexpected error" not in err
    assert err.splitlines()[0] == "Error: The deadlines of this request cannot be computed."
    assert "9999-12-20" in err
    lines = out.splitlines()
    assert lines[0].startswith(f"Request {broken} (case ")
    assert "  2026-03-03  sent" in lines and "  9999-12-20  received by the authority" in lines
    assert run(capsys, "deadlines", "--changes", "--today", TODAY)[0] == 0
    status, _out, err = run(capsys, "dossier", "2", "--out", str(tmp_path / "d2.pdf"), "--today", TODAY)
    assert status == 0, err
    status, _out, err = run(capsys, "dossier", "1", "--out", str(tmp_path / "d1.pdf"), "--today", TODAY)
    assert status == 1 and "9999-12-20" in err and "Unexpected error" not in err
    assert not (tmp_path / "d1.pdf").exists()
