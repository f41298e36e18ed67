"""``habeas request event/show/list`` on a chain: filings and decisions name their step, out-of-order
events are refused with exit 2 and nothing stored, ``show --json`` and ``list`` report the states.

Uses the fictional chain of tests/fixtures/chainpack ("Testland", not real law); dates are counted
in tests/cases/test_chain_engine.py.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from app.cases.draft import Authority, RequestDraft, Requester
from app.cases.service import LifecycleService
from app.cli.main import main
from app.law import load_knowledge_base
from app.paths import app_paths
from app.store import DatabaseConfig, open_store

PACK = Path(__file__).resolve().parents[1] / "fixtures" / "chainpack"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


@pytest.fixture
def request_id(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("HABEAS_LAW_PATH", str(PACK))
    paths = app_paths()
    paths.ensure()
    kb = load_knowledge_base(packs=(PACK,))
    store = open_store(DatabaseConfig.sqlite(paths.database_file))
    try:
        draft = RequestDraft(
            jurisdiction="ZZ",
            right="access",
            date=date(2026, 3, 2),
            context="policing",
            requester=Requester(name="Alex Example", address="1 Test Road"),
            authority=Authority(name="Testshire Police", address="2 Station Road"),
            details="Custody records.",
        )
        request = LifecycleService(store, kb).add_request(draft)
    finally:
        store.close()
    return str(request.id)


def test_the_chain_from_the_command_line(request_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    rid = request_id
    for argv in (
        ("sent", "--date", "2026-03-02"),
        ("received", "--date", "2026-03-03"),
        ("refused", "--date", "2026-03-20", "--reference", "REF/7"),
    ):
        status, _, err = run(capsys, "request", "event", rid, *argv, "--today", "2026-03-21")
        assert status == 0, err
    # A decision before the step is filed is out of order: refused, nothing stored.
    decision = ("decision-received", "--date", "2026-04-20", "--step", "ZZ-REVIEW", "--outcome", "refused")
    status, _, err = run(capsys, "request", "event", rid, *decision, "--today", "2026-04-21")
    assert status == 2 and "ZZ-REVIEW has not been filed" in err
    status, _, err = run(
        capsys, "request", "event", rid, "review-filed", "--date", "2026-03-25", "--step", "ZZ-REVIEW",
        "--today", "2026-03-26",
    )  # fmt: skip
    assert status == 0, err
    status, _, err = run(
        capsys, "request", "event", rid, "decision-received", "--date", "2026-04-20", "--step", "ZZ-REVIEW",
        "--today", "2026-04-21",
    )  # fmt: skip
    assert status == 2 and "--outcome" in err  # a decision says what was decided
    status, _, err = run(capsys, "request", "event", rid, *decision, "--today", "2026-04-21")
    assert status == 0, err
    status, out, err = run(capsys, "request", "show", rid, "--json", "--today", "2026-04-21")
    assert status == 0, err
    shown = json.loads(out)
    assert shown["status"] == "refused"
    steps = {s["id"]: s for s in shown["steps"]}
    assert steps["ZZ-REVIEW"] == {
        **steps["ZZ-REVIEW"],
        "kind": "review",
        "state": "decided",
        "filed": "2026-03-25",
        "decided": "2026-04-20",
        "outcome": "refused",
    }
    assert steps["ZZ-COURT"]["state"] == "open" and steps["ZZ-COURT"]["closes"] == "2026-05-05"
    assert {d["kind"] for d in shown["deadlines"]} == {"filing"}
    assert all(set(d) >= {"kind", "due", "provisional"} for d in shown["deadlines"])
    status, out, _ = run(capsys, "request", "show", rid, "--today", "2026-04-21")
    assert "[decided] ZZ-REVIEW: Review" in out and "[open] ZZ-COURT" in out and "file by 2026-05-05" in out
    status, out, _ = run(capsys, "request", "list", "--json", "--today", "2026-04-21")
    assert status == 0
    (row,) = json.loads(out)
    assert row["jurisdiction"] == "ZZ" and row["status"] == "refused" and row["next_due"] == "2026-05-05"


def test_a_step_of_another_kind_is_refused(request_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    rid = request_id
    run(capsys, "request", "event", rid, "sent", "--date", "2026-03-02", "--today", "2026-03-21")
    status, _, err = run(
        capsys, "request", "event", rid, "court-filed", "--date", "2026-03-20", "--step", "ZZ-REVIEW",
        "--today", "2026-03-21",
    )  # fmt: skip
    assert status == 2 and "ZZ-COURT" in err
