"""Throughput of the local engine vs Spark local[1] vs Spark local[2] on the same WARC files.

The shared stories corpus, topped up with Timeline17 articles to 2,000, is written as 8 WARC files (HTTP
200 text/html responses of pages built from each record, as the Spark tests do) and run end to end (read,
extract, enrich, dedup, cluster, brief) through each engine, local[1] and local[2] back to back.
Session start-up is outside the timings; worker start-up and model loading are in.
Also prints the per-core throughput the cost projection in docs/scale.md rests on.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from itertools import chain
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "integration"))
sys.path.insert(0, str(HERE.parent / "src"))

FILES = 8
# articles in the run: the stories corpus, topped up with Timeline17 articles so that the per-file work
# (extraction, NLP) weighs as it does on real WARC files rather than the driver's fixed costs
ARTICLES = int(os.environ.get("STORYDESK_BENCH_SPARK_ARTICLES", "2000"))
# 0: leave out the local engine's run (the Spark ratio alone, in half the time)
WITH_LOCAL = os.environ.get("STORYDESK_BENCH_SPARK_LOCAL", "1") != "0"
# the projection's assumptions (see docs/scale.md): a month of CC-NEWS
CC_FILES_PER_MONTH = 400
CC_ARTICLES_PER_FILE = 25_000
PRICE_PER_VCPU_HOUR = 0.714 / 16  # USD: on-demand c7i.4xlarge (16 vCPU) in us-east-1, $0.714/h


def _timeline_records(folder: Path, n: int) -> list[dict[str, Any]]:
    """Timeline17 articles as news-please-like records (first words as title, a made-up URL), in topic order."""
    import json

    out: list[dict[str, Any]] = []
    for topic in sorted(p for p in folder.iterdir() if (p / "articles.json").exists()):
        for a in json.loads((topic / "articles.json").read_text(encoding="utf-8")):
            if len(out) >= n:
                return out
            text = str(a.get("text") or "")
            out.append({"url": f"https://t17.invalid/{topic.name}/{a['uid']}", "title": " ".join(text.split()[:12]),
                        "date_publish": f"{a['dct']}T00:00:00", "text": text, "source_domain": "t17.invalid",
                        "language": "en", "authors": []})
    return out


def _load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def run() -> str:
    from warcs import load_records, write_warc

    from storydesk import pipeline
    from storydesk.engines import spark as engine
    from storydesk.engines.inputs import plan_units, read_unit
    from storydesk.evaluate import eval_data_dir
    from storydesk.settings import Settings
    from storydesk.store import Store

    data = eval_data_dir()
    if data is None:
        return "## spark\n\nSkipped: ../shared/data is absent (set STORYDESK_EVAL_DATA).\n"
    records = load_records(data / "stories" / "articles")
    records += _timeline_records(data / "timelines" / "t17", ARTICLES - len(records))
    rows: list[tuple[str, float, int, dict[str, Any]]] = []
    load_before = _load()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        paths = [str(write_warc(tmp / f"part-{i}.warc.gz", records[i::FILES])) for i in range(FILES)]
        units = plan_units(warc=paths)
        settings = Settings.from_values({"db": str(tmp / "local.db")})

        if WITH_LOCAL:
            started = time.perf_counter()
            store = Store(tmp / "local.db")
            pipeline.ingest_records(store, chain.from_iterable(read_unit(u, settings) for u in units), settings)
            pipeline.run(store, [], settings)
            rows.append(("local engine (1 process)", time.perf_counter() - started, store.count_articles(), {}))
            store.close()

        blocked: dict[str, Any] = {}
        for master in ("local[1]", "local[2]"):
            spark = engine.spark_session(settings.replace(spark_partitions=4), master)
            try:
                started = time.perf_counter()
                summary = engine.run(spark, units, str(tmp / f"out-{master[6]}"), settings)
                rows.append((f"Spark {master}", time.perf_counter() - started, summary["articles"], summary))
                if master == "local[2]":  # the same files again with clustering forced into blocks
                    blocked = _blocked_quality(spark, units, tmp / "out-2", settings, records)
            finally:
                spark.stop()
    load_after = _load()

    one = next(r for r in rows if r[0] == "Spark local[1]")
    two = next(r for r in rows if r[0] == "Spark local[2]")
    local = rows[0] if WITH_LOCAL else one
    lines = ["## spark", "",
             f"{len(records)} articles (the shared stories corpus's 280 plus Timeline17 articles) in {FILES} WARC "
             f"files, end to end "
             f"(read, extract, enrich, dedup, cluster, brief). Load average before / after: {load_before} -> "
             f"{load_after} (other work on this machine counts against every engine alike).", "",
             "| engine | seconds | articles/s | vs local engine | vs Spark local[1] | per-file stage s | "
             "clustering stage s | dedup + briefs + writes s |",
             "|---|---|---|---|---|---|---|---|"]
    for name, secs, n, summary in rows:
        st = summary.get("seconds", {})
        cells = [f"{st[k]:.1f}" if k in st else "" for k in ("units", "cluster")]
        rest = sum(st.get(k, 0.0) for k in ("dedup", "brief", "write"))
        lines.append(f"| {name} | {secs:.1f} | {n / secs:.2f} | {local[1] / secs:.2f}x | {one[1] / secs:.2f}x | "
                     f"{' | '.join(cells)} | {f'{rest:.1f}' if st else ''} |")
    speedup = one[1] / two[1]
    stage = {k: one[3]["seconds"][k] / two[3]["seconds"][k] for k in ("units", "cluster")}
    per_core = one[2] / one[1]
    articles = CC_FILES_PER_MONTH * CC_ARTICLES_PER_FILE
    core_hours = articles / per_core / 3600
    lines += ["", f"local[2] / local[1] speed-up: **{speedup:.2f}x** (target >= 1.7x); per-file stage "
              f"{stage['units']:.2f}x, clustering stage {stage['cluster']:.2f}x.", "",
              f"Per-core throughput (Spark local[1], whole pipeline): {per_core:.2f} articles/s. A month of CC-NEWS "
              f"at the assumptions of docs/scale.md ({CC_FILES_PER_MONTH} files x {CC_ARTICLES_PER_FILE:,} articles "
              f"= {articles / 1e6:.0f} M articles) needs about {core_hours:,.0f} core-hours, about "
              f"${core_hours * PRICE_PER_VCPU_HOUR:,.0f} at ${PRICE_PER_VCPU_HOUR:.4f}/vCPU-hour on demand.", "",
              "Stories, BCubed over the stories corpus's articles against their gold events: one block "
              "(the local engine's stories) "
              f"F1 {blocked['single']['bcubed_f1']:.3f} (P {blocked['single']['bcubed_precision']:.3f}, "
              f"R {blocked['single']['bcubed_recall']:.3f}); forced into {blocked['blocks']} blocks (time window x "
              f"leading actor) and merged by average link ({blocked['merged']} merges) F1 "
              f"{blocked['forced']['bcubed_f1']:.3f} (P {blocked['forced']['bcubed_precision']:.3f}, "
              f"R {blocked['forced']['bcubed_recall']:.3f}); the clustering stage took "
              f"{blocked['seconds']:.1f} s.", ""]
    return "\n".join(lines) + "\n"


def _blocked_quality(spark: Any, units: list[Any], out: Path, settings: Any, records: list[dict[str, Any]]
                     ) -> dict[str, Any]:
    """BCubed of one block and of blocks forced on the finished output folder (extraction is skipped)."""
    import pyarrow.dataset as ds

    from storydesk.engines import spark as engine
    from storydesk.evaluate.clustering import scores

    gold = {r["url"]: r["newsCluster"]["EventId"] for r in records if "newsCluster" in r}

    def score() -> dict[str, float]:  # over the stories corpus's articles, the ones with gold events
        rows = ds.dataset(out / "articles").to_table(columns=["url", "story_id"]).to_pylist()
        rows = [r for r in rows if r["url"] in gold]
        return scores([r["story_id"] for r in rows], [gold[r["url"]] for r in rows])

    single = score()
    summary = engine.run(spark, units, str(out), settings.replace(spark_single_block_max=0))
    return {"single": single, "forced": score(), "blocks": summary["blocks"], "merged": summary["stories_merged"],
            "seconds": summary["seconds"]["cluster"]}


if __name__ == "__main__":
    print(run())
