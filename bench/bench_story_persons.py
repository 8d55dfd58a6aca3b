"""Issue 16: one actor per person in a story. Person names per story on the whole shared stories corpus
(its 49 gold events taken as the stories), before and after ``merge_story_persons``, in the same run.

``--store DB`` audits a built store instead (``storydesk run ... --db DB``): per story, the actor list and
the speakers the web shows (``web.read``: merged persons, ``actor_counts``, ``quotes_by_speaker``), with the
groups a reader would call one person or organisation and the actors that are no names, by rules that are
looser than the merge's own (see ``audit_story``), so that the count is not the merge grading itself.

Two counts, so that the after figure is not the merge rule grading itself: names whose words are all
inside a longer person name of the same story (what the rule merges, ambiguous ones included), and names
that share their last word with another person name of the story (an independent, looser view: "Kim"
beside "Kim Jong Un" and "Kim Yo Jong" stays two people and is counted).
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from storydesk.enrich import enrich_articles  # noqa: E402
from storydesk.enrich.actor_lexicon import COMMON_NOUNS, HEADLINE_FUNCTION_WORDS  # noqa: E402
from storydesk.enrich.aliases import fuller_name, merge_story_persons  # noqa: E402
from storydesk.evaluate import eval_data_dir  # noqa: E402
from storydesk.ingest.files import read_paths  # noqa: E402
from storydesk.model import Article, Enrichment  # noqa: E402
from storydesk.store import Store  # noqa: E402
from storydesk.web.read import actor_counts, quotes_by_speaker  # noqa: E402

# The audit's own short list of English given-name variants (independent of any table the merge uses):
# a pair found here with one surname is counted as one person written two ways.
AUDIT_VARIANTS = [
    {"bill", "william", "will", "billy"}, {"bob", "robert", "rob", "bobby"}, {"mike", "michael"},
    {"jim", "james", "jimmy"}, {"joe", "joseph"}, {"tom", "thomas"}, {"dick", "richard", "rick"},
    {"dan", "daniel", "danny"}, {"dave", "david"}, {"steve", "steven", "stephen"}, {"chris", "christopher"},
    {"tony", "anthony"}, {"ted", "edward", "ed", "teddy"}, {"alex", "alexander"}, {"nick", "nicholas"},
    {"andy", "andrew"}, {"ben", "benjamin"}, {"sam", "samuel"}, {"matt", "matthew"}, {"pat", "patrick"},
    {"jeff", "jeffrey"}, {"greg", "gregory"}, {"ken", "kenneth"}, {"larry", "lawrence"},
    {"kate", "katherine", "catherine", "kathy"}, {"liz", "elizabeth", "beth"}, {"jenny", "jennifer", "jen"},
    {"sue", "susan"}, {"mohamed", "mohammed", "muhammad", "mohammad"}, {"manual", "manuel"},
]
_VARIANT = {n: i for i, group in enumerate(AUDIT_VARIANTS) for n in group}


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


def _fold(name: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(re.split(r"[\s-]+", plain.casefold().replace("’", "'").replace(".", "")))


def _given_compatible(a: str, b: str) -> bool:
    """Given names a reader takes for one person: equal, one an initial or a prefix of the other
    ("Jae" of "Jae-in"), or variants in the audit's own table ("Bill" / "William")."""
    a, b = a.lower().rstrip("."), b.lower().rstrip(".")
    if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return True
    if a.split("-")[0] == b.split("-")[0]:
        return True
    return a in _VARIANT and _VARIANT.get(a) == _VARIANT.get(b)


def _acronym_of(short: str, long: str) -> bool:
    words = [w for w in re.split(r"[\s-]+", long) if w and w[0].isupper()]
    return len(words) >= 2 and "".join(w[0] for w in words) == short


def not_a_name(name: str) -> str | None:
    """Why an actor the web lists is no name, or None."""
    words = name.split()
    if not words:
        return "empty"
    if name[:1].islower():
        return "lower-case"
    if all(w.lower().strip(".,'’") in COMMON_NOUNS or w.lower() in {"the", "a", "an"} for w in words):
        return "common noun"
    caps = [w for w in words if w[:1].isupper()]
    if len(words) >= 4 and len(caps) == len(words) and (
        any(w in HEADLINE_FUNCTION_WORDS for w in words[1:])
        or sum(w.endswith(("s", "ed")) and not w.endswith("ss") for w in words[1:]) >= 2
    ):
        return "headline fragment"
    if re.search(r"(?:'s|’s)$", name):
        return "possessive"
    if len(words) > 6 or "\n" in name:
        return "too long"
    return None


