"""Numeric claims: quantities with value, unit, what is counted, hedges, modality and ranges.

Numbers are found in the raw text with regular expressions (digits, number words, scale words, vague
orders of magnitude, fractions) so that character offsets stay exact; the spaCy parse then supplies what
the rules cannot see in characters: the noun a count refers to, its lemma, and the verbs that govern the
number (for modality). Dates, times, years, addresses and model names ("iPhone 11", "Game 7") are not
claims and are skipped; ordinals are returned as kind ``ordinal`` or ``rank`` ("ninth-largest").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import Any

from ..model import Claim
from .claim_parts import Q, Tokens, carry_points, modality, pair_ranges
from .claims_lexicon import (
    AGE_APPOSITION,
    AGED_BEFORE,
    CAMEL_CASE,
    CAPITAL_PLURAL,
    DIMENSION_AFTER,
    DROP_POS,
    FUNCTION_POS,
    GLUED_LETTER_STOP,
    HEDGE,
    HYPHEN_DIGIT,
    LABEL_BEFORE,
    LOWER,
    NOT_DENOMINATOR,
    NP_POS,
    ORDINAL,
    ORDINAL_SUFFIX,
    PARTITIVE_ADJ,
    PER,
    STREET,
    STREET_BEFORE,
    SUSPENDED,
    TIME_WORDS,
    UPPER,
)
from .nlp import doc_text, load_nlp
from .numbers import Number, masked_spans, scan_numbers
from .unit_lexicon import is_symbol
from .units import ORDINALS, PER_UNITS, TIME_UNITS, Unit, match_prefix_currency, match_suffix_unit


def _unit_lemma(tokens: list[Any]) -> str:
    """A count's unit as benchmarks normalise it: lemmas of content words ("first-team players" -> ...)."""
    out = ""
    for tok in tokens:
        if tok.pos_ in DROP_POS and tok.tag_ != "HYPH" and not (tok.pos_ == "NUM" and tok.i != tokens[0].i):
            continue
        if tok.tag_ == "VBN":
            continue
        lemma = tok.lemma_.lower()
        if tok.tag_ == "NNPS" and lemma.endswith("s") and not lemma.endswith("ss"):
            lemma = lemma[:-1]
        out += lemma + (tok.whitespace_ and " ")
    return re.sub(r"\s+", " ", out).strip(" -")


def _noun_phrase(doc: Any, i: int, num_tok: Any | None, *,
                 linked_only: bool = True) -> tuple[int, int] | None:
    """Token range [i, j] of a noun phrase starting at token i whose head noun a number counts."""
    last_noun, j = None, i
    if i < len(doc) and doc[i].lower_ in ("last", "next", "this", "that", "these", "those", "each", "every"):
        return None
    if i < len(doc) and doc[i].lower_ in ("more", "fewer", "less") and i + 1 < len(doc) \
            and doc[i + 1].pos_ in NP_POS:
        i += 1  # "100,000 more troops" counts troops
    j = i
    date_start = doc[i].ent_type_ in ("DATE", "TIME") if i < len(doc) else False
    while j < len(doc) and j < i + 7:
        tok = doc[j]
        if not date_start and tok.ent_type_ in ("DATE", "TIME") and last_noun is not None:
            break  # "70 missiles last year"
        if tok.pos_ in NP_POS or tok.tag_ in ("VBN", "VBG") and tok.dep_ in ("amod", "compound"):
            if tok.pos_ in ("NOUN", "PROPN"):
                last_noun = j
        elif tok.tag_ == "HYPH" and j > i and tok.whitespace_ == "" and doc[j - 1].whitespace_ == "":
            pass
        elif tok.lower_ == "and" and j > i and j + 1 < len(doc) and doc[j + 1].pos_ in NP_POS \
                and doc[j - 1].pos_ in ("ADJ", "PROPN"):
            pass
        elif tok.pos_ == "NUM" and j > i and doc[j - 1].pos_ == "ADJ":
            pass
        else:
            break
        j += 1
    if last_noun is None:
        return None
    head = doc[last_noun]
    if head.like_num or head.text.isupper() and len(head.text) <= 2:
        return None
    linked = num_tok is not None and i <= num_tok.head.i <= last_noun
    if linked_only and not linked and head.tag_ not in ("NNS", "NNPS") and head.lower_ != "people":
        return None
    return i, last_noun


