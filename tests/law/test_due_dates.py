"""Hand-checked due dates. Each row's comment shows the count done by hand from law.md E/D.3 data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.law import KnowledgeBase, Pause, Unit, due_date, load_knowledge_base

D = date


@pytest.mark.parametrize(
    ("code", "start", "count", "unit", "due", "alternative"),
    [
        # Receipt Thu 5 Feb 2026. 6,9-13 Feb = 6; Sat 14 Feb make-up = 7; 15-23 Feb Spring Festival;
        # 24-27 = 11; Sat 28 Feb make-up = 12; 2-6 Mar = 17; 9, 10, 11 Mar = 20. G.1 alternative: 10 Mar.
        ("CN", D(2026, 2, 5), 20, Unit.WORKING_DAYS, D(2026, 3, 11), D(2026, 3, 10)),
        # Mon 20 Jan 2025: 21-24 = 4; Sun 26 Jan make-up = 5; 27 Jan = 6; 28 Jan-4 Feb holiday;
        # 5-7 Feb = 9; Sat 8 Feb make-up = 10.
        ("CN", D(2025, 1, 20), 10, Unit.WORKING_DAYS, D(2025, 2, 8), D(2025, 2, 7)),
        # Fri 18 Sep 2026: Sun 20 Sep make-up = 1; 21-24 = 5; 25-27 Mid-autumn; 28-30 = 8;
        # 1-7 Oct National Day; 8, 9 Oct = 10; Sat 10 Oct make-up = 11.
        ("CN", D(2026, 9, 18), 10, Unit.WORKING_DAYS, D(2026, 10, 9), D(2026, 10, 8)),
        ("CN", D(2026, 9, 18), 11, Unit.WORKING_DAYS, D(2026, 10, 10), D(2026, 10, 9)),
        # Calendar days: 3 Aug + 60 = 2 Oct (National Day) -> day after the holiday, Thu 8 Oct (CC 203).
        ("CN", D(2026, 8, 3), 60, Unit.CALENDAR_DAYS, D(2026, 10, 8), None),
        # 30 Jan + 15 = Sat 14 Feb 2026, an official working day: no move (G.2).
        ("CN", D(2026, 1, 30), 15, Unit.CALENDAR_DAYS, D(2026, 2, 14), None),
        # Months: 31 Aug 2025 + 6 = 28 Feb 2026 (clamped, CC 202), a make-up Saturday: no move.
        ("CN", D(2025, 8, 31), 6, Unit.MONTHS, D(2026, 2, 28), None),
        # 30 Nov 2025 + 2 months = 30 Jan 2026 (Fri).
        ("CN", D(2025, 11, 30), 2, Unit.MONTHS, D(2026, 1, 30), None),
        # DE, Reg. 1182/71: 31 Mar + 1 month = 30 Apr 2026 (Thu).
        ("DE", D(2026, 3, 31), 1, Unit.MONTHS, D(2026, 4, 30), None),
        # 4 Mar + 1 month = Sat 4 Apr; Sun 5; Easter Monday 6 Apr -> Tue 7 Apr (art 3(4)).
        ("DE", D(2026, 3, 4), 1, Unit.MONTHS, D(2026, 4, 7), None),
        # Leap years: 31 Jan 2024 + 1 month = Thu 29 Feb 2024; 31 Jan 2023 -> Tue 28 Feb 2023.
        ("DE", D(2024, 1, 31), 1, Unit.MONTHS, D(2024, 2, 29), None),
        ("DE", D(2023, 1, 31), 1, Unit.MONTHS, D(2023, 2, 28), None),
        # GB ICO: 3 Mar + 1 month = Good Friday 3 Apr 2026; Sat, Sun, Easter Monday -> Tue 7 Apr.
        # Strict "beginning with": 2 Apr (day before the corresponding date), no roll.
        ("GB-ENG", D(2026, 3, 3), 1, Unit.MONTHS, D(2026, 4, 7), D(2026, 4, 2)),
        # 25 Apr -> Spring Bank Holiday Mon 25 May -> Tue 26 May; strict 24 May.
        ("GB-ENG", D(2026, 4, 25), 1, Unit.MONTHS, D(2026, 5, 26), D(2026, 5, 24)),
        # 31 Jan: no 31 Feb, so 28 Feb (Sat) -> Mon 2 Mar; strict reading ends 28 Feb.
        ("GB-ENG", D(2026, 1, 31), 1, Unit.MONTHS, D(2026, 3, 2), D(2026, 2, 28)),
        # E&W working days: 23 Dec 2026: 24 = 1; 25 Christmas; 26-27 weekend; 28 Boxing Day substitute;
        # 29 = 2; 30 = 3.
        ("GB-ENG", D(2026, 12, 23), 3, Unit.WORKING_DAYS, D(2026, 12, 30), None),
        # US FOIA: Fri 19 Dec 2025: 22, 23, 24*, 26*, 29, 30, 31 = 7; 1 Jan holiday; 2 = 8; 5-9 = 13;
        # 12-16 = 18; 19 Jan MLK Day; 20, 21 = 20. (*EO closures: alternative skipping them, 23 Jan.)
        ("US", D(2025, 12, 19), 20, Unit.WORKING_DAYS, D(2026, 1, 21), D(2026, 1, 23)),
        # Juneteenth 2027 (Sat) observed Fri 18 Jun: Mon 14 Jun: 15, 16, 17, 21, 22.
        ("US", D(2027, 6, 14), 5, Unit.WORKING_DAYS, D(2027, 6, 22), None),
        # Independence Day 2027 (Sun) observed Mon 5 Jul: Thu 1 Jul: 2, 6, 7.
        ("US", D(2027, 7, 1), 3, Unit.WORKING_DAYS, D(2027, 7, 7), None),
        # Calendar days do not roll: 5 Jan 2026 + 90 = Sun 5 Apr 2026.
        ("US", D(2026, 1, 5), 90, Unit.CALENDAR_DAYS, D(2026, 4, 5), None),
    ],
)
def test_hand_checked(
    kb: KnowledgeBase, code: str, start: date, count: int, unit: Unit, due: date, alternative: date | None
) -> None:
    result = due_date(code, start, count=count, unit=unit, kb=kb)
    assert result.due == due
    assert result.alternative == alternative
    assert result.provisional is False


def test_spring_festival_trace_in_three_languages(kb: KnowledgeBase) -> None:
    result = due_date("CN", D(2026, 2, 5), count=20, unit=Unit.WORKING_DAYS, kb=kb)
    assert "15–23 Feb: Spring Festival; Sat 14 Feb, Sat 28 Feb: official working days" in result.explain()
    zh = "\n".join(result.explain("zh_CN"))
    assert "春节" in zh and "2月15日至23日" in zh and "2026年3月11日" in zh
    de = "\n".join(result.explain("de"))
    assert "15.–23. Feb." in de and "11. März 2026" in de


def test_rule_with_extension_and_citation(kb: KnowledgeBase) -> None:
    result = due_date("CN", D(2026, 2, 5), rule=kb.rule("CN-OGI-33"), extended=True, kb=kb)
    # 20 more working days after 11 Mar: 12-13 (2), 16-20 (7), 23-27 (12), 30 Mar-3 Apr (17),
    # 4-6 Apr Qingming, 7, 8, 9 Apr (20).
    assert result.due == D(2026, 4, 9)
    assert result.statutory and result.rule_id == "CN-OGI-33"
    assert any("政府信息公开条例》第三十三条" in line for line in result.explain("zh_CN"))


def test_reference_period_is_labelled(kb: KnowledgeBase) -> None:
    result = due_date("CN", D(2026, 3, 2), rule=kb.rule("CN-PIPL-REF"), kb=kb)
    assert result.statutory is False
    assert result.trace[1].kind == "reference"
    assert "not a legal deadline" in result.trace[1].text


def test_eu_extension_primary_and_chained_alternative(kb: KnowledgeBase) -> None:
    result = due_date("DE", D(2026, 1, 31), rule=kb.rule("DE-GDPR-12-3"), extended=True, kb=kb)
    assert result.due == D(2026, 4, 30)  # three months from receipt (G.8 primary)
    assert result.alternative == D(2026, 4, 28)  # 28 Feb + 2 months


def test_gb_extension_before_duaa_commencement_warns(kb: KnowledgeBase) -> None:
    result = due_date("GB-ENG", D(2026, 1, 20), rule=kb.rule("GB-DPA-54"), extended=True, kb=kb)
    assert any(line.kind == "warning" and "54(3A)" in line.text for line in result.trace)
    later = due_date("GB-ENG", D(2026, 3, 10), rule=kb.rule("GB-DPA-54"), extended=True, kb=kb)
    assert not any(line.kind == "warning" for line in later.trace)


def test_working_day_pause_is_not_counted(kb: KnowledgeBase) -> None:
    # OGI art 33(3): 2-6 Mar 2026 consultation (5 working days) -> 5 working days later: 18 Mar.
    paused = due_date(
        "CN",
        D(2026, 2, 5),
        rule=kb.rule("CN-OGI-33"),
        kb=kb,
        pauses=[Pause(D(2026, 3, 2), D(2026, 3, 6), "third-party consultation")],
    )
    assert paused.due == D(2026, 3, 18)
    assert any("5 working days" in line for line in paused.explain())


def test_month_pause_adds_calendar_days(kb: KnowledgeBase) -> None:
    # s.54(3C): 10 paused days inside the month move 10 Apr 2026 to 20 Apr (Mon); flagged G.10.
    result = due_date(
        "GB-ENG",
        D(2026, 3, 10),
        rule=kb.rule("GB-DPA-54"),
        kb=kb,
        pauses=[Pause(D(2026, 3, 16), D(2026, 3, 25))],
    )
    assert result.due == D(2026, 4, 20)
    assert any("does not say how paused days count" in line for line in result.explain())


def test_2027_is_provisional_without_official_schedule(kb: KnowledgeBase) -> None:
    result = due_date("CN", D(2026, 12, 1), count=30, unit=Unit.WORKING_DAYS, kb=kb)
    assert result.provisional
    assert "2027" in result.provisional_reason


def test_user_schedule_removes_provisional_flag(tmp_path: Path) -> None:
    (tmp_path / "CN-2027.json").write_text(
        '{"jurisdiction": "CN", "year": 2027, "source": "test file (invented)",'
        ' "holidays": [{"start": "2027-01-01", "end": "2027-01-03", "name": "New Year\'s Day"}],'
        ' "makeup_workdays": []}',
        encoding="utf-8",
    )
    kb = load_knowledge_base(tmp_path)
    result = due_date("CN", D(2026, 12, 28), count=5, unit=Unit.WORKING_DAYS, kb=kb)
    # 29, 30, 31 Dec = 3; 1-3 Jan holiday (per the file); Mon 4, Tue 5 Jan = 5.
    assert result.due == D(2027, 1, 5)
    assert not result.provisional


def test_cybersecurity_law_art_43_not_cited_from_2026(kb: KnowledgeBase) -> None:
    route = kb.route("CN", "pipl", "deletion")
    assert "CN-CSL-43" in [p.id for p in route.provisions_in_force(D(2025, 12, 31))]
    assert "CN-CSL-43" not in [p.id for p in route.provisions_in_force(D(2026, 1, 1))]


def test_bad_inputs_raise_input_error(kb: KnowledgeBase) -> None:
    from app.errors import InputError

    with pytest.raises(InputError):
        due_date("XX", D(2026, 1, 1), count=1, unit=Unit.MONTHS, kb=kb)
    with pytest.raises(InputError):
        due_date("CN", D(2026, 1, 1), count=0, unit=Unit.MONTHS, kb=kb)
    with pytest.raises(InputError):
        due_date("CN", D(2026, 1, 1), rule=kb.rule("CN-PIPL-REF"), extended=True, kb=kb)


def test_explanations_name_no_internal_documents_and_use_chinese_punctuation(kb: KnowledgeBase) -> None:
    result = due_date("CN", date(2026, 2, 5), count=20, unit=Unit.WORKING_DAYS, kb=kb, lang="zh_CN")
    lines = result.explain("zh_CN")
    assert not any("law.md" in line for line in lines + result.explain("en") + result.explain("de"))
    start = next(line for line in lines if line.startswith("起算"))
    assert "（周四）" in start and "(" not in start


def test_reference_notes_follow_the_reader_language(kb: KnowledgeBase) -> None:
    rule = kb.rule("DE-BDSG-REF")
    result = due_date("DE", date(2026, 3, 2), rule=rule, kb=kb, lang="de")
    german = "\n".join(result.explain("de"))
    assert "unverzüglich" in german and "without undue delay" not in german
    assert "不得无故拖延" in "\n".join(result.explain("zh_CN"))


def test_us_english_gives_month_first_dates(kb: KnowledgeBase) -> None:
    result = due_date("US", date(2026, 2, 2), count=20, unit=Unit.WORKING_DAYS, kb=kb)
    due_line = next(line for line in result.explain("en_US") if line.startswith("Due:"))
    assert due_line == "Due: March 3, 2026 (Tue)"
    assert next(line for line in result.explain("en") if line.startswith("Due:")) == "Due: 3 March 2026 (Tue)"


def test_a_waiting_period_warns_against_acting_on_the_earlier_reading(kb: KnowledgeBase) -> None:
    # s.166: three months beginning with the day the ICO received the complaint (4 May 2026).
    result = due_date("GB-ENG", date(2026, 5, 4), rule=kb.rule("GB-DPA-166"), kb=kb)
    lines = result.explain("en")
    assert result.due == date(2026, 8, 4)
    assert (
        "The waiting period ends on 4 August 2026 (Tue); the next step is open from 5 August 2026 (Wed)."
        in lines
    )
    assert result.alternative == date(2026, 8, 3)
    warning = next(line for line in lines if line.startswith("On another reading"))
    assert "act only from 5 August 2026 (Wed)" in warning
