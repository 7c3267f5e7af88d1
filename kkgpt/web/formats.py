"""Numbers, amounts and calendar buckets as people read them: "23.332", "1.234,50 kr.", "november 2026"."""

from __future__ import annotations

from datetime import date

from kkgpt.usage.periods import Bucket

MONTHS = {
    "da": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
           "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}


def format_number(value: float, language: str = "da") -> str:
    """A whole number with thousands separators: "23.332" in Danish, "23,332" in English."""
    grouped = f"{round(value):,}"
    return grouped.replace(",", ".") if language == "da" else grouped


def format_decimal(value: float, language: str = "da", places: int = 2) -> str:
    """A decimal number: "1.234,50" in Danish, "1,234.50" in English."""
    text = f"{value:,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".") if language == "da" else text


def format_percent(part: float, whole: float, language: str = "da") -> str:
    """A share in whole percent: "42 %" in Danish, "42%" in English ("–" when there is no whole)."""
    if not whole:
        return "–"
    value = round(100 * part / whole)
    return f"{value} %" if language == "da" else f"{value}%"


def format_period(bucket: Bucket, language: str = "da", short: bool = False) -> str:
    """A bucket's name: "3. november 2026" / "uge 45, 2026" / "november 2026" (English alike)."""
    months = MONTHS["en" if language == "en" else "da"]
    first = bucket.first
    if bucket.granularity == "day":
        if short:
            return f"{first.day}/{first.month}" if language == "da" else f"{first.month}/{first.day}"
        if language == "en":
            return f"{first.day} {months[first.month - 1]} {first.year}"
        return f"{first.day}. {months[first.month - 1]} {first.year}"
    if bucket.granularity == "week":
        year, week, _ = first.isocalendar()
        if bucket.partial:  # the part of a week in one month: its dates say which part
            last = bucket.last
            if short:
                return f"{first.day}/{first.month}-{last.day}/{last.month}"
            if language == "en":
                return f"week {week}, {first.day}-{last.day} {months[first.month - 1]} {first.year}"
            return f"uge {week}, {first.day}.-{last.day}. {months[first.month - 1]} {first.year}"
        if short:
            return f"{'uge' if language != 'en' else 'wk'} {week}"
        return f"uge {week}, {year}" if language != "en" else f"week {week}, {year}"
    name = months[first.month - 1]
    return f"{name[:3]} {first.year % 100:02d}" if short else f"{name} {first.year}"


def format_date(day: date, language: str = "da") -> str:
    """A date as people write it: "3. december 2026" in Danish, "3 December 2026" in English."""
    month = MONTHS["en" if language == "en" else "da"][day.month - 1]
    return f"{day.day} {month} {day.year}" if language == "en" else f"{day.day}. {month} {day.year}"
