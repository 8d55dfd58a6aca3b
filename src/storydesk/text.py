"""Tokenisers shared by the system and the evaluator (neither owns the other).

``rouge_tokens`` is how ROUGE-1.5.5 sees a text; the timeline builder ranks sentences with the same
tokens the timeline metric compares, so both take them from here.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

_HYPHEN = re.compile(r"-")
_NON_ALNUM = re.compile(r"[^a-z0-9\-]+")


@functools.lru_cache(maxsize=1)
def smart_stopwords() -> frozenset[str]:
    """The SMART common words shipped with ROUGE-1.5.5 (src/storydesk/data/smart_common_words.txt)."""
    text = resources.files("storydesk").joinpath("data/smart_common_words.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@functools.lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer(mode=PorterStemmer.ORIGINAL_ALGORITHM)


@functools.lru_cache(maxsize=200_000)
def _stem(token: str) -> str:
    return _stemmer().stem(token)


def rouge_tokens(text: str) -> list[str]:
    """Tokens as ROUGE-1.5.5 sees them with stop-word removal and stemming (``-s -m``)."""
    text = _NON_ALNUM.sub(" ", _HYPHEN.sub(" - ", text.lower()))
    stop = smart_stopwords()
    out = []
    for tok in text.split():
        if tok in stop:
            continue
        out.append(_stem(tok) if len(tok) > 3 and tok[0].isalnum() else tok)
    return out
