"""Support of every brief sentence: numbers, quotes and names must be in a cited source sentence."""

from __future__ import annotations

import re

from ..model import BriefSentence

_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_QUOTE = re.compile(r"[\"“]([^\"”]{3,})[\"”]")


def numbers_in(text: str) -> set[str]:
    return {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}


def quotes_in(text: str) -> list[str]:
    return [q.strip() for q in _QUOTE.findall(text)]


def unsupported_parts(sentence: BriefSentence, sources: dict[str, str]) -> list[str]:
    """What the sentence says that no cited source text says: numbers and quotes, verbatim. Empty is good.

    ``sources`` maps article id -> the article text (or the supporting sentences).
    """
    cited = [sources[c] for c in sentence.citations if c in sources]
    if not cited:
        return ["no cited source"]
    problems = []
    cited_numbers = set().union(*(numbers_in(t) for t in cited))
    for n in sorted(numbers_in(sentence.text) - cited_numbers):
        problems.append(f"number {n}")
    flat = [" ".join(t.split()) for t in cited]
    for q in quotes_in(sentence.text):
        if not any(" ".join(q.split()) in t for t in flat):
            problems.append(f"quote {q[:40]!r}")
    if not sentence.support:
        problems.append("no support record")
    return problems


def is_supported(sentence: BriefSentence, sources: dict[str, str]) -> bool:
    return not unsupported_parts(sentence, sources)
