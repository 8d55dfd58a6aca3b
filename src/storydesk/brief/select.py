"""Choosing what a brief says: candidate source sentences, their centrality, and who else states them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..enrich.embed import embed
from ..model import Article, Enrichment, Sentence
from ..stories.developments import bursts
from .clean import embedded_post, reject_reason

_BOILER = re.compile(
    r"(?i)(click here|read more|sign up|subscribe|newsletter|all rights reserved|copyright|photo:|image:|"
    r"getty images|follow us|share this|related:|advertisement|cookie|\bapp\b.*download|@\w+|https?://)"
)


@dataclass
class Candidate:
    article: Article
    sentence: Sentence
    index: int  # position of the sentence in its article
    text: str


def clean_sentence(text: str) -> str:
    return " ".join(text.split())


def is_usable(text: str, *, strict: bool = True) -> bool:
    """Sentences a reader can take on their own: complete, not boilerplate, not a fragment."""
    words = text.split()
    if not strict:
        return 3 <= len(words) <= 120 and text.count('"') % 2 == 0
    if not 8 <= len(words) <= 60:
        return False
    if _BOILER.search(text):
        return False
    if not text[0].isupper() and text[0] not in "\"'“‘":
        return False
    if text[-1] not in ".!?\"'”’":
        return False
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        return False
    return reject_reason(text) is None


def candidates(articles: list[Article], enrichments: dict[str, Enrichment],
               max_per_article: int = 40, strict: bool = True) -> list[Candidate]:
    """Usable source sentences; when a story has none, a looser filter so no brief is left empty."""
    out: list[Candidate] = []
    for a in articles:
        enr = enrichments.get(a.id)
        if enr is None:
            continue
        for i, s in enumerate(enr.sentences[:max_per_article]):
            text = clean_sentence(s.text)
            if text and is_usable(text, strict=strict) and not embedded_post(a.text, s.start, s.end):
                out.append(Candidate(a, s, i, text))
    if not out and strict:
        return candidates(articles, enrichments, max_per_article, strict=False)
    return out


def tfidf_matrix(texts: list[str], *, dense_below: int = 20000) -> Any:
    """Rows L2-normalised, so a dot product is the cosine similarity. Dense when the vocabulary is smaller
    than ``dense_below``, a scipy sparse matrix otherwise (a story of thousands of sentences); :func:`cosines`
    takes either."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True, ngram_range=(1, 2), min_df=1)
    try:
        m = vec.fit_transform(texts)
    except ValueError:  # only stop words
        return np.zeros((len(texts), 1))
    return m.toarray() if m.shape[1] < dense_below else m  # type: ignore[return-value]


def cosines(a: Any, b: Any) -> np.ndarray:
    """Dense cosine similarities between the rows of two :func:`tfidf_matrix` results (or slices)."""
    out = a @ b.T
    return np.asarray(out.toarray() if hasattr(out, "toarray") else out)


def mmr(scores: np.ndarray, sim: np.ndarray, k: int, *, lam: float = 0.7, max_sim: float = 0.5,
        exclude: set[int] | None = None) -> list[int]:
    """Maximal marginal relevance: high scores, little overlap with what is already chosen."""
    chosen: list[int] = []
    banned = set(exclude or ())
    order = list(np.argsort(-scores))
    while len(chosen) < k:
        best, best_val = None, -1e9
        for i in order:
            if i in banned or i in chosen:
                continue
            red = max((sim[i, j] for j in chosen), default=0.0)
            if red >= max_sim:
                continue
            val = lam * scores[i] - (1 - lam) * red
            if val > best_val:
                best, best_val = i, val
        if best is None:
            break
        chosen.append(int(best))
    return chosen


