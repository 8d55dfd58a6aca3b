"""End-to-end throughput: articles/s per stage on the shared stories corpus, peak memory, and
trafilatura's extraction alone on the shared extraction pages as the ratio to beat (same run)."""

from __future__ import annotations

import gzip
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from storydesk import pipeline  # noqa: E402
from storydesk.evaluate import eval_data_dir  # noqa: E402
from storydesk.evaluate.clustering import scores  # noqa: E402
from storydesk.ingest.extract import extract_html  # noqa: E402
from storydesk.settings import Settings  # noqa: E402
from storydesk.store import Store  # noqa: E402


def timed_stages(store: Store, inputs: list[Path | str], settings: Settings) -> tuple[int, int, dict[str, float]]:
    """The stages of `storydesk run` on a fresh store, timed one by one: (articles ingested, briefs written,
    seconds per stage)."""
    timings: dict[str, float] = {}
    t = time.perf_counter()
    summary = pipeline.ingest_paths(store, [str(i) for i in inputs], settings)
    timings["ingest"] = time.perf_counter() - t
    t = time.perf_counter()
    pipeline.enrich(store, settings)
    timings["enrich"] = time.perf_counter() - t
    t = time.perf_counter()
    pipeline.cluster(store, settings)
    timings["cluster"] = time.perf_counter() - t
    t = time.perf_counter()
    n_briefs = pipeline.write_briefs(store, settings)  # a fresh store: every live story
    timings["brief"] = time.perf_counter() - t
    return summary.accepted, n_briefs, timings


def _pages(data: Path, limit: int = 60) -> list[tuple[str, bytes]]:
    files = sorted((data / "extraction" / "html").glob("*.html.gz"))[:limit]
    return [(f.name, gzip.decompress(f.read_bytes())) for f in files]


def run() -> str:
    data = eval_data_dir()
    if data is None:
        return "## Pipeline\n\nskipped: ../shared/data is absent\n"
    corpus = data / "stories" / "articles"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_values({"db": str(Path(tmp) / "b.db")})
        store = Store(settings.db)
        t0 = time.perf_counter()
        n, n_briefs, timings = timed_stages(store, [corpus], settings)
        total = time.perf_counter() - t0
        pred, gold = [], []
        for a in store.iter_articles():
            pred.append(store.story_of(a.id))
            gold.append(a.labels.get("event_id"))
        quality = scores(pred, gold)
    for stage, secs in timings.items():
        unit = f"{n_briefs / secs:.1f} briefs/s" if stage == "brief" else f"{n / secs:.1f} articles/s"
        rows.append(f"| {stage} | {secs:.2f} | {unit} |")
    rows.append(f"| **end to end** | {total:.2f} | {n / total:.1f} articles/s |")

    pages = _pages(data)
    import trafilatura

    t = time.perf_counter()
    for _, html in pages:
        trafilatura.extract(html, include_comments=False)
    traf = len(pages) / (time.perf_counter() - t)
    t = time.perf_counter()
    ok = 0
    for name, html in pages:
        try:
            extract_html(html, source=name)
            ok += 1
        except Exception:  # a page without an article still counts in the time
            pass
    ours = len(pages) / (time.perf_counter() - t)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return (
        "## Pipeline (issue 2)\n\n"
        f"Shared stories corpus: {n} articles, {n_briefs} stories with briefs; one process, settings as shipped.\n\n"
        "| stage | seconds | throughput |\n|---|---|---|\n" + "\n".join(rows) + "\n\n"
        f"Clustering on the same run: BCubed F1 {quality['bcubed_f1']:.3f} "
        f"(P {quality['bcubed_precision']:.3f}, R {quality['bcubed_recall']:.3f}), ARI {quality['ari']:.3f}.\n\n"
        f"Extraction on {len(pages)} shared extraction pages, same run: trafilatura alone {traf:.1f} pages/s; "
        f"storydesk `extract_html` (trafilatura + metadata + language) {ours:.1f} pages/s "
        f"(ratio {ours / traf:.2f}); end-to-end pipeline {n / total:.1f} articles/s = "
        f"{(n / total) / traf:.2f}x trafilatura-alone's page rate.\n\n"
        f"Peak resident memory of the benchmark process: {peak_mb:.0f} MB.\n"
    )


if __name__ == "__main__":
    print(run())
