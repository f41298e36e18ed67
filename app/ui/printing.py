"""Printing a letter as it is: the PDF file goes to the system's print service, at 100 %, as text.

A letter's PDF already has the right page size, fonts and positions (the DIN 5008 address sits
where the envelope window is). Anything that redraws it — rasterising pages, "fit to printable
area" — moves the address by millimetres and loses the text. So the file itself is handed over:

* Linux, BSD and macOS: CUPS, through ``lp`` (or ``lpr``), with ``print-scaling=none`` so the
  printer neither shrinks nor enlarges the page, and the letter's paper size as ``media`` so an
  A4 letter is not put on the printer's default Letter paper (and cut off); the printers come
  from ``lpstat``. Tried with CUPS 2.4 and cups-filters: without options an A4 letter came out
  at 85 % on a Letter-default queue; with both options at 100 % on A4.
* Windows: the shell's "print" verb, i.e. the program registered for PDF files prints it on the
  default printer.

Nothing here imports Qt: the UI runs ``discover`` and ``submit`` on the TaskRunner's worker
thread (both may wait for the print server) and shows the result.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from app.errors import HabeasError
from app.i18n import _
from app.paths import make_private_dir

log = logging.getLogger(__name__)

# Seen in the print queue by whoever can list it: never the case's or the person's name.
JOB_TITLE = "Habeas letter"
MAX_COPIES = 99
# lpstat/lp talk to the CUPS server; a hung server must not hold a worker thread for ever.
COMMAND_TIMEOUT_S = 60
# The Windows print verb hands the file to another program, which reads it later: files older
# than this are removed at the next print (there is no signal that the program has read it).
STALE_AFTER_S = 15 * 60

Runner = Callable[..., "subprocess.CompletedProcess[str]"]


class PrintError(HabeasError):
    """The print service refused the letter or could not be reached. The message is translated."""


@dataclass(frozen=True)
class Printer:
    name: str
    default: bool = False


@dataclass(frozen=True)
class PrintSetup:
    """What this computer offers for printing.

    ``service`` is ``"cups"``, ``"windows"`` or ``""`` (none). ``printers`` is empty where the
    service picks the printer itself (Windows: the default printer; ``lpr`` without ``lpstat``).
    ``problem`` says, translated, why nothing can be printed when ``available`` is false.
    """

    service: str
    printers: tuple[Printer, ...] = ()
    problem: str = ""

    @property
    def available(self) -> bool:
        return bool(self.service) and not self.problem

    @property
    def default_printer(self) -> str | None:
        return next((p.name for p in self.printers if p.default), None)


class PrintService(Protocol):
    def discover(self) -> PrintSetup: ...

    def submit(self, pdf: bytes, printer: str | None, copies: int, media: str | None = None) -> str:
        """Hand the PDF over on ``media`` paper (``media_for_page``); returns the job reference or ""."""
        ...


# CUPS media names of the paper sizes letters are written for, in PostScript points.
_MEDIA = {"A4": (595.28, 841.89), "Letter": (612.0, 792.0), "Legal": (612.0, 1008.0)}


def media_for_page(width_pt: float, height_pt: float) -> str | None:
    """The CUPS ``media`` for a page of this size: a named size, else CUPS's custom size in points."""
    if width_pt <= 0 or height_pt <= 0:
        return None
    for name, (width, height) in _MEDIA.items():
        if abs(width - width_pt) < 2 and abs(height - height_pt) < 2:
            return name
    return f"Custom.{round(width_pt)}x{round(height_pt)}"


def system_print_service(spool_dir: Path) -> PrintService:
    """The print service of this platform; ``spool_dir`` holds the file until it is handed over."""
    if sys.platform == "win32":
        return WindowsPrinting(spool_dir)
    return CupsPrinting(spool_dir)


def _write_private_copy(spool_dir: Path, pdf: bytes) -> Path:
    """The PDF in a 0600 file inside the 0700 ``spool_dir`` (it holds the person's data)."""
    try:
        make_private_dir(spool_dir)
        handle, name = tempfile.mkstemp(prefix="letter-", suffix=".pdf", dir=spool_dir)
        with os.fdopen(handle, "wb") as out:
            out.write(pdf)
    except OSError as exc:
        raise PrintError(
            _("The letter could not be prepared for printing: {reason}").format(
                reason=exc.strerror or type(exc).__name__
            )
        ) from exc
    return Path(name)


