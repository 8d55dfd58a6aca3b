"""Numeric claims on NewsQuant: storydesk against quantulum3, measured in the same run.

Quality: NewsQuant's value P/R/F1 and value+unit P/R/F1 (one-to-one matching, values within 1e-5
relative). Speed: sentences per second on one core; ours with and without the spaCy parse, quantulum3
warm (its classifier retrained once for the installed scikit-learn before timing).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from storydesk.enrich.claims import find_claims
from storydesk.enrich.nlp import load_nlp
from storydesk.evaluate import eval_data_dir
from storydesk.evaluate.quantities import (
    NOT_ANNOTATED_KINDS,
    claim_quantity,
    load_newsquant,
    newsquant_half,
    newsquant_path,
    predict_quantulum3,
    quantulum3_classifier,
    score,
)

PUBLISHED = ("Published on the whole NewsQuant set (value F1 / value+unit F1): CQE 92.0 / 85.6, "
             "quantulum3 73.0 / 47.2.")


def _row(name: str, scores, speed: str) -> str:
    vp, vr, vf = scores.value
    up, ur, uf = scores.value_unit
    return f"| {name} | {vp:.1f} | {vr:.1f} | **{vf:.1f}** | {up:.1f} | {ur:.1f} | **{uf:.1f}** | {speed} |"


def run() -> str:
    data = eval_data_dir()
    if data is None:
        return "## claims\n\nSkipped: ../shared/data not found (set STORYDESK_EVAL_DATA).\n"
    gold = load_newsquant(newsquant_path(data))
    texts = [g.text for g in gold]
    nlp = load_nlp()
    nlp(texts[0])  # warm up

    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=64))
    parsed = time.perf_counter()
    ours = [[claim_quantity(c) for c in find_claims(d) if c.kind not in NOT_ANNOTATED_KINDS] for d in docs]
    done = time.perf_counter()
    ours_scores = score("storydesk", gold, ours, seconds=done - started)
    extract_rate = len(texts) / (done - parsed)

    rows = [_row("storydesk claims", ours_scores,
                 f"{ours_scores.sentences_per_second:.0f} (extraction alone {extract_rate:.0f})")]
    half_rows = []
    for half in ("tuning", "check"):
        idx = [i for i, g in enumerate(gold) if newsquant_half(g.text) == half]
        s = score("storydesk", [gold[i] for i in idx], [ours[i] for i in idx])
        half_rows.append(f"| {half} | {len(idx)} | {s.gold} | {s.value[2]:.1f} | {s.value_unit[2]:.1f} |")
    notes = []
    with tempfile.TemporaryDirectory() as tmp:
        trained = time.perf_counter()
        clf = quantulum3_classifier(Path(tmp))
        if clf is None:
            notes.append("quantulum3 is not installed (`pip install -e .[dev]`): peer not measured.")
        else:
            train_s = time.perf_counter() - trained
            predict_quantulum3(texts[:5], clf)  # warm up
            started = time.perf_counter()
            theirs = predict_quantulum3(texts, clf)
            peer = score("quantulum3", gold, theirs, average_gold_ranges=True,
                         seconds=time.perf_counter() - started)
            rows.append(_row("quantulum3 0.10 (classifier retrained)", peer,
                             f"{peer.sentences_per_second:.0f}"))
            notes.append(f"quantulum3's unit classifier was retrained offline for this scikit-learn in "
                         f"{train_s:.1f} s (its bundled one does not load with scikit-learn 1.9); it cannot "
                         "output ranges, so gold ranges are scored at their midpoint for it, as NewsQuant's "
                         "authors did.")
    return "\n".join([
        "## claims (NewsQuant, numeric claims)",
        "",
        f"{len(texts)} sentences, {ours_scores.gold} gold quantities "
        "(`../shared/data/quantities/newsquant-even.json`). Speeds are sentences/s on one core; ours "
        "includes the spaCy parse.",
        "",
        "| system | value P | value R | value F1 | value+unit P | value+unit R | value+unit F1 "
        "| sentences/s |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        "Development protocol (issue 16): tuning and check halves by a stable hash of the sentence "
        "(`newsquant_half`); rules are tuned on the tuning half and kept only when the check half agrees.",
        "",
        "| half | sentences | gold | value F1 | value+unit F1 |",
        "|---|---|---|---|---|",
        *half_rows,
        "",
        *(f"- {n}" for n in notes),
        f"- {PUBLISHED} Target: value F1 >= 92, value+unit F1 >= 86.",
        "",
    ])


if __name__ == "__main__":
    print(run())
