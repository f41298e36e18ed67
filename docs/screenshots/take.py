"""Regenerate the README screenshots from invented example data (nothing real is shown).

Usage (from the repository root, with a new, empty HOME_DIR):

    QT_QPA_PLATFORM=offscreen HABEAS_HOME=HOME_DIR python docs/screenshots/take.py LANG OUT_DIR

An empty store is first filled from examples/*.json through the CLI (``habeas request add`` and
``habeas request event``), with dates relative to today so the dashboard shows overdue, due-soon
and later deadlines.

Drives the real window (no mock-ups): the dashboard, a case with escalation steps, the wizard's
situation / you (with a validation message) / review pages, and a letter preview. Each PNG is
grabbed from its widget at 1200x760 or smaller.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


# (example, [(event, days before today, receipt method, reference)])
EXAMPLE_CASES = (
    ("cn-access", [("sent", 40, "registered-mail", "RR123456789CN"), ("refused", 10, "", "")]),
    ("gb-eng-access", [("sent", 45, "email", "")]),
    ("de-access", [("sent", 26, "registered-mail", "RR987654321DE")]),
    ("us-access", [("sent", 12, "email", "")]),
    ("cn-correction", [("sent", 18, "registered-mail", "RR555000111CN")]),
)


def prepare_store() -> None:
    """Fill an empty store from the invented examples, through the CLI as a clinic's script would."""
    from datetime import date, timedelta

    from app import bootstrap
    from app.cli.main import main as habeas

    env = bootstrap.load_environment()
    store = bootstrap.open_store(env)
    try:
        if not store.is_empty():
            return
    finally:
        store.close()
    today = date.today()
    for number, (example, events) in enumerate(EXAMPLE_CASES, start=1):
        example_file = str(ROOT / "examples" / f"{example}.json")
        assert habeas(["request", "add", "--input", example_file, "--with-letter"]) == 0
        for kind, days_ago, method, reference in events:
            args = ["request", "event", str(number), kind, "--date", str(today - timedelta(days=days_ago))]
            args += ["--method", method] if method else []
            args += ["--reference", reference] if reference else []
            assert habeas(args) == 0


def main() -> int:
    lang, out = sys.argv[1], Path(sys.argv[2])
    prepare_store()
    out.mkdir(parents=True, exist_ok=True)
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QApplication, QWidget

    from app import __version__, bootstrap
    from app.settings import save_settings
    from app.ui.application import create_main_window, ensure_application
    from app.ui.context import UiContext

    env = bootstrap.load_environment()
    ctx = UiContext(
        paths=env.paths,
        settings=env.settings,
        save_settings=lambda s: save_settings(env.paths.settings_file, s),
        version=__version__,
        open_store=lambda: bootstrap.open_store(env),
        load_knowledge_base=lambda: bootstrap._load_knowledge_base(env),
    )
    app = ensure_application()
    window = create_main_window(ctx, app)
    window.languages.apply(lang)
    window.resize(1200, 760)
    window.show()

    def settle(seconds: float = 0.3) -> None:
        end = time.time() + seconds
        while window.workspace.service is None or window.tasks.busy or time.time() < end:
            app.processEvents()
            time.sleep(0.01)

    def shot(widget: QWidget, name: str) -> None:
        settle()
        widget.grab().save(str(out / f"{name}-{lang}.png"))
        print("saved", out / f"{name}-{lang}.png")

    settle(1.0)
    ws = window.workspace
    shot(window, "dashboard")

    case_id = next(
        i.case_id
        for key in ("overdue", "soon", "later")
        for i in ws.dashboard.models[key].records
        if i.deadline.step_id
    )
    ws.open_case(case_id)
    settle()
    page = ws.case_page
    steps = page.steps.records
    page.step_table.selectRow(
        next((n for n, s in enumerate(steps) if str(s.step.kind) == "reconsideration"), 0)
    )
    shot(window, "case")

    # A letter preview: the request letter stored with the case.
    ws.cases.show_letters(list(page.view.letters) if page.view else [])
    preview = ws.cases.preview
    assert preview is not None
    preview.resize(820, 760)
    settle(0.8)
    shot(preview, "letter-preview")
    preview.close()

    ws.new_request()
    wizard = ws.wizard
    assert wizard is not None
    wizard.resize(860, 700)
    s = wizard.situation
    s.jurisdiction.setCurrentIndex(s.jurisdiction.findData("CN"))
    s.situation.setCurrentIndex(s.situation.findData("registration"))
    s.letter_date.setDate(QDate.currentDate())
    shot(wizard, "wizard-situation")
    wizard.next()
    wizard.authority.name.setText("北京市公安局朝阳分局")
    wizard.authority.address.setPlainText("北京市朝阳区某路1号")
    wizard.authority.postal_code.setText("100020")
    wizard.next()
    wizard.rights.rights.boxes["access"].setChecked(True)
    wizard.next()
    you = wizard.you
    you.name.setText("李华")
    you.id_type.setCurrentIndex(you.id_type.findData("resident_id"))
    you.id_number.setText("110105199001011230")  # invented; its check digit is wrong on purpose
    you.address.setPlainText("北京市朝阳区某街2号")
    you.postal_code.setText("100020")
    you.email.setText("li.hua@example")
    wizard.next()  # refused: the messages appear next to the fields
    shot(wizard, "wizard-you")
    from stdnum.cn import ric

    body = "11010519900101123"
    you.id_number.setText(body + ric.calc_check_digit(body + "0"))
    you.email.setText("li.hua@example.org")
    wizard.next()
    wizard.details.details.setPlainText("2025年9月在派出所办理户籍业务时得知系统中有我的记录。")
    wizard.next()
    shot(wizard, "wizard-review")
    wizard.close()
    window.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
