"""Event dates: day, month or year expressions in a sentence, resolved against the publication date.

News states when things happened relative to the day it appears ("on Tuesday", "last month"), so a date is
only as good as the publication date it is read against. Month-day forms go through dateparser; the rest
are a few rules that say plainly what they do.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    "|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE_RE = re.compile(
    rf"\b(?:(?P<md>(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?)(?![\d:])"
    rf"|(?P<dm>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\.?(?:,?\s+(?:19|20)\d\d)?)"
    rf"|(?P<iso>(?:19|20)\d\d-\d\d-\d\d)"
    r"|(?P<wd>(?:(?:last|this|on|late|early|since)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))"
    r"|(?P<rel>yesterday|today|tonight|this morning|this afternoon|this evening|last night)"
    r"|(?P<lastm>last month|this month|last year|this year)"
    rf"|(?P<month>(?:in|since|during|early|late|mid-|end of|until)\s+(?:early\s+|late\s+|mid-)?"
    rf"(?P<mname>january|february|march|april|may|june|july|august|september|october|november|december)"
    r"(?:\s+(?P<myear>(?:19|20)\d\d))?)"
    r"|(?:in|since|during|until)\s+(?P<year>(?:19|20)\d\d))\b",
    re.IGNORECASE,
)
_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


def resolve_date(
    text: str, published_at: str | None, anchor: int | None = None, scope: tuple[int, int] | None = None
) -> str | None:
    """The date a sentence states for an event, resolved against the publication date.

    Days come as YYYY-MM-DD, months ("in July", "last month") as YYYY-MM and years ("in 1998") as YYYY.
    A bare weekday means the latest such day on or before publication ("on Tuesday" in a Friday paper is
    three days earlier); "last Tuesday" is strictly before; "yesterday" the day before. Dates without a
    year take the latest year that does not put them after publication. With several expressions, one
    inside ``scope`` (the trigger's clause) wins, then the one nearest ``anchor`` (the trigger's offset).
    """
    base: dt.date | None = None
    if published_at:
        try:
            base = dt.datetime.fromisoformat(published_at.replace("Z", "+00:00")).date()
        except ValueError:
            base = None
    found: list[tuple[int, str]] = []
    for m in _DATE_RE.finditer(text):
        value = _date_value(m, base)
        if value:
            distance = 0 if anchor is None else min(abs(m.start() - anchor), abs(m.end() - anchor))
            outside = scope is not None and not (scope[0] <= m.start() and m.end() <= scope[1])
            found.append((int(outside) * 10_000 + distance, value))
            if anchor is None:
                break
    return min(found)[1] if found else None


def _date_value(m: re.Match[str], base: dt.date | None) -> str | None:
    if m.group("iso"):
        return m.group("iso")
    if m.group("md") or m.group("dm"):
        return _month_day(m.group(0), base)
    if m.group("year"):
        return m.group("year")
    if m.group("month"):
        month = _MONTH_NAMES.index(m.group("mname").lower()) + 1
        if m.group("myear"):
            return f"{m.group('myear')}-{month:02d}"
        if base is None:
            return None
        year = base.year if month <= base.month else base.year - 1
        return f"{year}-{month:02d}"
    if base is None:
        return None
    if m.group("wd"):
        words = m.group("wd").lower().split()
        target = _WEEKDAYS.index(words[-1])
        back = (base.weekday() - target) % 7
        if words[0] == "last" and back == 0:
            back = 7
        return (base - dt.timedelta(days=back)).isoformat()
    if m.group("lastm"):
        phrase = m.group("lastm").lower()
        if phrase == "last month":
            first = base.replace(day=1) - dt.timedelta(days=1)
            return f"{first.year}-{first.month:02d}"
        if phrase == "this month":
            return f"{base.year}-{base.month:02d}"
        return str(base.year - 1 if phrase == "last year" else base.year)
    rel = m.group("rel").lower()
    return (base - dt.timedelta(days=1 if rel == "yesterday" else 0)).isoformat()


def _month_day(expr: str, base: dt.date | None) -> str | None:
    """A "Sept. 15" or "15 September 2017" expression as an ISO date, with dateparser."""
    import dateparser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"]}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    cleaned = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", expr.replace("Sept.", "Sep.").replace("Sept ", "Sep "))
    parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    return parsed.date().isoformat() if parsed else None
