"""Print hands the letter's PDF, byte for byte, to the system's print service (issue 13).

A fake ``lp``/``lpstat`` on PATH stands in for CUPS: ``lp`` records its arguments and the file it
was given, then waits until the test releases it, so the test can show the window is not blocked
while the print service works.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from app.ui.pdf_preview import PdfPreview
from app.ui.print_dialog import print_as_image
from app.ui.printing import CupsPrinting, PrintError, WindowsPrinting, media_for_page
from app.ui.tasks import TaskRunner
from tests.ui.pdf_letters import letter

LEFT = Qt.MouseButton.LeftButton

FAKE_LP = """#!{python}
import json, os, shutil, stat, sys, time
spy = {spy!r}
path = sys.argv[-1]
mode = stat.S_IMODE(os.stat(path).st_mode)
shutil.copyfile(path, os.path.join(spy, "printed.pdf"))
with open(os.path.join(spy, "args.json"), "w") as out:
    json.dump({{"args": sys.argv[1:], "mode": mode}}, out)
for _ in range(400):  # the test releases the job (at most 20 s)
    if os.path.exists(os.path.join(spy, "release")):
        break
    time.sleep(0.05)
if os.path.exists(os.path.join(spy, "refuse")):
    print("lp: The printer or class does not exist.", file=sys.stderr)
    sys.exit(1)
print("request id is Office-7 (1 file(s))")
"""

FAKE_LPSTAT = """#!{python}
import sys
if {broken}:
    print("lpstat: No destinations added.", file=sys.stderr)
    sys.exit(1)
if sys.argv[1] == "-e":
    print("Office")
    print("PDF")
elif sys.argv[1] == "-d":
    print("system default destination: PDF")
