"""How each outlet told a story: ledes side by side, facts only some outlets carry, facts an outlet leaves
out, figures that disagree, whose voices each quotes, and who reported a fact first.

Every statement of difference is a claim about the texts with its evidence: the story's articles checked
and, for each, its best-matching sentence and TF-IDF similarity. Facts are matched by the brief's own
cross-outlet rule (:func:`select.same_fact` with the brief's threshold) over a pool of every sentence of every
article, so :func:`verify_perspectives` can rebuild the pool and recheck each claim against all articles.
Syndicated copies count as their original's outlet.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..model import Article, Enrichment, Quote
from ..stories.compare import PERSON_KEYS, compare_claims, counted_key
from ..stories.figure_text import readable as _fmt
from . import finish, select
from .select import Candidate, candidates, clean_sentence, cosines, tfidf_matrix

MIN_OUTLETS = 3  # a story told by fewer outlets has no perspectives to compare
FEW = 2  # "only X" claims: facts carried by at most this many outlets
KEY_FACTS = 6  # facts carried by most outlets that are checked for blindspots and firsts
ONLY_PER_OUTLET = 3  # "only X" claims kept per outlet (the count of all of them is kept too)
SHOWN = 3  # lines per part shown by default; the rest with --full

_CAPTION = re.compile(r"(?i)\b(?:photo|photograph|image|picture|pictured|video|file)\b")  # not a reported fact
_ONE_OF = re.compile(r"(?i)^(?:one|1) of\b")  # "one of the pilots" counts nothing
VOICE_KINDS = ("officials", "experts", "witnesses", "media", "others")
_OFFICIAL = frozenset("""president minister spokesman spokeswoman spokesperson official officials secretary
ambassador governor mayor senator lawmaker lawmakers congressman congresswoman legislator police general
commander prime chancellor diplomat diplomats envoy government ministry leader premier king queen chairman
chief admiral military army navy department agency authorities authority embassy office administration
representative investigator investigators prosecutor prosecutors judge court regime state parliament
lieutenant colonel""".split())
_EXPERT = frozenset("""analyst analysts expert experts professor researcher researchers scholar fellow economist
economists scientist scientists institute university think-tank specialist lecturer consultant strategist
academic director""".split())
_WITNESS = frozenset("""witness witnesses eyewitness resident residents survivor survivors villager villagers
local locals passenger passengers neighbour neighbor relative relatives victim victims bystander
bystanders""".split())
_MEDIA = frozenset("""newspaper paper daily broadcaster agency outlet magazine tabloid network channel news times
post journal herald tribune gazette telegraph television tv radio press reporter journalist correspondent
editorial""".split())


@dataclass
class Pool:
    """Every sentence of every enriched article of a story, with its outlet and the brief's fact matching."""

    rows: list[Candidate]
    outlet: list[str]
    sim: np.ndarray  # TF-IDF cosine
    same: np.ndarray  # select.same_fact
    articles: list[Article]
    unchecked: list[str]  # articles without sentences: no difference claim can be checked against them
    by_article: dict[str, list[int]] = field(default_factory=dict)  # article id -> its rows
    outlet_of: dict[str, str] = field(default_factory=dict)  # article id -> the outlet it counts for
    usable: set[int] = field(default_factory=set)  # rows that are the brief's candidate sentences


def origin_outlets(articles: list[Article]) -> dict[str, str]:
    """Article id -> the outlet it counts for (a syndicated copy: its original's)."""
    by_id = {a.id: a for a in articles}
    return {a.id: finish.origin_outlet(a.id, by_id) for a in articles}


@dataclass
class FactMatch:
    """The brief's cross-outlet fact matching: its candidate sentences and which state the same fact."""

    cands: list[Candidate]
    same: np.ndarray


