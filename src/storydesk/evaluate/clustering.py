"""Clustering quality: BCubed precision/recall/F1 and adjusted Rand index against gold event ids."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..settings import Settings


def bcubed(pred: Sequence[Any], gold: Sequence[Any]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 (Bagga and Baldwin; Amigo et al. 2009)."""
    if len(pred) != len(gold) or not pred:
        raise ValueError("pred and gold must be non-empty and of equal length")
    pairs = Counter(zip(pred, gold, strict=True))
    p_sizes, g_sizes = Counter(pred), Counter(gold)
    precision = sum(n * n / p_sizes[p] for (p, _), n in pairs.items()) / len(pred)
    recall = sum(n * n / g_sizes[g] for (_, g), n in pairs.items()) / len(pred)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def scores(pred: Sequence[Any], gold: Sequence[Any]) -> dict[str, float]:
    from sklearn.metrics import adjusted_rand_score

    p, r, f = bcubed(pred, gold)
    return {"bcubed_precision": p, "bcubed_recall": r, "bcubed_f1": f,
            "ari": float(adjusted_rand_score(list(map(str, gold)), list(map(str, pred))))}


def evaluate_corpus(corpus: str | Path, settings: Settings | None = None, progress: Any = None) -> dict[str, Any]:
    """Ingest and cluster a news_cluster corpus in a temporary database and score it."""
    from .. import pipeline
    from ..store import Store

    settings = settings or Settings()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "eval.db"
        settings = settings.replace(db=str(db))
        with Store(db) as store:
            kwargs = {"progress": progress} if progress else {}
            pipeline.ingest_paths(store, [corpus], settings, **kwargs)
            pipeline.cluster(store, settings, **kwargs)
            pred, gold = [], []
            for a in store.iter_articles():
                label = a.labels.get("event_id")
                if label is None:
                    continue
                pred.append(store.story_of(a.id))
                gold.append(label)
    if not gold:
        raise InputError(str(corpus), "no labelled articles (expected newsCluster.EventId in each record)")
    return {"articles": len(gold), "gold_events": len(set(gold)), "stories": len(set(pred)), **scores(pred, gold)}
