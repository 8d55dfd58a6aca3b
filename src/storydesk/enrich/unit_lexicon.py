"""A broad unit lexicon, read at first use from the unit data that quantulum3 ships (a pinned dependency).

The hand tables in ``units.py`` are tried first; this lexicon is the fallback for the units they do not
list, and it wins only where it reads a longer unit ("5 cubic yards", "3.2 kPa", "40 lumens", "2 kJ/mol").
NewsQuant's normalised unit names are quantulum3's, so the names it gives need no mapping beyond the few
where our tables chose other spellings (``OUR_NAMES``).

What is read from quantulum3's ``units.json`` (general, then the ``en_US`` additions merged over it):
unit names, surfaces (written names: "kilopascal", "pound per square inch"), symbols ("kPa", "psi"),
SI-prefix lists ("watt" with k, M, G -> "kilowatt", "kW") and currency codes. Built from that:

- **written names** with their plurals ("joules", "square feet", "metres per second", "kilowatt hours"),
  matched case-insensitively but only when written in lower case (a capitalised word after a number is
  usually a name: "5 Henry Street"); single-word names of counted things ("set", "pair", "piece", "time",
  entity ``dimensionless``) and of currencies ("real", "rand", "won") are left out: the counted-noun rule and
  the hand currency table read them with their context; so are one-word synonyms whose unit has another
  name ("dots": pixel, "candle": candela, "pond": gram-force);
- **symbols**, matched case-sensitively: a symbol of one character only if it is not an ASCII letter ("‰",
  "Ω", "Å"; "W", "A", "m" only on either side of a slash, "A/cm2");
  symbols formed with SI prefixes only for the prefixes news uses (k, M, G, T, P, m, µ, n); a symbol that
  several units share ("F": fahrenheit and farad, "Mb": megabit and mega base pair) is left out;
- **compound units** written with "/" between two units of the lexicon or the hand tables ("km/h",
  "kg/m3", "kWh/kg") are named "A per B".

Source and licence: quantulum3 0.10.0 (https://github.com/nielstron/quantulum3), MIT licence, read from the
installed package; nothing of it is copied into this repository. When quantulum3 is not installed the
lexicon is empty and only the hand tables apply.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Unit:
    """A unit a claim is measured in (``units`` re-exports it; it lives here, below both tables)."""

    name: str
    kind: str = "quantity"  # quantity, money, percent, age, time
    currency: str | None = None  # ISO 4217 code for money
    source: str = "table"  # "table" (the hand tables of ``units``) or "lexicon" (from quantulum3's data)


TableMatch = Callable[[str, int], "tuple[Unit, int] | None"]

# quantulum3's names where our hand tables (and NewsQuant's gold) spell a unit otherwise.
OUR_NAMES = {
    "degree angle": "degree", "degree celsius": "celsius", "degree fahrenheit": "fahrenheit",
    "united states dollar": "dollar", "short ton": "ton",
}
# SI prefixes whose symbols are kept (others, "a", "z", "y", "f", "p", "E", collide with words and
# abbreviations: "am", "pm", "fm", "Em").
NEWS_PREFIXES = {"k", "M", "G", "T", "P", "m", "µ", "n"}
METRIC_PREFIXES = {
    "Y": "yotta", "Z": "zetta", "E": "exa", "P": "peta", "T": "tera", "G": "giga", "M": "mega", "k": "kilo",
    "h": "hecto", "da": "deca", "d": "deci", "c": "centi", "m": "milli", "µ": "micro", "n": "nano",
    "p": "pico", "f": "femto", "a": "atto", "z": "zepto", "y": "yocto",
}
_IRREGULAR_PLURALS = {"foot": "feet", "stokes": "stokes", "siemens": "siemens", "lux": "lux", "hertz": "hertz",
                      "gauss": "gauss", "horsepower": "horsepower", "centistokes": "centistokes"}
# A chunk of text that may be (part of) a unit: letters, unit signs, digits inside a symbol ("m2", "H2O").
_CHUNK = re.compile(r"[^\s,;:()\[\]!?\"“”-]+")
_RATIO = re.compile(r"per|part|point")
_GAP = re.compile(r"[ \u00a0-]")
MAX_WORDS = 4


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str  # quantity, money, percent, time
    currency: str | None
    entity: str = ""  # quantulum3's dimension: length, area, mass, ...


@dataclass
class Lexicon:
    words: dict[str, Entry]  # lower-case written names and plurals, hyphens as spaces
    symbols: dict[str, Entry]  # case-sensitive symbols
    letters: dict[str, Entry]  # one-letter symbols ("W", "V"): only inside "A/B" ("A/cm2")
    first: frozenset[str] = frozenset()  # first words of names (lower case) and of symbols: a quick reject
    # currency signs and codes written before a number, by their last character ("SFr", "円"); letters-only
    # symbols of two letters are left out ("Fr", "FS")
    currency_by_last: dict[str, list[tuple[str, Entry]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.first = frozenset({_GAP.split(k, 1)[0] for k in self.words}
                               | {_GAP.split(k, 1)[0] for k in self.symbols})
        for symbol, entry in sorted(self.symbols.items(), key=lambda kv: -len(kv[0])):
            if entry.kind == "money" and entry.currency and not (symbol.isascii() and symbol.isalpha()
                                                                 and len(symbol) <= 2):
                self.currency_by_last.setdefault(symbol[-1], []).append((symbol, entry))

    def may_start(self, word: str) -> bool:
        """Whether a unit of the lexicon (or one derived from it) can start with ``word``."""
        word = word.rstrip(".'’")
        return (word in self.first or word.lower() in self.first or "/" in word or _POWER.fullmatch(word) is not None
                or _PREFIX_WORD.match(word) is not None or len(word) >= 3 and word[0] in NEWS_PREFIXES)


def pluralize(surface: str) -> str:
    """English plural of a unit name: the head before "per" / "of", else the last word."""
    for sep in (" per ", " of "):
        if sep in surface:
            head, rest = surface.split(sep, 1)
            return pluralize(head) + sep + rest
    words = surface.split(" ")
    last = words[-1]
    if last in _IRREGULAR_PLURALS:
        plural = _IRREGULAR_PLURALS[last]
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        plural = last + "es"
    elif last.endswith("y") and last[-2:-1] not in ("a", "e", "i", "o", "u"):
        plural = last[:-1] + "ies"
    else:
        plural = last + "s"
    return " ".join([*words[:-1], plural])


def _package_dir() -> Path | None:
    spec = importlib.util.find_spec("quantulum3")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _read_units(base: Path) -> dict[str, dict]:
    merged: dict[str, dict] = {}
    for path in (base / "units.json", base / "_lang" / "en_US" / "units.json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for name, unit in data.items():
            merged.setdefault(name, {}).update(unit)
    return merged


def _expand_prefixes(units: dict[str, dict]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for name, unit in units.items():
        out.setdefault(name, {}).update(unit)
        for prefix in unit.get("prefixes", []):
            word = METRIC_PREFIXES.get(prefix)
            if word is None:
                continue
            # prefixed symbols only for the prefixes news uses, and not on time units ("Ty", "Ma": geology)
            keep = prefix in NEWS_PREFIXES and unit.get("entity") != "time"
            symbols = [prefix + s for s in unit.get("symbols", [])] if keep else []
            out.setdefault(word + name, {}).update({
                "surfaces": [word + s for s in unit.get("surfaces", [])], "entity": unit.get("entity"),
                "symbols": symbols})
    return out


def _spelling(word: str) -> str:
    """British and American spellings as one ("meter", "metre")."""
    return re.sub(r"er$", "re", word.replace("-", " "))


def _kind(entity: str) -> str:
    return {"currency": "money", "time": "time"}.get(entity, "quantity")


def build_lexicon(base: Path | None) -> Lexicon:
    """The lexicon from quantulum3's data folder ``base`` (empty when it is None or unreadable)."""
    if base is None:
        return Lexicon({}, {}, {})
    units = _expand_prefixes(_read_units(base))
    words: dict[str, list[tuple[str, Entry]]] = {}
    symbols: dict[str, list[Entry]] = {}
    letters: dict[str, list[Entry]] = {}
    for name, unit in units.items():
        entity = unit.get("entity") or ""
        if name in ("unk", "dimensionless") or not entity:
            continue
        if entity == "dimensionless" and not _RATIO.search(name):
            continue  # counted things ("pair", "set", "dozen", "gross": "180 gr"); ratios stay ("ppm", "bp")
        entry = Entry(OUR_NAMES.get(name.lower(), name.lower()), _kind(entity), unit.get("currency_code"), entity)
        if name == "percentage":
            entry = Entry("percentage", "percent", None)
        for surface in unit.get("surfaces", []):
            surface = re.sub(r"[\s-]+", " ", surface.lower()).strip()
            if not surface or " " not in surface and entity in ("dimensionless", "currency"):
                continue
            if " " not in surface and _spelling(surface) != _spelling(entry.name):
                continue  # a one-word synonym ("dots" for pixel, "candle" for candela, "pond" for gram-force)
            for form in {surface, pluralize(surface)}:
                words.setdefault(form, []).append((surface, entry))
        for symbol in unit.get("symbols", []):
            if not symbol.strip():
                continue
            if len(symbol) == 1 and symbol.isascii() and symbol.isalpha():
                letters.setdefault(symbol, [])
                if entry not in letters[symbol] and entity != "currency":
                    letters[symbol].append(entry)
                continue
            if symbol.isalpha() and symbol.islower() and entity == "currency":
                continue  # "c", "cts": too ambiguous for money
            symbols.setdefault(symbol, [])
            if entry not in symbols[symbol]:
                symbols[symbol].append(entry)
    chosen_words: dict[str, Entry] = {}
    for form, found in words.items():
        names = {e.name for _, e in found}
        if len(names) == 1:
            chosen_words[form] = found[0][1]
            continue
        exact = [e for s, e in found if e.name == s]  # "ton": the unit named "ton"
        if exact:
            chosen_words[form] = exact[0]
    chosen_symbols = {s: found[0] for s, found in symbols.items() if len({e.name for e in found}) == 1}
    chosen_letters = {s: found[0] for s, found in letters.items() if len({e.name for e in found}) == 1}
    return Lexicon(chosen_words, chosen_symbols, chosen_letters)