def _hedge(text: str, start: int) -> tuple[str | None, int]:
    window = text[max(0, start - 30):start]
    m = HEDGE.search(window)
    if not m:
        return None, start
    return m.group(1).lower(), start - (len(window) - m.start(1))


def find_claims(doc: Any) -> list[Claim]:
    """Numeric claims of a parsed document, in text order, with offsets into ``doc.text``."""
    text = doc_text(doc)
    toks = Tokens(doc)
    masks = masked_spans(text)
    mask_starts = [s for s, _ in masks]

    def masked(num: Number) -> bool:
        i = bisect.bisect_right(mask_starts, num.start) - 1
        return i >= 0 and masks[i][0] <= num.start < masks[i][1]

    quantities: list[Q] = []
    consumed_until = -1
    for num in scan_numbers(text):
        if num.start < consumed_until or masked(num):
            continue
        q = _resolve(text, toks, num)
        if q is None:
            continue
        quantities.append(q)
        consumed_until = q.end
    quantities = pair_ranges(text, quantities)
    carry_points(text, toks, quantities)
    claims = [_to_claim(text, toks, q) for q in quantities if not q.weak]
    claims.extend(_ordinals(text, toks, masks, claims))
    claims.sort(key=lambda c: c.start)
    return claims


def _resolve(text: str, toks: Tokens, num: Number) -> Q | None:
    """Decide whether a number is a claim, and find its sign, currency, unit and what it counts."""
    value, start, end = num.value, num.start, num.end
    prefix = None if num.words else match_prefix_currency(text, start)
    if prefix is None and not num.words and text[start - 1:start] in ("-", "−"):
        prefix = match_prefix_currency(text, start - 1)
        if prefix:
            value = -value
    before = text[max(0, start - 12):start]
    if not num.words and not prefix and start > 0 and text[start - 1].isalpha():
        return None  # "S22", "XC40"
    if re.compile(r"\.\d").match(text, num.end) and not num.words:
        return None  # "7.1.4 channels", "version 17.2.1", "192.168.1.1": a version or an address
    if num.plain and len(text[num.start:num.end]) > 1 and text[num.start] == "0":
        return None  # "0800", "007", the "000" of "10 000 people": leading zeros make a code, not a quantity
    if re.search(r"[A-Za-z]-$", before) and not prefix:
        word = re.search(r"(\w+)-$", before)
        w = word.group(1).lower() if word else ""
        if w == "minus":
            value, start = -value, start - 6
        elif w not in ("sub", "to", "over", "under", "about", "some", "around", "nearly", "almost", "now"):
            return None  # "TA-35", "last-32", "F-150"
    elif re.search(r"\bminus\s$", before, re.IGNORECASE):
        value, start = -value, start - 6
    elif re.search(r"[A-Z][\w]*\s[-−]$", before) and not prefix:
        return None  # "COVID -19"
    elif re.search(r"(?:^|[\s(\[])[-−]$", before) and not num.words and not prefix:
        value, start = -value, start - 1
    unit: Unit | None = prefix[0] if prefix else None
    unit_text = text[prefix[1]:num.start].strip() if prefix else None
    if prefix:
        start = min(start, prefix[1])
        if value < 0 and text[prefix[1] - 1:prefix[1]] in "-−":
            start = prefix[1] - 1
    tail = match_suffix_unit(text, end)
    if tail is None and GLUED_LETTER_STOP.match(text, end):
        tail = match_suffix_unit(text[:end + 1], end)  # "20-25C.": a symbol glued to the number, then a full stop
    if tail and tail[0].source == "lexicon" and not _unit_word(toks, end, tail[1]):
        tail = match_suffix_unit(text, end, lexicon=False)
    if tail and (not num.words or tail[0].kind != "money" or tail[0].name != "penny"):
        t_unit, t_end = tail
        surface = text[end:t_end].strip(" -")
        if unit is not None and unit.kind == "money":
            if t_unit.kind == "money" and surface.isupper() or surface.lower() in ("us", "u.s.", "sterling"):
                unit, unit_text, end = t_unit if surface.lower() not in ("us", "u.s.") else unit, \
                    f"{unit_text} {surface}", t_end
        else:
            letters_attached = end < len(text) and text[end].isalpha()
            if t_unit.name == "penny" and num.vague:
                pass
            elif t_unit.kind == "time" and "-" in text[end:t_end] and re.compile(r"\s+[\w$£€]").match(text, t_end) \
                    and t_unit.name in TIME_UNITS:
                return None  # "a five-year $700,000 award": a duration used as an adjective
            elif letters_attached and t_end < len(text) and text[t_end:t_end + 1].isalpha():
                tail = None
            else:
                unit, unit_text, end = t_unit, surface, t_end
    if unit is None and end < len(text) and text[end].isalpha() and not num.words:
        return None  # "5s", "9AB8": a code, not a quantity
    if unit is None and not num.words:
        suspended = SUSPENDED.match(text, end)
        if suspended:
            # "8- to 16-metre": the first end of a suspended range takes the unit written after the second
            after = match_suffix_unit(text, suspended.end())
            if after and after[0].kind == "time" and after[0].name in TIME_UNITS \
                    and re.compile(r"\s+[\w$£€]").match(text, after[1]):
                return None  # "a 5- to 7-year sentence": durations used as an adjective are not claims
            if after:
                unit, unit_text = after[0], text[suspended.end():after[1]].strip(" -")
    if re.match(r"/\d", text[num.end:num.end + 2]):
        return None  # "2/8": a picture counter or a score
    if unit is not None and unit.name == "pound-mass" and num.scale >= 1e6 \
            and not re.compile(r"\s+of\b").match(text, end):
        unit = Unit("pound sterling", "money", "GBP")
    q = Q(num, start, end, value, num.high, unit, unit_text)
    if unit is not None:
        _per_unit(text, q)
        q.kind = unit.kind if unit.kind in ("money", "percent", "age") else "quantity"
        _counted_after(text, toks, q)
        return q
    # no unit: a year, an identifier, a count of something, or a bare number
    prev = toks.before(num.start)
    nxt = toks.after(end)
    if num.plain and num.scale == 1 and 1000 <= num.value <= 2200:
        tok = toks.at(num.start)
        if tok.ent_type_ in ("DATE", "") or nxt is None or nxt.tag_ not in ("NNS", "NNPS"):
            return None  # a year
    window = max(0, num.start - 20)
    if num.plain and not num.words and prev is not None and prev.idx + len(prev) == num.start - 1:
        if prev.pos_ == "PROPN" and prev.text[:1].isupper() or CAMEL_CASE.fullmatch(prev.text) \
                or LABEL_BEFORE.search(text, window, num.start):
            return None  # "iPhone 11", "Game 7", "category 4"
    if num.plain and STREET.match(text, end) or STREET_BEFORE.search(text, window, num.start):
        return None
    if num.plain and nxt is not None and nxt.text[:1].isupper() and nxt.tag_ not in ("NNS", "NNPS") \
            and not text[end:nxt.idx].strip() and nxt.idx == end + 1:
        np_ = _noun_phrase(toks.doc, nxt.i, toks.at(num.start))
        if (np_ is None or toks.doc[np_[1]].tag_ not in ("NNS", "NNPS")) and not CAPITAL_PLURAL.fullmatch(nxt.text):
            return None  # "787 Dreamliner", "the 90049 ZIP Code" (but "3 Ferraris", "two Democrats" count)
    if num.fraction:
        q.kind = "fraction"
        of_a = re.compile(r"\s+of\s+an?\s+(?:US\s+|U\.S\.\s+|imperial\s+)?").match(text, end)
        measure = match_suffix_unit(text, of_a.end() - 1) if of_a else None
        if of_a and measure and measure[0].kind != "money":
            q.unit, q.unit_text, q.end = measure[0], text[of_a.end():measure[1]], measure[1]
        else:
            _counted_after(text, toks, q)
        return q
    if num.plain and 1 <= num.value <= 120 and AGE_APPOSITION.search(text, max(0, num.start - 60), num.start) \
            and re.compile(r"\s?[,)]").match(text, end):
        q.unit, q.kind = Unit("year of age", "age"), "age"  # "Maddon, 66, has used ..."
        return q
    if num.plain and 1 <= num.value <= 120 and not text[end:end + 1].isalnum() and _age_by_copula(toks, num):
        q.unit, q.kind = Unit("year of age", "age"), "age"  # "He will be 35 by then", "she turned 50"
        return q
    if num.plain and 1 <= num.value <= 120 and AGED_BEFORE.search(text, max(0, num.start - 20), num.start):
        q.unit, q.kind = Unit("year of age", "age"), "age"  # "a man aged 45", "at the age of 70"
        return q
    _count(text, toks, q)
    if q.count_unit is None and q.unit is None and num.words and not num.vague:
        q.weak = True
    return q


