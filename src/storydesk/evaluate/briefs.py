"""Brief quality measures: support, faithfulness of numbers and quotes, redundancy, coverage of facts that
several outlets report, and outlets cited. The same measures score peers' summaries (LexRank, TextRank)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..brief.select import candidates, cosines, tfidf_matrix
from ..brief.verify import numbers_in, quotes_in
from ..model import Article, Brief, Enrichment

SIMILAR = 0.6


def multi_outlet_facts(articles: list[Article], enrichments: dict[str, Enrichment],
                       min_outlets: int = 3) -> list[list[str]]:
    """Groups of near-identical source sentences stated by at least ``min_outlets`` outlets."""
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
        outlets = {cands[j].article.outlet for j in members}
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
