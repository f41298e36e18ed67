"""Invented sample data for store tests. Names are made up; ID numbers are checksum-valid fakes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from app.cases.records import (
    Attachment,
    Authority,
    Case,
    Client,
    DraftRecord,
    GeneratedLetter,
    Note,
    Request,
    RequestEvent,
)
from app.store import Store

# GB 11643 checksum-valid, invented (stdnum.cn.ric.is_valid is True for each).
FAKE_CN_IDS = ("110101199003071233", "310104198511234563", "510107199302010417")

T0 = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
PDF_BYTES = b"%PDF-1.7\n" + bytes(range(256))  # every byte value, to prove binary round trips


def populate(store: Store) -> dict[str, int]:
    """A small but complete store: every kind of record, CJK and German text, binary content."""
    wang = store.add_client(
        Client(
            name="王小明",
            id_type="cn_ric",
            id_number=FAKE_CN_IDS[0],
            birth_date=date(1990, 3, 7),
            address="北京市东城区示例路1号",
            phone="+86 10 5555 0101",
            email="xiaoming.example@example.org",
        )
    )
    weber = store.add_client(Client(name="Erika Beispiel-Weber", address="Musterstraße 5, 10115 Berlin"))
    psb = store.add_authority(
        Authority(name="示例市公安局", jurisdiction="CN", address="示例市人民路100号", kind="police")
    )
    lka = store.add_authority(
        Authority(name="Landeskriminalamt Beispielland", jurisdiction="DE", website="https://lka.example")
    )
    case_cn = store.add_case(Case(title="户籍记录更正", client_id=wang.id or 0, created=T0, updated=T0))
    case_de = store.add_case(
        Case(title="Auskunft Polizeidaten", client_id=weber.id or 0, created=T0, updated=T0, reference="K-7")
    )
    req_cn = store.add_request(
        Request(
            case_id=case_cn.id or 0,
            jurisdiction="CN",
            regime="ogi",
            rights=("correction", "access"),
            authority_id=psb.id,
            language="zh_CN",
            context="administrative",
            details="出生日期登记错误",
            draft={"requester": {"name": "王小明"}, "rights": ["correction"], "nested": [1, 2.5, None, True]},
            created=T0,
        )
    )
    req_de = store.add_request(
        Request(
            case_id=case_de.id or 0,
            jurisdiction="DE",
            regime="bdsg-part3",
            rights=("access",),
            authority_id=lka.id,
            language="de",
            created=T0 + timedelta(hours=1),
        )
    )
    store.add_event(
        RequestEvent(
            request_id=req_cn.id or 0,
            kind="sent",
            date=date(2026, 3, 3),
            receipt_method="registered_mail",
            receipt_reference="XA123456789CN",
            created=T0,
        )
    )
    store.add_event(
        RequestEvent(
            request_id=req_cn.id or 0,
            kind="partly_granted",
            date=date(2026, 3, 30),
            note="部分更正",
            data={"disclosed": ["户籍信息"], "refused": [{"ground": "PIPL art. 35"}]},
            created=T0 + timedelta(days=28),
        )
    )
    store.add_event(RequestEvent(request_id=req_de.id or 0, kind="sent", date=date(2026, 3, 4), created=T0))
    store.add_letter(
        GeneratedLetter(
            request_id=req_cn.id or 0,
            kind="request",
            language="zh_CN",
            created=T0,
            title="更正申请",
            pdf=PDF_BYTES,
            text="申请人：王小明",
        )
    )
    store.add_attachment(
        Attachment(
            case_id=case_cn.id or 0,
            filename="身份证.png",
            media_type="image/png",
            content=b"\x89PNG\r\n\x1a\n\x00\xff",
            created=T0,
        )
    )
    store.add_note(Note(case_id=case_de.id or 0, text="Rückruf am Montag", created=T0))
    # Unfinished wizard forms: one half filled in (with a value the wizard would still refuse), one empty.
    store.save_draft(
        DraftRecord(
            id=None,
            title="DE · access",
            payload={
                "jurisdiction": "DE",
                "requester": {"name": "Erika Beispiel-Weber"},
                "birth_date": "31.02.",
            },
            created=T0,
            updated=T0,
        )
    )
    store.save_draft(DraftRecord(id=None, title="", payload={}, created=T0, updated=T0))
    return {
        "client": wang.id or 0,
        "authority": psb.id or 0,
        "case_cn": case_cn.id or 0,
        "case_de": case_de.id or 0,
        "request_cn": req_cn.id or 0,
        "request_de": req_de.id or 0,
    }


def without_timestamp(export: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in export.items() if k != "exported_at"}