def _unit_word(toks: Tokens, start: int, end: int) -> bool:
    """A unit read from the broad lexicon must not start with a function word of the parse ("3 in the
    garden", "5 am" are not inches and attometres); a symbol written onto the number ("3in") is kept."""
    text = doc_text(toks.doc)  # Doc.text joins every token on each read
    if ORDINAL_SUFFIX.match(text, start):
        return False  # "71st"
    if HYPHEN_DIGIT.match(text, end):
        return False  # "a 2-in-1 laptop": a compound word, not inches
    glued = toks.after(start)
    if start < len(text) and text[start].isascii() and text[start].isalpha() \
            and glued is not None and glued.idx != start:
        return False  # letters glued to the number that the tokenizer keeps with it: "802.11ac", a name
    tok = toks.after(start)
    if tok is None or tok.idx >= end:
        return True
    if tok.idx != start and tok.pos_ in FUNCTION_POS and not DIMENSION_AFTER.match(text, end):
        return False  # but "2 in thick", "a 10 in wide screen": a measure of size
    last = toks.before(end)
    symbol = is_symbol(text[start:end].strip())
    if tok.pos_ == "ADJ" and last is not None and last.i == tok.i and not symbol:
        return False  # "two gray wolves": an adjective, not the gray
    # a unit name that modifies a plural noun is part of what the number counts ("36 league games"); before
    # a singular noun it is the measure ("a 5.2 litre engine", "a 60 basis point rise"); a symbol is always
    # the measure ("500mg tablets")
    if last is None or last.dep_ != "compound" or last.head.i <= last.i or symbol:
        return True
    return last.head.tag_ not in ("NNS", "NNPS")


