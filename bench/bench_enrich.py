"""Enrichment speed against spaCy's own pipeline on the same texts in the same run (target: <= 1.5x)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from storydesk.enrich import enrich_articles  # noqa: E402
from storydesk.enrich.nlp import load_nlp  # noqa: E402
from storydesk.evaluate import eval_data_dir  # noqa: E402
from storydesk.ingest.files import read_paths  # noqa: E402
from storydesk.model import Article  # noqa: E402


def run() -> str:
    data = eval_data_dir()
    if data is None:
        return "## Enrichment speed\n\nskipped: ../shared/data is absent\n"
    arts = [a for a in read_paths([data / "stories" / "articles"]) if isinstance(a, Article)][:120]
    words = sum(len(a.text.split()) for a in arts)
    nlp = load_nlp()
    list(nlp.pipe(["warm up"]))
    t = time.perf_counter()
    for _ in nlp.pipe((a.text for a in arts), batch_size=32):
        pass
    spacy_s = time.perf_counter() - t
    t = time.perf_counter()
    out = list(enrich_articles(arts, nlp=nlp))
    ours_s = time.perf_counter() - t
    counts = {k: sum(len(getattr(e, k)) for e in out) for k in ("sentences", "entities", "quotes", "claims", "events")}
    return (
        "## Enrichment speed (issue 4)\n\n"
        f"{len(arts)} articles, {words} words of the shared stories corpus, one process.\n\n"
        "| | seconds | words/s | articles/s |\n|---|---|---|---|\n"
        f"| spaCy alone (`nlp.pipe`, full en_core_web_sm) | {spacy_s:.2f} | {words / spacy_s:,.0f} | "
        f"{len(arts) / spacy_s:.1f} |\n"
        f"| storydesk enrichment (spaCy + actors, quotes, claims, events) | {ours_s:.2f} | {words / ours_s:,.0f} | "
        f"{len(arts) / ours_s:.1f} |\n\n"
        f"Cost ratio: **{ours_s / spacy_s:.2f}x** spaCy alone (target <= 1.5x). Found: "
        + ", ".join(f"{v} {k}" for k, v in counts.items()) + ".\n"
    )


if __name__ == "__main__":
    print(run())
