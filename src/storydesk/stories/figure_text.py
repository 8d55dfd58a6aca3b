"""A figure as the brief, the CLI and the web write it: each outlet's value in readable numbers with its
hedge (``about 600 tons``, ``$14 billion``), one line per quantity with its verdict, and the plain records the
brief's JSON keeps. The grouping itself is ``stories.compare``'s."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..dates import parse_reference

if TYPE_CHECKING:
    from .compare import FigureGroup, FigureValue

_CURRENCY_SIGNS = {"USD": "$", "GBP": "£", "EUR": "€", "JPY": "¥"}


def base(v: FigureValue) -> float:
    return round(v.value * v.family[1], 6)


def figure_rows(group: FigureGroup) -> list[dict[str, object]]:
    """The group's values as plain records (the brief's JSON keeps these)."""
    top: dict[str, float] = {}
    for v in group.values:
        top[v.article_id] = max(top.get(v.article_id, base(v)), base(v))
    return [{"article_id": v.article_id, "outlet": v.outlet, "published": v.published, "value": v.value,
             "value_high": v.value_high, "unit": v.unit, "hedge": v.hedge, "modality": v.modality,
             "text": v.text, "shown": v.shown(), "outcome": v.outcome,
             "when": v.when.isoformat() if v.when else None, "latest": base(v) == top[v.article_id]}
            for v in sorted(group.values, key=lambda v: (v.published or "", base(v), v.outlet))]


VERDICTS = {"agree": "outlets agree", "disagree": "outlets disagree", "changed": "changed as the story developed",
            "single": "one outlet"}


def line_from_rows(rows: list[dict[str, object]], status: str, cite: Callable[[str], str]) -> str:
    """``600 tons (NPR [1], Washington Post [2]), about 600 tons (RT [4]); outlets agree``: one value shown
    once with every outlet that gives it; a changing figure in date order (``50 (AP, 1 Jan), then 59 ...``)."""
    dated = status == "changed"
    # shown value -> day -> outlet -> its articles' citations: one outlet named once ("Daily Mail [3][6]")
    parts: list[tuple[str, dict[str, dict[str, list[str]]]]] = []
    for r in rows:
        if dated and r.get("latest") is False:
            continue  # a changing figure: each article's latest value
        day = _day(str(r["published"])) if dated and r.get("published") else ""
        mark = cite(str(r["article_id"]))
        if dated:
            part = parts[-1] if parts and parts[-1][0] == r["shown"] else None
        else:
            part = next((p for p in parts if p[0] == r["shown"]), None)
        if part is None:
            part = (str(r["shown"]), {})
            parts.append(part)
        marks = part[1].setdefault(day, {}).setdefault(str(r["outlet"]), [])
        if mark not in marks:
            marks.append(mark)
    shown = []
    for value, days in parts:
        by_day = "; ".join(", ".join(outlet + "".join(m.strip() if k else m for k, m in enumerate(marks))
                                     for outlet, marks in who.items()) + (f", {day}" if day else "")
                           for day, who in days.items())
        shown.append(f"{value} ({by_day})")
    return (", then " if dated else ", ").join(shown) + f"; {VERDICTS.get(status, status)}"


def _day(iso: str | None) -> str:
    d = parse_reference(iso)
    return f"{d.day} {d:%b}" if d else "?"


def format_value(v: FigureValue) -> str:
    """``about 600 tons``, ``$14 billion``, ``up to 12,000``, ``90%``, ``3,000-4,000``."""
    if v.value_high is not None and not re.search(r"\d", v.text):  # "dozens of", "hundreds of": as written
        words = v.text
        for w in (v.counted or "").split():
            words = words.replace(w, "")
        return re.sub(r"\s+(of|the)?\s*$", "", " ".join(words.split())) or v.text
    num = readable(v.value)
    if v.value_high is not None and v.value_high != v.value:
        num = f"{num}-{readable(v.value_high)}"
    family = v.family[0]
    if family.startswith("money:"):
        sign = _CURRENCY_SIGNS.get(v.currency or "")
        if v.unit in {"cent", "penny"}:
            body = f"{num} {'cents' if v.unit == 'cent' else 'pence'}"
        else:
            body = f"{sign}{num}" if sign else f"{num} {v.unit_text or v.currency or ''}".strip()
    elif family == "percent":
        body = f"{num}%"
    elif family == "count" or not v.unit:
        body = num
    else:
        written = (v.unit_text or v.unit or "").strip(" -")
        body = f"{num} {written}" if written else num
    hedge = (v.hedge or "").strip()
    return f"{hedge} {body}".strip() if hedge and hedge.lower() not in body.lower() else body


def readable(x: float) -> str:
    """Readable numbers: ``2 million``, ``14 billion``, ``3,000``, ``4.25``."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(x) >= size:
            return f"{x / size:,.2f}".rstrip("0").rstrip(".") + f" {word}"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")
