"""Window dates follow the user's region (LANG/LC_TIME), in the UI language; letters never do."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from app.i18n import format_date, format_date_in, set_language, set_region, system_region
from app.languages import language

DAY = date(2026, 3, 11)


@pytest.fixture(autouse=True)
def _no_region_afterwards() -> Iterator[None]:
    yield
    set_region(None)
    set_language("en")


@pytest.mark.parametrize(
    ("ui", "region", "medium", "long"),
    [
        ("en", "GB", "11 Mar 2026", "11 March 2026"),
        ("en", "US", "Mar 11, 2026", "March 11, 2026"),
        ("en", "DE", "11 Mar 2026", "11 March 2026"),  # English in Germany: day first
        ("de", "AT", "11.03.2026", "11. März 2026"),
        ("zh_CN", "CN", "2026年3月11日", "2026年3月11日"),
        # No such locale in CLDR (Chinese as written in Germany): the language's own style.
        ("zh_CN", "DE", "2026年3月11日", "2026年3月11日"),
        ("en", None, "Mar 11, 2026", "11 March 2026"),
    ],
)
def test_window_dates_in_the_users_region(ui: str, region: str | None, medium: str, long: str) -> None:
    set_language(ui)
    set_region(region)
    assert (format_date(DAY, "medium"), format_date(DAY, "long")) == (medium, long)


def test_letters_keep_their_languages_style_whatever_the_region() -> None:
    set_region("US")
    assert format_date_in(language("en"), DAY, "long") == "11 March 2026"
    assert format_date_in(language("en_US"), DAY, "long") == "March 11, 2026"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "en_GB.UTF-8"}, "GB"),
        ({"LANG": "de_AT.UTF-8", "LC_TIME": "en_US.UTF-8"}, "US"),  # LC_TIME decides dates
        ({"LC_ALL": "C.UTF-8", "LANG": "en_GB.UTF-8"}, None),  # LC_ALL overrides everything
        ({"LANG": "sr_RS@latin"}, "RS"),
        ({"LANG": "C.UTF-8"}, None),
        ({}, None),
    ],
)
def test_the_region_is_read_as_the_c_library_reads_it(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str | None
) -> None:
    for var in ("LC_ALL", "LC_TIME", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert system_region() == expected
