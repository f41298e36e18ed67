"""``habeas letter``: write a request letter from a JSON request (the RequestDraft input format).

    habeas letter --input request.json --out letter.pdf
    habeas letter --input request.json --text            # plain text to stdout

Invalid input lists every problem with its key path and exits with status 2; nothing is written.
The PDF is written atomically (temporary file in the target directory, then renamed).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.bootstrap import Environment
from app.errors import InputError, Problem
from app.files import write_atomically
from app.i18n import _

if TYPE_CHECKING:
    from app.cli.main import Subparsers

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
    parser.set_defaults(handler=run)


def read_request(source: str) -> Any:
    """The parsed JSON of ``source``; InputError naming the file and the position when unreadable."""
    try:
        raw = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(_("Cannot read {file}: {reason}").format(file=source, reason=exc.strerror)) from None
    except UnicodeDecodeError:
        raise InputError(_("{file} is not UTF-8 text.").format(file=source)) from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(
            _("{file} is not valid JSON.").format(file=source),
            [Problem(_("line {line}, column {column}").format(line=exc.lineno, column=exc.colno), exc.msg)],
        ) from None


def run(args: argparse.Namespace, env: Environment) -> int:
    from app.cases.draft import RequestDraft
    from app.letters import compose, render_text

    kb = env.knowledge_base()
    draft = RequestDraft.from_json(read_request(args.input), kb)
    letter = compose(draft, kb)
    if args.text:
        sys.stdout.write(render_text(letter))
        return 0
    from app.letters import render_pdf

    out = Path(args.out)
    if not out.parent.exists():
        raise InputError(_("The folder {folder} does not exist.").format(folder=out.parent))
    data = render_pdf(letter)
    write_atomically(out, data)
    log.info("letter written (%d bytes)", len(data))
    print(_("Letter written to {path}").format(path=out))
    return 0
