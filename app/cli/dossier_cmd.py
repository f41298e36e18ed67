"""``habeas dossier CASE_ID --out FILE.pdf``: one PDF per case for a complaint or a court filing.

The chronology of every request, each deadline's calculation, and the letters as generated.
"""

from __future__ import annotations

import argparse
import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.bootstrap import Environment
from app.errors import InputError
from app.i18n import _

if TYPE_CHECKING:
    from app.cli.main import Subparsers

log = logging.getLogger(__name__)


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "dossier", help=_("write a case dossier (chronology, deadlines, letters) as PDF")
    )
    parser.add_argument("case_id", metavar="CASE_ID", help=_("the case id"))
    parser.add_argument("--out", "-o", required=True, metavar="FILE.pdf", help=_("the PDF to write"))
    parser.add_argument("--today", metavar="YYYY-MM-DD", help=_("today's date (for scripts and tests)"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, env: Environment) -> int:
    from app.cli.request_cmd import casework_service, check_texts, parse_day
    from app.contract import parse_id
    from app.files import write_atomically

    case_id = parse_id(args.case_id, "CASE_ID", _("Nothing was written."))
    today = parse_day(args.today, "--today", _("Nothing was written.")) or date.today()
    check_texts((("--out", args.out, 4_096),), _("Nothing was written."))
    out = Path(args.out)
    if not (out.parent if str(out.parent) else Path(".")).exists():
        raise InputError(_("The folder {folder} does not exist.").format(folder=out.parent))
    with casework_service(env, failure=_("Nothing was written.")) as service:
        data = service.dossier(case_id, today)
    write_atomically(out, data)
    log.info("dossier for case %s written (%d bytes)", case_id, len(data))
    print(_("Dossier written to {path}").format(path=out))
    return 0
