"""Issue 16: no pronoun or common noun as a quote's actor. Counts, over every quote of a built store
(``storydesk run ARTICLES --db DB``), the speakers that are a pronoun or a bare common noun, by form, and
what became of their actor: none, a name, or the pronoun / common noun itself (the fault).

A speaker is a *pronoun* when its text is a personal or relative pronoun ("who": its antecedent should be
the actor); a *common noun* when, with its
determiner dropped, it has no capital letter (``officials``, ``the spokesman``,
``the company's spokesman``). The actor is *bare* (the fault) when it is a pronoun or has no capitalised
word either; the web's "quotes by speaker" list and a brief's "most quoted" are checked for the same.

    PYTHONPATH=src python bench/bench_speakers.py --store /tmp/speakers.db [--before /tmp/old.db --show 50]

A capitalised actor headed by a common noun (``Officials`` at a sentence start, ``A Kremlin spokesman``) is
not caught by the no-capital test; ``--before`` counts those among the changed actors.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from storydesk.enrich.quote_lexicon import PRONOUNS  # noqa: E402
from storydesk.store import Store  # noqa: E402
from storydesk.web.read import quotes_by_speaker  # noqa: E402

PRONOUN_FORMS = frozenset(PRONOUNS) | {"who", "which", "that", "you", "us", "me", "one"}  # the bench's own list
_DET = re.compile(r"^(the|a|an|some|many|several|two|three|other|one)\s+", re.I)


def form(text: str | None) -> str | None:
    """'pronoun', 'common' or None (a name, or no text)."""
    if not text:
        return None
    t = text.strip()
    if t.lower() in PRONOUN_FORMS:
        return "pronoun"
    rest = _DET.sub("", t)
    if rest and not any(c.isupper() for c in rest):
        return "common"
    return None


def bare(actor: str | None) -> bool:
    return form(actor) is not None


def audit(db: str, top: int = 25) -> str:
    store = Store(db, readonly=True)
    ids = [a.id for a in store.iter_articles()]
    enrs = store.get_enrichments(ids)
    totals: Counter[str] = Counter()
    faults: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    for enr in enrs.values():
        for q in enr.quotes:
            totals["quotes"] += 1
            f = form(q.speaker)
            if f is None:
                if bare(q.actor):
                    totals["named speaker, bare actor"] += 1
                    faults[f"(named) {q.actor}"] += 1
                continue
            totals[f"{f} speakers"] += 1
            key = _DET.sub("", q.speaker.strip()).lower() if q.speaker else ""
            forms[f"{f}: {key}"] += 1
            if q.actor is None:
                totals[f"{f}: no actor"] += 1
            elif bare(q.actor):
                totals[f"{f}: bare actor (fault)"] += 1
                faults[q.actor.lower()] += 1
            else:
                totals[f"{f}: named actor"] += 1
    web_bare: Counter[str] = Counter()
    for story in store.list_stories(min_size=2):
        arts = {a.id: a for a in store.get_articles(story.article_ids)}
        story_enrs = store.get_enrichments(story.article_ids)
        for row in quotes_by_speaker(arts, story_enrs):
            if form(row["speaker"]) == "pronoun":
                web_bare[row["speaker"].lower()] += 1
        for b in (store.get_brief(story.id),) if story.id in _briefed(store) else ():
            for v in (b.perspectives or {}).get("voices", []):
                for name, _n in v.get("top", []):
                    if bare(name):
                        web_bare[f"most quoted: {name.lower()}"] += 1
    lines = [f"store {db}: {len(enrs)} enrichments"]
    lines += [f"  {k}: {v}" for k, v in sorted(totals.items())]
    lines.append(f"  bare actors (fault), all quotes: {sum(faults.values())}")
    lines.append("  top bare actors: " + ", ".join(f"{k} {v}" for k, v in faults.most_common(top)))
    lines.append("  top speaker forms: " + ", ".join(f"{k} {v}" for k, v in forms.most_common(top)))
    lines.append(f"  web: pronoun speaker rows / bare 'most quoted': {sum(web_bare.values())} "
                 + ", ".join(f"{k} {v}" for k, v in web_bare.most_common(10)))
    return "\n".join(lines)


def compare(before: str, after: str, show: int = 0) -> str:
    """Quotes (same article, same content start) whose actor changed between two stores, by what it was
    and what it became; ``show`` prints that many changed rows."""
    def load(db: str) -> dict[tuple[str, int], tuple[str | None, str | None]]:
        store = Store(db, readonly=True)
        enrs = store.get_enrichments([a.id for a in store.iter_articles()])
        return {(aid, q.content_start): (q.speaker, q.actor) for aid, e in enrs.items() for q in e.quotes}

    b, a = load(before), load(after)
    counts: Counter[str] = Counter()
    rows = []
    for k, (speaker, actor) in a.items():
        if k not in b or b[k][1] == actor:
            continue
        was = b[k][1]
        kind = "none" if not was else "bare" if bare(was) else "capitalised"
        counts[f"{kind} -> {'a name' if actor else 'none'}"] += 1
        rows.append(f"    {speaker!r}: {was!r} -> {actor!r}")
    lines = [f"changed actors {before} -> {after}: {sum(counts.values())} of {len(a)} quotes"]
    lines += [f"  {k}: {v}" for k, v in sorted(counts.items())]
    return "\n".join(lines + rows[:show])


def _briefed(store: Store) -> set[str]:
    if not hasattr(_briefed, "ids"):
        missing = set(store.stories_without_brief())
        _briefed.ids = {s.id for s in store.list_stories(min_size=1)} - missing  # type: ignore[attr-defined]
    return _briefed.ids  # type: ignore[attr-defined,no-any-return]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--before", help="a store built before the change: count the actors that changed")
    ap.add_argument("--show", type=int, default=0, help="with --before, print this many changed rows")
    args = ap.parse_args()
    print(audit(args.store, args.top))
    if args.before:
        print(compare(args.before, args.store, args.show))


if __name__ == "__main__":
    main()
