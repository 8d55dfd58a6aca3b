"""Duplicate grouping on the shared stories corpus (280 articles, 49 gold events, ~40 outlets).

No gold duplicate labels exist, so the check is for false merges: a group whose members belong to
different gold events is certainly wrong. Reported at the default threshold and at looser ones.
"""

from __future__ import annotations

import ast
import json
import time

from storydesk.evaluate import eval_data_dir
from storydesk.ingest.dedup import mark_duplicates
from storydesk.model import Article
from storydesk.settings import Settings


def run() -> str:
    data = eval_data_dir()
    if data is None:
        return "## dedup\n\nskipped: ../shared/data is absent\n"
    articles: list[Article] = []
    event: dict[str, object] = {}
    for path in sorted((data / "stories" / "articles").glob("*.json")):
        row = json.loads(path.read_text(encoding="utf-8"))
        cluster = row.get("newsCluster")
        cluster = ast.literal_eval(cluster) if isinstance(cluster, str) else cluster
        published = row.get("date_publish")
        articles.append(
            Article(
                id=row["dId"],
                text=row.get("text") or "",
                domain=row.get("source_domain") or "",
                published_at=None if published in (None, "None") else published,
            )
        )
        event[row["dId"]] = cluster["EventId"]
    default = float(Settings().near_duplicate_threshold)
    lines = [
        "| Jaccard threshold | groups | articles in groups | groups spanning 2+ gold events | exact groups | "
        "seconds |",
        "|---|---|---|---|---|---|",
    ]
    for threshold in sorted({default, 0.9, 0.7, 0.6, 0.5}, reverse=True):
        for a in articles:
            a.duplicate_of = None
        started = time.process_time()
        groups = mark_duplicates(articles, threshold=threshold)
        seconds = time.process_time() - started
        cross = sum(1 for g in groups if len({event[m] for m in g.members}) > 1)
        exact = sum(1 for g in groups if all(m.kind == "exact" for m in g.matches.values()))
        label = f"{threshold:.2f}" + (" (default)" if threshold == default else "")
        lines.append(
            f"| {label} | {len(groups)} | {sum(len(g.members) for g in groups)} | {cross} | {exact} | "
            f"{seconds:.2f} |"
        )
    return (
        "## dedup\n\n"
        f"{len(articles)} articles of ../shared/data/stories/articles; MinHash LSH (128 permutations) over "
        "5-word shingles, each candidate confirmed by exact Jaccard. CPU seconds, same run.\n\n"
        + "\n".join(lines)
        + "\n"
    )


if __name__ == "__main__":
    print(run())
