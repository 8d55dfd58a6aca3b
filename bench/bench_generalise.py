"""Issue 16: tuning and check halves side by side (NewsQuant, PolNeAR, our events and actors annotation),
and the enrichment's cost per article on 50 articles of the shared stories corpus.

The halves are fixed (docs/claims.md, docs/quotes.md, docs/actors-events.md): NewsQuant by a hash of each
sentence, PolNeAR's tuning half a fixed eighth of train and its check half dev, the events annotation's dev
(tuning) and test (check) splits.
"""

from __future__ import annotations

import json
import time

from storydesk.enrich import enrich_doc
from storydesk.enrich.nlp import load_nlp
from storydesk.enrich.quotes import find_quotes
from storydesk.evaluate import eval_data_dir
from storydesk.evaluate.attribution import evaluate, polnear_half
from storydesk.evaluate.events import evaluate_actors, evaluate_events, parse_gold_articles
from storydesk.evaluate.quantities import evaluate_newsquant
from storydesk.model import Article


def _speed(nlp, data) -> str:
    paths = sorted((data / "stories" / "articles").glob("*.json"))[:50]
    arts = []
    for p in paths:
        row = json.loads(p.read_text(encoding="utf-8"))
        arts.append(Article(id=p.stem, text=row.get("text") or "", title=row.get("title") or ""))
    started = time.perf_counter()
    docs = list(nlp.pipe([a.text for a in arts], batch_size=16))
    parse = time.perf_counter() - started
    enrich_doc(arts[0], docs[0])  # warm the gazetteer
    started = time.perf_counter()
    for a, d in zip(arts, docs, strict=True):
        enrich_doc(a, d)
    rules = time.perf_counter() - started
    return (f"Enrichment rules after the parse, {len(arts)} articles: {rules:.1f} s "
            f"({1000 * rules / len(arts):.0f} ms per article; the parse {parse:.1f} s, "
            f"{1000 * parse / len(arts):.0f} ms per article).")


def run() -> str:
    data = eval_data_dir()
    if data is None:
        return "## Enrichment that holds (issue 16)\n\nskipped: ../shared/data is absent\n"
    nlp = load_nlp()
    lines = ["## Enrichment that holds (issue 16): tuning and check halves", "",
             "| set | half | measure | figure |", "|---|---|---|---|"]
    for half in ("tuning", "check"):
        (s,) = evaluate_newsquant(peer=False, data_dir=data, nlp=nlp, half=half)
        lines.append(f"| NewsQuant | {half} ({s.sentences} sentences) | value F1 / value+unit F1 | "
                     f"{s.value[2]:.1f} / {s.value_unit[2]:.1f} |")
    for half in ("tuning", "check"):
        q = evaluate(polnear_half(half, data), {"storydesk": find_quotes}, nlp=nlp)["storydesk"]
        lines.append(f"| PolNeAR | {half} ({q.n_docs} articles) | content P / R / F1, source accuracy | "
                     f"{100 * q.precision:.1f} / {100 * q.recall:.1f} / {100 * q.f1:.1f}, "
                     f"{100 * q.source_accuracy:.1f} |")
    parsed = parse_gold_articles(data, nlp)
    for half, split in (("tuning", "dev"), ("check", "test")):
        e, a = evaluate_events(parsed, split=split), evaluate_actors(parsed, split=split)
        lines.append(f"| events and actors | {half} ({split}) | strict events P / R / F1, actor accuracy | "
                     f"{e.strict.row()}, {100 * a.accuracy:.1f} |")
    lines += ["", _speed(nlp, data), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())
