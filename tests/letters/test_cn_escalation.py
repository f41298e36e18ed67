"""CN letters after issue 10: 行政复议申请书 (行政复议法实施条例第十九条), 行政起诉状, the procuratorate
letter, and the request letters' fixes (OGI asks only for existing records; sealing is opt-in)."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.cases.draft import Authority, RequestDraft
from app.law import KnowledgeBase, due_date, load_knowledge_base
from app.law.loader import shipped_knowledge_base
from app.letters import compose, render_text
from app.letters.escalation import EscalationFacts, compose_escalation

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TAGS = ("[V]", "[S]", "[M]", "[I]")
INTERNAL = ("CN-", "law.md", "calendars folder")
FACTS = "申请人所申请的记录系被申请人在办理户籍登记时制作，与申请人本人直接相关。"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def draft_of(name: str, **options: Any) -> RequestDraft:
    raw = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    if options:
        raw["options"] = {**raw.get("options", {}), **options}
    return RequestDraft.from_json(raw, shipped_knowledge_base())


def route_of(kb: KnowledgeBase, draft: RequestDraft) -> Any:
    if draft.regime:
        return kb.route(draft.jurisdiction, draft.regime, draft.right)
    return kb.route_for("CN", draft.context or "administrative", draft.right)


def clean(text: str) -> None:
    for tag in TAGS:
        assert tag not in text
    for note in INTERNAL:
        assert note not in text, note


def letter(kb: KnowledgeBase, example: str, step_id: str, outcome: str, to: str, **facts: Any) -> str:
    draft = draft_of(example, sex="女", employer="北京某科技有限公司")
    route = route_of(kb, draft)
    step = next(s for s in route.escalation if s.id == step_id)
    assert draft.date is not None
    received = draft.date + timedelta(days=3)
    response = due_date("CN", received, rule=route.deadline, kb=kb)
    answer = None if outcome == "silence" else response.due - timedelta(days=2)
    window = due_date("CN", answer or response.due, rule=step.deadline, kb=kb) if step.deadline else None
    values = EscalationFacts(
        request_date=draft.date,
        received=received,
        response=response,
        answer_date=answer,
        outcome=outcome,
        refusal_grounds="属于行政执法案卷信息" if answer else "",
        window=window,
        step_facts=FACTS,
        answer_reference="京公（朝）信公开复〔2026〕第8号" if answer else "",
        **facts,
    )
    addressee = Authority(name=to, address="北京市朝阳区日坛北路33号\n100020")
    return render_text(
        compose_escalation(draft, kb, step, values, letter_date=date(2026, 8, 3), addressee=addressee)
    )


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_reconsideration_application_after_refusal(kb: KnowledgeBase) -> None:
    text = letter(kb, "cn-access.json", "CN-RECONSIDERATION", "refused", "北京市朝阳区人民政府")
    f = flat(text)
    assert text.startswith("行政复议申请书")
    # 实施条例第十九条: name, sex, birth date, ID number, employer, domicile, postal code
    for label, value in (("性别", "女"), ("工作单位", "北京某科技有限公司")):
        assert flat(label + value) in f
    assert "被申请人" in f and "北京市公安局朝阳分局" in f
    assert "行政复议请求" in f and "事实和理由" in f and flat(FACTS) in f
    assert "京公（朝）信公开复〔2026〕第8号" in f  # the challenged decision and its number
    assert "此致北京市朝阳区人民政府" in f and "敬礼" not in f
    for form in (
        "《中华人民共和国行政复议法》第二十三条第一款第（三）项",
        "《中华人民共和国行政复议法》第二十三条第一款第（四）项",
        "《中华人民共和国行政复议法》第二十条",
        "《中华人民共和国行政复议法》第二十四条第一款第（一）项",
    ):
        assert form in f
    assert flat("被申请人作出的答复（京公（朝）信公开复〔2026〕第8号）复印件") in f
    assert "申请人身份证件复印件" in f
    clean(text)


def test_reconsideration_application_after_silence_encloses_proof_of_receipt(kb: KnowledgeBase) -> None:
    text = letter(kb, "cn-correction.json", "CN-RECONSIDERATION", "silence", "深圳市福田区人民政府")
    f = flat(text)
    assert "逾期不予答复的行为违法" in f
    assert "《中华人民共和国行政复议法实施条例》第二十一条第（一）项" in f
    assert "被申请人收到申请的凭证" in f and "被申请人作出的答复" not in f
    clean(text)


def test_statement_of_claim_after_an_upheld_refusal(kb: KnowledgeBase) -> None:
    text = letter(
        kb,
        "cn-access.json",
        "CN-SUIT-AFTER-RECONSIDERATION",
        "refused",
        "北京市朝阳区人民法院",
        decision_date=date(2026, 7, 20),
        decision_reference="朝政复决字〔2026〕第12号",
        decision_outcome="refused",
        prior_filed_date=date(2026, 5, 4),
        defendant="北京市朝阳区人民政府",
    )
    f = flat(text)
    assert text.startswith("行政起诉状")
    assert "原告" in f and "诉讼请求" in f and flat(FACTS) in f
    assert flat("2．北京市朝阳区人民政府") in f  # the reconsideration organ as co-defendant
    assert "行政复议决定（朝政复决字〔2026〕第12号）" in f and "2026年7月20日" in f
    for form in (
        "《中华人民共和国行政诉讼法》第四十五条",
        "《中华人民共和国行政复议法》第三十四条",
        "《中华人民共和国行政诉讼法》第二十六条第二款",
        "《中华人民共和国行政诉讼法》第十八条第一款",
    ):
        assert form in f
    assert "此致北京市朝阳区人民法院" in f and "具状人" in f
    clean(text)


def test_statement_of_claim_after_the_decision_period_lapsed(kb: KnowledgeBase) -> None:
    text = letter(
        kb,
        "cn-access.json",
        "CN-SUIT-AFTER-RECONSIDERATION",
        "refused",
        "北京市朝阳区人民法院",
        prior_filed_date=date(2026, 5, 4),
        prior_silence=True,
        prior_answer_due=date(2026, 7, 13),
    )
    f = flat(text)
    assert "复议期限于2026年7月13日届满" in f
    assert "《中华人民共和国行政诉讼法》第二十六条第三款" in f
    assert "第二十六条第二款" not in f
    clean(text)


def test_procuratorate_letter_for_criminal_data(kb: KnowledgeBase) -> None:
    route = kb.route("CN", "pipl", "access")
    step = next(s for s in route.escalation if s.id == "CN-PIPL-PROCURATORATE")
    assert step.kind == "complaint" and step.warnings
    assert {p.id for p in step.provisions} == {"CN-CRPL-8", "CN-PCOL-20-5", "CN-PCOL-21"}


def test_ogi_application_asks_only_for_existing_records(kb: KnowledgeBase) -> None:
    draft = draft_of("cn-access.json")
    route = route_of(kb, draft)
    if route.regime != "ogi":
        pytest.skip("example is not an OGI request")
    text = render_text(compose(draft, kb))
    assert "个人信息保护法" not in text  # the PIPL asks go in their own letter
    assert "确认贵机关是否处理" not in text and "保存期限" not in text
    assert "《中华人民共和国政府信息公开条例》第三十六条第（三）项" in flat(text)
    clean(text)


def test_sealing_is_opt_in(kb: KnowledgeBase) -> None:
    plain = render_text(compose(draft_of("cn-deletion.json"), kb))
    assert "封存" not in plain
    opted = render_text(compose(draft_of("cn-deletion.json", sealing=True), kb))
    if kb.route("CN", "pipl", "sealing").provisions_in_force(date(2026, 8, 3)):
        assert "封存" in opted


def test_ogi_counting_sources_are_the_ogi_regulations_only(kb: KnowledgeBase) -> None:
    j = kb.jurisdiction("CN")
    assert [p.split(":")[-1] for p in j.counting.sources["working_days"]] == ["CN-OGI-33"]
