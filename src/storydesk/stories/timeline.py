"""Dated timelines of a story or a whole topic: key events on their dates, each a cited source sentence.

The method follows the field's strongest unsupervised recipe (Datewise, Ghalandari and Ifrim 2020):
first choose the dates, then summarise each date. Every sentence's dates are resolved against its
article's publication date (``storydesk.dates``). A date scores by how many articles refer to it, a
reference from an article published later counting six times (a look back is strong evidence that the
day mattered); its candidates are the sentences that mention it and the undated lead sentences of
articles published on it; one to a few sentences per date are chosen by LexRank centrality over the
candidates' TF-IDF graph, times a length prior and the similarity to the whole story, with no
repetition across dates. The weights live in ``TimelineOptions``; docs/timelines.md gives the figures.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy import sparse  # annotations only: scipy costs the CLI start-up a second

from ..dates import find_dates, parse_reference
from ..errors import InputError
from ..model import Article, Enrichment, Sentence, TimelineEntry
from ..text import rouge_tokens

_ABBREV = {"mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "capt", "rep", "sen", "gov", "prof", "rev",
           "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "inc",
           "corp", "co", "ltd", "jr", "sr", "vs", "u.s", "u.k", "u.n", "a.m", "p.m", "e.g", "i.e", "maj", "adm"}
_BOUNDARY = re.compile(r"([.!?]+)(['\"\u2019\u201d)]*|\s'')?(\s+)(?=(?:``\s*|[\"'\u201c(])*[A-Z0-9])")
_WORD = re.compile(r"\S+")
_FROM_PUBLICATION = {"weekday", "relative", "ago", "publication"}  # resolved from the publication date alone
MAX_POOL = 1500  # most candidates one date's LexRank graph takes (dense n x n similarities)
_QUOTE_CHARS = re.compile(r"``|''|\"|\u201c|\u201d")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans by punctuation rules, for plain and for PTB-tokenised text (no model needed)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        before = text[start:m.start()].rsplit(None, 1)
        last = before[-1].lower() if before else ""
        if m.group(1) == "." and (last in _ABBREV or (len(last) == 1 and last.isalpha())):
            continue
        end = m.end(2) if m.group(2) else m.end(1)
        if text[start:end].strip():
            spans.append((start, end))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in spans]


@dataclass
class _Cand:
    article: int
    start: int
    end: int
    text: str
    date: dt.date
    how: str
    pub: dt.date
    n_tokens: int
    position: int
    mentioned: bool = True  # False: a lead sentence placed on its article's publication date



def _sentences(article: Article, given: Sequence[Sentence] | None) -> list[tuple[int, int]]:
    if given:
        return [(s.start, s.end) for s in given]
    return split_sentences(article.text)


def collect_candidates(articles: Sequence[Article], sentences: Mapping[str, Sequence[Sentence]] | None = None,
                       start: dt.date | None = None, end: dt.date | None = None,
                       min_tokens: int = 6, max_tokens: int = 60,
                       lead_sentences: int = 0,
                       redated: Collection[str] = ()) -> tuple[list[_Cand], Counter[dt.date]]:
    """Sentences with the day each mentions, and the count of articles published on each day.

    With ``lead_sentences``, the first sentences of an article that mention no date at all stand for
    its publication day too (news-tls's "publication and mention" candidates). An article in ``redated``
    (ids of late copies whose publication date is a re-dating) gives only the dates it writes out: no
    weekday, "yesterday" or "3 days ago" is resolved from its date, and it stands for no publication day."""
    cands: list[_Cand] = []
    pub_counts: Counter[dt.date] = Counter()
    for i, art in enumerate(articles):
        pub = parse_reference(art.published_at)
        if pub is None:
            continue
        pub_counts[pub] += 1
        late = art.id in redated
        for pos, (s, e) in enumerate(_sentences(art, (sentences or {}).get(art.id))):
            text = art.text[s:e]
            n_tok = len(_WORD.findall(text))
            seen: set[dt.date] = set()
            mentions = find_dates(text, pub)
            if late:
                mentions = [m for m in mentions if m.how not in _FROM_PUBLICATION]
            if (not late and not mentions and pos < lead_sentences and min_tokens <= n_tok <= max_tokens
                    and not (start and pub < start) and not (end and pub > end)):
                cands.append(_Cand(i, s, e, text, pub, "publication", pub, n_tok, pos, mentioned=False))
            for mention in mentions:
                if mention.granularity != "day" or mention.date in seen:
                    continue
                if mention.date > pub + dt.timedelta(days=1):
                    continue  # announced plans are not events of the story yet
                if (start and mention.date < start) or (end and mention.date > end):
                    continue
                seen.add(mention.date)
                if min_tokens <= n_tok <= max_tokens:
                    cands.append(_Cand(i, s, e, text, mention.date, mention.how, pub, n_tok, pos))
                else:
                    cands.append(_Cand(i, s, e, "", mention.date, mention.how, pub, n_tok, pos))
    return cands, pub_counts


def rank_dates(cands: Sequence[_Cand], pub_counts: Counter[dt.date], *, pub_weight: float = 0.0,
               later_weight: float = 5.0, how_weights: Mapping[str, float] | None = None,
               burst_weight: float = 0.0) -> list[tuple[dt.date, float]]:
    """Datewise-style date scores: articles referring to the day (more when published later), each counted by
    how surely its mention was resolved (``how_weights``: an explicit date over a bare weekday), articles
    published on it, and, with ``burst_weight``, a publication burst (the day's share of the busiest day)."""
    refs: dict[dt.date, dict[int, float]] = defaultdict(dict)
    later: dict[dt.date, dict[int, float]] = defaultdict(dict)
    for c in cands:
        if not c.mentioned:
            continue
        w = (how_weights or {}).get(c.how, 1.0)
        refs[c.date][c.article] = max(w, refs[c.date].get(c.article, 0.0))
        if c.pub > c.date:
            later[c.date][c.article] = max(w, later[c.date].get(c.article, 0.0))
    days = set(refs) | set(pub_counts)
    busiest = max(pub_counts.values(), default=1)
    scores = {d: sum(refs.get(d, {}).values()) + later_weight * sum(later.get(d, {}).values())
              + pub_weight * pub_counts.get(d, 0) + burst_weight * pub_counts.get(d, 0) / busiest
              for d in days}
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


@dataclass(frozen=True)
class TimelineOptions:
    """The method's knobs, fixed in code (chosen on Timeline17, see docs/timelines.md)."""

    date_ranker: str = "datewise"  # datewise (articles referring to the day, more when later) or mentions
    pub_weight: float = 0.0  # weight of articles published on the day
    later_weight: float = 5.0  # extra weight of an article published after the day it refers to
    selector: str = "lexrank"  # lexrank (centrality) or centroid (nearest the date's TF-IDF centroid)
    ideal_tokens: float = 30.0  # length prior: a Gaussian around this many tokens (0: none)
    length_spread: float = 20.0
    quote_penalty: float = 1.0  # factor for sentences with quotation marks (1: none)
    max_overlap: float = 0.5  # a sentence this similar to one already chosen is skipped
    topic_weight: float = 0.5  # exponent of the similarity to the whole story's centroid (keeps on topic)
    position_decay: float = 0.0  # prior for sentences early in their article: 1 / (1 + decay * index)
    lead_sentences: int = 10  # undated lead sentences that also stand for their publication day
    how_weights: tuple[tuple[str, float], ...] = ()  # a mention's weight by how it was resolved (default 1)
    burst_weight: float = 0.0  # weight of a day's publication burst (its articles / the busiest day's)


# A mention resolved from a full date counts 1; "yesterday"/"3 days ago" half; a bare weekday a quarter
# (tuned on the tuning half of Timeline17, docs/timelines.md).
HOW_WEIGHTS = (("relative", 0.5), ("ago", 0.5), ("weekday", 0.25))
DATEWISE = TimelineOptions(how_weights=HOW_WEIGHTS)
BASELINE = TimelineOptions(date_ranker="mentions", selector="centroid", ideal_tokens=0.0, max_overlap=1.01,
                           topic_weight=0.0, lead_sentences=0)


def _lexrank(matrix: sparse.csr_matrix, damping: float = 0.85, iters: int = 50) -> np.ndarray:
    """PageRank over the cosine-similarity graph of the rows (rows are L2-normalised TF-IDF)."""
    n = matrix.shape[0]
    if n <= 2:
        return np.ones(n)
    sim = (matrix @ matrix.T).toarray()
    np.fill_diagonal(sim, 0.0)
    rows = sim.sum(axis=1, keepdims=True)
    trans = np.divide(sim, rows, out=np.full_like(sim, 1.0 / n), where=rows > 0)
    score = np.full(n, 1.0 / n)
    for _ in range(iters):
        score = (1 - damping) / n + damping * trans.T @ score
    return score * n


def _length_prior(n_tokens: int, opts: TimelineOptions) -> float:
    if opts.ideal_tokens <= 0:
        return 1.0
    return math.exp(-0.5 * ((n_tokens - opts.ideal_tokens) / opts.length_spread) ** 2)


def build_timeline(articles: Sequence[Article], *, n_dates: int | None = None, sentences_per_date: int = 1,
                   start: dt.date | str | None = None, end: dt.date | str | None = None,
                   sentences: Mapping[str, Sequence[Sentence]] | None = None,
                   method: str = "datewise", options: TimelineOptions | None = None,
                   redated: Collection[str] = ()) -> list[TimelineEntry]:
    """A dated timeline of ``articles`` (one story, or every story of a topic).

    ``n_dates`` caps the dates (default: about one date per five articles, at least 3, at most 30);
    ``start``/``end`` bound the dates; ``sentences`` maps article ids to enrichment sentences (else a
    rule splitter is used); ``method`` is ``datewise`` or ``baseline`` (mention counts and the sentence
    nearest each date's TF-IDF centroid, kept for comparison); ``redated`` names late copies whose
    publication date resolves no relative day (``stories.developments.redated``).
    """
    if method not in ("datewise", "baseline"):
        raise InputError(f"method {method!r}", "unknown timeline method", "use 'datewise' or 'baseline'")
    opts = options or (BASELINE if method == "baseline" else DATEWISE)
    start_d = _as_date(start, "start")
    end_d = _as_date(end, "end")
    cands, pub_counts = collect_candidates(articles, sentences, start_d, end_d,
                                           lead_sentences=opts.lead_sentences, redated=redated)
    if n_dates is None:
        n_dates = max(3, min(30, len(articles) // 5))
    if opts.date_ranker == "mentions":
        mention_counts = Counter(c.date for c in cands if c.mentioned)
        ranked: list[tuple[dt.date, float]] = sorted(((d, float(n)) for d, n in mention_counts.items()),
                                                    key=lambda kv: (-kv[1], kv[0]))
    else:
        ranked = rank_dates(cands, pub_counts, pub_weight=opts.pub_weight, later_weight=opts.later_weight,
                            how_weights=dict(opts.how_weights), burst_weight=opts.burst_weight)
    by_date: dict[dt.date, list[_Cand]] = defaultdict(list)
    for c in cands:
        if c.text:
            by_date[c.date].append(c)
    texts = _dedupe_texts(cands)
    matrix = _tfidf(texts)
    row_of = {_key(t): i for i, t in enumerate(texts)}
    topic_centroid = None
    if matrix is not None and opts.topic_weight > 0:
        topic_centroid = np.asarray(matrix.mean(axis=0)).ravel()
        topic_centroid /= np.linalg.norm(topic_centroid) or 1.0
    entries: list[TimelineEntry] = []
    chosen_vecs: list[sparse.csr_matrix] = []
    for date, date_score in ranked:
        if len({e.date for e in entries}) >= n_dates:
            break
        pool = _dedupe(by_date.get(date, []))
        if not pool or matrix is None:
            continue
        vecs = matrix[[row_of[_key(c.text)] for c in pool]]
        if len(pool) > MAX_POOL:  # keep the candidates closest to the story as a whole
            ref = topic_centroid if topic_centroid is not None else np.asarray(matrix.mean(axis=0)).ravel()
            keep = np.sort(np.argsort(-(vecs @ ref), kind="stable")[:MAX_POOL])
            pool, vecs = [pool[i] for i in keep], vecs[keep]
        picked = _select(pool, vecs, sentences_per_date, chosen_vecs, opts, topic_centroid)
        for cand, score in picked:
            entries.append(TimelineEntry(date=date.isoformat(), text=cand.text, article_id=articles[cand.article].id,
                                         start=cand.start, end=cand.end, score=round(float(score), 4),
                                         how=cand.how, date_score=float(date_score)))
    entries.sort(key=lambda e: (e.date, -e.score))
    return entries


def _as_date(value: dt.date | str | None, name: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise InputError(f"{name}={value!r}", "not an ISO date (YYYY-MM-DD)") from exc


def _tfidf(texts: list[str]) -> sparse.csr_matrix | None:
    """L2-normalised TF-IDF rows of stemmed content words (the tokens ROUGE compares)."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # lazy: sklearn costs the CLI a second

    if not texts:
        return None
    try:
        return TfidfVectorizer(analyzer=rouge_tokens, sublinear_tf=True).fit_transform(texts).tocsr()
    except ValueError:  # every text was stop words
        return None


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _dedupe_texts(cands: Iterable[_Cand]) -> list[str]:
    return list({_key(c.text): c.text for c in cands if c.text}.values())


def _dedupe(pool: Iterable[_Cand]) -> list[_Cand]:
    """One candidate per distinct sentence text (wire copies repeat sentences verbatim)."""
    seen: dict[str, _Cand] = {}
    for c in pool:
        key = _key(c.text)
        if key not in seen:
            seen[key] = c
    return list(seen.values())


def _select(pool: list[_Cand], vecs: sparse.csr_matrix, k: int, chosen: list[sparse.csr_matrix],
            opts: TimelineOptions, topic_centroid: np.ndarray | None = None) -> list[tuple[_Cand, float]]:
    if opts.selector == "centroid":
        centroid = np.asarray(vecs.mean(axis=0)).ravel()
        scores = vecs @ centroid
    else:
        scores = _lexrank(vecs)
    prior = [_length_prior(c.n_tokens, opts) * (opts.quote_penalty if _QUOTE_CHARS.search(c.text) else 1.0)
             / (1.0 + opts.position_decay * c.position) for c in pool]
    scores = scores * np.array(prior)
    if topic_centroid is not None:
        scores = scores * np.power(np.clip(vecs @ topic_centroid, 1e-6, None), opts.topic_weight)
    order = np.argsort(-scores, kind="stable")
    picked: list[tuple[_Cand, float]] = []
    for idx in order:
        if len(picked) >= k:
            break
        v = vecs[idx]
        if any((v @ u.T).toarray()[0, 0] > opts.max_overlap for u in chosen):
            continue
        picked.append((pool[idx], float(scores[idx])))
        chosen.append(v)
    return picked


def story_timeline(articles: Sequence[Article], enrichments: Mapping[str, Enrichment] | None = None,
                   **kwargs: object) -> list[TimelineEntry]:
    """``build_timeline`` over stored articles, splitting them where enrichment found the sentences."""
    sentences = {aid: e.sentences for aid, e in (enrichments or {}).items() if e.sentences}
    return build_timeline(articles, sentences=sentences, **kwargs)  # type: ignore[arg-type]


def brief_hook(entries: Iterable[TimelineEntry]) -> list[tuple[str, int, str]]:
    """The (article id, sentence offset, ISO date) triples that ``compose_brief(timeline=...)`` takes."""
    return [(e.article_id, e.start, e.date) for e in entries]
