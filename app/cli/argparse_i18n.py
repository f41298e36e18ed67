"""argparse's own words ("usage:", "options", its error messages) in the UI language.

argparse translates its strings with ``_`` and ``ngettext`` from :mod:`gettext`, bound as globals
of the ``argparse`` module when it is imported, and looked up there each time a string is used.
``use_app_catalog`` rebinds those two globals to ``app.i18n``'s, which translate into the UI
language current at call time: the help and the errors follow the language chosen at run time
(settings, then the environment), from Habeas's own catalogs.

Babel extracts msgids only from our sources, so argparse's msgids (CPython 3.11) that a user can
see are repeated here, marked, to keep them in the catalogs. Those that only a mistake in our own
parser definitions can raise while the parser is built (conflicting options, a positional marked
``required``…) are left in English: no user ever sees them. So are those of features no parser
of ours uses (``nargs=N`` and its plural "expected %s arguments", ``FileType``, subparser titles).
"""

from __future__ import annotations

import argparse
import re
import textwrap
import unicodedata

from app.i18n import N_, _, ngettext

# The help layout, and the errors of parsing a command line (exit status 2).
ARGPARSE_MESSAGES: tuple[str, ...] = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),  # not translated by argparse 3.11: main.py passes it
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
)


def _gettext(message: str) -> str:
    # argparse also passes None (an add_subparsers() without title or description).
    return _(message) if message else message


# Chinese punctuation that must not begin a line (it closes what came before).
_NO_LINE_START = set("，。、；：！？）》」』”’")
_WHITESPACE = re.compile(r"\s+")


def display_width(text: str) -> int:
    """Terminal columns of ``text``: wide and full-width characters (Chinese) take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap_to_width(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns (textwrap counts characters, so a
    Chinese help line came out twice as wide as the terminal). Latin words are not split; a
    Chinese line may break between any two characters, never before closing punctuation."""
    text = _WHITESPACE.sub(" ", text).strip()
    if display_width(text) == len(text):
        return textwrap.wrap(text, width)
    units = re.findall(r"[^\s\u1100-\uffdc]+\s*|[\u1100-\uffdc]\s*|\s+", text)
    lines: list[str] = []
    line = ""
    for unit in units:
        candidate = line + unit
        fits = display_width(candidate.rstrip()) <= width
        if fits or not line.strip() or unit[0] in _NO_LINE_START:
            line = candidate
        else:
            lines.append(line.rstrip())
            line = unit.lstrip()
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _split_lines(_formatter: argparse.HelpFormatter, text: str, width: int) -> list[str]:
    return wrap_to_width(text, width)


def _fill_text(_formatter: argparse.HelpFormatter, text: str, width: int, indent: str) -> str:
    return "\n".join(indent + line for line in wrap_to_width(text, max(1, width - len(indent))))


def use_app_catalog() -> None:
    """Make argparse translate through ``app.i18n`` (idempotent; the language is read at call time)."""
    # argparse's module globals, not part of its typed interface: hence setattr.
    setattr(argparse, "_", _gettext)  # noqa: B010
    setattr(argparse, "ngettext", ngettext)  # noqa: B010
    # Help wrapped by terminal columns, not characters (Chinese characters are two columns wide).
    setattr(argparse.HelpFormatter, "_split_lines", _split_lines)  # noqa: B010
    setattr(argparse.HelpFormatter, "_fill_text", _fill_text)  # noqa: B010
