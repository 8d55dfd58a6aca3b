"""A story that spans weeks is a sequence of developments: dated bursts of coverage. One concept, used by
the brief writer (lede and summary on the latest, "Earlier" for the rest) and by the reader-defect checker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..dates import parse_reference
from ..model import Article

DEVELOPMENT_GAP_DAYS = 4  # a pause in coverage longer than this starts a new development


def developments(articles: Iterable[Article], gap_days: int = DEVELOPMENT_GAP_DAYS) -> list[list[Article]]:
    """Dated bursts of coverage: the articles in publication order, split where coverage pauses."""
    dated = sorted((a for a in articles if parse_reference(a.published_at)), key=lambda a: a.published_at or "")
    bursts: list[list[Article]] = []
    last: dt.date | None = None
    for a in dated:
        day = parse_reference(a.published_at)
        if last is None or day is None or (day - last).days > gap_days:
            bursts.append([])
        bursts[-1].append(a)
        last = day
    return bursts
