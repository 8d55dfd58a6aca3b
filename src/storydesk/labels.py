"""The spaCy entity labels storydesk reads, once (en_core_web_sm's OntoNotes scheme).

Each stage takes the set it needs from here; the sets are derived from one another, so a label added
to what counts as an actor is added everywhere an actor is read.
"""

from __future__ import annotations

ACTOR_LABELS: frozenset[str] = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
"""Entities that can be an actor of the news: resolved to a canonical Actor, shown as a story's actors."""

SPEAKER_LABELS: frozenset[str] = frozenset({"PERSON", "ORG", "NORP", "GPE"})
"""Entities that can speak in a labelled quote ("Spokesman Jane Doe: ...")."""

BLOCK_LABELS: frozenset[str] = ACTOR_LABELS | {"EVENT"}
"""Entities whose names key a clustering block (an article's leading actors or the event it reports)."""

FEATURE_LABELS: frozenset[str] = BLOCK_LABELS | {"PRODUCT", "WORK_OF_ART"}
"""Entities compared between an article and a story by the clusterer."""