def fact_match(articles: list[Article], enrichments: dict[str, Enrichment], threshold: float) -> FactMatch:
    """What ``compose_brief`` computes: :func:`select.same_fact` over the brief's candidate sentences."""
    cands = candidates(articles, enrichments)
    if not cands:
        return FactMatch(cands, np.zeros((0, 0), dtype=bool))
    m = tfidf_matrix([c.text for c in cands])
    return FactMatch(cands, select.same_fact(cands, cosines(m, m), threshold))


def build_pool(articles: list[Article], enrichments: dict[str, Enrichment], threshold: float,
               match: FactMatch | None = None) -> Pool:
    """The pool the claims are made and checked on: every sentence of every article. Two sentences state
    the same fact when the brief's matching says so (``match``, computed here when not given) or when their
    TF-IDF cosine over the whole pool reaches ``threshold`` (a sentence the brief's filters skip still
    counts). The same articles always give the same pool.
    """
    outlets = origin_outlets(articles)
    rows: list[Candidate] = []
    unchecked = []
    for a in sorted(articles, key=lambda a: a.id):
        enr = enrichments.get(a.id)
        found = False
        for i, s in enumerate(enr.sentences if enr else []):
            text = clean_sentence(s.text)
            if len(text.split()) >= 3:
                rows.append(Candidate(a, s, i, text))
                found = True
        if not found:
            unchecked.append(a.id)
    if rows:
        m = tfidf_matrix([r.text for r in rows], dense_below=0)  # sparse: a pool is every sentence
        sim = cosines(m, m)
    else:
        sim = np.zeros((0, 0))
    same = sim >= threshold
    by_article: dict[str, list[int]] = {}
    at: dict[tuple[str, int], int] = {}
    for j, r in enumerate(rows):
        by_article.setdefault(r.article.id, []).append(j)
        at[(r.article.id, r.index)] = j
    match = match if match is not None else fact_match(articles, enrichments, threshold)
    ids = [at.get((c.article.id, c.index)) for c in match.cands]
    usable = {j for j in ids if j is not None}
    for a, b in zip(*np.nonzero(match.same), strict=True):
        ra, rb = ids[int(a)], ids[int(b)]
        if ra is not None and rb is not None:
            same[ra, rb] = same[rb, ra] = True
    return Pool(rows, [outlets[r.article.id] for r in rows], sim, same, articles, unchecked, by_article, outlets,
                usable)


def evidence(pool: Pool, i: int, article_ids: list[str]) -> list[dict[str, Any]]:
    """For each article, its sentence closest to row ``i`` (a matching one first) and whether it matches."""
    out = []
    for aid in article_ids:
        js = pool.by_article.get(aid, [])
        if not js:
            out.append({"article_id": aid, "sentence": None, "similarity": 0.0, "matches": False})
            continue
        best = max(js, key=lambda j: (bool(pool.same[i, j]), float(pool.sim[i, j])))
        r = pool.rows[best]
        out.append({"article_id": aid, "outlet": pool.outlet[best], "sentence": r.text, "start": r.sentence.start,
                    "end": r.sentence.end, "similarity": round(float(pool.sim[i, best]), 4),
                    "matches": bool(pool.same[i, best])})
    return out


def _fact(pool: Pool, i: int) -> dict[str, Any]:
    r = pool.rows[i]
    return {"text": r.text, "article_id": r.article.id, "outlet": pool.outlet[i], "start": r.sentence.start,
            "end": r.sentence.end}


def _carriers(pool: Pool, i: int) -> set[str]:
    return {pool.outlet[j] for j in np.nonzero(pool.same[i])[0]}


