"""Brief quality measures: support, faithfulness of numbers and quotes, redundancy, coverage of facts that
several outlets report, and outlets cited. The same measures score peers' summaries (LexRank, TextRank)."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import numpy as np

from ..brief.select import candidates, cosines, tfidf_matrix
from ..brief.verify import check_edits, check_introductions, numbers_in, quotes_in
from ..model import Article, Brief, Enrichment
from ..pipeline import story_articles
from ..store import Store
from .defects import body_words, brief_defects, multi_outlet_share, origin_outlets, summarize

SIMILAR = 0.6
HALVES = ("tuning", "check")


def story_half(story_id: str) -> str:
    """The half a story belongs to: "tuning" when the SHA-1 of its id is even (its last hex digit), else
    "check", the split of bench/RESULTS.md since issue 15's third round. Rules are tuned on the first and
    reported on the second (house rule)."""
    return HALVES[int(hashlib.sha1(story_id.encode()).hexdigest()[-1], 16) % 2]


def multi_outlet_facts(articles: list[Article], enrichments: dict[str, Enrichment],
                       min_outlets: int = 3, independent: bool = False) -> list[list[str]]:
    """Groups of near-identical source sentences stated by at least ``min_outlets`` outlets. ``independent``:
    outlets counted as the issue counts them, a syndicated copy (``duplicate_of``) as its original's outlet
    (three copies of one wire story are one outlet); the default counts each article's own outlet."""
    by_id = {a.id: a for a in articles}
    cands = candidates(articles, enrichments)
    if len(cands) < 2:
        return []
    m = tfidf_matrix([c.text for c in cands])
    sim = cosines(m, m)
    facts, seen = [], set()
    for i in np.argsort(-(sim >= SIMILAR).sum(axis=1)):
        if i in seen:
            continue
        members = [j for j in np.nonzero(sim[i] >= SIMILAR)[0] if j not in seen]
        outlets = (origin_outlets([cands[j].article.id for j in members], by_id) if independent
                   else {cands[j].article.outlet for j in members})
        if len(outlets) >= min_outlets:
            facts.append([cands[j].text for j in members])
            seen.update(members)
    return facts


