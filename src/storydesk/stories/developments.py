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
"""

from __future__ import annotations

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
        late = ({a.id for a in burst if is_late_copy(a, seen)}
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
