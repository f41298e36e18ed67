"""Events in → status out: the status is derived, never stored."""

from __future__ import annotations

import pytest

from app.cases.lifecycle import Status, derive_status, event_kind
from app.errors import InputError
from app.law.loader import shipped_knowledge_base

from .builders import make_events


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ((), Status.DRAFT),
        ((("sent", "2026-03-02"),), Status.SENT),
        ((("sent", "2026-03-02"), ("received", "2026-03-04")), Status.RECEIVED),
        ((("sent", "2026-03-02"), ("delivered", "2026-03-04")), Status.RECEIVED),
        (
            (("sent", "2026-03-02"), ("received", "2026-03-04"), ("acknowledged", "2026-03-05")),
            Status.ACKNOWLEDGED,
        ),
        # an acknowledgement after the extension does not undo it
        (
            (("sent", "2026-03-02"), ("extended", "2026-03-20"), ("acknowledged", "2026-03-21")),
            Status.EXTENDED,
        ),
        ((("sent", "2026-03-02"), ("clarification_requested", "2026-03-06")), Status.CLARIFICATION),
        (
            (
                ("sent", "2026-03-02"),
                ("received", "2026-03-03"),
                ("clarification_requested", "2026-03-06"),
                ("clarification_given", "2026-03-09"),
            ),
            Status.RECEIVED,
        ),
        ((("sent", "2026-03-02"), ("refused", "2026-03-20")), Status.REFUSED),
        ((("sent", "2026-03-02"), ("partly_granted", "2026-03-20")), Status.PARTLY_GRANTED),
        ((("sent", "2026-03-02"), ("no_data", "2026-03-20")), Status.NO_DATA),
        ((("sent", "2026-03-02"), ("granted", "2026-03-20")), Status.GRANTED),
        ((("sent", "2026-03-02"), ("reminder_sent", "2026-04-20")), Status.ESCALATED),
        (
            (("sent", "2026-03-02"), ("refused", "2026-03-20"), ("complaint_filed", "2026-03-25")),
            Status.ESCALATED,
        ),
        # the decision on an escalation shows as its outcome
        (
            (
                ("sent", "2026-03-02"),
                ("refused", "2026-03-20"),
                ("reconsideration_filed", "2026-03-25"),
                ("granted", "2026-05-10"),
            ),
            Status.GRANTED,
        ),
        ((("sent", "2026-03-02"), ("refused", "2026-03-20"), ("closed", "2026-03-21")), Status.CLOSED),
        ((("sent", "2026-03-02"), ("withdrawn", "2026-03-03")), Status.CLOSED),
    ],
)
def test_status_table(rows: tuple[tuple[str, str], ...], expected: Status) -> None:
    assert derive_status(make_events(*rows)) is expected


def test_status_follows_dates_not_recording_order() -> None:
    events = make_events(("refused", "2026-03-20"), ("sent", "2026-03-02"))
    assert derive_status(events) is Status.REFUSED
    assert derive_status(list(reversed(events))) is Status.REFUSED


@pytest.mark.parametrize(
    ("spelling", "stored"),
    [
        ("clarification-requested", "clarification_requested"),
        ("partly-granted", "partly_granted"),
        ("SENT", "sent"),
        ("extension", "extended"),
        ("reminder", "reminder_sent"),
    ],
)
def test_cli_spellings(spelling: str, stored: str) -> None:
    assert event_kind(spelling, shipped_knowledge_base()) == stored


def test_unknown_kind_names_the_argument() -> None:
    with pytest.raises(InputError) as err:
        event_kind("lost-in-post", shipped_knowledge_base())
    assert err.value.problems[0].path == "KIND"
    assert "lost-in-post" in err.value.problems[0].message
