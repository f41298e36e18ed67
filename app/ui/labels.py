"""Display names shared by several pages (kept free of the law package so the window starts fast)."""

from __future__ import annotations

from app.i18n import N_, _

RIGHT_LABELS: dict[str, str] = {
    "access": N_("Access: see and get a copy of the data"),
    "correction": N_("Correction: fix or complete wrong data"),
    "deletion": N_("Deletion: erase the data (or restrict them where erasure is barred)"),
    "restriction": N_("Restriction: stop using the data except for storage"),
    "sealing": N_("Sealing: confirm the record is sealed"),
    "explanation": N_("Explanation: how and why the data are processed"),
    "indirect_access": N_("Indirect access: have the supervisory authority check the data"),
}


def right_label(right: str) -> str:
    return _(RIGHT_LABELS[right]) if right in RIGHT_LABELS else right