def score_texts(sentences: list[str], citations: list[list[str]], articles: list[Article],
                facts: list[list[str]]) -> dict[str, Any]:
    """Measures for a list of brief sentences with their cited article ids (empty lists for uncited peers)."""
    texts = {a.id: " ".join(a.text.split()) for a in articles}
    outlets = {a.id: a.outlet for a in articles}
    supported = bad_numbers = bad_quotes = 0
    for text, cited in zip(sentences, citations, strict=True):
        sources = [texts[c] for c in cited if c in texts]
        if sources and any(" ".join(text.split()) in s for s in sources):
            supported += 1
        src_numbers = set().union(*(numbers_in(s) for s in sources)) if sources else set()
        bad_numbers += len(numbers_in(text) - src_numbers)
        bad_quotes += sum(1 for q in quotes_in(text) if not any(" ".join(q.split()) in s for s in sources))
    redundancy = 0
    covered = 0
    if sentences:
        m = tfidf_matrix(sentences + [t for f in facts for t in f])
        k = len(sentences)
        sim = cosines(m[:k], m[:k])
        redundancy = int(((sim >= 0.5).sum() - k) // 2)
        offset = k
        for f in facts:
            block = m[offset:offset + len(f)]
            offset += len(f)
            if cosines(m[:k], block).max() >= SIMILAR:
                covered += 1
    return {
        "sentences": len(sentences),
        "supported_share": supported / len(sentences) if sentences else 1.0,
        "unsupported_numbers": bad_numbers,
        "unsupported_quotes": bad_quotes,
        "redundant_pairs": redundancy,
        "facts_3plus": len(facts),
        "facts_3plus_covered": covered,
        "outlets_cited": len({outlets[c] for cs in citations for c in cs if c in outlets}),
    }


def score_brief(brief: Brief, articles: list[Article], facts: list[list[str]]) -> dict[str, Any]:
    return score_texts([s.text for s in brief.sentences], [s.citations for s in brief.sentences], articles, facts)


def _pagerank(sim: np.ndarray, damping: float = 0.85, iters: int = 60) -> np.ndarray:
    n = sim.shape[0]
    sim = sim.copy()
    np.fill_diagonal(sim, 0.0)
    rows = sim.sum(axis=1, keepdims=True)
    trans = np.divide(sim, rows, out=np.full_like(sim, 1.0 / max(n, 1)), where=rows > 0)
    score = np.full(n, 1.0 / max(n, 1))
    for _ in range(iters):
        score = (1 - damping) / n + damping * trans.T @ score
    return score


def peer_summary(kind: str, texts: list[str], n_words: int) -> list[int]:
    """LexRank (TF-IDF cosine graph, threshold 0.1) or TextRank (word-overlap graph, Mihalcea and Tarau 2004)
    over candidate sentences: the indices of the top sentences up to ``n_words`` words, no exact repeats."""
    if not texts:
        return []
    if kind == "lexrank":
        m = tfidf_matrix(texts)
        sim = cosines(m, m)
        sim = (sim >= 0.1).astype(float)
    else:
        bags = [set(re.findall(r"\w+", t.lower())) for t in texts]
        lens = np.array([max(len(b), 2) for b in bags], dtype=float)
        sim = np.zeros((len(texts), len(texts)))
        for i in range(len(texts)):
            for j in range(i + 1, len(texts)):
                overlap = len(bags[i] & bags[j])
                if overlap:
                    sim[i, j] = sim[j, i] = overlap / (np.log(lens[i]) + np.log(lens[j]))
    order = np.argsort(-_pagerank(sim), kind="stable")
    picked, words, seen = [], 0, set()
    for i in order:
        key = " ".join(texts[i].lower().split())
        if key in seen:
            continue
        if words >= n_words:
            break
        seen.add(key)
        picked.append(int(i))
        words += len(texts[i].split())
    return picked


def evaluate_story(brief: Brief, articles: list[Article], enrichments: dict[str, Enrichment]) -> dict[str, Any]:
    """One brief's reader defects and measures, with LexRank and TextRank of the same body length."""
    facts = multi_outlet_facts(articles, enrichments)
    independent = multi_outlet_facts(articles, enrichments, independent=True)
    multi, n_facts = multi_outlet_share(brief, articles)
    body = [s for s in brief.sentences if s.section != "timeline" and not s.extra.get("more")]
    by_id = {a.id: a for a in articles}
    edits = failed = 0
    for s in brief.sentences:
        if s.extra.get("edits"):
            src = by_id[s.support[0].article_id]
            edits += len(s.extra["edits"])
            failed += bool(check_edits(s.extra["original"], s.text, s.extra["edits"], src.text, src.published_at,
                                       {c: by_id[c].text for c in s.citations if c in by_id}))
    failed += len(check_introductions(brief.sentences))
    failed += len(brief.coverage.get("withheld") or [])  # sentences the writer withheld: each a writer's bug
    row: dict[str, Any] = {
        "story_id": brief.story_id, "headline": brief.headline, "defects": brief_defects(brief, articles),
        "body_words": body_words(brief), "facts_multi": multi, "facts": n_facts, "edits": edits,
        "edits_failed": failed,
        # support is judged on the source sentence; its recorded edits are checked apart (check_edits)
        "scores": score_texts([str(s.extra.get("original", s.text)) for s in body], [s.citations for s in body],
                              articles, facts),
    }
    shown = [str(s.extra.get("original", s.text)) for s in body]
    row["scores"]["facts_3plus_independent"] = len(independent)
    row["scores"]["facts_3plus_independent_covered"] = covered_facts(shown, independent)
    cands = candidates(articles, enrichments)
    pool = [c.text for c in cands]
    for kind in ("lexrank", "textrank"):
        picked = peer_summary(kind, pool, row["body_words"])
        row[kind] = score_texts([pool[i] for i in picked], [[cands[i].article.id] for i in picked], articles, facts)
        row[kind]["facts_3plus_independent"] = len(independent)
        row[kind]["facts_3plus_independent_covered"] = covered_facts([pool[i] for i in picked], independent)
    return row


def covered_facts(sentences: list[str], facts: list[list[str]]) -> int:
    """How many of ``facts`` (groups of alike source sentences) one of ``sentences`` states (TF-IDF cosine
    >= SIMILAR with a member), as ``score_texts`` counts them."""
    if not sentences or not facts:
        return 0
    m = tfidf_matrix(sentences + [t for f in facts for t in f])
    k, offset, covered = len(sentences), len(sentences), 0
    for f in facts:
        covered += int(cosines(m[:k], m[offset:offset + len(f)]).max() >= SIMILAR)
        offset += len(f)
    return covered


def evaluate_briefs(store: Store, min_size: int = 2) -> dict[str, Any]:
    """The reader-defect report over every stored brief of stories with ``min_size``+ articles."""
    rows = []
    for story in store.list_stories(min_size=min_size):
        if not store.brief_versions(story.id):
            continue
        rows.append(evaluate_story(store.get_brief(story.id), story_articles(store, story.article_ids),
                                   store.get_enrichments(story.article_ids)))
    out = _totals(rows)
    out["halves"] = {h: _totals([r for r in rows if story_half(r["story_id"]) == h]) for h in HALVES}
    out["stories"] = rows
    return out


def _totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out = summarize(rows)
    for name in ("scores", "lexrank", "textrank"):
        facts = sum(r[name]["facts_3plus"] for r in rows)
        ind = sum(r[name].get("facts_3plus_independent", 0) for r in rows)
        out[name] = {
            "coverage_3plus": sum(r[name]["facts_3plus_covered"] for r in rows) / facts if facts else 1.0,
            # the same with outlets counted independently (syndicated copies folded): ``facts_3plus_independent``
            "coverage_3plus_independent": (sum(r[name].get("facts_3plus_independent_covered", 0) for r in rows)
                                           / ind if ind else 1.0),
            "facts_3plus": facts, "facts_3plus_independent": ind,
            "supported_share": (sum(r[name]["supported_share"] * r[name]["sentences"] for r in rows)
                                / (sum(r[name]["sentences"] for r in rows) or 1)),
            "unsupported_numbers": sum(r[name]["unsupported_numbers"] for r in rows),
            "unsupported_quotes": sum(r[name]["unsupported_quotes"] for r in rows),
            "redundant_pairs": sum(r[name]["redundant_pairs"] for r in rows),
        }
    out["ours"] = out.pop("scores")
    out["edits"] = sum(r["edits"] for r in rows)
    out["edits_failed"] = sum(r["edits_failed"] for r in rows)
    return out
