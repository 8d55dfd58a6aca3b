"""Context that keeps a sentence true: a claim one party makes ("X claimed responsibility", "X said it shot
down ...") keeps its attribution, and a statement elsewhere in the story that contradicts it is shown beside it.

A contradiction is found, never invented: the two sentences are about the same thing (they share most of
their content words and a TF-IDF cosine), they come from different articles, and exactly one of them negates
what the other says, the negation bearing on a word the other sentence uses ("said it shot down a drone" /
"no drone was shot down"), or they give conflicting values of one figure (``stories.compare``).
"""

from __future__ import annotations

import re

import numpy as np

from ..stories.compare import FigureGroup
from .select import Candidate

CLAIM_CUE = re.compile(r"(?i)\b(claim(?:ed|s|ing)?|said (?:it|they|its)|says (?:it|they)|insist(?:ed|s)?|"
                       r"alleg(?:ed|es|edly)|asserted|accus(?:ed|es)|took responsibility|boasted)\b")
NEGATION = re.compile(r"(?i)\b(not|no|never|none|nothing|den(?:y|ied|ies)|rejected|false|untrue|fake|baseless|"
                      r"fabricat\w*|dismissed)\b|n't\b")
MIN_SIMILARITY = 0.25  # TF-IDF cosine: the two sentences are about one thing
MAX_SIMILARITY = 0.7  # above this the two would read as one sentence twice
MIN_SHARED = 3  # content words both sentences use
_STOP = frozenset("that this with from have has had were was been will would their they them than about said "
                  "says also into over after before more other some such which when where while what there these "
                  "those told according".split())


def _stems(text: str) -> set[str]:
    return {w.lower()[:5] for w in re.findall(r"[A-Za-z][A-Za-z'-]+", text)
            if len(w) >= 4 and w.lower() not in _STOP and not NEGATION.fullmatch(w)}


def _negated_words(text: str) -> set[str]:
    """Stems of the three content words after each negation: what the negation bears on."""
    out: set[str] = set()
    for m in NEGATION.finditer(text):
        after = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]+", text[m.end():m.end() + 80])
                 if len(w) >= 4 and w.lower() not in _STOP][:3]
        out |= {w.lower()[:5] for w in after}
    return out


def contradicts(claim: str, other: str) -> bool:
    """``other`` denies what ``claim`` states (or the reverse): one negates a word the other asserts."""
    a, b = _stems(claim), _stems(other)
    if len(a & b) < MIN_SHARED:
        return False
    neg_a, neg_b = bool(NEGATION.search(claim)), bool(NEGATION.search(other))
    if neg_a == neg_b:
        return False
    negated, plain = (_negated_words(other), a) if neg_b else (_negated_words(claim), b)
    return bool(negated & plain)


def conflicting_figure(i: int, j: int, cands: list[Candidate], groups: list[FigureGroup]) -> bool:
    """The two sentences give different values of one figure that outlets disagree on."""
    ci, cj = cands[i], cands[j]
    for g in groups:
        if g.status != "disagree":
            continue
        vi = [v for v in g.values if v.article_id == ci.article.id and v.sentence_start == ci.sentence.start]
        vj = [v for v in g.values if v.article_id == cj.article.id and v.sentence_start == cj.sentence.start]
        if vi and vj and all(a.value != b.value for a in vi for b in vj):
            return True
    return False


def find_contradiction(i: int, cands: list[Candidate], sim: np.ndarray, groups: list[FigureGroup],
                       taken: set[int]) -> int | None:
    """The candidate that contradicts the claim sentence ``i``, if there is one (the closest in meaning)."""
    if not CLAIM_CUE.search(cands[i].text):
        return None
    best, best_sim = None, MIN_SIMILARITY
    for j, c in enumerate(cands):
        if j == i or j in taken or c.article.id == cands[i].article.id or not MIN_SIMILARITY <= sim[i, j] < \
                MAX_SIMILARITY:
            continue
        if (contradicts(cands[i].text, c.text) or conflicting_figure(i, j, cands, groups)) and sim[i, j] >= best_sim:
            best, best_sim = j, float(sim[i, j])
    return best