"""


def _script(folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)


@pytest.fixture
def spy(tmp_path: Path) -> Path:
    folder = tmp_path / "spy"
    folder.mkdir()
    return folder


def _fake_cups(tmp_path: Path, spy: Path, monkeypatch: pytest.MonkeyPatch, *, printers: bool = True) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _script(bin_dir, "lp", FAKE_LP.format(python=sys.executable, spy=str(spy)))
    _script(bin_dir, "lpstat", FAKE_LPSTAT.format(python=sys.executable, broken=not printers))
    monkeypatch.setenv("PATH", str(bin_dir))  # nothing else: the real CUPS clients stay out


def _preview(qtbot: Any, tmp_path: Path, spool: Path) -> PdfPreview:
    tasks = TaskRunner()
    dialog = PdfPreview([letter(tmp_path, 2)], tasks, CupsPrinting(spool))
    tasks.setParent(dialog)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_print_hands_the_exact_pdf_to_cups_without_blocking_the_window(
    qtbot: Any, tmp_path: Path, spy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_cups(tmp_path, spy, monkeypatch)
    spool = tmp_path / "spool"
    preview = _preview(qtbot, tmp_path, spool)
    QTest.mouseClick(preview.print_button, LEFT)

    qtbot.waitUntil(lambda: preview.print_dialog is not None and preview.print_dialog.isVisible())
    dialog = preview.print_dialog
    assert dialog is not None and dialog.printer is not None
    assert [dialog.printer.itemText(i) for i in range(dialog.printer.count())] == ["Office", "PDF"]
    assert dialog.chosen_printer() == "PDF"  # the system's default comes first
    assert "100 %" in dialog.note.text()
    dialog.printer.setCurrentIndex(0)
    dialog.copies.setValue(2)
    QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)

    # lp is running and waits: the window still answers, Print waits for the job.
    qtbot.waitUntil(lambda: (spy / "args.json").exists(), timeout=10000)
    ticked: list[bool] = []
    QTimer.singleShot(0, lambda: ticked.append(True))
    qtbot.waitUntil(lambda: bool(ticked), timeout=2000)
    assert not preview.print_button.isEnabled()
    assert preview.status.text() == "Sending the letter to the printer…"
    preview.next_page()  # the preview is usable meanwhile
    assert preview.page == 1

    (spy / "release").touch()
    qtbot.waitUntil(lambda: preview.print_button.isEnabled(), timeout=10000)
    assert preview.status.text() == "The letter was sent to the printer."

    recorded = json.loads((spy / "args.json").read_text())
    handed = recorded["args"][-1]
    assert recorded["args"][:-1] == [
        "-d",
        "Office",
        "-n",
        "2",
        "-t",
        "Habeas letter",
        "-o",
        "print-scaling=none",
        "-o",
        "media=A4",  # the letter's paper, not the printer's default (Letter would cut it off)
    ]
    assert (spy / "printed.pdf").read_bytes() == preview.current.pdf
    assert Path(handed).parent == spool and recorded["mode"] == 0o600
    assert stat.S_IMODE(spool.stat().st_mode) == 0o700
    assert list(spool.iterdir()) == []  # the copy is gone once lp has taken it


def test_a_refused_job_is_reported_and_leaves_no_copy(
    qtbot: Any, tmp_path: Path, spy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_cups(tmp_path, spy, monkeypatch)
    (spy / "release").touch()
    (spy / "refuse").touch()
    spool = tmp_path / "spool"
    preview = _preview(qtbot, tmp_path, spool)
    shown: list[str] = []
    monkeypatch.setattr(preview._messages, "error", lambda exc, title=None: shown.append(str(exc)))
    QTest.mouseClick(preview.print_button, LEFT)
    qtbot.waitUntil(lambda: preview.print_dialog is not None and preview.print_dialog.isVisible())
    assert preview.print_dialog is not None
    preview.print_dialog.accept()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert shown == ["The print service refused the letter: lp: The printer or class does not exist."]
    assert preview.print_button.isEnabled()
    assert list(spool.iterdir()) == []


def _fallback_offered(qtbot: Any, preview: PdfPreview, *, by_key: bool = False) -> QMessageBox:
    if by_key:
        preview.activateWindow()
        qtbot.waitUntil(preview.isActiveWindow)
        QTest.keyClick(preview.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    else:
        QTest.mouseClick(preview.print_button, LEFT)
    qtbot.waitUntil(lambda: preview.fallback_box is not None and preview.fallback_box.isVisible())
    box = preview.fallback_box
    assert box is not None
    assert preview.print_dialog is None  # nothing to print through
    texts = [b.text() for b in box.buttons()]
    assert "Print as &image (fallback)…" in texts and "&Save as PDF…" in texts
    assert "no text" in box.informativeText()
    return box


def test_without_a_print_service_the_image_fallback_is_offered(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    preview = _preview(qtbot, tmp_path, tmp_path / "spool")
    box = _fallback_offered(qtbot, preview)
    assert box.text() == "No print service (CUPS) was found on this computer."
    box.reject()


def test_without_a_printer_the_image_fallback_is_offered(
    qtbot: Any, tmp_path: Path, spy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_cups(tmp_path, spy, monkeypatch, printers=False)
    preview = _preview(qtbot, tmp_path, tmp_path / "spool")
    box = _fallback_offered(qtbot, preview, by_key=True)
    assert box.text() == "No printer is set up on this computer."
    box.reject()
    assert not (spy / "args.json").exists()


def test_the_image_fallback_keeps_the_page_size(qtbot: Any, tmp_path: Path) -> None:
    preview = _preview(qtbot, tmp_path, tmp_path / "spool")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "image.pdf"))
    assert print_as_image(preview.document, printer)
    pages = PdfReader(tmp_path / "image.pdf").pages
    assert len(pages) == 2
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)


# -- the print services without the window ------------------------------------------------------


def test_lpr_is_used_when_lp_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _script(bin_dir, "lpr", "#!/bin/sh\nexit 0\n")
    monkeypatch.setenv("PATH", str(bin_dir))
    cups = CupsPrinting(tmp_path / "spool")
    setup = cups.discover()
    assert setup.available and setup.printers == ()  # no lpstat: lpr's default printer
    command = cups.command(tmp_path / "x.pdf", "Office", 3, "Letter")
    assert command == [
        str(bin_dir / "lpr"),
        "-P",
        "Office",
        "-#",
        "3",
        "-T",
        "Habeas letter",
        "-o",
        "print-scaling=none",
        "-o",
        "media=Letter",
        str(tmp_path / "x.pdf"),
    ]
    assert cups.submit(b"%PDF-1.7 test", None, 1) == ""
    assert list((tmp_path / "spool").iterdir()) == []


def test_windows_prints_through_the_shell_verb_and_clears_old_copies(tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    old = spool / "letter-old.pdf"
    old.write_bytes(b"old")
    os.utime(old, (1000, 1000))
    calls: list[tuple[str, str, bytes]] = []
    windows = WindowsPrinting(
        spool, start=lambda path, verb: calls.append((path, verb, Path(path).read_bytes()))
    )
    assert windows.discover().service == "windows"
    windows.submit(b"%PDF-1.7 letter", None, 2)
    assert [(verb, data) for _path, verb, data in calls] == [("print", b"%PDF-1.7 letter")] * 2
    assert not old.exists()  # handed over long ago
    assert Path(calls[0][0]).exists()  # the PDF program may still be reading this one


def test_windows_failure_is_a_print_error(tmp_path: Path) -> None:
    def refuse(path: str, verb: str) -> None:
        raise OSError(1155, "No application is associated with the specified file")

    windows = WindowsPrinting(tmp_path / "spool", start=refuse)
    with pytest.raises(PrintError, match="No application is associated"):
        windows.submit(b"%PDF", None, 1)
    assert list((tmp_path / "spool").iterdir()) == []


def test_the_paper_is_the_letters_own() -> None:
    assert media_for_page(595.276, 841.89) == "A4"
    assert media_for_page(612, 792) == "Letter"
    assert media_for_page(420, 595) == "Custom.420x595"
    assert media_for_page(0, 0) is None
