"""Enrichment of a batch, as both engines run it: texts cut to size, one spaCy pass, rejects named.

``pipeline.enrich`` maps :func:`enrich_batch` over stored batches (in worker processes when asked);
the batch engine calls it per input unit. Either way a stage that failed on an article becomes a
:class:`~storydesk.model.Reject` through :func:`enrich_rejects`, and the rest of its record is kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from ..model import Article, Enrichment, Reject
from . import enrich_articles


def cut_text(articles: Iterable[Article], max_chars: int) -> list[Article]:
    """Copies of the articles with their text cut to ``max_chars`` (what NLP reads)."""
    return [dataclasses.replace(a, text=a.text[:max_chars]) for a in articles]


def enrich_batch(batch: list[Article], spacy_batch_size: int = 32) -> list[Enrichment]:
    """Enrich a batch (the spaCy model loads on the first call in this process, not at import)."""
    return list(enrich_articles(batch, batch_size=spacy_batch_size))


def enrich_rejects(enrichments: Iterable[Enrichment]) -> list[Reject]:
    """A Reject for each article on which an enrichment stage failed (the rest of its record is kept)."""
    return [Reject("enrich", e.article_id, "; ".join(e.errors)) for e in enrichments if e.errors]
