"""Make the README and handbook screenshots from invented cases: light and dark, three languages.

Usage (from the repository root):

    .venv/bin/python docs/screenshots/make.py [--out docs/screenshots] [--languages en de zh_CN]

A temporary HABEAS_HOME is filled through the command line as a clinic's script would fill it
(``habeas request add -i examples/….json``, ``habeas request event N sent --date …``, dates relative
to today so the dashboard shows overdue, due-soon and later deadlines). The store is encrypted as
the app's are: HABEAS_PASSPHRASE is set to an invented passphrase unless one is given. Without
QT_QPA_PLATFORM the window is drawn offscreen on a simulated 1280x800 screen (the wizard sizes
itself to the screen); under Xvfb (``/work/shared/tools/xshot``) it uses that screen.

For each language and palette (Fusion's light one and a Breeze-Dark-like one): the dashboard, the
case list, a case page with its escalation steps, and the wizard's "Details and enclosures" page
with the live letter beside it, typed as a person of that language would. Each PNG is grabbed from
its widget (at most 1280x800) and written as ``NAME-PALETTE-LANG.png``; one larger than
``MAX_BYTES`` is saved with 8-bit colour instead. Nothing real is shown: every name, address and
number is invented.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

MAX_BYTES = 200_000
SCREEN = (1280, 800)
WINDOW = (1200, 760)

# (example, [(event, days before today, extra CLI arguments)]): one case each.
EXAMPLE_CASES: tuple[tuple[str, list[tuple[str, int, list[str]]]], ...] = (
    ("cn-access", [("sent", 40, ["--method", "registered-mail"]), ("refused", 10, [])]),
    ("gb-eng-access", [("sent", 45, ["--method", "email"])]),
    ("de-access", [("sent", 26, ["--method", "registered-mail"])]),
    ("us-access", [("sent", 12, ["--method", "email"])]),
    ("cn-correction", [("sent", 18, ["--method", "registered-mail"])]),
    ("de-deletion", [("sent", 50, ["--method", "registered-mail"])]),
)

# What a person of each language types into the wizard (all invented).
WIZARD_PEOPLE: dict[str, dict[str, Any]] = {
    "en": {
        "jurisdiction": "GB-ENG",
        "situation": "arrest",
        "authority": ("Greater Manchester Police", "Openshaw Complex\nLawton Street\nManchester"),
        "rights": ["access", "correction"],
        "wrong": "My date of birth is recorded as 10 January 1990.",
        "correct": "My date of birth is 1 January 1990.",
        "name": "Sam Example",
        "birth_date": "1990-01-01",
        "address": "2 Example Road\nLeeds",
        "postal_code": "LS1 4AP",
        "details": "Arrested at a demonstration in Manchester on 14 June 2025, released without charge.",
        "enclosures": ["id_copy", "evidence"],
    },
    "de": {
        "jurisdiction": "DE",
        "situation": "demonstration",
        "authority": ("Polizeipräsidium Beispielstadt", "Musterstraße 1\n10115 Berlin"),
        "rights": ["access", "deletion"],
        "name": "Erika Beispiel",
        "birth_date": "1985-07-12",
        "address": "Beispielweg 3\n10115 Berlin",
        "postal_code": "10115",
        "details": "Identitätsfeststellung bei einer Versammlung am 1. Mai 2025 in Berlin-Mitte.",
        "enclosures": ["id_copy"],
    },
    "zh_CN": {
        "jurisdiction": "CN",
        "situation": "registration",
        "authority": ("北京市公安局朝阳分局", "北京市朝阳区某路1号"),
        "rights": ["access", "correction"],
        "wrong": "户籍系统中我的出生日期登记为1990年1月10日。",
        "correct": "我的出生日期应为1990年1月1日。",
        "name": "李华",
        "id_body": "11010519900101123",  # invented: region 110105, born 1990-01-01; check digit added
        "birth_date": "1990-01-01",
        "address": "北京市朝阳区某街2号",
        "postal_code": "100020",
        "details": "2025年9月在派出所办理户籍业务时得知系统中有我的记录。",
        "enclosures": ["id_copy", "evidence"],
    },
}


def prepare_store() -> None:
    """Fill the empty store of HABEAS_HOME from the invented examples, through the CLI."""
    from app.cli.main import main as cli

    def habeas(args: list[str]) -> int:
        with contextlib.redirect_stdout(io.StringIO()):  # the commands' receipts, not needed here
            return cli(args)

    today = date.today()
    for number, (example, events) in enumerate(EXAMPLE_CASES, start=1):
        example_file = str(ROOT / "examples" / f"{example}.json")
        if habeas(["request", "add", "-i", example_file, "--with-letter"]) != 0:
            raise SystemExit(f"habeas request add -i {example_file} failed")
        for kind, days_ago, extra in events:
            day = str(today - timedelta(days=days_ago))
            if habeas(["request", "event", str(number), kind, "--date", day, *extra]) != 0:
                raise SystemExit(f"habeas request event {number} {kind} failed")


def dark_palette() -> Any:
    """Like KDE's Breeze Dark, every role set (Fusion draws with them)."""
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    role = QPalette.ColorRole
    for name, colour in (
        (role.Window, "#31363b"),
        (role.WindowText, "#eff0f1"),
        (role.Base, "#232629"),
        (role.AlternateBase, "#2c3034"),
        (role.Text, "#eff0f1"),
        (role.Button, "#31363b"),
        (role.ButtonText, "#eff0f1"),
        (role.Highlight, "#3daee9"),
        (role.HighlightedText, "#232629"),
        (role.ToolTipBase, "#31363b"),
        (role.ToolTipText, "#eff0f1"),
        (role.PlaceholderText, "#a0a4a8"),
        (role.Link, "#3daee9"),
        (role.LinkVisited, "#9b59b6"),
        (role.BrightText, "#ffffff"),
        (role.Light, "#4a5056"),
        (role.Midlight, "#3e444a"),
        (role.Mid, "#6a7076"),
        (role.Dark, "#1c1f22"),
        (role.Shadow, "#101214"),
    ):
        palette.setColor(name, QColor(colour))
    for name in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, name, QColor("#7f8c8d"))
    return palette


