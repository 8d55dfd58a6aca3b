"""Perspectives on the shared stories corpus: per story of 3+ outlets, the share of outlets whose lede states
a fact no other outlet's lede states, the facts only one outlet carries, the claims checked, and the time to
build the section.

Two times per story: the section itself given the brief's fact matching (what ``compose_brief`` does: the
MiniLM embeddings are already computed for the brief, so they are excluded), and the fact matching alone
(TF-IDF, MiniLM embeddings of the first 15 sentences of each article, the numbers-and-names rule), which a
caller without the brief's matching pays once. ``STORYDESK_BENCH_DB`` reuses a store built by
``storydesk run`` over the corpus instead of building one (~4 min on 2 cores).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from storydesk import pipeline  # noqa: E402
from storydesk.brief.perspectives import fact_match, origin_outlets, perspectives  # noqa: E402
from storydesk.brief.verify import check_perspectives  # noqa: E402
from storydesk.enrich.embed import embed  # noqa: E402
from storydesk.evaluate import eval_data_dir  # noqa: E402
from storydesk.settings import Settings  # noqa: E402
from storydesk.store import Store  # noqa: E402

REPEAT = 3  # the section's time is the median of this many builds


def _store(data: Path, tmp: str) -> Store:
    given = os.environ.get("STORYDESK_BENCH_DB")
    if given:
        return Store(given)
    db = Path(tmp) / "sd.db"
    store = Store(db)
    pipeline.run(store, [data / "stories" / "articles"], Settings.from_values({"db": str(db)}))
    return store


def run() -> str:
    data = eval_data_dir()
    if data is None:
        return "## perspectives\n\nSkipped: ../shared/data is absent.\n"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        store = _store(data, tmp)
        embed(["warm the model up"])
        threshold = Settings().brief_support_threshold
        for story in store.list_stories():
            arts = store.get_articles(story.article_ids)
            if len(set(origin_outlets(arts).values())) < 3:
                continue
            enr = store.get_enrichments(story.article_ids)
            t = time.perf_counter()
            match = fact_match(arts, enr, threshold)
            match_ms = (time.perf_counter() - t) * 1000
            times, cpu = [], []
            for _ in range(REPEAT):
                t, c = time.perf_counter(), time.process_time()
                p = perspectives(arts, enr, threshold=threshold, match=match)
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
            false = len(check_perspectives(p, arts, enr))
            n = len(p["outlets"])
            distinct = sum(len(g["outlets"]) for g in p["ledes"] if len(g["outlets"]) == 1)
            rows.append({"id": story.id, "articles": len(arts), "outlets": n, "distinct": distinct / n,
                         "one": p["only_counts"].get("one", 0), "claims": len(p["only"]) + len(p["left_out"]),
                         "false": false, "ms": statistics.median(times), "cpu_ms": statistics.median(cpu),
                         "match_ms": match_ms})
    lines = ["## perspectives (issue 20)", "",
             "Per story of 3+ outlets of the shared stories corpus (outlets: syndicated copies fold into their "
             "original's). *distinct ledes*: share of outlets whose lede matches no other outlet's lede; "
             "*single-outlet facts*: usable sentences among an article's first 15 that no other outlet's "
             "article matches (one count per fact); *claims*: the 'only X' and 'X leaves out' claims kept, "
             "*false*: those `verify.check_perspectives` rejects after recomputing the matching. *section ms*: "
             "the section given the brief's fact matching (embeddings excluded: the brief has computed them), "
             "wall clock and CPU time of this process (the CPU time is what a quiet machine's wall clock "
             "would be; machines here are shared); "
             "*matching ms*: the fact matching with its MiniLM embeddings.", "",
             "| story | articles | outlets | distinct ledes | single-outlet facts | claims | false | section ms "
             "| section CPU ms | matching ms |", "|---|---|---|---|---|---|---|---|---|---|"]
    for r in sorted(rows, key=lambda r: -r["articles"]):
        lines.append(f"| {r['id']} | {r['articles']} | {r['outlets']} | {r['distinct']:.2f} | {r['one']} | "
                     f"{r['claims']} | {r['false']} | {r['ms']:.0f} | {r['cpu_ms']:.0f} | {r['match_ms']:.0f} |")
    if rows:
        big = max(rows, key=lambda r: r["articles"])
        lines += ["", f"{len(rows)} stories; false claims {sum(r['false'] for r in rows)} of "
                      f"{sum(r['claims'] for r in rows)}; median distinct-lede share "
                      f"{statistics.median(r['distinct'] for r in rows):.2f}; median section "
                      f"{statistics.median(r['ms'] for r in rows):.0f} ms; the largest story "
                      f"({big['articles']} articles) {big['ms']:.0f} ms wall, {big['cpu_ms']:.0f} ms CPU "
                      f"(goal < 200 ms for 20 articles, embeddings excluded), its matching "
                      f"{big['match_ms']:.0f} ms; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.",
                      ""]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
