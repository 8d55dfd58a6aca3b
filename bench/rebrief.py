"""Rewrite every brief of a copy of a built store and print `storydesk eval briefs` figures, both halves.

    PYTHONPATH=src python bench/rebrief.py /tmp/brief.db [--out copy.db] [--json result.json]

The store is built once (`storydesk run ../shared/data/stories/articles --db /tmp/brief.db`); each change to
the writer is measured by rewriting the briefs of a copy, not by rebuilding (enrichment and clustering are
not what is measured)."""

from __future__ import annotations

import argparse
import json
import sqlite3
import time
from pathlib import Path

from storydesk.evaluate.briefs import evaluate_briefs
from storydesk.pipeline import write_briefs
from storydesk.settings import Settings
from storydesk.store import Store


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--out", default="/tmp/rebrief.db")
    ap.add_argument("--json")
    args = ap.parse_args()
    out = Path(args.out)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{out}{suffix}").unlink(missing_ok=True)
    src = sqlite3.connect(args.db)  # a consistent copy, WAL included
    dst = sqlite3.connect(out)
    src.backup(dst)
    src.close()
    dst.close()
    settings = Settings.load({"db": str(out)})
    t = time.perf_counter()
    with Store(str(out)) as store:
        n = write_briefs(store, settings)
        took = time.perf_counter() - t
        result = evaluate_briefs(store)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(f"{n} briefs rewritten in {took:.0f} s")
    for name, r in [("all", result), *result["halves"].items()]:
        bad = {c: k for c, k in r["defects"].items() if k}
        print(f"{name:7s} briefs {r['briefs']:3d} defects {r['defects_total']} {bad or ''} median words "
              f"{r['median_body_words']} 2+ outlets {r['facts_2plus_share']:.1%} 3+ coverage "
              f"{r['ours']['coverage_3plus']:.1%} of {r['ours']['facts_3plus']} (independent outlets "
              f"{r['ours']['coverage_3plus_independent']:.1%} of {r['ours']['facts_3plus_independent']}) "
              f"supported {r['ours']['supported_share']:.1%} numbers/quotes "
              f"{r['ours']['unsupported_numbers']}/{r['ours']['unsupported_quotes']} edits {r['edits']} "
              f"failing {r['edits_failed']} lexrank {r['lexrank']['coverage_3plus']:.1%}")


if __name__ == "__main__":
    main()