@dataclass
class CupsPrinting:
    """CUPS (Linux, BSD, macOS) through its command-line clients.

    ``lp`` copies the file to the print server before it returns, so the temporary copy is
    deleted right after it. ``run`` is ``subprocess.run``; tests pass a fake ``lp`` on PATH.
    """

    spool_dir: Path
    run: Runner = field(default=subprocess.run)

    def discover(self) -> PrintSetup:
        client = shutil.which("lp") or shutil.which("lpr")
        if client is None:
            return PrintSetup(
                "",
                problem=_("No print service (CUPS) was found on this computer."),
            )
        lpstat = shutil.which("lpstat")
        if lpstat is None:
            return PrintSetup("cups")  # lpr alone: its default printer
        names = self._lines([lpstat, "-e"])
        if names is None:  # CUPS before 2.2 has no -e
            names = [
                line.split()[1] for line in self._lines([lpstat, "-p"]) or [] if line.startswith("printer ")
            ]
        default = self._default(lpstat)
        if not names:
            return PrintSetup("cups", problem=_("No printer is set up on this computer."))
        return PrintSetup("cups", tuple(Printer(name, name == default) for name in names))

    def _default(self, lpstat: str) -> str | None:
        for line in self._lines([lpstat, "-d"]) or []:
            head, sep, name = line.partition(":")
            if sep and head.strip() == "system default destination":
                return name.strip() or None
        return None

    def _lines(self, command: list[str]) -> list[str] | None:
        """Output lines of an lpstat query in the C locale (parsed), or None when it failed."""
        try:
            done = self.run(
                command,
                capture_output=True,
                text=True,
                timeout=COMMAND_TIMEOUT_S,
                env={**os.environ, "LC_ALL": "C"},
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            log.warning("lpstat %s failed: %s", command[1], type(exc).__name__)
            return None
        if done.returncode != 0:
            # "No destinations added" and a stopped scheduler end here: no printers to offer.
            log.info("lpstat %s: exit %s", command[1], done.returncode)
            return None
        return [line.strip() for line in done.stdout.splitlines() if line.strip()]

    def command(self, path: Path, printer: str | None, copies: int, media: str | None = None) -> list[str]:
        copies = max(1, min(MAX_COPIES, copies))
        # print-scaling=none: the page at its own size, never fitted to the printable area.
        options = ["-o", "print-scaling=none"]
        if media:
            options += ["-o", f"media={media}"]
        lp = shutil.which("lp")
        if lp is not None:
            command = [lp]
            if printer:
                command += ["-d", printer]
            return [*command, "-n", str(copies), "-t", JOB_TITLE, *options, str(path)]
        lpr = shutil.which("lpr")
        if lpr is None:
            raise PrintError(_("No print service (CUPS) was found on this computer."))
        command = [lpr]
        if printer:
            command += ["-P", printer]
        return [*command, "-#", str(copies), "-T", JOB_TITLE, *options, str(path)]

    def submit(self, pdf: bytes, printer: str | None, copies: int, media: str | None = None) -> str:
        path = _write_private_copy(self.spool_dir, pdf)
        try:
            command = self.command(path, printer, copies, media)
            try:
                done = self.run(
                    command, capture_output=True, text=True, timeout=COMMAND_TIMEOUT_S, check=False
                )
            except subprocess.TimeoutExpired as exc:
                raise PrintError(_("The print service did not answer within a minute.")) from exc
            except OSError as exc:
                raise PrintError(
                    _("The print service could not be started: {reason}").format(
                        reason=exc.strerror or type(exc).__name__
                    )
                ) from exc
        finally:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        if done.returncode != 0:
            reason = (done.stderr or done.stdout or "").strip().splitlines()
            raise PrintError(
                _("The print service refused the letter: {reason}").format(
                    reason=reason[0] if reason else _("exit status {code}").format(code=done.returncode)
                )
            )
        # lp: "request id is Office-12 (1 file(s))"; lpr says nothing.
        words = done.stdout.split()
        job = words[3] if len(words) > 3 and words[:3] == ["request", "id", "is"] else ""
        log.info("letter handed to the print service")
        return job


@dataclass
class WindowsPrinting:
    """The shell's "print" verb: the PDF program registered on Windows prints on the default printer."""

    spool_dir: Path
    start: Callable[[str, str], None] | None = None  # os.startfile; injectable for tests
    clock: Callable[[], float] = field(default=time.time)

    def discover(self) -> PrintSetup:
        if self._starter() is None:
            return PrintSetup("", problem=_("No print service was found on this computer."))
        return PrintSetup("windows")

    def _starter(self) -> Callable[[str, str], None] | None:
        if self.start is not None:
            return self.start
        return getattr(os, "startfile", None)

    def remove_stale(self) -> None:
        """Delete copies handed over earlier (the PDF program has long read them)."""
        if not self.spool_dir.is_dir():
            return
        limit = self.clock() - STALE_AFTER_S
        for old in self.spool_dir.glob("letter-*.pdf"):
            with contextlib.suppress(OSError):
                if old.stat().st_mtime < limit:
                    old.unlink()

    def submit(self, pdf: bytes, printer: str | None, copies: int, media: str | None = None) -> str:
        # The PDF program picks printer and paper; Habeas cannot pass either through the verb.
        start = self._starter()
        if start is None:
            raise PrintError(_("No print service was found on this computer."))
        self.remove_stale()
        path = _write_private_copy(self.spool_dir, pdf)
        try:
            for _copy in range(max(1, min(MAX_COPIES, copies))):
                start(str(path), "print")
        except OSError as exc:
            with contextlib.suppress(OSError):
                path.unlink()
            raise PrintError(
                _("Windows could not print the letter: {reason}").format(
                    reason=exc.strerror or type(exc).__name__
                )
            ) from exc
        return ""