MEANING = 0.75  # MiniLM cosine at which two sentences of different articles state the same fact ...
MEANING_POSITIONS = 15  # ... among each article's first sentences, where news puts its facts
# Two sentences that give the same figures (a non-empty set of the same numbers, not only years) state one
# fact at a lower cosine, and wherever they stand in their articles: "The tram driver, 42, from Beckenham,
# has been arrested" and "The 42-year-old driver, from Beckenham, is being held" (0.64). Read on the tuning
# half's pairs (bench/RESULTS.md, issue 15 session 4): from 0.63 up nearly all such pairs are one fact.
MEANING_FIGURES = 0.65
_ENTITY = re.compile(r"(?<!^)(?<![.!?] )\b[A-Z][a-z]{2,}")
_NUM = re.compile(r"\d[\d,.]*\d|\d")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "").rstrip(".") for n in _NUM.findall(text)}


def gives_figures(numbers: set[str]) -> bool:
    """Whether a sentence's numbers include a figure, not only years."""
    return any(not _YEAR.fullmatch(n) for n in numbers)


def same_fact(cands: list[Candidate], sim: np.ndarray, threshold: float) -> np.ndarray:
    """Which candidates of different articles state the same fact: TF-IDF cosine >= ``threshold``, or the
    same meaning (MiniLM cosine >= MEANING among each article's first MEANING_POSITIONS sentences; >=
    MEANING_FIGURES anywhere when both give the same figures) ... when the numbers agree (those of each are
    in the other) and they share a named entity. Outlets word one fact differently; the numbers and names
    keep it one fact.

    Only sentences with a possible partner (another article's sentence, same numbers, a shared name, not
    already alike in TF-IDF) are embedded: a story of one article embeds nothing (issue 19)."""
    out = sim >= threshold
    if len(cands) < 2:
        return out
    nums = [_numbers(c.text) for c in cands]
    figures = [gives_figures(n) for n in nums]
    lead = np.array([i for i, c in enumerate(cands) if c.index < MEANING_POSITIONS or figures[i]], dtype=np.int64)
    if len(lead) < 2:
        return out
    ents = [set(_ENTITY.findall(c.text)) for c in cands]
    kinds: dict[frozenset[str], int] = {}
    num_id = np.array([kinds.setdefault(frozenset(nums[i]), len(kinds)) for i in lead])
    doc = np.array([cands[i].article.id for i in lead])
    maybe = np.triu((doc[:, None] != doc[None, :]) & (num_id[:, None] == num_id[None, :]), 1)
    maybe &= ~out[np.ix_(lead, lead)]
    pairs = [(int(lead[a]), int(lead[b])) for a, b in zip(*np.nonzero(maybe), strict=True)
             if (ents[lead[a]] & ents[lead[b]] or not (ents[lead[a]] or ents[lead[b]]))
             and (figures[lead[a]] or max(cands[lead[a]].index, cands[lead[b]].index) < MEANING_POSITIONS)]
    if not pairs:
        return out
    burst = _burst_of(cands)
    pairs = [(i, j) for i, j in pairs if burst[i] == burst[j]]
    if not pairs:
        return out
    need = sorted({k for pair in pairs for k in pair})
    vecs = dict(zip(need, embed([cands[k].text for k in need]), strict=True))
    for i, j in pairs:
        if float(vecs[i] @ vecs[j]) >= (MEANING_FIGURES if figures[i] else MEANING):
            out[i, j] = out[j, i] = True
    return out


def _burst_of(cands: list[Candidate]) -> list[int]:
    """The burst of coverage (``stories.developments.bursts`` over the candidates' articles) of each candidate.
    A match by meaning alone holds only within one burst (the lead's fourth session): months apart, "freed the
    girls in exchange for detained militants" and "released as part of a hostage swap" are two releases.
    Sentences worded alike (TF-IDF) still match across bursts. Here, not in the composer, so that the brief,
    its Perspectives and their verifier match alike."""
    arts = list({c.article.id: c.article for c in cands}.values())
    of = {a.id: n for n, group in enumerate(bursts(arts)) for a in group}
    return [of.get(c.article.id, -1) for c in cands]
