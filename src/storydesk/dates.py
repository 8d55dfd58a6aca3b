"""Dates in news text, resolved against the publication date.

A rule-based tagger for the expressions news uses ("April 21, 2010", "on Tuesday", "yesterday",
"last month", "in 2011", "three days ago"), fast enough for corpora of millions of sentences, and
``resolve_date`` for an expression found elsewhere (a spaCy DATE entity), which falls back to
dateparser with the publication date as its reference. Each mention carries its granularity (day,
month, year) and how it was resolved, so that a timeline can say why an event sits on its date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Granularity = Literal["day", "week", "month", "year"]

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
             "sunday": 6}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10}

_MON = (r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|"
        r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_SEP = r"\s*,?\s*"
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])\b")),
    ("month-day-year", re.compile(rf"\b{_MON}\s+{_DAY}{_SEP}{_YEAR}\b")),
    ("day-month-year", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON}{_SEP}{_YEAR}\b")),
    ("weekday-month-day", re.compile(rf"\b{_WD}{_SEP}{_MON}\s+{_DAY}\b(?!\s*,?\s*(?:19|20)\d\d)(?!\s*:)")),
    ("month-day", re.compile(rf"\b{_MON}\s+{_DAY}\b(?!\s*,?\s*(?:19|20)\d\d)(?!\s*[:.]?\d)(?!\s*(?:%|per))")),
    ("day-month", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON}\b(?!\s*,?\s*(?:19|20)\d\d)")),
    ("month-year", re.compile(rf"\b{_MON}{_SEP}{_YEAR}\b")),
    ("in-month", re.compile(r"\b(?P<pre>[Ii]n|[Ss]ince|[Dd]uring|[Uu]ntil|[Bb]y|[Ee]arly|[Ll]ate|[Mm]id|"
                            r"[Ll]ast|[Tt]his|[Nn]ext)(?:\s+|-)(?P<mon>January|February|March|April|May|June|July|August|September|October|"
                            r"November|December)\b(?!\s*\d)")),
    ("in-year", re.compile(r"\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Uu]ntil|[Bb]y|[Ee]arly|[Ll]ate|[Mm]id-?)\s+"
                           r"(?P<year>(?:19|20)\d\d)\b(?!\s*[-/]\d)")),
    ("weekday", re.compile(rf"\b(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Oo]n)\s+)?{_WD}\b")),
    ("relative-day", re.compile(r"\b(?P<word>yesterday|today|tonight|tomorrow|last\s+night|this\s+morning|"
                                r"this\s+afternoon|this\s+evening)\b", re.I)),
    ("ago", re.compile(r"\b(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                       r"(?P<unit>days?|weeks?|months?|years?)\s+ago\b", re.I)),
    ("relative-period", re.compile(r"\b(?P<rel>last|this|next|past)\s+(?P<unit>week|month|year)\b", re.I)),
]


# A bare weekday is read as the last one, unless its clause looks ahead ("would begin Tuesday", "is set to
# meet on Friday"): then it is the next one. A reporting verb between the marker and the weekday ("it will
# cut jobs, officials said Tuesday") means the weekday is the saying's, and that looks back.
_LOOKS_AHEAD = re.compile(r"\b(?:will|would|shall|going to|plans? to|planned to|expected to|scheduled to|set to|"
                          r"due to|is to|are to)\b|\w'll\b", re.I)
_SAYING = re.compile(r"\b(?:said|says|told|announced|added|confirmed|reported|stated|wrote|noted|tweeted)\b", re.I)
_CLAUSE_END = re.compile(r"[.;!?]\s")


def _looks_ahead(text: str, at: int) -> bool:
    """Whether the clause before offset ``at`` (up to 80 characters) carries a future marker with no
    reporting verb after it."""
    window = text[max(0, at - 80):at]
    ends = list(_CLAUSE_END.finditer(window))
    if ends:
        window = window[ends[-1].end():]
    markers = list(_LOOKS_AHEAD.finditer(window))
    return bool(markers) and not _SAYING.search(window[markers[-1].end():])


_HAS_MONTH = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
_HAS_YEAR = re.compile(r"(?:19|20)\d\d")


def _triggers(text: str) -> set[str]:
    """Pattern kinds worth running on ``text``: cheap substring tests skip most of the regex work."""
    low = text.lower()
    kinds = set()
    has_year = bool(_HAS_YEAR.search(text))
    if _HAS_MONTH.search(text):
        kinds |= {"month-day-year", "day-month-year", "weekday-month-day", "month-day", "day-month", "in-month"}
        if has_year:
            kinds.add("month-year")
    if has_year:
        kinds |= {"iso", "in-year"}
    if "day" in low:
        kinds.add("weekday")
    if any(w in low for w in ("yesterday", "today", "tonight", "tomorrow", "night", "morning", "afternoon",
                              "evening")):
        kinds.add("relative-day")
    if " ago" in low:
        kinds.add("ago")
    if any(w in low for w in ("week", "month", "year")):
        kinds.add("relative-period")
    return kinds


@dataclass(frozen=True)
class DateMention:
    """A date expression at ``start:end`` of a text, resolved to the first day of its period."""

    start: int
    end: int
    text: str
    date: dt.date
    granularity: Granularity
    how: str  # explicit, inferred-year, weekday, relative, ago, dateparser, publication


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, ref: dt.date, ahead: bool = False) -> dt.date | None:
    """The year nearest the publication date, a future date counting double (news looks back more), or,
    in a clause that looks ahead (``ahead``), a past date counting double."""
    best, best_cost = None, float("inf")
    for year in (ref.year - 1, ref.year, ref.year + 1):
        cand = _safe_date(year, month, day)
        if cand is None:
            continue
        delta = (cand - ref).days
        cost = (2 * delta if delta > 0 else -delta) if not ahead else (delta if delta >= 0 else -2 * delta)
        if cost < best_cost:
            best, best_cost = cand, cost
    return best


def _month_start(year: int, month: int) -> dt.date:
    return dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _resolve(kind: str, m: re.Match[str], ref: dt.date,
             ahead: bool = False) -> tuple[dt.date, Granularity, str] | None:
    g = m.groupdict()
    if kind == "iso":
        d = _safe_date(int(g["year"]), int(g["m"]), int(g["day"]))
        return (d, "day", "explicit") if d else None
    if kind in ("month-day-year", "day-month-year"):
        d = _safe_date(int(g["year"]), _MONTHS[g["mon"].lower()], int(g["day"]))
        return (d, "day", "explicit") if d else None
    if kind in ("month-day", "day-month", "weekday-month-day"):
        d = _infer_year(_MONTHS[g["mon"].lower()], int(g["day"]), ref, ahead)
        return (d, "day", "inferred-year") if d else None
    if kind == "month-year":
        return dt.date(int(g["year"]), _MONTHS[g["mon"].lower()], 1), "month", "explicit"
    if kind == "in-month":
        month = _MONTHS[g["mon"].lower()]
        pre = g["pre"].lower()
        year = ref.year
        if pre == "next" or (pre != "this" and pre != "last" and month > ref.month + 1):
            year = ref.year + 1 if pre == "next" else ref.year - 1
        elif pre == "last" and month >= ref.month:
            year = ref.year - 1
        return dt.date(year, month, 1), "month", "inferred-year"
    if kind == "in-year":
        return dt.date(int(g["year"]), 1, 1), "year", "explicit"
    if kind == "weekday":
        target = _WEEKDAYS[g["wd"].lower()]
        rel = (g.get("rel") or "").lower()
        if rel == "next":
            delta = (target - ref.weekday()) % 7 or 7
        elif rel == "last":
            delta = -((ref.weekday() - target) % 7 or 7)
        elif ahead:
            delta = (target - ref.weekday()) % 7
        else:
            delta = -((ref.weekday() - target) % 7)
        return ref + dt.timedelta(days=delta), "day", "weekday"
    if kind == "relative-day":
        word = " ".join(g["word"].lower().split())
        offset = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(word, 0)
        return ref + dt.timedelta(days=offset), "day", "relative"
    if kind == "ago":
        raw = g["n"].lower()
        n = int(raw) if raw.isdigit() else _NUMBERS[raw]
        unit = g["unit"].lower().rstrip("s")
        if unit == "day":
            return ref - dt.timedelta(days=n), "day", "ago"
        if unit == "week":
            return ref - dt.timedelta(days=7 * n), "day", "ago"
        if unit == "month":
            return _month_start(ref.year, ref.month - n), "month", "ago"
        return dt.date(ref.year - n, 1, 1), "year", "ago"
    if kind == "relative-period":
        rel, unit = g["rel"].lower(), g["unit"].lower()
        step = {"last": -1, "past": -1, "this": 0, "next": 1}[rel]
        if unit == "week":
            monday = ref - dt.timedelta(days=ref.weekday())
            return monday + dt.timedelta(days=7 * step), "week", "relative"
        if unit == "month":
            return _month_start(ref.year, ref.month + step), "month", "relative"
        return dt.date(ref.year + step, 1, 1), "year", "relative"
    return None


def find_dates(text: str, reference: dt.date) -> list[DateMention]:
    """Every date expression in ``text``, resolved with ``reference`` (the publication date).

    Longer, more specific patterns win where matches overlap ("Tuesday, March 3" is one mention).
    """
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    wanted = _triggers(text)
    for kind, pattern in _PATTERNS:
        if kind not in wanted:
            continue
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            resolved = _resolve(kind, m, reference,
                                kind in ("weekday", "month-day", "day-month") and _looks_ahead(text, s))
            if resolved is None:
                continue
            taken.append((s, e))
            found.append(DateMention(s, e, m.group(0), *resolved))
    found.sort(key=lambda x: x.start)
    return found


def resolve_date(expression: str, reference: dt.date) -> DateMention | None:
    """Resolve one expression (e.g. a spaCy DATE entity's text); dateparser handles what the rules miss."""
    mentions = find_dates(expression, reference)
    if mentions:
        rank = {"day": 3, "week": 2, "month": 1, "year": 0}
        return max(mentions, key=lambda x: (rank[x.granularity], x.end - x.start))
    if not re.search(r"\d|[A-Za-z]{3,}", expression):
        return None
    import dateparser

    ref_dt = dt.datetime(reference.year, reference.month, reference.day, 12)
    parsed = dateparser.parse(expression, languages=["en"], settings={
        "RELATIVE_BASE": ref_dt, "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["month"],
        "RETURN_TIME_AS_PERIOD": False})
    if parsed is None:
        return None
    if parsed.date() == reference and not re.search(r"(?i)\b(today|now|tonight)\b", expression):
        return None  # dateparser falls back to the reference for what it cannot read
    return DateMention(0, len(expression), expression, parsed.date(), "day", "dateparser")


def parse_reference(value: str | None) -> dt.date | None:
    """The date part of an ISO 8601 timestamp (``published_at``), or None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


_EVENT_GRANULARITY = {"day": 10, "week": 7, "month": 7, "year": 4}  # characters of the ISO form kept


def event_date(text: str, published_at: str | None, anchor: int | None = None,
               scope: tuple[int, int] | None = None) -> str | None:
    """The date a sentence states for an event, as ISO text: ``YYYY-MM-DD`` (a day), ``YYYY-MM`` (a month or
    a week's month) or ``YYYY`` (a year), resolved against the publication date by :func:`find_dates`.

    With several expressions, one inside ``scope`` (the trigger's clause) wins, then the one nearest
    ``anchor`` (the trigger's offset); without an anchor, the first. Without a publication date only
    expressions that carry their own year count. Announced dates after publication are not events yet.
    """
    ref = parse_reference(published_at)
    found: list[tuple[int, str]] = []
    for m in find_dates(text, ref or dt.date(2000, 1, 1)):
        if ref is None and m.how != "explicit":
            continue
        day = m.date
        if ref is not None and day > ref and m.how == "inferred-year":
            day = _safe_date(day.year - 1, day.month, day.day) or day  # no year: the latest not after publication
        if ref is not None and day > ref:
            continue
        value = day.isoformat()[:_EVENT_GRANULARITY[m.granularity]]
        distance = 0 if anchor is None else min(abs(m.start - anchor), abs(m.end - anchor))
        outside = scope is not None and not (scope[0] <= m.start and m.end <= scope[1])
        found.append((int(outside) * 10_000 + distance, value))
        if anchor is None:
            break
    return min(found)[1] if found else None
