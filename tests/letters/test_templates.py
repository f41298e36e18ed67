"""The template syntax: substitution, conditional sections, and errors that name file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import DataFileError
from app.letters.templates import fill, load_template


def cite(pid: str, printed: bool) -> str:
    if pid == "X-1":
        return "§ 1 X"
    raise DataFileError("t.toml", f"cite:{pid}", "unknown provision id in the law data")


def test_placeholders_and_sections() -> None:
    values = {"name": "A & <b>", "email": "", "flag": True}
    text = (
        "Hi {name}{?email}, mail {email}{/email}{!email} (no mail){/email}{?flag} [{cite:X-1}]{/flag} {{x}}"
    )
    assert fill(text, values, cite, file="t.toml", key="k") == "Hi A & <b> (no mail) [§ 1 X] {x}"


def test_nested_sections_switch_off_inner_text() -> None:
    values = {"a": False, "b": True, "v": "V"}
    assert fill("{?a}1{?b}2{v}{/b}3{/a}4", values, cite, file="t.toml", key="k") == "4"
    assert fill("{!a}1{?b}2{v}{/b}3{/a}4", values, cite, file="t.toml", key="k") == "12V34"


def test_user_text_is_never_interpreted() -> None:
    # A value that looks like template syntax stays literal: substitution is one pass.
    values = {"name": "{email} {?x}{cite:X-1}"}
    assert fill("{name}", values, cite, file="t.toml", key="k") == "{email} {?x}{cite:X-1}"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Hello {nobody}", "unknown placeholder 'nobody'"),
        ("{?nobody}x{/nobody}", "unknown placeholder 'nobody'"),
        ("{?name}x", "section 'name' is not closed"),
        ("x{/name}", "closes no open section"),
        ("a { b", "stray '{'"),
        ("{cite:NOPE-9}", "unknown provision id"),
        ("{?name}{cite:NOPE-9}{/name}", "unknown provision id"),  # also inside a switched-off section
    ],
)
def test_errors_name_file_and_key(text: str, reason: str) -> None:
    values = {"name": ""}
    with pytest.raises(DataFileError) as err:
        fill(text, values, cite, file="letters/XX/en.toml", key="kinds.access.subject")
    assert reason in str(err.value)
    if "provision" not in reason:
        assert err.value.file == "letters/XX/en.toml"
        assert err.value.key == "kinds.access.subject"


def test_broken_template_file_is_reported_with_its_path(tmp_path: Path) -> None:
    folder = tmp_path / "ZZ"
    folder.mkdir()
    (folder / "en.toml").write_text('language = "en"\nsubject = "unclosed\n', encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_template("ZZ", "en", base=tmp_path)
    assert str(folder / "en.toml") in str(err.value)
    with pytest.raises(DataFileError, match="no letter template"):
        load_template("ZZ", "de", base=tmp_path)


def test_missing_template_key_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "ZZ"
    folder.mkdir()
    (folder / "en.toml").write_text('language = "en"\n[kinds.access]\nsubject = "S"\n', encoding="utf-8")
    template = load_template("ZZ", "en", base=tmp_path)
    with pytest.raises(DataFileError) as err:
        template.fill("kinds.access.title", {}, cite)
    assert err.value.key == "kinds.access.title"
    assert err.value.reason == "missing"


def test_every_identity_document_has_a_letter_label() -> None:
    """Each document the law data offer is named in every letter template of its jurisdiction."""
    from app.law.loader import shipped_knowledge_base
    from app.letters.templates import languages_for, template_for

    kb = shipped_knowledge_base()
    for code, jurisdiction in kb.jurisdictions.items():
        for language in languages_for(jurisdiction):
            labels = template_for(jurisdiction, language).part("id_types")
            for document in jurisdiction.identity_documents:
                assert labels.get(document.id), (code, language, document.id)
