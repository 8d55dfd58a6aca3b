"""Enrichment in worker processes gives the records of enrichment in-process, in the order asked."""

from __future__ import annotations

from pathlib import Path

from storydesk.engines.local import map_batches
from storydesk.enrich.batch import enrich_batch
from storydesk.ingest.files import read_paths
from storydesk.model import Article, to_dict


def test_two_workers_give_the_in_process_records(fixtures: Path) -> None:
    articles = [r for r in read_paths([fixtures / "corpus"]) if isinstance(r, Article)]
    assert len(articles) >= 4
    batches = [articles[i:i + 2] for i in range(0, len(articles), 2)]
    alone = [to_dict(e) for e in enrich_batch(articles)]
    pooled = [to_dict(e) for result in map_batches(enrich_batch, iter(batches), workers=2) for e in result]
    assert pooled == alone
    assert [e["article_id"] for e in pooled] == [a.id for a in articles]
