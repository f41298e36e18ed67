"""``habeas letter``: write a request letter from a JSON request (the RequestDraft input format).

    habeas letter --input request.json --out letter.pdf
    habeas letter --input request.json --text            # plain text to stdout
    habeas letter --input request.json --out letter.pdf --sheet sheet.pdf   # with "what happens next"

The sheet is for the user (what to do now, the reply date, the next steps and their warnings, the
facts not yet verified), in the UI language; it is never sent.

Invalid input lists every problem with its key path and exits with status 2; nothing is written.
The PDF is written atomically (temporary file in the target directory, then renamed).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.bootstrap import Environment
from app.errors import InputError
from app.files import write_atomically
from app.i18n import _

if TYPE_CHECKING:
    from app.cases.draft import RequestDraft
    from app.cli.main import Subparsers
    from app.law import KnowledgeBase

log = logging.getLogger(__name__)


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "letter",
        help=_("write a request letter (PDF or plain text) from a JSON request"),
        description=_("Write a request letter citing the law, from a JSON request (see examples/)."),
    )
    parser.add_argument(
        "--input", "-i", required=True, metavar="FILE", help=_("the request as JSON ('-' for stdin)")
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", "-o", metavar="FILE", help=_("write the PDF letter to FILE"))
    target.add_argument("--text", action="store_true", help=_("print the letter as plain text"))
    parser.add_argument(
        "--sheet",
        metavar="FILE",
        help=_("also write the “what happens next” sheet for you (PDF, not to be sent) to FILE"),
    )
    parser.set_defaults(handler=run)


def read_request(source: str) -> Any:
    """The parsed JSON of ``source`` ('-': stdin); InputError naming the file and the position when
    unreadable, too large (app.contract.MAX_INPUT_FILE), nested too deeply or holding bad text."""
    from app.contract import loads_json, read_input

    shown = _("standard input") if source == "-" else source
    return loads_json(read_input(source), shown)


def run(args: argparse.Namespace, env: Environment) -> int:
    from app.cases.draft import RequestDraft
    from app.letters import compose, render_text

    kb = env.knowledge_base()
    draft = RequestDraft.from_json(read_request(args.input), kb)
    letter = compose(draft, kb)
    sheet_path = _target(args.sheet) if args.sheet else None
    sheet = _sheet(draft, kb) if sheet_path is not None else None  # both made before anything is written
    if args.text:
        sys.stdout.write(render_text(letter))
    else:
        from app.letters import render_pdf

        out = _target(args.out)
        data = render_pdf(letter)
        write_atomically(out, data)
        log.info("letter written (%d bytes)", len(data))
        print(_("Letter written to {path}").format(path=out))
    if sheet_path is not None and sheet is not None:
        write_atomically(sheet_path, sheet)
        # On stderr with --text: stdout carries the letter.
        print(
            _("What-happens-next sheet written to {path}").format(path=sheet_path),
            file=sys.stderr if args.text else sys.stdout,
        )
    return 0


def _target(name: str) -> Path:
    path = Path(name)
    if not path.parent.exists():
        raise InputError(_("The folder {folder} does not exist.").format(folder=path.parent))
    return path


def _sheet(draft: RequestDraft, kb: KnowledgeBase) -> bytes:
    from app.i18n import current_language
    from app.letters import next_steps, render_next_steps

    return render_next_steps(next_steps(draft, kb, current_language()))
