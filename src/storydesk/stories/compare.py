"""Claims across outlets: the same figure as each outlet reports it, agreements and disagreements,
and changes over time told apart from contradictions."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..model import Article, Claim, Enrichment

_PLURAL = re.compile(r"(?<=[a-z])(ies|es|s)$")
_DROP = frozenset("the a an of more than some about around nearly least at up to over".split())


@dataclass
class FigureValue:
    article_id: str
    outlet: str
    published: str | None
    value: float
    value_high: float | None
    unit: str | None
    hedge: str | None
    modality: str
    approximate: bool
    text: str  # the claim as written
    sentence_start: int | None = None


@dataclass
class FigureGroup:
    """One thing counted ("troops", "deaths") and what every outlet says of it."""

    key: str
    counted: str
    unit: str | None
    values: list[FigureValue] = field(default_factory=list)
    status: str = "single"  # single, agree, changed, disagree
    note: str = ""

    @property
    def outlets(self) -> list[str]:
        return sorted({v.outlet for v in self.values})


def counted_key(counted: str | None) -> str | None:
    """A loose normal form of what is counted: lower case, no articles, last words singular."""
    if not counted:
        return None
    words = [w for w in re.findall(r"[a-z]+", counted.lower()) if w not in _DROP]
    if not words:
        return None
    words = words[-1:]  # the head noun: "North Korean troops" and "troops" are one figure within a story
    words[-1] = _singular(words[-1])
    return " ".join(words)


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _same(a: FigureValue, b: FigureValue) -> bool:
    lo, hi = sorted([a.value, b.value])
    return hi == 0 or (hi - lo) / abs(hi) <= 0.01


def compare_claims(articles: list[Article], enrichments: dict[str, Enrichment],
                   *, min_outlets: int = 1) -> list[FigureGroup]:
    """Group the numeric claims of a story's articles by what they count, and judge their agreement."""
    groups: dict[str, FigureGroup] = {}
    for article in articles:
        enr = enrichments.get(article.id)
        if enr is None:
            continue
        for claim in enr.claims:
            key = counted_key(claim.counted)
            if key is None or claim.kind in {"ordinal", "rank"}:
                continue
            unit = claim.unit or ""
            if unit and counted_key(unit) == key:  # a plain count of the thing itself
                unit = ""
            gkey = f"{key}|{unit}"
            group = groups.setdefault(gkey, FigureGroup(gkey, key, unit or None))
            group.values.append(_value(article, claim))
    out = []
    for group in groups.values():
        _dedupe(group)
        if len(group.outlets) < min_outlets:
            continue
        _judge(group)
        out.append(group)
    out.sort(key=lambda g: (-len(g.outlets), -len(g.values), g.key))
    return out


def _value(article: Article, claim: Claim) -> FigureValue:
    return FigureValue(
        article_id=article.id, outlet=article.outlet or article.domain, published=article.published_at,
        value=claim.value, value_high=claim.value_high, unit=claim.unit, hedge=claim.hedge,
        modality=claim.modality, approximate=claim.approximate, text=claim.text, sentence_start=claim.sentence_start,
    )


def _dedupe(group: FigureGroup) -> None:
    """One value per (article, value): an article repeating its figure counts once."""
    seen: set[tuple[str, float]] = set()
    kept = []
    for v in sorted(group.values, key=lambda v: (v.published or "", v.article_id)):
        if (v.article_id, v.value) in seen:
            continue
        seen.add((v.article_id, v.value))
        kept.append(v)
    group.values = kept


def _judge(group: FigureGroup) -> None:
    reported = [v for v in group.values if v.modality != "projected"]
    base = reported or group.values
    distinct: list[FigureValue] = []
    for v in base:
        if not any(_same(v, d) for d in distinct):
            distinct.append(v)
    if len({v.outlet for v in group.values}) < 2 and len(distinct) == 1:
        group.status, group.note = "single", "reported by one outlet"
        return
    if len(distinct) == 1:
        group.status, group.note = "agree", f"{len(group.outlets)} outlets agree"
        return
    by_day: dict[str, list[FigureValue]] = defaultdict(list)
    for v in base:
        by_day[(v.published or "")[:10]].append(v)
    same_day_conflict = any(
        len([d for d in distinct if any(_same(d, v) for v in vals)]) > 1 for vals in by_day.values()
    )
    ordered = sorted(base, key=lambda v: v.published or "")
    monotonic = all(a.value <= b.value for a, b in zip(ordered, ordered[1:], strict=False)) or all(
        a.value >= b.value for a, b in zip(ordered, ordered[1:], strict=False))
    if not same_day_conflict and monotonic and len(by_day) > 1:
        first, last = ordered[0], ordered[-1]
        group.status = "changed"
        group.note = (f"changed over time: {_fmt(first.value)} ({(first.published or '?')[:10]}) to "
                      f"{_fmt(last.value)} ({(last.published or '?')[:10]})")
    else:
        group.status = "disagree"
        group.note = "outlets disagree: " + ", ".join(sorted({_fmt(d.value) for d in distinct}))


def _fmt(x: float) -> str:
    """Readable numbers: ``2 million``, ``14 billion``, ``3,000``, ``4.25``."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(x) >= size:
            return f"{x / size:,.2f}".rstrip("0").rstrip(".") + f" {word}"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"
