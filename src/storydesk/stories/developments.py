"""A story that spans weeks is a sequence of developments: dated bursts of coverage. One concept, used by
the brief writer (lede and summary on the latest, "Earlier" for the rest), the timeline and the reader-defect
checker.

A development needs corroboration: a burst after a pause in coverage counts only when two or more outlets
(syndicated copies folded) cover it, or when one of its articles is not a *late copy*. A late copy is an
article whose lead repeats earlier coverage: each of its first three sentences (of five or more content
words) has half or more of its content words in one sentence of an earlier article, and its lead gives no
number that the earlier articles lack. An outlet re-dating an old article weeks later (an RT piece on a
plane crash dated a fortnight after it) is such a copy: it is in no development (it leads nothing and dates
no "Earlier" line), and its publication date is no reference for "on Sunday" (``redated``).

So is an article whose publication time is one of its outlet's *batch stamps*: three or more articles of one
outlet, in three or more different stories, stamped within ``STAMP_WINDOW_S`` of each other (a site that
re-stamps its pages when they are updated or re-indexed: RT's pages in the shared corpus carry one time for
a plane crash, a sanctions row and a New Year's safety zone, each a week or more after the rest of its
story's coverage). Such a time says when the outlet's pages were stamped, not when they were written, so in
a burst of one outlet after earlier coverage the article is handled as a late copy even when it paraphrases
(``batch_stamped``, set on the articles by the engines from the store; a time at midnight is a day, never a
stamp).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence

from ..dates import parse_reference
from ..model import Article
from ..text import rouge_tokens
from .timeline import split_sentences

DEVELOPMENT_GAP_DAYS = 4  # a pause in coverage longer than this starts a new development
LEAD_SENTENCES = 3  # the lead of an article: its first sentences of LEAD_MIN_WORDS+ content words
LEAD_MIN_WORDS = 5
REPEAT_SHARE = 0.5  # a lead sentence with this share of its content words in one earlier sentence repeats it
STAMP_WINDOW_S = 600  # an outlet's articles stamped this close together ...
STAMP_MIN_STORIES = 3  # ... in this many different stories: the times are a batch stamp
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def bursts(articles: Iterable[Article], gap_days: int = DEVELOPMENT_GAP_DAYS) -> list[list[Article]]:
    """Dated bursts of coverage: the articles in publication order, split where coverage pauses."""
    dated = sorted((a for a in articles if parse_reference(a.published_at)), key=lambda a: a.published_at or "")
    out: list[list[Article]] = []
    last: dt.date | None = None
    for a in dated:
        day = parse_reference(a.published_at)
        if last is None or day is None or (day - last).days > gap_days:
            out.append([])
        out[-1].append(a)
        last = day
    return out


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}


def _lead(article: Article) -> list[str]:
    out = []
    for s, e in split_sentences(article.text):
        if len(set(rouge_tokens(article.text[s:e]))) >= LEAD_MIN_WORDS:
            out.append(article.text[s:e])
            if len(out) == LEAD_SENTENCES:
                break
    return out


@functools.lru_cache(maxsize=2048)
def _sentence_words(text: str) -> tuple[frozenset[str], ...]:
    """The ROUGE token set of each sentence of an article's text, made once per text: a story's developments
    are worked out several times a brief, and each article is checked against all earlier ones."""
    return tuple(frozenset(rouge_tokens(text[s:e])) for s, e in split_sentences(text))


def is_late_copy(article: Article, earlier: Sequence[Article]) -> bool:
    """Whether ``article``'s lead repeats ``earlier`` coverage (see the module's docstring)."""
    lead = _lead(article)
    if not lead or not earlier:
        return False
    seen = [words for a in earlier for words in _sentence_words(a.text)]
    known = set().union(*(_numbers(a.text) for a in earlier))
    if set().union(*(_numbers(t) for t in lead)) - known:
        return False  # a new number: a death toll that rose, a new count
    for text in lead:
        words = set(rouge_tokens(text))
        if max((len(words & other) / len(words) for other in seen), default=0.0) < REPEAT_SHARE:
            return False
    return True


def _instant(value: str | None) -> dt.datetime | None:
    """A publication time with a time of day (midnight is a day's precision: None)."""
    if not value or len(value) < 16:
        return None
    try:
        t = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if (t.hour, t.minute, t.second) == (0, 0, 0):
        return None
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)


def batch_stamped(rows: Iterable[tuple[str, str, str | None, str | None]],
                  window_s: int = STAMP_WINDOW_S, min_stories: int = STAMP_MIN_STORIES) -> set[str]:
    """Ids whose publication time is a batch stamp of their outlet (see the module's docstring).

    ``rows`` are (article id, outlet, published_at, story id): the articles being briefed and their outlets'
    articles stamped near them (``Store.outlet_neighbours``).
    """
    by_outlet: dict[str, list[tuple[dt.datetime, str, str]]] = {}
    for art_id, outlet, published, story in rows:
        t = _instant(published)
        if t is not None and outlet:
            by_outlet.setdefault(outlet, []).append((t, art_id, story or art_id))
    out: set[str] = set()
    span = dt.timedelta(seconds=window_s)
    for items in by_outlet.values():
        items = sorted(set(items))
        times = [t for t, _, _ in items]
        for t, art_id, _ in items:
            near = items[bisect.bisect_left(times, t - span):bisect.bisect_right(times, t + span)]
            if len({s for _, _, s in near}) >= min_stories:
                out.add(art_id)
    return out


def _outlet(a: Article, by_id: dict[str, Article]) -> str:
    if a.duplicate_of and a.duplicate_of in by_id:
        a = by_id[a.duplicate_of]
    return a.outlet or a.domain or a.id


def _split(articles: Iterable[Article], gap_days: int) -> tuple[list[list[Article]], set[str]]:
    arts = list(articles)
    by_id = {a.id: a for a in arts}
    kept: list[list[Article]] = []
    redated_ids: set[str] = set()
    seen: list[Article] = []
    for burst in bursts(arts, gap_days):
        late = ({a.id for a in burst if a.batch_stamped or is_late_copy(a, seen)}
                if kept and len({_outlet(a, by_id) for a in burst}) < 2 else set())
        redated_ids |= late
        if len(late) < len(burst):  # the burst's own news, without the copies re-dated into it
            kept.append([a for a in burst if a.id not in late])
        seen += burst
    return kept, redated_ids


def developments(articles: Iterable[Article], gap_days: int = DEVELOPMENT_GAP_DAYS) -> list[list[Article]]:
    """The story's developments, oldest first: bursts of coverage less the late copies in bursts of one
    outlet (re-datings, not news); a burst of one outlet made only of late copies is no development."""
    return _split(articles, gap_days)[0]


def redated(articles: Iterable[Article], gap_days: int = DEVELOPMENT_GAP_DAYS) -> set[str]:
    """Ids of the late copies that ``developments`` leaves out: their publication date is a re-dating, no
    reference for a weekday or "yesterday" in their text."""
    return _split(articles, gap_days)[1]