class Shooter:
    """The real window on the prepared store; ``shot`` saves one widget as a PNG."""

    def __init__(self, out: Path) -> None:
        from PySide6.QtGui import QPalette

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
            load_knowledge_base=env.knowledge_base,
        )
        self.out = out
        self.app = ensure_application()
        self.app.setStyle("Fusion")  # the same look on every machine; its palette follows the app's
        self.palettes = {"light": QPalette(self.app.style().standardPalette()), "dark": dark_palette()}
        self.window = create_main_window(ctx, self.app)
        self.window.resize(*WINDOW)
        self.window.show()
        self.settle(1.0)
        self.saved: list[Path] = []

    def settle(self, seconds: float = 0.4) -> None:
        """Let queued work finish: the store opening, background tasks, layouts and repaints."""
        end = time.time() + seconds
        window = self.window
        while window.workspace.service is None or window.tasks.busy or time.time() < end:
            self.app.processEvents()
            time.sleep(0.01)

    def shot(self, widget: Any, name: str) -> None:
        from PySide6.QtGui import QImage

        self.settle()
        image = widget.grab().toImage()
        if image.width() > SCREEN[0] or image.height() > SCREEN[1]:
            raise SystemExit(f"{name}: {image.width()}x{image.height()} is larger than {SCREEN}")
        path = self.out / f"{name}.png"
        image.save(str(path))
        if path.stat().st_size > MAX_BYTES:  # photographs of text compress well at 256 colours
            image.convertToFormat(QImage.Format.Format_Indexed8).save(str(path))
        self.saved.append(path)
        print(f"{path} {image.width()}x{image.height()} {path.stat().st_size // 1024} kB")

    def window_shots(self, lang: str, palette: str) -> None:
        ws = self.window.workspace
        ws.show_dashboard()
        self.shot(self.window, f"dashboard-{palette}-{lang}")
        ws.show_cases()
        self.shot(self.window, f"cases-{palette}-{lang}")
        # The refused Chinese access request: its escalation steps are open.
        case_id = min(c.id for c in ws.service.store.list_cases() if c.id is not None)
        ws.open_case(case_id)
        self.settle()
        self.shot(self.window, f"case-{palette}-{lang}")

    def open_wizard(self, lang: str) -> Any:
        """The wizard filled up to "Details and enclosures", as a person of ``lang`` types it."""
        from PySide6.QtCore import QDate

        person = WIZARD_PEOPLE[lang]
        ws = self.window.workspace
        ws.new_request()
        wizard = ws.wizard
        s = wizard.situation
        s.jurisdiction.setCurrentIndex(s.jurisdiction.findData(person["jurisdiction"]))
        s.situation.setCurrentIndex(s.situation.findData(person["situation"]))
        s.letter_date.setDate(QDate.currentDate())
        self._next(wizard)
        name, address = person["authority"]
        wizard.authority.name.setText(name)
        wizard.authority.address.setPlainText(address)
        self._next(wizard)
        r = wizard.rights
        for right in person["rights"]:
            r.rights.boxes[right].setChecked(True)
        if "deletion" in person["rights"]:
            next(iter(r.grounds.boxes.values())).setChecked(True)
        if "correction" in person["rights"]:
            r.wrong.setPlainText(person["wrong"])
            r.correct.setPlainText(person["correct"])
        self._next(wizard)
        y = wizard.you
        y.name.setText(person["name"])
        if "id_body" in person:
            from stdnum.cn import ric

            body = person["id_body"]
            y.id_number.setText(body + ric.calc_check_digit(body + "0"))
        y.birth_date.setText(person["birth_date"])
        y.address.setPlainText(person["address"])
        y.postal_code.setText(person["postal_code"])
        self._next(wizard)
        d = wizard.details
        d.details.setPlainText(person["details"])
        for key in person["enclosures"]:
            d.standard.boxes[key].setChecked(True)
        preview = wizard.preview
        self.settle(0.8)  # the first render; then the letter that shows an enclosure of the law data
        shown = "correction" if "correction" in person["rights"] else person["rights"][-1]
        preview.chooser.setCurrentIndex(max(0, preview.chooser.findData(shown)))
        end = time.time() + 30
        while (preview.renders == 0 or preview._busy or preview._timer.isActive()) and time.time() < end:
            self.settle(0.2)
        return wizard

    @staticmethod
    def _next(wizard: Any) -> None:
        before = wizard.currentPage()
        wizard.next()
        if wizard.currentPage() is before:
            raise SystemExit(f"the wizard stayed on {before.title()!r}: {before.problems()}")


