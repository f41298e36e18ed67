"""``habeas request add|event|show`` end to end in the temporary HABEAS_HOME."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


def add(capsys: pytest.CaptureFixture[str], example: str) -> str:
    status, out, err = run(capsys, "request", "add", "--input", str(EXAMPLES / example))
    assert status == 0, err
    first = out.splitlines()[0]
    assert first.isdigit()  # the id alone on the first line, for scripts
    return first


def export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, list[object]]:
    out = tmp_path / "export.json"
    assert main(["export", "--out", str(out)]) == 0
    capsys.readouterr()
    data: dict[str, list[object]] = json.loads(out.read_text(encoding="utf-8"))
    data.pop("exported_at", None)  # the export's own time stamp
    return data


def test_add_event_show(capsys: pytest.CaptureFixture[str]) -> None:
    rid = add(capsys, "cn-access.json")
    assert (
        run(
            capsys,
            "request",
            "event",
            rid,
            "sent",
            "--date",
            "2026-03-02",
            "--method",
            "registered-mail",
            "--reference",
            "RR123456789CN",
            "--today",
            "2026-03-10",
        )[0]
        == 0
    )
    status, out, _ = run(
        capsys,
        "request",
        "event",
        rid,
        "received",
        "--date",
        "2026-03-04",
        "--method",
        "registered-mail",
        "--today",
        "2026-03-10",
    )
    assert status == 0 and "Next deadline: 2026-04-01" in out
    status, out, _ = run(capsys, "request", "show", rid, "--today", "2026-04-20")
    assert status == 0
    assert "Status: received by the authority (overdue)" in out
    assert "2026-04-01  OVERDUE 19 days  Reply due from the authority  [CN-OGI-33]" in out
    assert "RR123456789CN" in out and "Administrative reconsideration" in out


def test_second_request_reuses_client_and_authority(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first = add(capsys, "cn-access.json")
    # The same input again is a retry (a crash after the commit, before the id was seen): the same
    # request, not a second one.
    assert add(capsys, "cn-access.json") == first
    raw = json.loads((EXAMPLES / "cn-access.json").read_text(encoding="utf-8"))
    raw["details"] = "另一项申请。"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    status, out, err = run(capsys, "request", "add", "--input", str(changed))
    assert status == 0, err
    assert int(out.splitlines()[0]) == int(first) + 1
    data = export(tmp_path, capsys)
    assert len(data["clients"]) == 1 and len(data["authorities"]) == 1 and len(data["requests"]) == 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("request", "event", "99", "sent", "--date", "2026-03-02"), "there is no request with id 99"),
        (("request", "event", "x1", "sent", "--date", "2026-03-02"), "ID: not a whole number"),
        (("request", "event", "1", "posted", "--date", "2026-03-02"), "unknown event kind posted"),
        (("request", "event", "1", "sent", "--date", "2026-02-30"), "not a date"),
        (("request", "event", "1", "sent", "--date", "02/03/2026"), "not a date"),
        (("request", "event", "1", "sent", "--date", "2026-03-02", "--method", "pigeon"), "--method"),
        (
            ("request", "event", "1", "received", "--date", "2026-03-02"),
            "record when the request was sent first",
        ),
        (("request", "event", "1", "sent", "--date", "2026-03-02", "--today", "2026-03-01"), "in the future"),
        (("request", "event", "1", "clarification-given", "--date", "2026-03-02"), "no open request for"),
        (("request", "event", "1", "sent", "--date", "2026-03-02", "--until", "2026-04-01"), "--until"),
        (("request", "show", "5"), "there is no request with id 5"),
    ],
)
def test_bad_input_exits_2_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: tuple[str, ...], message: str
) -> None:
    add(capsys, "de-access.json")
    before = export(tmp_path, capsys)
    status, _out, err = run(capsys, *argv)
    assert status == 2
    assert message in err and "Traceback" not in err
    assert export(tmp_path, capsys) == before


def test_add_with_invalid_input_lists_problems_and_stores_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"jurisdiction": "FR", "right": "access"}), encoding="utf-8")
    status, out, err = run(capsys, "request", "add", "--input", str(bad))
    assert status == 2 and out == ""
    assert "jurisdiction: must be one of" in err and "requester.name: required" in err
    assert export(tmp_path, capsys)["requests"] == []


def test_reply_is_recorded_in_structure(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rid = add(capsys, "cn-access.json")
    run(
        capsys,
        "request",
        "event",
        rid,
        "sent",
        "--date",
        "2026-03-02",
        "--method",
        "in-person",
        "--today",
        "2026-03-30",
    )
    reply = tmp_path / "reply.json"
    reply.write_text(
        json.dumps(
            {"disclosed": ["标注"], "inaccurate": [{"wrong": "重点人员", "correct": "无"}]},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    status, out, err = run(
        capsys,
        "request",
        "event",
        rid,
        "partly-granted",
        "--date",
        "2026-03-20",
        "--reply",
        str(reply),
        "--today",
        "2026-03-30",
    )
    assert status == 0, err
    status, out, _ = run(capsys, "request", "show", rid, "--today", "2026-03-30")
    assert "Request correction of the wrong data" in out
    events = export(tmp_path, capsys)["events"]
    assert any(
        isinstance(e, dict) and e.get("data", {}).get("reply", {}).get("disclosed") == ["标注"]
        for e in events
    )


def test_bad_reply_file_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rid = add(capsys, "cn-access.json")
    run(capsys, "request", "event", rid, "sent", "--date", "2026-03-02", "--today", "2026-03-30")
    reply = tmp_path / "reply.json"
    reply.write_text(json.dumps({"refused": [{"grounds": ["x"]}]}), encoding="utf-8")
    status, _, err = run(
        capsys,
        "request",
        "event",
        rid,
        "refused",
        "--date",
        "2026-03-20",
        "--reply",
        str(reply),
        "--today",
        "2026-03-30",
    )
    assert status == 2 and "reply.refused[0].item: required" in err