def _age_by_copula(toks: Tokens, num: Number) -> bool:
    """A bare number after "be" or "turn" whose subject is a person: "He will be 35", "She turned 50"."""
    tok = toks.at(num.start)
    verb = tok.head
    if tok.dep_ not in ("attr", "acomp", "dobj", "oprd") or verb.lemma_.lower() not in ("be", "turn"):
        return False
    if any(c.pos_ in ("NOUN", "PROPN") and c.i > tok.i for c in tok.children):
        return False  # "he was 35 points behind"
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    return bool(subj) and (subj[0].lower_ in ("he", "she", "i", "you") or subj[0].ent_type_ == "PERSON")


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _per_key(word: str) -> str | None:
    word = word.lower()
    if word in PER_UNITS:
        return PER_UNITS[word]
    if word.endswith("s") and word[:-1] in PER_UNITS:
        return PER_UNITS[word[:-1]]
    return None


def _per_unit(text: str, q: Q) -> None:
    """Compound units: "$58 per barrel", "$3,500 a month", "$21.25 per square foot", "A/cm2"."""
    m = PER.match(text, q.end)
    if not m or q.unit is None:
        return
    g = 1 if m.group(1) else 4
    connector, first, second = m.group(g).lower(), m.group(g + 1), m.group(g + 2)
    key, end = (_per_key(f"{first} {second}"), m.end()) if second else (None, m.end())
    if key is None:
        key, end = _per_key(first), m.end(g + 1)
    if key is None:
        # any unit of measurement can be a denominator: "800 rupees per hectare", "$4 per cubic metre";
        # after "a", a unit written as a word ("$4 a gallon", "$1.20 a kilo")
        measure = match_suffix_unit(text, m.start(g + 1))
        if measure and measure[0].kind in ("quantity", "time") and measure[1] >= m.end(g + 1) \
                and (connector in ("per", "/") or len(first) >= 3 and first.islower()):
            key, end = measure[0].name, measure[1]
        if key is None and connector == "per" and first.islower() and len(first) >= 3 and first not in NOT_DENOMINATOR:
            key, end = _singular(first), m.end(g + 1)  # "$2,000 per dose", "$9 per child"
    if key is None:
        return
    if connector in ("a", "an") and (q.unit.kind == "time" or key in TIME_UNITS and re.compile(
            r"\s+(?:ago|earlier|later|before|after|on|and|from|or)\b").match(text, end)):
        return  # "three days a week" is a frequency; "$6.8 billion a year earlier" is a date (but "$71 a
        # barrel on Tuesday" is a price)
    q.unit = replace(q.unit, name=f"{q.unit.name} per {key}")
    q.unit_text = f"{q.unit_text} {text[q.end:end].strip()}"
    q.end = end


