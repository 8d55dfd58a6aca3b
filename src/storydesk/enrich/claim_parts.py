"""Parts of the numeric-claims extractor: the working record of a quantity, character-offset lookups into
the parse, range pairing, modality and ordinals (see ``claims.py`` for the whole)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from typing import Any

from .claims_lexicon import CHANGE_BEFORE, CHANGE_VERBS, ESTIMATE, MODALS, PROJECT
from .nlp import doc_text
from .numbers import Number
from .units import Unit


@dataclass
class Q:
    num: Number
    start: int
    end: int
    value: float
    high: float | None = None
    unit: Unit | None = None
    unit_text: str | None = None
    counted: str | None = None
    count_unit: str | None = None
    weak: bool = False  # a bare number word: kept only when it joins a range
    kind: str = "quantity"
    extra_tokens: list[int] = field(default_factory=list)


class Tokens:
    """Character offset -> spaCy token lookups."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.starts: list[int] = doc.to_array("IDX").tolist() if len(doc) else []
        self._sentences: list[int] | None = None

    def at(self, char: int) -> Any:
        i = bisect.bisect_right(self.starts, char) - 1
        return self.doc[max(i, 0)]

    def after(self, char: int) -> Any | None:
        i = bisect.bisect_left(self.starts, char)
        return self.doc[i] if i < len(self.doc) else None

    def sentence_start(self, char: int) -> int | None:
        if not self.doc.has_annotation("SENT_START"):
            return None
        if self._sentences is None:
            flags = self.doc.to_array("SENT_START").tolist()
            self._sentences = [self.starts[i] for i, flag in enumerate(flags) if flag == 1 or i == 0]
        start = self._sentences[max(bisect.bisect_right(self._sentences, char) - 1, 0)]
        text = doc_text(self.doc)
        newline = text.rfind("\n", start, char)
        if newline >= 0:  # a line break ends a sentence too (captions, datelines, paragraphs)
            start = newline + 1
            while start < char and text[start].isspace():
                start += 1
        return start

    def before(self, char: int) -> Any | None:
        i = bisect.bisect_left(self.starts, char) - 1
        return self.doc[i] if i >= 0 else None


def carry_points(text: str, toks: Tokens, qs: list[Q]) -> None:
    """An index level after a figure in points in the same sentence is in points: "up 150.5 points at 24,300"."""
    for n, q in enumerate(qs):
        if q.unit is not None or q.count_unit is not None or q.num.fraction:
            continue
        if not re.search(r"\b(?:at|to)\s$", text[max(0, q.start - 4):q.start]):
            continue
        sentence = toks.sentence_start(q.num.start)
        for prev in qs[:n]:
            if prev.unit is not None and prev.unit.name == "point" \
                    and toks.sentence_start(prev.num.start) == sentence:
                q.unit, q.kind = prev.unit, "quantity"
                break


def pair_ranges(text: str, qs: list[Q]) -> list[Q]:
    """Join "5 to 7 per cent", "between $62 and $68", "15-22 mph", "from 208 pounds to 193" into ranges."""
    out: list[Q] = []
    i = 0
    while i < len(qs):
        a = qs[i]
        if i + 1 < len(qs) and a.high is None and qs[i + 1].high is None:
            b = qs[i + 1]
            gap = text[a.end:b.start]
            lead = text[max(0, a.start - 40):a.start]
            ok = False
            if re.fullmatch(r"[-–]\s(?:to|or)\s", gap):
                ok = True  # a suspended hyphen: "8- to 16-metre", "a 5- or 6-storey block"
            elif re.fullmatch(r"\s?[-–—]\s?|\s?to-?\s?|\s(?:to|through|thru)\s", gap):
                ok = not (CHANGE_BEFORE.search(lead) and gap.strip() in ("to",) and a.unit is not None)
            elif gap == " and " and re.search(r"\bbetween\s+(?:\S+\s+)?$", lead, re.IGNORECASE):
                ok = a.value != b.value  # "between 4 km^3 and 4 km cubed" compares two equal things
            elif gap == " or " and a.num.words and b.num.words:
                ok = True
            elif re.search(r"\bfrom\s+(?:\S+\s+){0,2}$", lead, re.IGNORECASE) and len(gap) <= 60 \
                    and re.search(r"\bto\s$", gap) and not re.search(r"[;,]|\bfrom\b", gap):
                ok = True
            if ok and a.unit and b.unit and a.unit.name != b.unit.name:
                ok = b.unit.name.startswith(a.unit.name + " per ")
                a = replace(a, unit=b.unit) if ok else a
            if ok and a.count_unit and b.count_unit and a.count_unit != b.count_unit:
                ok = False
            if ok:
                a_value = a.value
                if a.num.scale == 1 and b.num.scale > 1 and abs(a.num.base) < b.num.base:
                    a_value = a.value * b.num.scale
                merged = replace(a, end=b.end, value=a_value, high=b.value, unit=a.unit or b.unit,
                                 unit_text=a.unit_text or b.unit_text, counted=a.counted or b.counted,
                                 count_unit=a.count_unit or b.count_unit, weak=False,
                                 kind=a.kind if a.unit or a.count_unit else b.kind)
                if merged.high == merged.value:
                    merged.high = None
                out.append(merged)
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def modality(toks: Tokens, q: Q, hedge: str | None) -> str:
    """Projected (could, will, expected to), estimated (estimated, believed) or reported."""
    if hedge in ("an estimated", "estimated"):
        return "estimated"
    tok = toks.at(q.num.start)
    seen = 0
    while seen < 12:
        for child in tok.children:
            if child.dep_ in ("aux", "auxpass") and child.lower_ in MODALS:
                return "projected"
        if tok.lemma_.lower() in PROJECT:
            return "projected"
        if tok.lemma_.lower() in ESTIMATE:
            return "estimated"
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ == "ccomp":
            lemma = tok.head.lemma_.lower()
            if lemma in PROJECT:
                return "projected"
            if lemma in ESTIMATE:
                return "estimated"
        if tok.head is tok or tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("xcomp", "acomp"):
            break
        if tok.dep_ in ("nsubj", "nsubjpass"):
            # "800 troops will arrive" is projected; in "3,000 troops could swell to 12,000" the subject
            # is what is, and only the new level is projected
            verb = tok.head
            changes = {verb.lemma_.lower()} | {c.lemma_.lower() for c in verb.children if c.dep_ == "xcomp"}
            if changes & CHANGE_VERBS:
                break
            if verb.lemma_.lower() in PROJECT or any(
                    c.dep_ in ("aux", "auxpass") and c.lower_ in MODALS for c in verb.children):
                return "projected"
            break
        tok = tok.head
        seen += 1
    return "reported"
