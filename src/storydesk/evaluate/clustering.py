"""Story clustering scores (BCubed precision/recall/F1, adjusted Rand index) and the news_cluster loader.

The corpus is Giveme5W1H's news_cluster: one news-please JSON per article with a gold
``newsCluster.EventId``. The loader yields Articles in publication order with the gold label in
``Article.labels['event_id']`` so that the online clusterer sees them as a live feed would.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import pipeline
from ..errors import InputError
from ..model import Article
from ..settings import Settings
from ..store import Store
from ..stories.cluster import ClusterConfig, StoryClusterer, features_batch


@dataclass(frozen=True)
class ClusteringScores:
    precision: float
    recall: float
    f1: float
    ari: float
    n_items: int
    n_gold: int
    n_pred: int

    def as_dict(self) -> dict[str, float | int]:
        return {"bcubed_precision": self.precision, "bcubed_recall": self.recall, "bcubed_f1": self.f1,
                "ari": self.ari, "articles": self.n_items, "gold_clusters": self.n_gold,
                "predicted_clusters": self.n_pred}


def bcubed(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 (Bagga & Baldwin 1998; Amigó et al. 2009), averaged over items.

    For each item, precision is the share of its predicted cluster that shares its gold cluster, recall
    the share of its gold cluster that shares its predicted cluster; F1 is the harmonic mean of the means.
    """
    if len(pred) != len(gold):
        raise ValueError(f"{len(pred)} predicted labels for {len(gold)} gold labels")
    if not pred:
        return 0.0, 0.0, 0.0
    pair = Counter(zip(pred, gold, strict=True))
    psize = Counter(pred)
    gsize = Counter(gold)
    p = sum(pair[(a, b)] / psize[a] for a, b in zip(pred, gold, strict=True)) / len(pred)
    r = sum(pair[(a, b)] / gsize[b] for a, b in zip(pred, gold, strict=True)) / len(pred)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_clustering(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> ClusteringScores:
    """BCubed P/R/F1 and the adjusted Rand index (scikit-learn) of predicted against gold labels."""
    from sklearn.metrics import adjusted_rand_score

    p, r, f = bcubed(pred, gold)
    ari = float(adjusted_rand_score([str(g) for g in gold], [str(x) for x in pred])) if pred else 0.0
    return ClusteringScores(p, r, f, ari, len(pred), len(set(gold)), len(set(pred)))


def _article_from_news_please(path: Path, data: dict) -> Article:
    text = data.get("text") or data.get("maintext") or ""
    if not text.strip():
        raise InputError(str(path), "record has no text")
    cluster = data.get("newsCluster") or {}
    labels = {}
    if "EventId" in cluster:
        labels = {"event_id": cluster["EventId"], "event": cluster.get("Event")}
    domain = data.get("source_domain") or ""
    return Article(
        id=str(data.get("dId") or path.name.removesuffix(".json")),
        text=text,
        title=data.get("title") or "",
        url=data.get("url"),
        outlet=domain,
        domain=domain,
        authors=list(data.get("authors") or []),
        published_at=data.get("date_publish"),
        language=data.get("language"),
        description=data.get("description"),
        source=str(path),
        labels=labels,
    )


def load_news_cluster(directory: str | Path) -> list[Article]:
    """Every article of a news_cluster folder, in publication order (ties broken by id).

    Raises :class:`InputError` naming the folder or file when it cannot be read.
    """
    return list(iter_news_cluster(directory))


def iter_news_cluster(directory: str | Path) -> Iterator[Article]:
    folder = Path(directory)
    if not folder.is_dir():
        raise InputError(str(folder), "not a folder of news-please JSON files")
    articles = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(str(path), f"cannot read news-please JSON: {exc}") from exc
        articles.append(_article_from_news_please(path, data))
    if not articles:
        raise InputError(str(folder), "holds no *.json articles")
    articles.sort(key=lambda a: (a.published_at or "", a.id))
    yield from articles


def evaluate_online(directory: str | Path, *, config: object | None = None,
                    embeddings: bool = True) -> ClusteringScores:
    """Replay a labelled news_cluster folder through the online clusterer and score it against gold.

    This is what ``storydesk eval clustering DIR`` reports (the CLI adds the store around it).
    """
    articles = load_news_cluster(directory)
    feats = features_batch(articles, embeddings=embeddings)
    cfg = config if isinstance(config, ClusterConfig) else ClusterConfig()
    clusterer = StoryClusterer(cfg)
    for article, feat in zip(articles, feats, strict=True):
        clusterer.add(article, feat)
    labels = clusterer.labels()
    return score_clustering([labels[a.id] for a in articles], [a.labels.get("event_id") for a in articles])


def scores(pred: Sequence[Any], gold: Sequence[Any]) -> dict[str, float]:
    from sklearn.metrics import adjusted_rand_score

    p, r, f = bcubed(pred, gold)
    return {"bcubed_precision": p, "bcubed_recall": r, "bcubed_f1": f,
            "ari": float(adjusted_rand_score(list(map(str, gold)), list(map(str, pred))))}


def evaluate_corpus(corpus: str | Path, settings: Settings, progress: Any = None) -> dict[str, Any]:
    """Ingest and cluster a news_cluster corpus in a temporary database and score it."""
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
