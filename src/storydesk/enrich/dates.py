"""Event dates: now :func:`storydesk.dates.event_date`, the one date resolver; kept for old imports."""

from ..dates import event_date as resolve_date

__all__ = ["resolve_date"]
