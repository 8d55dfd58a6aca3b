"""Extraction quality and speed on the article-extraction benchmark (../shared/data/extraction).

Ours (storydesk.ingest.bodytext.extract_body: text plus metadata) against trafilatura alone in the same
run, and the peers' stored outputs in peer-output/. Speed is pages per second on one core, same run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from storydesk.errors import StorydeskError
from storydesk.evaluate import eval_data_dir
from storydesk.evaluate.extraction import iter_pages, load_gold, load_predictions, load_urls, score
from storydesk.ingest.bodytext import extract_body


def _ours(html: bytes, url: str) -> str:
    try:
        return extract_body(html, url=url).text
    except StorydeskError:
        return ""


def _text(doc: object) -> str:
    return (getattr(doc, "text", None) or "") if doc is not None else ""


def _timed(fn: Callable[[bytes, str], str], pages: list[tuple[str, bytes]], urls: dict[str, str]
           ) -> tuple[dict[str, str], float]:
    started = time.process_time()
    out = {key: fn(html, urls[key]) or "" for key, html in pages}
    return out, len(pages) / (time.process_time() - started)


def run() -> str:
    data = eval_data_dir()
    if data is None:
        return "## extraction\n\nskipped: ../shared/data is absent\n"
    folder = data / "extraction"
    gold, urls = load_gold(folder), load_urls(folder)
    pages = list(iter_pages(folder))
    systems: list[tuple[str, Callable[[bytes, str], str]]] = [
        ("storydesk (extract_body)", _ours),
        (f"trafilatura {trafilatura.__version__} alone, comments excluded",
         lambda h, u: trafilatura.extract(h, url=u, include_comments=False) or ""),
        (f"trafilatura {trafilatura.__version__} alone, favor_precision",
         lambda h, u: trafilatura.extract(h, url=u, include_comments=False, favor_precision=True) or ""),
        (f"trafilatura {trafilatura.__version__} alone, favor_precision + metadata",
         lambda h, u: _text(trafilatura.bare_extraction(h, url=u, include_comments=False, favor_precision=True,
                                                        with_metadata=True))),
    ]
    rows = []
    speeds: dict[str, float] = {}
    for name, fn in systems:
        fn(pages[0][1], urls[pages[0][0]])  # warm caches (trafilatura's stoplists) outside the timing
        predicted, speed = _timed(fn, pages, urls)
        result = score(gold, predicted)
        speeds[name] = speed
        rows.append(f"| {name} | {result.f1:.3f} | {result.precision:.3f} | {result.recall:.3f} "
                    f"| {speed:.0f} |")
    for path in sorted((folder / "peer-output").glob("*.json")):
        predicted, version = load_predictions(Path(path))
        result = score(gold, predicted)
        label = f"{path.stem} {version or ''} (stored output)".replace("  ", " ")
        rows.append(f"| {label} | {result.f1:.3f} | {result.precision:.3f} | {result.recall:.3f} | - |")
    ours, alone = speeds[systems[0][0]], speeds[systems[1][0]]
    return (
        "## extraction\n\n"
        f"{len(pages)} pages of the scrapinghub article-extraction benchmark; the benchmark's metric "
        "(4-token shingles, per-page P/R averaged, F1 of the averages). Pages/s are per CPU-second of "
        "this process (the machine is shared), same run; ours includes decoding, metadata and JSON-LD.\n\n"
        "| system | F1 | P | R | pages/s |\n|---|---|---|---|---|\n"
        + "\n".join(rows)
        + f"\n\nSpeed ratio ours / trafilatura alone (comments excluded): {ours / alone:.2f}; "
        f"ours / trafilatura with the metadata an Article needs: {ours / speeds[systems[3][0]]:.2f}\n"
    )


if __name__ == "__main__":
    print(run())
