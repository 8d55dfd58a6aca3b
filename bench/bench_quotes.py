"""Quotes and attributions on PolNeAR: ours against textacy's direct_quotations, same parses, same run.

``run()`` scores the two halves of the development protocol (issue 16): "tuning", a fixed eighth of train
(by id hash), and "check", the dev split (``STORYDESK_BENCH_QUOTES_SPLITS=tuning,check,train`` adds the whole
of train, about ten minutes more on two cores). Articles/s counts the extractor alone on parsed documents,
then with the spaCy parse that both share.
"""

from __future__ import annotations

import os

from storydesk.enrich.quotes import find_quotes
from storydesk.evaluate import eval_data_dir
from storydesk.evaluate.attribution import HALVES, evaluate, load_polnear, polnear_half, textacy_quotes

NOTE = (
    "Content spans match at overlap/union >= 0.5, one to one; source accuracy is over matched pairs whose "
    "gold attribution has a source (the predicted speaker mention must overlap it). Where several annotators "
    "marked an article, the first file by name is the gold. Articles/s: the extractor alone on parsed "
    "documents / with the shared spaCy parse."
)
TARGET = (
    "Target (issue 16): content F1 >= 0.72 with source accuracy >= 0.92 on the check half. Published here: textacy "
    "60.9 / 12.1 / 20.2; a reporting-verb baseline 70.7 / 28.2 / 40.3 with source accuracy 87%."
)


_LABEL = {"tuning": "tuning half (train subset)", "check": "check half (dev)"}


def run() -> str:
    if eval_data_dir() is None:
        return "## Quotes and attributions (PolNeAR)\n\nskipped: ../shared/data is absent\n"
    splits = [s.strip() for s in os.environ.get("STORYDESK_BENCH_QUOTES_SPLITS", "tuning,check").split(",")]
    lines = [
        "## Quotes and attributions (PolNeAR)", "", NOTE, "",
        "| split | extractor | precision | recall | F1 | source accuracy | articles/s | with parse |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for split in splits:
        docs = polnear_half(split) if split in HALVES else load_polnear(split)
        scores = evaluate(docs, {"storydesk": find_quotes, "textacy direct_quotations": textacy_quotes})
        for name, s in scores.items():
            alone = s.n_docs / max(s.seconds, 1e-9)
            with_parse = s.n_docs / (s.seconds + s.extra["parse_seconds"])
            lines.append(
                f"| {_LABEL.get(split, split)} ({s.n_docs} articles, {s.n_gold} gold) | {name} | {s.precision:.3f} | "
                f"{s.recall:.3f} | {s.f1:.3f} | {s.source_accuracy:.3f} | {alone:.0f} | {with_parse:.1f} |"
            )
    lines += ["", TARGET, ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())