@functools.cache
def lexicon() -> Lexicon:
    """The lexicon, built once per process from the installed quantulum3 (about 0.05 s)."""
    return build_lexicon(_package_dir())


def is_symbol(phrase: str) -> bool:
    """Whether ``phrase`` is one of the lexicon's symbols ("mg", "kPa"), not a written name."""
    return phrase in lexicon().symbols


@functools.cache
def _entry_unit(entry: Entry) -> Unit:
    return Unit(entry.name, entry.kind, entry.currency, source="lexicon")


_POWER = re.compile(r"([A-Za-zµ]{1,3})([23²³])")
_PREFIX_WORD = re.compile(r"(kilo|mega|giga|tera|peta|milli|micro|nano)(?=[a-z]{3})")


def _lookup(lex: Lexicon, phrase: str) -> Entry | None:
    found = lex.symbols.get(phrase)
    if found is not None:
        return found
    power = _POWER.fullmatch(phrase)
    if power:
        # a length symbol with a power is its square or cube ("cm2", "mm³"), as quantulum3 names them
        base = lex.symbols.get(power.group(1)) or lex.letters.get(power.group(1))
        if base is not None and base.entity == "length":
            square = power.group(2) in ("2", "²")
            return Entry(("square " if square else "cubic ") + base.name, "quantity", None,
                         "area" if square else "volume")
    if len(phrase) >= 3 and phrase[0] in NEWS_PREFIXES and phrase[0] != "k":
        # a prefix on a symbol the lexicon has with "k" ("GWh" as "kWh" is "kilowatt hour")
        kilo = lex.symbols.get("k" + phrase[1:])
        if kilo is not None and kilo.name.startswith("kilo"):
            return Entry(METRIC_PREFIXES[phrase[0]] + kilo.name[4:], kilo.kind, None)
    if not phrase.islower() and any(ch.isalpha() for ch in phrase):
        return None
    key = re.sub(r"[\s-]+", " ", phrase)
    found = lex.words.get(key)
    if found is None:
        # an SI prefix word before any unit of measurement the lexicon names ("megajoules", "kilolumens")
        m = _PREFIX_WORD.match(key)
        if m:
            base = lex.words.get(key[m.end():])
            if base is not None and base.kind == "quantity":
                found = Entry(m.group(1) + base.name, base.kind, None)
            kilo = lex.words.get("kilo" + key[m.end():])  # "gigawatt hours" as "kilowatt hours"
            if found is None and kilo is not None and kilo.name.startswith("kilo"):
                found = Entry(m.group(1) + kilo.name[4:], kilo.kind, None)
    return found