def perspectives(articles: list[Article], enrichments: dict[str, Enrichment], *, threshold: float = 0.6,
                 match: FactMatch | None = None) -> dict[str, Any]:
    """The Perspectives part of a brief (JSON-ready), or ``{}`` for a story of fewer than 3 outlets.

    ``match`` is the brief's own fact matching when the writer has it (it saves embedding the sentences
    twice); without it the same matching is computed here.
    """
    outlets = origin_outlets(articles)
    names = sorted(set(outlets.values()))
    if len(names) < MIN_OUTLETS:
        return {}
    pool = build_pool(articles, enrichments, threshold, match)
    ids = {a.id for a in articles}
    originals = [a for a in articles if not (a.duplicate_of and a.duplicate_of in ids)]
    out: dict[str, Any] = {"outlets": names, "threshold": threshold, "articles": sorted(a.id for a in articles),
                           "unchecked": pool.unchecked}
    out["ledes"] = ledes(pool, originals, outlets)
    facts = [i for i in sorted(pool.usable) if pool.rows[i].index < select.MEANING_POSITIONS
             and not _CAPTION.search(pool.rows[i].text)]
    carriers = {i: _carriers(pool, i) for i in facts}
    checkable = not pool.unchecked
    out["only"], out["only_counts"] = only_claims(pool, facts, carriers, len(names)) if checkable else ([], {})
    key = key_facts(pool, facts, carriers, len(names))
    out["left_out"] = left_out_claims(pool, key, carriers, names) if checkable else []
    out["first"] = firsts(pool, key)
    out["figures"] = figures(originals, enrichments, outlets)
    out["voices"] = voices(originals, enrichments, outlets)
    return out


def ledes(pool: Pool, originals: list[Article], outlets: dict[str, str]) -> list[dict[str, Any]]:
    """Each outlet's first article's headline and lede, grouped where the ledes state the same fact."""
    first: dict[str, Article] = {}
    for a in sorted(originals, key=lambda a: (a.published_at or "9999", a.id)):
        first.setdefault(outlets[a.id], a)
    row_of: dict[str, int] = {}
    for name, a in first.items():
        js = pool.by_article.get(a.id, [])
        usable = [j for j in js if j in pool.usable]
        if usable or js:
            row_of[name] = (usable or js)[0]
    group = {name: name for name in first}

    def root(x: str) -> str:
        while group[x] != x:
            x = group[x]
        return x

    keys = sorted(row_of)
    for x, y in ((x, y) for n, x in enumerate(keys) for y in keys[n + 1:]):
        if pool.same[row_of[x], row_of[y]]:
            group[root(y)] = root(x)
    groups: dict[str, list[str]] = {}
    for name in sorted(first):
        groups.setdefault(root(name), []).append(name)
    out = []
    for members in sorted(groups.values(), key=lambda m: (-len(m), m)):
        entries = []
        for name in members:
            a = first[name]
            j = row_of.get(name)
            entries.append({"outlet": name, "article_id": a.id, "headline": a.title, "published": a.published_at,
                            "lede": pool.rows[j].text if j is not None else ""})
        out.append({"outlets": members, "same_fact": len(members) > 1, "entries": entries})
    return out


def only_claims(pool: Pool, facts: list[int], carriers: dict[int, set[str]],
                n_outlets: int) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """'Only X (and Y) report F': facts no other outlet's article has a matching sentence for; a few per
    outlet, earliest in their article first, one claim per fact; also the count of all such facts, by the
    number of outlets (1 or 2) that carry them."""
    seen: list[int] = []
    claims = []
    per: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for i in sorted(facts, key=lambda i: (pool.rows[i].index, pool.rows[i].article.published_at or "", i)):
        who = carriers[i]
        if len(who) > FEW or len(who) >= n_outlets or any(pool.same[i, k] for k in seen):
            continue
        seen.append(i)
        total["one" if len(who) == 1 else "two"] += 1
        if max(per[o] for o in who) >= ONLY_PER_OUTLET:
            continue
        per.update(who)
        others = [a.id for a in sorted(pool.articles, key=lambda a: a.id) if pool.outlet_of[a.id] not in who]
        claims.append({"kind": "only", "outlets": sorted(who), "fact": _fact(pool, i),
                       "checked": evidence(pool, i, others)})
    return claims, {"one": total["one"], "two": total["two"]}


