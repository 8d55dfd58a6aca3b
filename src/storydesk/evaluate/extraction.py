"""The article-extraction-benchmark metric (scrapinghub), written from its description.

Tokens are maximal runs of word characters; shingles are runs of 4 tokens counted as a multiset (a
text of 1-3 tokens gives one shorter shingle). Per page the shared, extra and missing counts are
divided by their sum, so every page weighs the same. Precision is averaged over pages where the
extractor returned something, recall over pages with gold text; F1 is the harmonic mean of the two
averages. Used by the floor test and by ``bench/bench_extraction.py``.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

TOKEN_RE = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str | None, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """The multiset of n-token shingles of ``text`` (empty for a text without tokens)."""
    tokens = TOKEN_RE.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class PageScore:
    """Normalised shared (tp), extra (fp) and missing (fn) shingle shares of one page."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp > 0 else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn > 0 else None


def page_score(gold: str | None, pred: str | None) -> PageScore:
    """Score one page; identical texts give precision and recall 1."""
    g, p = shingles(gold), shingles(pred)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    if total == 0:
        return PageScore(0.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


@dataclass
class ExtractionScore:
    """Averaged precision and recall, their F1, and the per-page scores."""

    precision: float
    recall: float
    f1: float
    pages: dict[str, PageScore] = field(default_factory=dict, repr=False)

    def line(self) -> str:
        return f"F1 {self.f1:.3f} / P {self.precision:.3f} / R {self.recall:.3f}"


def score(gold: Mapping[str, str], predicted: Mapping[str, str | None]) -> ExtractionScore:
    """Score predictions (id -> text; a missing id counts as nothing returned) against gold (id -> text)."""
    pages: dict[str, PageScore] = {}
    precisions: list[float] = []
    recalls: list[float] = []
    for key, gold_text in gold.items():
        pred_text = predicted.get(key)
        page = page_score(gold_text, pred_text)
        pages[key] = page
        if shingles(pred_text):
            precisions.append(page.precision or 0.0)
        if shingles(gold_text):
            recalls.append(page.recall or 0.0)
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return ExtractionScore(precision, recall, f1, pages)


def load_gold(folder: Path) -> dict[str, str]:
    """Gold article bodies of the benchmark folder: id -> text."""
    data = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    return {key: value.get("articleBody") or "" for key, value in data.items()}


def load_urls(folder: Path) -> dict[str, str]:
    """Page URLs of the benchmark folder: id -> URL."""
    data = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    return {key: value.get("url") or "" for key, value in data.items()}


def load_predictions(path: Path) -> tuple[dict[str, str], str | None]:
    """A peer's output file: id -> text, and the peer's version when the file names one.

    Accepts the benchmark's plain format (id -> {articleBody}) and the wrapped one
    (``{"version": ..., "output": {id -> {articleBody}}}``).
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    version = None
    if isinstance(data.get("output"), dict):
        version = str(data.get("version")) if data.get("version") is not None else None
        data = data["output"]
    return {key: (value or {}).get("articleBody") or "" for key, value in data.items()
            if isinstance(value, dict | None)}, version


def iter_pages(folder: Path) -> Iterator[tuple[str, bytes]]:
    """(id, raw HTML bytes) for every page of the benchmark, sorted by id."""
    for path in sorted((folder / "html").glob("*.html.gz")):
        yield path.name.removesuffix(".html.gz"), gzip.decompress(path.read_bytes())
