"""Dates as people write them, in Danish and English."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kkgpt.web.formats import format_date


@pytest.mark.parametrize(
    ("day", "language", "expected"),
    [
        (date(2026, 12, 3), "da", "3. december 2026"),
        (date(2026, 12, 3), "en", "3 December 2026"),
        (datetime(2026, 5, 28, 20, 26), "da", "28. maj 2026"),
        (date(2026, 1, 31), "xx", "31. januar 2026"),
    ],
)
def test_format_date(day: date, language: str, expected: str) -> None:
    assert format_date(day, language) == expected