def key_facts(pool: Pool, facts: list[int], carriers: dict[int, set[str]], n_outlets: int) -> list[int]:
    """Facts carried by most outlets (more than half, at least two), the most widely carried first; one row
    per fact (a row matching an earlier key fact is the same fact)."""
    wide = [i for i in facts if len(carriers[i]) >= 2 and 2 * len(carriers[i]) > n_outlets]
    chosen: list[int] = []
    for i in sorted(wide, key=lambda i: (-len(carriers[i]), pool.rows[i].index,
                                         pool.rows[i].article.published_at or "", i)):
        if any(pool.same[i, k] for k in chosen):
            continue
        chosen.append(i)
        if len(chosen) >= KEY_FACTS:
            break
    return chosen


def left_out_claims(pool: Pool, key: list[int], carriers: dict[int, set[str]],
                    names: list[str]) -> list[dict[str, Any]]:
    """'X leaves out F' for each key fact and each outlet none of whose articles has a matching sentence."""
    claims = []
    for i in key:
        for name in names:
            if name in carriers[i]:
                continue
            own = [a.id for a in sorted(pool.articles, key=lambda a: a.id) if pool.outlet_of[a.id] == name]
            claims.append({"kind": "left_out", "outlet": name, "carried_by": sorted(carriers[i]),
                           "fact": _fact(pool, i), "checked": evidence(pool, i, own)})
    return claims


def _when(iso: str | None) -> dt.datetime | None:
    try:
        t = dt.datetime.fromisoformat((iso or "").replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)


def firsts(pool: Pool, key: list[int]) -> list[dict[str, Any]]:
    """For each key fact, the first outlet to report it and when each other outlet followed."""
    out = []
    for i in key:
        earliest: dict[str, Candidate] = {}
        for j in np.nonzero(pool.same[i])[0]:
            r = pool.rows[int(j)]
            o = pool.outlet[int(j)]
            if _when(r.article.published_at) is None:
                continue
            if o not in earliest or (r.article.published_at or "") < (earliest[o].article.published_at or ""):
                earliest[o] = r
        if len(earliest) < 2:
            continue
        order = sorted(earliest.items(), key=lambda kv: (kv[1].article.published_at or "", kv[0]))
        t0 = _when(order[0][1].article.published_at)
        assert t0 is not None
        reports = []
        for o, r in order:
            t = _when(r.article.published_at)
            hours = round((t - t0).total_seconds() / 3600, 1) if t else None
            reports.append({"outlet": o, "article_id": r.article.id, "published": r.article.published_at,
                            "hours_after_first": hours})
        out.append({"fact": _fact(pool, i), "first": reports[0], "followed": reports[1:]})
    return out


def figures(originals: list[Article], enrichments: dict[str, Enrichment],
            outlets: dict[str, str]) -> list[dict[str, Any]]:
    """Figures where outlets disagree: a figure that ``stories.compare`` finds in disagreement (not a rise or
    fall over time), with the values that different outlets gave on the same day, each with its outlet and
    date. A figure whose values only differ across days (a toll that rose) is kept as ``changed``."""
    out: list[dict[str, Any]] = []
    for g in compare_claims(originals, enrichments, min_outlets=2):
        if g.status not in {"disagree", "changed"}:
            continue
        values: list[dict[str, Any]] = [
            {"outlet": outlets.get(v.article_id, v.outlet), "article_id": v.article_id, "published": v.published,
             "value": v.value, "shown": _fmt(v.value), "text": v.text, "outcome": v.outcome}
            for v in g.values if v.modality != "projected" and not _ONE_OF.match(v.text)]
        if counted_key(g.counted) in PERSON_KEYS and (
                len({v["outcome"] for v in values}) != 1 or values and values[0]["outcome"] is None):
            continue  # people counted without one outcome read beside every value (killed? injured?): no claim
        clash: set[int] = set()
        for a, u in enumerate(values):
            for b in range(a + 1, len(values)):
                v = values[b]
                if g.status == "disagree" and u["outlet"] != v["outlet"] and u["shown"] != v["shown"] and (
                        u["published"] or "?")[:10] == (v["published"] or "!")[:10] and _what(u["text"]) == _what(
                        v["text"]):
                    clash |= {a, b}
        if len({v["outlet"] for v in values}) < 2 or len({v["shown"] for v in values}) < 2:
            continue
        status = "disagree" if clash else "changed"
        kept = [values[k] for k in sorted(clash)] if clash else values
        seen: set[tuple[str, str]] = set()
        unique = []
        for v in kept:
            if (v["outlet"], v["shown"]) not in seen:
                seen.add((v["outlet"], v["shown"]))
                unique.append(v)
        out.append({"counted": g.counted, "unit": g.unit, "status": status, "note": g.note, "values": unique})
    out.sort(key=lambda f: (f["status"] != "disagree", -len({v["outlet"] for v in f["values"]}), f["counted"]))
    return out


