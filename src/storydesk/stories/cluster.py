"""Online story clustering: each article, in publication order, joins the best story or starts one.

Candidate stories come from an inverted index of each story's strongest terms, never from a scan of all
stories. Similarity is TF-IDF cosine (IDF kept online) against the story centroid, times a soft time decay.
"""

from __future__ import annotations

import hashlib
import math
import pickle
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from ..model import Article, Story

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]+|\d[\d,.]*")
_STOP = frozenset(
    "a an the and or but if of at by for with about against between into through during before after above below"
    " to from up down in out on off over under again further then once here there when where why how all any both"
    " each few more most other some such no nor not only own same so than too very can will just should now is are"
    " was were be been being have has had having do does did doing he she it they them their his her its we you i"
    " said says say also would could may might one two new year years told last first people this that these those"
    " which who whom what while as mr ms mrs".split()
)


def tokens(text: str) -> list[str]:
    return [t.lower().strip("'-") for t in _TOKEN.findall(text) if t.lower() not in _STOP and len(t) > 2]


@dataclass
class Assignment:
    story_id: str
    score: float
    new: bool


@dataclass
class _StoryState:
    id: str
    centroid: dict[str, float] = field(default_factory=dict)
    n: int = 0
    first: float = 0.0
    last: float = 0.0
    index_terms: set[str] = field(default_factory=set)


def _ts(iso: str | None) -> float:
    if not iso:
        return 0.0
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


class StoryClusterer:
    """The online clusterer's state. ``add`` is the only mutating call; ``to_state`` persists it."""

    def __init__(self, *, threshold: float = 0.25, time_scale_days: float = 30.0, max_candidates: int = 50,
                 index_terms: int = 12) -> None:
        self.threshold = threshold
        self.time_scale = time_scale_days * 86400.0
        self.max_candidates = max_candidates
        self.n_index_terms = index_terms
        self.df: Counter[str] = Counter()
        self.n_docs = 0
        self.stories: dict[str, _StoryState] = {}
        self.postings: dict[str, set[str]] = defaultdict(set)

    def features(self, article: Article) -> Counter[str]:
        lead = " ".join(article.text.split("\n")[:6])[:1500]
        counts = Counter(tokens(article.title) * 2 + tokens(lead))
        return counts

    def _vector(self, counts: Counter[str]) -> dict[str, float]:
        vec = {t: (1 + math.log(c)) * math.log((self.n_docs + 1) / (self.df[t] + 1) + 1) for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}

    def add(self, article: Article) -> Assignment:
        counts = self.features(article)
        self.n_docs += 1
        self.df.update(counts.keys())
        vec = self._vector(counts)
        when = _ts(article.published_at)
        candidates: Counter[str] = Counter()
        for term in sorted(vec, key=vec.__getitem__, reverse=True)[:30]:
            for sid in self.postings.get(term, ()):
                candidates[sid] += 1
        best, best_score = None, 0.0
        for sid, _ in candidates.most_common(self.max_candidates):
            story = self.stories[sid]
            sim = sum(w * story.centroid.get(t, 0.0) for t, w in vec.items())
            gap = abs(when - story.last) if when and story.last else 0.0
            score = sim * math.exp(-gap / self.time_scale) ** 0.5
            if score > best_score:
                best, best_score = story, score
        if best is None or best_score < self.threshold:
            sid = hashlib.sha1(f"story:{article.id}".encode()).hexdigest()[:12]
            best = self.stories[sid] = _StoryState(sid, first=when, last=when)
            new = True
        else:
            new = False
        self._update(best, vec, when)
        return Assignment(best.id, round(best_score, 4) if not new else 1.0, new)

    def _update(self, story: _StoryState, vec: dict[str, float], when: float) -> None:
        n = story.n
        merged = {t: story.centroid.get(t, 0.0) * n for t in set(story.centroid) | set(vec)}
        for t, w in vec.items():
            merged[t] += w
        top = sorted(merged.items(), key=lambda kv: kv[1], reverse=True)[:200]
        norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
        story.centroid = {t: v / norm for t, v in top}
        story.n = n + 1
        if when:
            story.first = min(story.first or when, when)
            story.last = max(story.last, when)
        terms = {t for t, _ in top[: self.n_index_terms]}
        for t in story.index_terms - terms:
            self.postings[t].discard(story.id)
        for t in terms:
            self.postings[t].add(story.id)
        story.index_terms = terms

    def to_state(self) -> bytes:
        return pickle.dumps(self.__dict__, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_state(cls, data: bytes) -> StoryClusterer:
        obj = cls.__new__(cls)
        obj.__dict__.update(pickle.loads(data))  # noqa: S301 - our own state, from our own database
        return obj


def story_record(story_id: str, articles: list[Article], previous: Story | None = None) -> Story:
    """The Story record of a cluster: title from the most central headline, outlets, first and last seen."""
    ordered = sorted(articles, key=lambda a: (a.published_at or "", a.id))
    titles = [a.title for a in ordered if a.title]
    title = _central_title(titles) if titles else (ordered[0].text[:80] if ordered else "")
    outlets = sorted({a.outlet for a in ordered if a.outlet})
    dates = [a.published_at for a in ordered if a.published_at]
    return Story(
        id=story_id, title=title, article_ids=[a.id for a in ordered], outlets=outlets,
        first_seen=min(dates) if dates else None, last_seen=max(dates) if dates else None,
        merged_into=previous.merged_into if previous else None,
        history=list(previous.history) if previous else [],
    )


def _central_title(titles: list[str]) -> str:
    toks = [set(tokens(t)) for t in titles]
    def centrality(i: int) -> float:
        return sum(len(toks[i] & other) / (len(toks[i] | other) or 1) for j, other in enumerate(toks) if j != i)
    return titles[max(range(len(titles)), key=lambda i: (centrality(i), -len(titles[i])))]
