"""Events and actor normalisation on our annotations of the shared articles, beside simple baselines.

Baselines in the same run: a verb-lexicon-only event extractor (any trigger lemma, the nearest entity
before it as actor and the first after it as target) over spaCy's raw entities and over our resolved
actors; for actors, spaCy's raw entity text with a kind taken from its label. Speed is the time our two
stages add to spaCy's own parse of the same articles.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from storydesk.enrich.actors import resolve_actors  # noqa: E402
from storydesk.enrich.events import ONTOLOGY, find_events  # noqa: E402
from storydesk.evaluate import eval_data_dir  # noqa: E402
from storydesk.evaluate.events import (  # noqa: E402
    evaluate_actors,
    evaluate_events,
    lexicon_baseline,
    parse_gold_articles,
    raw_entities,
    system_events,
)


def run() -> str:
    data = eval_data_dir()
    if data is None:
        return "## actors_events\n\nSkipped: ../shared/data is absent.\n"
    started = time.perf_counter()
    parsed = parse_gold_articles(data)
    parse_s = time.perf_counter() - started
    started = time.perf_counter()
    for art in parsed.values():
        find_events(art.doc, resolve_actors(art.doc), art.published_at)
    ours_s = time.perf_counter() - started
    words = sum(len(art.doc) for art in parsed.values())

    systems = [
        ("storydesk (lexicon + light verbs + parse + actors)", system_events),
        ("verb lexicon, nearest spaCy entities (baseline)", lexicon_baseline(lambda a: raw_entities(a.doc))),
        ("verb lexicon, nearest resolved actors", lexicon_baseline(lambda a: a.entities)),
    ]
    lines = [
        "## actors_events",
        "",
        "Events: precision / recall / F1 in %, strict = action, actor and target all right; the test split",
        "was annotated before any rule was tuned on it, the dev split is where the rules were tuned.",
        "",
        "| system | split | sentences w/ events | strict P / R / F1 | action+actor F1 | action F1 | dates |",
        "|---|---|---|---|---|---|---|",
    ]
    per_action = None
    for name, system in systems:
        for split in ("dev", "test"):
            s = evaluate_events(parsed, system, split)
            lines.append(
                f"| {name} | {split} | {s.sentence.row()} | {s.strict.row()} | "
                f"{100 * s.actor.f1:.1f} | {100 * s.action.f1:.1f} | {s.dates_right}/{s.dates_gold} |"
            )
        if per_action is None:
            per_action = evaluate_events(parsed, system).per_action
    lines += [
        "",
        "Per action, storydesk, both splits (strict P / R / F1, gold count):",
        "",
        "| action | score | P / R / F1 | gold |",
        "|---|---|---|---|",
    ]
    assert per_action is not None
    for action in ONTOLOGY:
        prf = per_action.get(action.name)
        row = prf.row() if prf else "-"
        lines.append(f"| {action.name} | {action.score:+.1f} | {row} | {prf.gold if prf else 0} |")
    lines += [
        "",
        "Actor normalisation (annotated mentions; actor and kind right, in %):",
        "",
        "| split | mentions | storydesk | name only | spaCy raw entities | name only |",
        "|---|---|---|---|---|---|",
    ]
    for split in ("dev", "test"):
        ours = evaluate_actors(parsed, split=split)
        raw = evaluate_actors(parsed, lambda a: raw_entities(a.doc), split)
        lines.append(
            f"| {split} | {ours.total} | {100 * ours.accuracy:.1f} | {100 * ours.name_accuracy:.1f} | "
            f"{100 * raw.accuracy:.1f} | {100 * raw.name_accuracy:.1f} |"
        )
    lines += [
        "",
        f"Speed on {len(parsed)} articles ({words} tokens): spaCy parse {parse_s:.1f} s "
        f"({words / parse_s:.0f} tokens/s); actors + events add {ours_s:.2f} s "
        f"({100 * ours_s / parse_s:.0f}% of the parse).",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())