def audit_story(enrichments: dict[str, Enrichment], articles: dict[str, Article]) -> dict[str, Any]:
    """What the web shows for one story, and what a reader would fault in it.

    same: groups of listed names that are one person or organisation (same folded spelling; a possessive
    of a listed name; persons with one surname and compatible given names, or a bare surname beside
    exactly one fuller person name, or a one-word name of another kind that is the surname of exactly one
    listed person; an acronym beside the name it abbreviates). nonames: listed actors
    and speakers that are no names.
    """
    merge_story_persons(enrichments.values())
    listed = set(actor_counts(enrichments.values()))
    speakers = {s["speaker"] for s in quotes_by_speaker(articles, enrichments, max_speakers=10**6)}
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for enr in enrichments.values():
        for ent in enr.entities:
            if ent.actor:
                kinds[ent.actor][ent.actor_kind or ""] += 1
    names = listed | speakers
    same: list[tuple[str, ...]] = []
    folded: dict[str, list[str]] = defaultdict(list)
    for n in names:
        folded[_fold(re.sub(r"(?:'s|’s)$", "", n))].append(n)
    for group in folded.values():
        if len(group) > 1:
            same.append(tuple(sorted(group)))
    persons = sorted(n for n in names if kinds[n].get("person") and not not_a_name(n))
    by_last: dict[str, list[str]] = defaultdict(list)
    for n in persons:
        by_last[_fold(n).split()[-1].split("-")[0]].append(n)
    for group in by_last.values():
        fuller = [n for n in group if len(n.split()) >= 2]
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                wa, wb = a.split(), b.split()
                if _fold(a) == _fold(b):
                    continue
                if len(wa) >= 2 and len(wb) >= 2 and _given_compatible(wa[0], wb[0]):
                    same.append((a, b))
        bare = [n for n in group if len(n.split()) == 1]
        if bare and len({_fold(f) for f in fuller}) == 1:
            same.extend((b, fuller[0]) for b in bare)
    surnames: dict[str, set[str]] = defaultdict(set)  # a one-word name of any kind beside one person
    for n in persons:
        if len(n.split()) >= 2:
            surnames[n.split()[-1]].add(n)
    for n in names:
        if len(n.split()) == 1 and len(surnames.get(n, ())) == 1 and not kinds[n].get("person"):
            same.append((n, *surnames[n]))
    caps = [n for n in names if n.isupper() and 2 <= len(n) <= 6]
    for short in caps:
        same.extend((short, long) for long in names if _acronym_of(short, long))
    nonames = sorted({(n, why) for n in names if (why := not_a_name(n))})
    return {"same": sorted(set(same)), "nonames": nonames, "names": sorted(names), "listed": listed,
            "speakers": speakers - listed}


def audit(db: str, verbose: bool = True) -> str:
    store = Store(db, readonly=True)
    lines: list[str] = []
    n_stories = 0
    totals: Counter[str] = Counter()
    for story in store.list_stories(min_size=2):
        arts = {a.id: a for a in store.get_articles(story.article_ids)}
        enrs = store.get_enrichments(story.article_ids)
        got = audit_story(enrs, arts)
        n_stories += 1

        def where(names: tuple[str, ...] | list[str], listed: set[str] = got["listed"]) -> str:
            return "A" if all(n in listed for n in names) else "S"  # A: the actor list, S: a speaker only

        totals["actors"] += len(got["listed"])
        totals["speakers only"] += len(got["speakers"])
        for g in got["same"]:
            totals[f"same {where(g)}"] += 1
        for n, w in got["nonames"]:
            totals[f"no name {where([n])} {w}"] += 1
        if verbose and (got["same"] or got["nonames"]):
            lines.append(f"### {story.id[:10]} {story.title[:70]!r} ({story.size} articles)")
            lines += [f"  same {where(g)}: {' | '.join(g)}" for g in got["same"]]
            lines += [f"  no name {where([n])} ({w}): {n}" for n, w in got["nonames"]]
    head = f"{n_stories} stories of 2+ articles: " + ", ".join(f"{k} {v}" for k, v in sorted(totals.items()))
    return "\n".join([*lines, "", head])


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
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", help="audit a built store instead of enriching the corpus")
    parser.add_argument("-q", "--quiet", action="store_true", help="totals only")
    args = parser.parse_args()
    print(audit(args.store, verbose=not args.quiet) if args.store else run())