def screen_config(directory: Path) -> str:
    """An offscreen platform with one SCREEN-sized screen (its default is 800x800)."""
    config = directory / "screen.json"
    width, height = SCREEN
    screen = {"name": "shots", "x": 0, "y": 0, "width": width, "height": height}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}), encoding="utf-8")
    return f"offscreen:configfile={config}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--languages", nargs="+", default=["en", "de", "zh_CN"])
    parser.add_argument("--palettes", nargs="+", default=["light", "dark"], choices=["light", "dark"])
    args = parser.parse_args(argv)
    home = Path(tempfile.mkdtemp(prefix="habeas-screenshots-"))
    try:
        os.environ["HABEAS_HOME"] = str(home)  # read when the app's modules first ask for paths
        os.environ.setdefault("HABEAS_PASSPHRASE", "invented passphrase for the screenshots")
        os.environ.setdefault("QT_QPA_PLATFORM", screen_config(home))
        prepare_store()
        args.out.mkdir(parents=True, exist_ok=True)
        shooter = Shooter(args.out)
        for lang in args.languages:
            shooter.window.languages.apply(lang)
            wizard = None
            for palette in args.palettes:
                shooter.app.setPalette(shooter.palettes[palette])
                shooter.settle()
                shooter.window_shots(lang, palette)
                if wizard is None:
                    wizard = shooter.open_wizard(lang)
                shooter.shot(wizard, f"wizard-{palette}-{lang}")
            if wizard is not None:
                wizard.close()
        shooter.window.close()
        shooter.settle(0.2)
        shooter.window.workspace.service.store.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
