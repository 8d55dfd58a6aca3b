"""Numbers in running text: digits, number words, scale words, vague magnitudes and fractions.

Scanning works on characters, not tokens, so that offsets stay exact and forms that tokenizers split
("$1.2bn", "4.3M", "twenty-five", "two-thirds") come out whole. Dates and times are found here too, so
that the claims extractor can leave them out.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .units import FRACTIONS, MONTHS, SCALES, SMALL, TENS, VAGUE, match_prefix_currency, match_suffix_unit

_DIGITS = re.compile(r"(?<![\d.,/])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)")
# thousands grouped by spaces, as SI and much of Europe write them ("10 000", "25 000 000"): one to three
# digits, then groups of exactly three, no digit or separator on either side; a plain space (not a no-break
# or thin one) groups only before a unit of money or measurement
_SPACED_TAIL = re.compile(r"(?:[ \u00a0\u202f]\d{3})+(?![\d,/-]|\.\d| \d)")  # after 1-3 digits
# "2 1/2 inches", "1/4 inch": a simple fraction, after a whole number or alone, before a unit of measurement
_FRACTION_TAIL = re.compile(r"([ \u00a0-]\d{1,2})?[/⁄](\d{1,2})(?![\d/])")  # after the digits: " 1/2", "/4"
# "two and a half miles", "3-and-a-half years", "one and a half million"
_AND_A_HALF = re.compile(
    rf"\b({'|'.join(sorted([*SMALL, *TENS], key=len, reverse=True))}|\d{{1,3}})[ -]and[ -]a[ -]half\b"
    r"(?:\s+(million|billion|trillion))?", re.IGNORECASE)
_SCIENTIFIC = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s?(?:[×x*]\s?10\s?\^?|[eE])([-−])?(\d{1,3})\b")
_SCALE_AFTER = re.compile(
    r"[ \u00a0-]?(hundred|thousand|million|billion|trillion|bn|bln|mn|mln|tn|trn|lakhs?|crores?)(?![A-Za-z])|"
    r"(k|K|M|m|b|T)(?![A-Za-z])", re.IGNORECASE)
_WORD_ATOMS = "|".join(sorted([*SMALL, *TENS, "hundred", "thousand", "million", "billion", "trillion",
                               "dozen"], key=len, reverse=True))
_WORDS = re.compile(
    rf"\b(?:(?:a|an)\s+(?=(?:hundred|thousand|million|billion|trillion|dozen)\b))?"
    rf"(?:{_WORD_ATOMS})(?:(?:[ -]|\s+and\s+)(?:{_WORD_ATOMS}))*\b", re.IGNORECASE)
_HALF_SCALE = re.compile(r"\b(?:a\s+)?half\s+(?:a\s+)?(million|billion|trillion|dozen)\b", re.IGNORECASE)
_VAGUE = re.compile(r"\b(?:(tens|hundreds)\s+of\s+)?(dozens|hundreds|thousands|millions|billions)(?=\s+of\b)",
                    re.IGNORECASE)
_FRACTION_WORDS = re.compile(
    r"\b(?:(a|one|two|three|four)[ -](?=\w+\s+of\b)|(?=half\s+(?:of|the|its|their|his|her|our|all)\b))"
    r"(half|halves|thirds?|quarters?|fifths?|tenths?)\b|"
    r"\b(two|three|four)-(thirds|quarters|fifths|tenths)\b|"
    r"\b(?:most|nearly|almost|about|roughly|than|over|under) (half)\b",
    re.IGNORECASE)
_OUT_OF = re.compile(r"\b(one|two|three|\d{1,2})\s+(?:out\s+of|in)\s+(\w+)\b(?!\s*(?:%|per|[$£€]))",
                     re.IGNORECASE)
_DIGIT_FRACTION = re.compile(r"(?<![\d/.])(\d+)\s?[/⁄]\s?(\d+)(?![\d/])(?=\s+of\b)")

_MASKS = [
    re.compile(rf"\b(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?"
               r"(?:\s*(?:-|–|and|to|through)\s*\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+\d{4})?\b"),
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\b\.?(?:,?\s+\d{{4}})?"),
    re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\s?(?:[ap]\.?m\.?|GMT|UTC|ET|EDT|EST|PT|PDT|PST|BST)?(?![\w])",
               re.IGNORECASE),
    re.compile(r"\b\d{1,2}\.\d{2}\s?(?:[ap]\.m\.|[ap]m)(?![\w])", re.IGNORECASE),
    re.compile(r"\b\d{1,2}\s?(?:[ap]\.m\.|[ap]m)(?![\w])", re.IGNORECASE),
    re.compile(r"\b\d{1,2}:\d{2}\b"),
    re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}-\d{1,2}-\d{1,2}\b"),
    re.compile(r"\bon the one hand\b|\bone (?:another|day|way or another)\b|\bno one\b|\bone-(?:on|to)-one\b",
               re.IGNORECASE),
    re.compile(r"\b(?:mid|early|late)-\d{4}s?\b|\b\d{4}s\b|'\d0s\b"),
    re.compile(r"(?:\(\d{3}\)\s?|\b\d{3}[-.\s])\d{3}[-.]\d{4}\b|\b\d{3}-\d{4}\b|\b1-\d{3}-\d{3}-\d{4}\b"),
    # international phone numbers: "+44 20 7946 0958", "+1-202-555-0147"; national ones with a trunk zero:
    # "0800 056 0154", "020 7946 0958"
    re.compile(r"\+\d{1,3}(?:[\s.-]\(?\d{1,4}\)?){2,5}(?![\d])|\b0\d{2,4}(?:[ -]\d{3,4}){1,2}\b"),
    # spans of years: "fiscal 2013-14", "the 2019/20 season", "2014–2015"
    re.compile(r"\b(?:1[89]|20)\d{2}[-–/](?:\d{2}|(?:1[89]|20)\d{2})\b(?![-–/.,]?\d)"),
]


@dataclass
class Number:
    start: int
    end: int
    value: float
    high: float | None = None
    base: float = 0.0
    scale: float = 1.0
    words: bool = False
    plain: bool = False  # digits only, no separators: may be a year or an identifier
    fraction: bool = False
    vague: bool = False




# "1.2m people", "40k runners": a scale letter, then a plural noun that is not itself a unit
_COUNTED_PLURAL = re.compile(r" (?:people|[a-z]{3,}s)\b")


_RANGE_BEFORE = re.compile(r"(\d[\d.,]*)\s?(?:-|–|to)\s?$")


def _money_range_before(text: str, pos: int) -> bool:
    """The second end of a range whose first end is money ("£5-10m", "$2 to 3bn"): its letter is a scale."""
    before = _RANGE_BEFORE.search(text, max(0, pos - 16), pos)
    return before is not None and match_prefix_currency(text, before.start(1)) is not None


def _currency_after(text: str, pos: int) -> bool:
    unit = match_suffix_unit(text, pos)
    return unit is not None and unit[0].kind == "money" and unit[1] > pos + 1


def word_value(text: str) -> float | None:
    """Value of a number written in words: "twenty-five", "three hundred", "a dozen", "4 hundred million"."""
    total, current, seen = 0.0, 0.0, False
    for word in re.split(r"[\s-]+", text.lower()):
        if word in ("and", ""):
            continue
        if word in ("a", "an"):
            current = max(current, 1.0)
        elif word in SMALL:
            current += SMALL[word]
            seen = True
        elif word in TENS:
            current += TENS[word]
            seen = True
        elif word == "dozen":
            current = max(current, 1.0) * 12
            seen = True
        elif word == "hundred":
            current = max(current, 1.0) * 100
            seen = True
        elif word in ("thousand", "million", "billion", "trillion"):
            total += max(current, 1.0) * SCALES[word]
            current = 0.0
            seen = True
        else:
            return None
    return total + current if seen else None


def masked_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pattern in _MASKS:
        spans.extend(m.span() for m in pattern.finditer(text))
    return sorted(spans)


def _grouped_and_fractions(text: str, m: re.Match[str], found: list[Number]) -> None:
    """After one to three plain digits: thousands grouped by spaces ("10 000 dollars") and simple or mixed
    fractions before a unit of measurement ("2 1/2 inches", "1/4 inch")."""
    spaced = _SPACED_TAIL.match(text, m.end())
    if spaced:
        base = float(re.sub(r"\D", "", text[m.start():spaced.end()]))
        end, scale = spaced.end(), 1.0
        s = _SCALE_AFTER.match(text, end)
        if s and s.group(1):
            scale, end = SCALES[s.group(1).lower()], s.end()
        unit = match_suffix_unit(text, end)
        # a plain space groups only before a unit ("10 000 dollars"); "400 737 Max jets" is two numbers
        if not (" " in text[m.start():spaced.end()] and (unit is None or unit[1] == end)):
            found.append(Number(m.start(), end, base * scale, base=base, scale=scale))
    frac = _FRACTION_TAIL.match(text, m.end())
    if frac and len(m.group(1)) <= (3 if frac.group(1) else 2):
        whole, num = (float(m.group(1)), float(frac.group(1)[1:])) if frac.group(1) else (0.0, float(m.group(1)))
        den = float(frac.group(2))
        unit = match_suffix_unit(text, frac.end()) if 0 < num < den else None
        # "2/8" (a picture counter) and "1/4 of" (a share: _DIGIT_FRACTION) are not measures
        if unit is not None and unit[0].kind in ("quantity", "time"):
            found.append(Number(m.start(), frac.end(), whole + num / den, base=whole + num / den))


def scan_numbers(text: str) -> list[Number]:
    """Every number in the text, with scale words applied; overlapping finds keep the longest."""
    found: list[Number] = []
    for m in _SCIENTIFIC.finditer(text):
        exponent = -int(m.group(3)) if m.group(2) else int(m.group(3))
        if abs(exponent) > 300:
            continue
        scientific = float(m.group(1)) * 10.0 ** exponent
        found.append(Number(m.start(), m.end(), scientific, base=scientific))
    for m in _DIGITS.finditer(text):
        raw = m.group(1)
        if len(raw) <= 3 and raw.isdigit():
            _grouped_and_fractions(text, m, found)
        base = float(raw.replace(",", ""))
        end, scale = m.end(), 1.0
        while True:
            s = _SCALE_AFTER.match(text, end)
            if not s:
                break
            word = s.group(1) or s.group(2)
            if s.group(2):
                # bare letters are scales only after a currency sign or before a currency name ("$5m",
                # "PS2.7bn", "2.3m Brazilian reais"; "4.3M sales" stays a count)
                if word in ("m", "b", "k", "K") and not match_prefix_currency(text, m.start()) \
                        and not _currency_after(text, s.end()) and not _COUNTED_PLURAL.match(text, s.end()) \
                        and not _money_range_before(text, m.start()):
                    break
                if word.lower() == "t" and (word != "T" or not match_prefix_currency(text, m.start())):
                    break  # "$2.5T" is trillions; "5t" and "5 T" stay tonnes and teslas
                factor = {"k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}[word.lower()]
            else:
                factor = SCALES[word.lower()]
            scale *= factor
            end = s.end()
        plain = bool(re.fullmatch(r"\d+", raw))
        found.append(Number(m.start(), end, base * scale, base=base, scale=scale, plain=plain))
    for m in _WORDS.finditer(text):
        phrase = m.group(0)
        if phrase.lower() in ("a", "an"):
            continue
        value = word_value(phrase)
        if value is None:
            continue
        words_only = re.sub(r"\s+and\s+", " ", phrase)
        scale = 1.0
        for w in ("trillion", "billion", "million", "thousand"):
            if words_only.lower().endswith(w):
                scale = SCALES[w]
                break
        found.append(Number(m.start(), m.end(), value, base=value / scale, scale=scale, words=True))
    for m in _HALF_SCALE.finditer(text):
        scale = SCALES.get(m.group(1).lower(), 12.0)
        found.append(Number(m.start(), m.end(), 0.5 * scale, base=0.5, scale=scale, words=True))
    for m in _VAGUE.finditer(text):
        low = VAGUE[m.group(2).lower()]
        if m.group(1):
            low *= 10 if m.group(1).lower() == "tens" else 100
        found.append(Number(m.start(), m.end(), low, high=low * 10, base=low, words=True, vague=True))
    for m in _FRACTION_WORDS.finditer(text):
        if m.group(2) or m.group(5):
            count = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}.get((m.group(1) or "a").lower(), 1)
            frac = FRACTIONS[(m.group(2) or m.group(5)).lower()]
        else:
            count = {"two": 2, "three": 3, "four": 4}[m.group(3).lower()]
            frac = FRACTIONS[m.group(4).lower()]
        begin = m.start(5) if m.group(5) else m.start()
        found.append(Number(begin, m.end(), count * frac, base=count * frac, words=True, fraction=True))
    for m in _OUT_OF.finditer(text):
        num = float(m.group(1)) if m.group(1).isdigit() else float(SMALL[m.group(1).lower()])
        den = word_value(m.group(2)) if not m.group(2).isdigit() else float(m.group(2))
        if den and num < den <= 1000 and not re.fullmatch(r"\d{4}", m.group(2)):
            found.append(Number(m.start(), m.end(), num / den, base=num / den, fraction=True))
    for m in _DIGIT_FRACTION.finditer(text):
        num, den = float(m.group(1)), float(m.group(2))
        if 0 < num < den:
            found.append(Number(m.start(), m.end(), num / den, base=num / den, fraction=True))
    lowered = text.lower()
    for m in _AND_A_HALF.finditer(text) if "a half" in lowered or "a-half" in lowered else ():
        word = m.group(1).lower()
        whole = float(word) if word.isdigit() else float(SMALL.get(word, TENS.get(word, 0)))
        scale = SCALES[m.group(2).lower()] if m.group(2) else 1.0
        found.append(Number(m.start(), m.end(), (whole + 0.5) * scale, base=whole + 0.5, scale=scale,
                            words=not word.isdigit()))
    found = [n for n in found if math.isfinite(n.value)]
    found.sort(key=lambda n: (n.start, -(n.end - n.start)))
    kept: list[Number] = []
    for found_num in found:
        if kept and found_num.start < kept[-1].end:
            continue
        kept.append(found_num)
    return kept