def _head_unit(tok: Any) -> Unit | None:
    """The unit a written-out head noun names ("yards", "years", "dollars"), or None for other nouns."""
    word = tok.text
    if len(word) < 3 or not word.isalpha() or not word.islower() and not word.istitle():
        return None
    found = match_suffix_unit(word, 0, lexicon=False)
    return found[0] if found and found[1] == len(word) and found[0].kind != "age" else None


def _count(text: str, toks: Tokens, q: Q) -> None:
    """A number followed by a noun counts it: "13,000 workers" (unit "worker"), "one of the best speakers"."""
    doc = toks.doc
    nxt = toks.after(q.end)
    if nxt is None or text[q.end:nxt.idx].strip():
        return
    i, partitive = nxt.i, False
    if nxt.lower_ == "of" and (q.num.vague or q.num.words):
        i += 1
        while i < len(doc) and doc[i].pos_ in ("DET", "PRON") and doc[i].lower_ not in ("which", "whom"):
            i += 1
    elif nxt.lower_ == "of" and not q.num.fraction:
        # a part of a counted whole: "7 of its 10 matches", "three of the last five games" count matches
        k = i + 1
        while k < len(doc) and (doc[k].pos_ in ("DET", "PRON") or doc[k].lower_ in PARTITIVE_ADJ):
            k += 1
        if k + 1 < len(doc) and doc[k].like_num:
            k += 1
            while k < len(doc) and doc[k].lower_ in PARTITIVE_ADJ:
                k += 1
            i, partitive = k, True
        elif k > i + 1 and k < len(doc) and doc[k - 1].tag_ in ("DT", "PRP$") and doc[k].pos_ in NP_POS \
                and ("." not in text[q.num.start:q.num.end] or q.num.scale > 1):
            i, partitive = k, True  # "500 of its employees" counts employees, as "one of the best speakers" does
    if i >= len(doc):
        return
    np_ = _noun_phrase(doc, i, toks.at(q.num.start))
    if np_ is None:
        return
    a, b = np_
    tokens = list(doc[a:b + 1])
    if b + 2 < len(doc) and doc[b + 1].lower_ == "of" and doc[b + 2].pos_ in ("NOUN", "ADJ") \
            and not q.num.vague:
        c = b + 2
        while c + 1 < len(doc) and doc[c + 1].pos_ in ("NOUN",):
            c += 1
        if doc[c].pos_ == "NOUN":
            tokens = list(doc[a:c + 1])
    q.count_unit = _unit_lemma(tokens)
    q.counted = text[tokens[0].idx:tokens[-1].idx + len(tokens[-1])]
    q.kind = "count"
    head_unit = _head_unit(doc[b]) if b > a else None
    if head_unit is not None:
        # a unit of measurement modified by other words is still that unit: "517 rushing yards" (yard)
        q.unit, q.count_unit = head_unit, None
        q.kind = head_unit.kind if head_unit.kind in ("money", "percent") else "quantity"
    if q.num.vague or q.num.words and nxt.lower_ == "of":
        # "millions of dollars": the noun may be a currency
        unit = match_suffix_unit(text, tokens[0].idx - 1)
        if unit and unit[0].kind == "money":
            q.unit, q.count_unit, q.counted, q.kind = unit[0], None, None, "money"
    if not partitive:  # the whole's own number ("of its 10 matches") is a claim of its own
        q.end = max(q.end, tokens[-1].idx + len(tokens[-1]))
    if q.unit is None and q.count_unit:
        per = re.compile(r"\s(?:per|a|an)\s(day|week|month|year|hour)s?\b").match(text, q.end)
        if per:
            q.count_unit += f" per {per.group(1)}"
            q.end = per.end()