def match_lexicon_unit(text: str, start: int, table: TableMatch | None = None) -> tuple[Unit, int] | None:
    """The longest lexicon unit written at ``text[start:]``, with its end offset (a unit must end where a
    word ends). ``table`` reads a side of an "A/B" compound from the hand tables first (``units`` passes
    its ``match_table_unit``)."""
    lex = lexicon()
    if not lex.words and not lex.symbols:
        return None
    chunks: list[tuple[int, int]] = []
    pos = start
    for _ in range(MAX_WORDS):
        m = _CHUNK.match(text, pos)
        if not m or not chunks and not lex.may_start(m.group()):
            break
        chunks.append(m.span())
        gap = _GAP.match(text, m.end())
        if not gap:
            break
        pos = gap.end()
    for k in range(len(chunks), 0, -1):
        end = chunks[k - 1][1]
        phrase = text[start:end]
        for cut in (phrase, phrase.rstrip(".'’")):
            if not cut:
                continue
            entry = _lookup(lex, cut)
            if entry is not None:
                return _entry_unit(entry), start + len(cut)
            if k == 1 and "/" in cut:
                compound = _slash_compound(cut, table)
                if compound is not None:
                    return compound, start + len(cut)
    return None


def match_lexicon_currency(text: str, pos: int) -> tuple[Unit, int] | None:
    """A currency sign or code of the lexicon just before ``pos`` (one space between allowed), with its
    start offset."""
    end = pos - 1 if pos > 0 and text[pos - 1] == " " else pos
    if end <= 0:
        return None
    for symbol, entry in lexicon().currency_by_last.get(text[end - 1], ()):
        if text.endswith(symbol, 0, end):
            return _entry_unit(entry), end - len(symbol)
    return None


def _slash_compound(word: str, table: TableMatch | None) -> Unit | None:
    """ "km/h", "kg/m3": two units around one slash, named "A per B" (either side from either table)."""
    left, _, right = word.partition("/")
    if not left or not right or "/" in right:
        return None
    parts = []
    for side in (left, right):
        found = table(side, 0) if table is not None else None
        if found is None or found[1] != len(side):
            entry = _lookup(lexicon(), side) or lexicon().letters.get(side)
            if entry is None:
                return None
            parts.append(entry.name)
        else:
            parts.append(found[0].name)
    return Unit(f"{parts[0]} per {parts[1]}", "quantity", source="lexicon")
