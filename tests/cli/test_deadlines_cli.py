"""``habeas deadlines`` end to end: text, JSON and .ics, overdue first, --within, bad input."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from app.cli.main import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def setup_requests(capsys: pytest.CaptureFixture[str]) -> None:
    """CN request received 4 Mar 2026 (due 1 Apr); DE request received 20 Apr 2026 (reference 20 May)."""
    ids = []
    for example in ("cn-access.json", "de-access.json"):
        assert main(["request", "add", "--input", str(EXAMPLES / example)]) == 0
        ids.append(capsys.readouterr().out.splitlines()[0])
    for rid, sent, received in ((ids[0], "2026-03-02", "2026-03-04"), (ids[1], "2026-04-17", "2026-04-20")):
        assert main(["request", "event", rid, "sent", "--date", sent, "--today", "2026-04-25"]) == 0
        assert main(["request", "event", rid, "received", "--date", received, "--today", "2026-04-25"]) == 0
    capsys.readouterr()


def test_text_lists_overdue_first(capsys: pytest.CaptureFixture[str]) -> None:
    setup_requests(capsys)
    assert main(["deadlines", "--today", "2026-04-25"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("2026-04-01  OVERDUE 24 days")
    assert "Reply due from the authority" in lines[0]
    assert lines[1].startswith("2026-05-20  in 25 days") and "DE" in lines[1]
    assert [ln[:10] for ln in lines[1:]] == sorted(ln[:10] for ln in lines[1:])


def test_within_keeps_overdue_and_near(capsys: pytest.CaptureFixture[str]) -> None:
    setup_requests(capsys)
    assert main(["deadlines", "--within", "7", "--today", "2026-04-25", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["request_id"], r["key"], r["overdue"]) for r in rows] == [(1, "response", True)]
    assert main(["deadlines", "--within", "30", "--today", "2026-04-25", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["request_id"], r["due"]) for r in rows] == [(1, "2026-04-01"), (2, "2026-05-20")]
    assert rows[1]["statutory"] is False and rows[1]["rule_id"] == "DE-BDSG-REF"
    assert rows[0]["rule_id"] == "CN-OGI-33"
    assert rows[0]["trace"] == []  # the list is read from the kept states: no calculation built
    assert main(["deadlines", "--within", "30", "--today", "2026-04-25", "--json", "--verbose"]) == 0
    explained = json.loads(capsys.readouterr().out)
    assert [(r["request_id"], r["due"]) for r in explained] == [(1, "2026-04-01"), (2, "2026-05-20")]
    assert any(t.startswith("Legal basis: OGI Regulations art. 33") for t in explained[0]["trace"])


def test_ics_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    setup_requests(capsys)
    out = tmp_path / "habeas.ics"
    assert main(["deadlines", "--ics", "--out", str(out), "--today", "2026-04-25"]) == 0
    cal = Calendar.from_ical(out.read_bytes())
    events = list(cal.walk("VEVENT"))
    starts = [e.decoded("dtstart") for e in events]
    assert date(2026, 4, 1) in starts and date(2026, 5, 20) in starts
    assert all(len(list(e.walk("VALARM"))) == 2 for e in events)
    text = out.read_text(encoding="utf-8")
    for personal in ("李文静", "110105198807150026", "13800138000"):  # the CN example's requester
        assert personal not in text
    assert all(e.decoded("dtend") == e.decoded("dtstart") + timedelta(days=1) for e in events)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--within", "soon"), "--within: not a whole number from 0 to 36500"),
        (("--today", "2026-13-01"), "not a date"),
        (("--ics", "--out", "{tmp}/missing/x.ics"), "does not exist"),
    ],
)
def test_bad_arguments_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: tuple[str, ...], message: str
) -> None:
    # A folder that does not exist inside the test's own: nothing can be written anywhere else.
    assert main(["deadlines", *(arg.format(tmp=tmp_path) for arg in argv)]) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [tmp_path / "habeas-home"]


def test_empty_store(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadlines", "--today", "2026-04-25"]) == 0
    assert capsys.readouterr().out.strip() == "No open deadlines."


def test_a_request_that_cannot_be_computed_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import UTC, datetime

    from app.bootstrap import load_environment, open_store
    from app.cases.records import Request, RequestEvent

    setup_requests(capsys)
    store = open_store(load_environment())
    try:
        broken = store.add_request(
            Request(
                case_id=1,
                jurisdiction="DE",
                regime="no-such-regime",
                rights=("access",),
                created=datetime(2026, 1, 1, tzinfo=UTC),
            )
        )
        store.add_event(RequestEvent(request_id=broken.id or 0, kind="sent", date=date(2026, 4, 1)))
    finally:
        store.close()
    assert main(["deadlines", "--today", "2026-04-25"]) == 1
    out = capsys.readouterr()
    assert f"request {broken.id} cannot be computed" in out.err
    assert out.out.startswith("2026-04-01  OVERDUE")  # the other deadlines are still listed