def _counted_after(text: str, toks: Tokens, q: Q) -> None:
    """What a measured quantity is of: "$1.2 billion in arms sales", "5% of its workforce", "a 25% tax"."""
    doc = toks.doc
    nxt = toks.after(q.end)
    if nxt is None:
        return
    i = nxt.i
    if nxt.lower_ == "worth" and i + 1 < len(doc) and doc[i + 1].lower_ == "of":
        nxt = doc[i + 1]  # "$300 million worth of shells"
        i += 1
    share = q.kind == "fraction" and nxt.tag_ in ("DT", "PRP$") and nxt.lower_ not in ("a", "an")
    if nxt.lower_ in ("of", "in", "on", "for") and not (q.unit and q.unit.kind == "time") or share:
        i += 0 if share else 1  # "half the villagers" is "half of the villagers"
        while i < len(doc) and doc[i].pos_ in ("DET", "PRON") and doc[i].tag_ in ("DT", "PRP$", "WP$"):
            i += 1
        np_ = _noun_phrase(doc, i, None, linked_only=False) if i < len(doc) else None
        if np_ and (nxt.lower_ != "in" or doc[np_[1]].ent_type_ not in ("DATE", "GPE", "LOC")):
            q.counted = doc[np_[0]:np_[1] + 1].text
            if q.kind == "fraction" and q.unit is None:  # "a third of the population": a share of people
                q.count_unit = _unit_lemma(list(doc[np_[0]:np_[1] + 1]))
        return
    if text[q.end:nxt.idx].strip(" -"):
        return
    j = i
    while j < len(doc) and j < i + 4 and doc[j].pos_ in ("ADJ", "NOUN", "PROPN"):
        j += 1
    if j > i and doc[j - 1].pos_ == "NOUN" and not (j == i + 1 and doc[i].lemma_.lower() in TIME_WORDS):
        q.counted = doc[i:j].text


def _to_claim(text: str, toks: Tokens, q: Q) -> Claim:
    hedge, start = _hedge(text, q.start)
    if hedge in ("only", "just", "exactly", "an additional", "a additional"):
        hedge, start = None, q.start
    approximate = hedge is not None or q.num.vague
    bound = "upper" if hedge in UPPER else "lower" if hedge in LOWER else None
    unit_name = q.unit.name if q.unit else q.count_unit
    return Claim(
        start=start, end=q.end, text=text[start:q.end], value=q.value, unit=unit_name, value_high=q.high,
        counted=q.counted, approximate=approximate, hedge=hedge, modality=modality(toks, q, hedge),
        kind=q.kind, sentence_start=toks.sentence_start(q.num.start), unit_text=q.unit_text or q.counted,
        currency=q.unit.currency if q.unit else None, bound=bound,
    )


def _ordinals(text: str, toks: Tokens, masks: list[tuple[int, int]], claims: list[Claim]) -> list[Claim]:
    """Ordinals and ranks: "the ninth-largest economy" (rank 9), "the 96th minute" (ordinal 96)."""
    out = []
    taken = [(c.start, c.end) for c in claims] + masks
    for m in ORDINAL.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        word = m.group(1).lower()
        value = ORDINALS.get(word)
        if value is None:
            value = int(re.sub(r"\D", "", word))
        superlative = m.group(2)
        if superlative and not superlative.lower().endswith(("est", "most", "least")):
            superlative = None
        tok = toks.at(m.start())
        if not superlative and not m.group(1)[0].isdigit() and tok.ent_type_ != "ORDINAL":
            continue
        end = m.end() if superlative else m.start() + len(m.group(1))
        nxt = toks.after(end)
        counted = None
        if nxt is not None and not text[end:nxt.idx].strip(" -"):
            np_ = _noun_phrase(toks.doc, nxt.i, None, linked_only=False)
            if np_:
                counted = toks.doc[np_[0]:np_[1] + 1].text
        out.append(Claim(
            start=m.start(), end=end, text=text[m.start():end], value=float(value), unit=None,
            counted=counted, kind="rank" if superlative else "ordinal", modality="reported",
            sentence_start=toks.sentence_start(m.start()),
        ))
    return out


def find_claims_in_text(text: str, nlp: Any = None) -> list[Claim]:
    """Convenience for callers without a parsed Doc: parse with the pinned pipeline, then find claims."""
    if nlp is None:
        nlp = load_nlp()
    return find_claims(nlp(text))
