"""Issue 16: one actor per person in a story. Person names per story on the whole shared stories corpus
(its 49 gold events taken as the stories), before and after ``merge_story_persons``, in the same run.

Two counts, so that the after figure is not the merge rule grading itself: names whose words are all
inside a longer person name of the same story (what the rule merges, ambiguous ones included), and names
that share their last word with another person name of the story (an independent, looser view: "Kim"
beside "Kim Jong Un" and "Kim Yo Jong" stays two people and is counted).
"""

from __future__ import annotations

import copy
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from storydesk.enrich import enrich_articles  # noqa: E402
from storydesk.enrich.aliases import fuller_name, merge_story_persons  # noqa: E402
from storydesk.evaluate import eval_data_dir  # noqa: E402
from storydesk.ingest.files import read_paths  # noqa: E402
from storydesk.model import Article, Enrichment  # noqa: E402


def _event(article: Article) -> str:
    return str(article.labels.get("event_id", article.id))


def person_names(enrichments: list[Enrichment]) -> set[str]:
    """What the story page lists for people: person entities' actors and quote speakers' actors."""
    names = {e.actor for enr in enrichments for e in enr.entities if e.actor_kind == "person" and e.actor}
    persons = set(names)
    names |= {q.actor for enr in enrichments for q in enr.quotes if q.actor in persons}
    return names


def duplicates(names: set[str]) -> tuple[int, int]:
    contained = sum(1 for n in names if fuller_name(n, names))
    last: dict[str, int] = defaultdict(int)
    for n in names:
        last[n.split()[-1].split("-")[0]] += 1
    return contained, sum(c - 1 for c in last.values() if c > 1)


def measure(arts: list[Article], enrs: list[Enrichment]) -> dict[str, float]:
    stories: dict[str, list[Enrichment]] = defaultdict(list)
    for a, e in zip(arts, enrs, strict=True):
        stories[_event(a)].append(e)
    out = {"stories": len(stories), "names": 0, "contained": 0, "same_last": 0,
           "names_after": 0, "contained_after": 0, "same_last_after": 0, "merge_ms": 0.0}
    for group in stories.values():
        names = person_names(group)
        c, s = duplicates(names)
        out["names"] += len(names)
        out["contained"] += c
        out["same_last"] += s
        merged = copy.deepcopy(group)
        t = time.perf_counter()
        merge_story_persons(merged)
        out["merge_ms"] += 1000 * (time.perf_counter() - t)
        names = person_names(merged)
        c, s = duplicates(names)
        out["names_after"] += len(names)
        out["contained_after"] += c
        out["same_last_after"] += s
    return out


def run() -> str:
    data = eval_data_dir()
    if data is None:
        return "## One actor per person (issue 16)\n\nskipped: ../shared/data is absent\n"
    arts = [a for a in read_paths([data / "stories" / "articles"]) if isinstance(a, Article)]
    enrs = list(enrich_articles(arts))
    m = measure(arts, enrs)
    return (
        "## One actor per person (issue 16)\n\n"
        f"{len(arts)} articles, {m['stories']} stories (gold events). Person names per story, before -> after "
        "`merge_story_persons`: "
        f"{m['names']} -> {m['names_after']} names; contained in a longer name of the story "
        f"{m['contained']} -> {m['contained_after']}; sharing a last word with another "
        f"{m['same_last']} -> {m['same_last_after']}. Merging all stories took {m['merge_ms']:.0f} ms.\n"
    )


if __name__ == "__main__":
    print(run())
