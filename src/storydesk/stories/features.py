"""What the story clusterer needs from one article, computable in batch before clustering.

Terms and entities are hashed into a fixed id space (crc32, stable across processes) so that the
clusterer's online statistics are arrays of bounded size however much text passes through.
"""

from __future__ import annotations

import functools
import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from ..enrich.embed import BATCH_SIZE, embed
from ..errors import ModelError
from ..labels import FEATURE_LABELS
from ..model import Article, Entity

VOCAB_BITS = 22
VOCAB_MASK = (1 << VOCAB_BITS) - 1
MAX_TEXT_CHARS = 20_000
MAX_LEDE_SEARCH = 5000  # body characters searched for lede sentences and for a cut description
TITLE_WEIGHT = 2  # the headline's words count this many times in the term vector
ENTITY_LABELS = FEATURE_LABELS

_TOKEN = re.compile(r"[a-z][a-z0-9]+(?:['’-][a-z0-9]+)*")
_SENTENCE = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[A-Z\"“‘(])|\n+")


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # lazy: sklearn costs the CLI a second

    return frozenset(ENGLISH_STOP_WORDS)


@dataclass
class ClusterFeatures:
    """One article as the clusterer sees it: hashed term and entity weights, embeddings and date."""

    article_id: str
    published: float | None  # days since 1970-01-01 UTC
    term_ids: np.ndarray  # int64, sorted, unique
    term_tf: np.ndarray  # float32 sublinear term frequencies, aligned with term_ids
    entity_ids: np.ndarray  # int64, sorted, unique
    embedding: np.ndarray | None  # unit float32 vector of the title and lede
    title: str = ""
    outlet: str = ""


def term_id(term: str) -> int:
    """A stable hashed id (the same in every process, unlike ``hash``)."""
    return zlib.crc32(term.encode("utf-8")) & VOCAB_MASK


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens without English stop words or one- and two-letter words."""
    stop = _stop_words()
    return [t for t in _TOKEN.findall(text.lower()) if len(t) > 2 and t not in stop]


def lede(article: Article, n: int = 2, min_words: int = 6) -> str:
    """The article's description, else its first ``n`` real sentences (skipping a repeated headline)."""
    if article.description and len(article.description.split()) >= min_words:
        return _complete(article.description.strip(), article.text)
    out: list[str] = []
    title = article.title.strip()
    for sentence in _SENTENCE.split(article.text[:MAX_LEDE_SEARCH]):
        sentence = sentence.strip()
        if len(sentence.split()) < min_words or sentence == title:
            continue
        out.append(sentence)
        if len(out) >= n:
            break
    return " ".join(out)


_ELLIPSIS = ("...", "…")


def _complete(description: str, text: str) -> str:
    """A description cut short by the site ("... named in the Panama Pap...") completed from the body.

    Sites cut meta descriptions at a fixed length; the words lost are often the event's name. When the
    body holds the description's beginning (compared without whitespace: descriptions often drop the
    body's line breaks), the body from there to the end of the cut sentence replaces it.
    """
    if not description.endswith(_ELLIPSIS):
        return description
    core = description.rstrip(".… ").rsplit(None, 1)[0]
    if len(core.split()) < 4:
        return description
    head = text[:MAX_LEDE_SEARCH]
    where = [i for i, ch in enumerate(head) if not ch.isspace()]
    squashed = "".join(head[i] for i in where)
    needle = "".join(core.split())
    at = squashed.find(needle)
    if at < 0:
        return description
    start, end_of_cut = where[at], where[at + len(needle) - 1] + 1
    match = re.search(r"[.!?][\"”’]?(?=\s|$)", head[end_of_cut:end_of_cut + 400])
    if not match:
        return description
    return " ".join(head[start:end_of_cut + match.end()].split())


def embedding_text(article: Article) -> str:
    """The text whose MiniLM embedding stands for the article: headline plus lede."""
    return f"{article.title.strip()}. {lede(article)}".strip(". ")


def days_since_epoch(iso: str | None) -> float | None:
    if not iso:
        return None
    try:
        when = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp() / 86400.0


@functools.lru_cache(maxsize=4)
def idf_prior(doc_len: int = 400) -> np.ndarray:
    """Prior document frequency of each hashed term, from wordfreq's English word frequencies.

    A cold clusterer has seen too few articles for its online IDF to tell "said" from "Hokkaido";
    this prior (the chance that a ``doc_len``-word article contains the word) stands in for a
    background corpus until the stream's own counts outweigh it.
    """
    prior = np.zeros(1 << VOCAB_BITS, dtype=np.float32)
    try:
        from wordfreq import get_frequency_dict
    except ImportError as exc:
        raise ModelError("wordfreq", "the word-frequency package is not installed",
                         "run `make venv`") from exc
    for word, freq in get_frequency_dict("en").items():
        if len(word) > 2 and word.isascii():
            tid = term_id(word)
            prior[tid] = max(prior[tid], 1.0 - math.exp(-doc_len * freq))
    return prior


def _entity_keys(article: Article, entities: Sequence[Entity] | None) -> list[str]:
    if not entities:
        return []
    keys = set()
    for ent in entities:
        if ent.label in ENTITY_LABELS:
            keys.add("e:" + (ent.actor or ent.text).strip().lower())
    return sorted(keys)


def features_for(article: Article, entities: Sequence[Entity] | None = None,
                 embedding: np.ndarray | None = None) -> ClusterFeatures:
    """Features of one article; ``embedding`` is MiniLM of :func:`embedding_text` (None: text only).

    ``entities`` are the spaCy entities of the article (optional; their actors when resolved).
    """
    counts = Counter(tokens(article.text[:MAX_TEXT_CHARS]))
    for tok in tokens(article.title):
        counts[tok] += TITLE_WEIGHT
    hashed: dict[int, float] = {}
    for tok, c in counts.items():
        tid = term_id(tok)
        hashed[tid] = hashed.get(tid, 0.0) + 1.0 + math.log(c)
    ids = np.array(sorted(hashed), dtype=np.int64)
    tf = np.array([hashed[i] for i in ids.tolist()], dtype=np.float32)
    ent_ids = np.array(sorted({term_id(k) for k in _entity_keys(article, entities)}), dtype=np.int64)
    emb = None if embedding is None else np.asarray(embedding, dtype=np.float32).reshape(-1)
    return ClusterFeatures(
        article_id=article.id,
        published=days_since_epoch(article.published_at),
        term_ids=ids,
        term_tf=tf,
        entity_ids=ent_ids,
        embedding=emb,
        title=article.title,
        outlet=article.outlet or article.domain,
    )


def embed_articles(articles: Sequence[Article], batch_size: int = BATCH_SIZE) -> np.ndarray:
    """MiniLM vectors of the articles' headline and lede, one row each: what :func:`features_batch`
    computes (a batch engine computes them ahead, over the same articles in the same order)."""
    return embed([embedding_text(a) for a in articles], batch_size=batch_size)


def features_batch(articles: Sequence[Article], entities: Sequence[Sequence[Entity] | None] | None = None,
                   *, embeddings: bool = True, batch_size: int = BATCH_SIZE,
                   vectors: np.ndarray | None = None) -> list[ClusterFeatures]:
    """Features of many articles, embedding their headline and lede in batches (one model load);
    ``vectors``: those embeddings computed beforehand (:func:`embed_articles` of the same articles)."""
    if not embeddings:
        vectors = None
    elif vectors is None and articles:
        vectors = embed_articles(articles, batch_size)
    return [
        features_for(a, entities[i] if entities is not None else None,
                     vectors[i] if vectors is not None else None)
        for i, a in enumerate(articles)
    ]
