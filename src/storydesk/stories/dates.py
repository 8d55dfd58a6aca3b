"""Moved to :mod:`storydesk.dates` (one date resolver for events, timelines and briefs); kept for old imports."""

from ..dates import DateMention, Granularity, find_dates, parse_reference, resolve_date

__all__ = ["DateMention", "Granularity", "find_dates", "parse_reference", "resolve_date"]