_COUNT_WORDS = frozenset("""one two three four five six seven eight nine ten eleven twelve dozen dozens hundred
hundreds thousand thousands million millions billion about around nearly some more than at least up to over
almost roughly approximately""".split())


def _what(text: str) -> frozenset[str]:
    """What a figure counts, as written, without its number: "two local crew members" -> crew, local, member.
    Two values disagree only when they count the same thing in the same words ("four members" and "two local
    crew members" are different groups)."""
    words = [w for w in re.findall(r"[a-z]+", text.lower()) if w not in _COUNT_WORDS]
    return frozenset(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words)


def voice_kind(quote: Quote, kinds: set[str | None]) -> str:
    """Officials, experts, witnesses, media or others, from the speaker's words and role and the kinds of
    actor (``Entity.actor_kind``) the speaker is."""
    words = set(re.findall(r"[a-z-]+", " ".join(x or "" for x in (quote.speaker, quote.role)).lower()))
    if "media" in kinds or words & _MEDIA and not words & (_OFFICIAL | _EXPERT):
        return "media"
    if words & _EXPERT:
        return "experts"
    if words & _WITNESS:
        return "witnesses"
    if words & _OFFICIAL or kinds & {"country", "city", "armed_force"}:
        return "officials"
    aff = set(re.findall(r"[a-z-]+", (quote.affiliation or "").lower()))
    if aff & _EXPERT:
        return "experts"
    if aff & _OFFICIAL:
        return "officials"
    return "others"


def voices(originals: list[Article], enrichments: dict[str, Enrichment],
           outlets: dict[str, str]) -> list[dict[str, Any]]:
    """Per outlet, the quotes of its articles by kind of speaker, and the speakers it quotes most."""
    counts: dict[str, Counter[str]] = {}
    speakers: dict[str, Counter[str]] = {}
    for a in originals:
        enr = enrichments.get(a.id)
        name = outlets[a.id]
        counts.setdefault(name, Counter())
        speakers.setdefault(name, Counter())
        if enr is None:
            continue
        by_actor: dict[str, set[str | None]] = {}
        at_start: dict[int, set[str | None]] = {}
        for e in enr.entities:
            at_start.setdefault(e.start, set()).add(e.actor_kind)
            if e.actor:
                by_actor.setdefault(e.actor, set()).add(e.actor_kind)
        for q in enr.quotes:
            if not (q.actor or q.speaker):
                continue
            kinds = by_actor.get(q.actor or "", set()) | at_start.get(q.speaker_start or -1, set())
            counts[name][voice_kind(q, kinds)] += 1
            if q.actor in by_actor:  # "most quoted" names only speakers the article names as an entity
                speakers[name][q.actor] += 1
    return [{"outlet": name, "quotes": sum(counts[name].values()),
             "kinds": {k: counts[name][k] for k in VOICE_KINDS if counts[name][k]},
             "top": [[s, n] for s, n in sorted(speakers[name].items(), key=lambda kv: (-kv[1], kv[0]))[:3]]}
            for name in sorted(counts)]
