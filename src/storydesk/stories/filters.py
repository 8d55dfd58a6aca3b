"""The story filters that the web river and the CLI share: an actor or outlet named anywhere in the story,
a language, a date range; and the actors a set of enrichments names."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from ..labels import ACTOR_LABELS
from ..model import Enrichment


def actor_counts(enrichments: Iterable[Enrichment]) -> Counter[str]:
    """Actors by the number of articles that name them (breadth beats repetition)."""
    counts: Counter[str] = Counter()
    for e in enrichments:
        names = {(ent.actor or ent.text).strip() for ent in e.entities if ent.label in ACTOR_LABELS or ent.actor}
        counts.update(n for n in names if n and len(n) <= 60)
    return counts


def matches(summary: dict[str, Any], *, actor: str | None = None, outlet: str | None = None,
            language: str | None = None, since: str | None = None, until: str | None = None) -> bool:
    """Whether a story summary (``actors``, ``outlet_names``, ``languages``, ``first_seen``, ``last_seen``)
    passes the filters."""
    if actor and actor.strip().lower() not in {a.lower() for a in summary["actors"]}:
        return False
    if outlet and not any(outlet.strip().lower() in o.lower() for o in summary["outlet_names"]):
        return False
    if language and language.strip().lower() not in summary["languages"]:
        return False
    if since and (summary["last_seen"] or "") [:10] < since[:10]:
        return False
    if until and (summary["first_seen"] or "9999")[:10] > until[:10]:
        return False
    return True
