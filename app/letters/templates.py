"""Letter templates: TOML data files with a tiny, safe substitution syntax.

Files live in ``resources/letters/<JURISDICTION>/<language>.toml`` (see resources/letters/README.md).
Template text knows four constructs and nothing else — no expressions, no attribute access, no code:

    {name}                 the value of ``name`` (plain text; escaping happens in the renderer)
    {cite:provision-id}    the citation of a provision from the law data (original or English form)
    {cite:id1,id2}         several provisions as one phrase, the instrument named once
    {?name}…{/name}        the enclosed text only when ``name`` is set (non-empty / true)
    {!name}…{/name}        the enclosed text only when ``name`` is not set
    {{ and }}              literal braces

An unknown name, an unknown provision or an unbalanced section raises DataFileError naming the file
and the template key, so a broken template is caught by the tests, not by a user.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from app.errors import DataFileError
from app.law import Jurisdiction
from app.paths import resources_dir

log = logging.getLogger(__name__)

# ``{cite:ID}``: ids may point into another law folder ("EU:GDPR-17-1").
_TOKEN = re.compile(r"\{\{|\}\}|\{([?!/]?)([A-Za-z_][A-Za-z0-9_]*(?::[A-Za-z0-9_.,:-]+)?)\}|[{}]")

Value = str | bool
# cite(provision_id, printed) -> citation text; called for every {cite:…}, printed or not, so an
# unknown id fails even inside a section that is switched off.
CiteFn = Callable[[str, bool], str]
UseFn = Callable[[str], None]


def letters_dir() -> Path:
    return resources_dir() / "letters"


@dataclass(frozen=True)
class Template:
    """One template file: layout settings, shared parts and the letter kinds it can write."""

    path: Path
    data: Mapping[str, Any]

    @property
    def name(self) -> str:
        try:
            return str(self.path.relative_to(resources_dir()))
        except ValueError:
            return str(self.path)

    def setting(self, key: str) -> str:
        value = self.data.get(key)
        if not isinstance(value, str):
            raise DataFileError(self.name, key, "missing or not text")
        return value

    def part(self, dotted: str) -> Any:
        """The raw value at ``a.b.c``; DataFileError if absent."""
        node: Any = self.data
        for key in dotted.split("."):
            if not isinstance(node, Mapping) or key not in node:
                raise DataFileError(self.name, dotted, "missing")
            node = node[key]
        return node

    def has(self, dotted: str) -> bool:
        try:
            self.part(dotted)
        except DataFileError:
            return False
        return True

    def kinds(self) -> tuple[str, ...]:
        kinds = self.data.get("kinds", {})
        return tuple(kinds) if isinstance(kinds, Mapping) else ()

    def fill(self, dotted: str, values: Mapping[str, Value], cite: CiteFn, used: UseFn | None = None) -> str:
        """Fill the text template at ``dotted``."""
        text = self.part(dotted)
        if not isinstance(text, str):
            raise DataFileError(self.name, dotted, "not text")
        return fill(text, values, cite, file=self.name, key=dotted, used=used)

    def fill_list(
        self, dotted: str, values: Mapping[str, Value], cite: CiteFn, used: UseFn | None = None
    ) -> tuple[str, ...]:
        """Fill a list of text templates; items that come out empty are dropped (conditional items)."""
        items = self.part(dotted)
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise DataFileError(self.name, dotted, "not a list of texts")
        out = (
            fill(t, values, cite, file=self.name, key=f"{dotted}[{n}]", used=used)
            for n, t in enumerate(items)
        )
        return tuple(s for s in out if s.strip())


def fill(
    text: str, values: Mapping[str, Value], cite: CiteFn, *, file: str, key: str, used: UseFn | None = None
) -> str:
    """Substitute placeholders and conditional sections in ``text`` (see module docstring).

    ``used(name)`` is told of every placeholder actually printed (the composer lists the provisions
    behind printed values as cited).
    """
    out: list[str] = []
    # Stack of open sections: (name, whether the text around this section is printed).
    stack: list[tuple[str, bool]] = []
    emitting = True
    pos = 0
    for match in _TOKEN.finditer(text):
        if emitting:
            out.append(text[pos : match.start()])
        pos = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            if emitting:
                out.append(token[0])
            continue
        if match.group(2) is None:
            raise DataFileError(
                file, key, f"stray '{token}' at character {match.start()} (write {{{{ or }}}})"
            )
        sigil, name = match.group(1), match.group(2)
        if sigil in ("?", "!"):
            if name not in values:
                raise DataFileError(file, key, f"unknown placeholder '{name}'")
            stack.append((name, emitting))
            emitting = emitting and (bool(values[name]) if sigil == "?" else not values[name])
        elif sigil == "/":
            if not stack or stack[-1][0] != name:
                raise DataFileError(file, key, f"'{{/{name}}}' closes no open section")
            emitting = stack.pop()[1]
        elif name.startswith("cite:"):
            citation = cite(name[5:], emitting)  # DataFileError from the caller when the id is unknown
            if emitting:
                out.append(citation)
        else:
            if name not in values:
                raise DataFileError(file, key, f"unknown placeholder '{name}'")
            if emitting:
                value = values[name]
                out.append(value if isinstance(value, str) else "")
                if used is not None:
                    used(name)
    if stack:
        raise DataFileError(file, key, f"section '{stack[-1][0]}' is not closed")
    if emitting:
        out.append(text[pos:])
    return "".join(out)


@cache
def _load(path: Path) -> Template:
    from app.law.loader import read_data_toml

    # Size, nesting, huge numbers, NUL: DataFileError naming the file (app.contract), as law data.
    data = read_data_toml(path, "-")
    log.debug("loaded letter template %s", path.name)
    return Template(path=path, data=data)


def load_template(jurisdiction: str, language: str, base: Path | None = None) -> Template:
    """The template for a jurisdiction and letter language (cached per process)."""
    path = (base or letters_dir()) / jurisdiction / f"{language}.toml"
    if not path.exists():
        raise DataFileError(str(path), "-", "no letter template for this jurisdiction and language")
    return _load(path)


def available_languages(jurisdiction: str, base: Path | None = None) -> tuple[str, ...]:
    folder = (base or letters_dir()) / jurisdiction
    return tuple(sorted(p.stem for p in folder.glob("*.toml"))) if folder.is_dir() else ()


def letters_base(jurisdiction: Jurisdiction) -> Path:
    """The ``letters`` folder of the pack that defines ``jurisdiction`` (shipped: resources/letters)."""
    folder = jurisdiction.letters_dir
    return folder.parent if folder is not None else letters_dir()


def template_for(jurisdiction: Jurisdiction, language: str) -> Template:
    """The request template of ``jurisdiction`` in ``language``, from the pack that defines it."""
    return load_template(jurisdiction.code, language, letters_base(jurisdiction))


def languages_for(jurisdiction: Jurisdiction) -> tuple[str, ...]:
    """The letter languages ``jurisdiction`` has templates for."""
    return available_languages(jurisdiction.code, letters_base(jurisdiction))
