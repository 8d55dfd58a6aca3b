"""Claims across outlets: the same figure as each outlet reports it, agreements and disagreements,
and changes over time told apart from contradictions.

Two claims are one quantity (``same_quantity``) only when they count the same thing of the same event:
the same counted head noun or a synonym of it (``SYNONYMS``, our own short list), no conflicting proper
modifiers ("U.S. troops" vs "North Korean troops"), the same outcome ("killed" vs "injured"), the same unit
family (mass, length, money in one currency, percent, a plain count...) and compatible dates (a figure
"in 1991" is not this story's). A measure whose counted noun is unknown groups only with the same value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ..dates import find_dates, parse_reference
from ..model import Article, Claim, Enrichment
from .figure_text import base as _base
from .figure_text import figure_rows, format_value, line_from_rows

_DROP = frozenset("the a an of more than some about around nearly least at up to over and or".split())
# Heads that say little alone: the word before them names the thing ("refined petroleum products").
_GENERIC = frozenset("product item unit piece type kind amount number total quantity".split())
# Our own synonym classes of counted nouns (each word's class is its first member).
SYNONYMS: list[tuple[str, ...]] = [
    ("oil", "petroleum", "petrol", "crude", "fuel"),
    ("troop", "soldier", "serviceman", "servicemen", "servicemember"),
    ("death", "dead", "fatality", "killed"),
    ("injured", "wounded", "injury"),
    ("people", "person", "individual"),
    ("missile", "rocket"),
    ("ship", "vessel", "boat"),
    ("plane", "aircraft", "airplane", "jet"),
    ("worker", "employee", "staff"),
    ("child", "kid"),
    ("student", "pupil"),
    ("car", "vehicle"),
    ("home", "house"),
]
_CLASS = {w: group[0] for group in SYNONYMS for w in group}
_PERSONS = frozenset("people man men woman women child children resident civilian passenger tourist victim "
                     "adult student pupil worker".split())
# What happened to the counted people or things, read next to the number: a count of the dead is not a count
# of the injured.
_OUTCOMES: list[tuple[str, re.Pattern[str]]] = [
    ("killed", re.compile(r"(?i)\b(kill(?:ed|ing|s)?|dead|died|dying|deaths?|lost their lives|fatalit(?:y|ies)|"
                          r"death toll|perished)\b")),
    ("injured", re.compile(r"(?i)\b(injur(?:ed|ing|ies|y)|wound(?:ed|ing)|hurt|hospitali[sz]ed)\b")),
    ("missing", re.compile(r"(?i)\b(missing|unaccounted)\b")),
    ("arrested", re.compile(r"(?i)\b(arrest(?:ed|s)?|detain(?:ed)?|held|in custody)\b")),
    ("evacuated", re.compile(r"(?i)\b(evacuat(?:ed|ion)|displaced|fled|homeless)\b")),
    ("rescued", re.compile(r"(?i)\b(rescued|saved|survived|survivors?)\b")),
]
_EXCLUDED_HEADS = frozenset("time photo image picture video gallery year month week day hour minute second "
                            "decade century".split())
_TIME_UNITS = frozenset("year month week day hour minute second decade century millisecond times".split())
# Unit families and factors to the family's base unit (ton = tonne: news rarely means the short ton).
_UNITS: dict[str, tuple[str, float]] = {
    "ton": ("mass", 1000.0), "tonne": ("mass", 1000.0), "metric ton": ("mass", 1000.0),
    "kilogram": ("mass", 1.0), "gram": ("mass", 0.001), "pound-mass": ("mass", 0.4536), "ounce": ("mass", 0.02835),
    "kilometre": ("length", 1000.0), "metre": ("length", 1.0), "centimetre": ("length", 0.01),
    "millimetre": ("length", 0.001), "mile": ("length", 1609.34), "foot": ("length", 0.3048),
    "yard": ("length", 0.9144), "inch": ("length", 0.0254), "nautical mile": ("length", 1852.0),
    "square kilometre": ("area", 1e6), "square metre": ("area", 1.0), "square mile": ("area", 2.59e6),
    "square foot": ("area", 0.0929), "hectare": ("area", 1e4), "acre": ("area", 4046.86),
    "barrel": ("volume", 159.0), "litre": ("volume", 1.0), "gallon": ("volume", 3.785),
    "cubic metre": ("volume", 1000.0), "cubic foot": ("volume", 28.3),
    "kilometre per hour": ("speed", 1.0), "mile per hour": ("speed", 1.609), "knot": ("speed", 1.852),
    "metre per second": ("speed", 3.6),
    "percentage": ("percent", 1.0), "percentage point": ("points", 1.0), "basis point": ("points", 0.01),
}
DATE_SLACK_DAYS = 3  # two explicit day dates this close can be one event's (time zones, overnight reports)
BACKGROUND_DAYS = 60  # a figure dated this long before the other's article is about another event
FAR_APART = 5.0  # two different values this far apart are not one quantity reported twice


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
    bound: str | None = None
    counted: str | None = None  # what is counted, as written
    kind: str = "quantity"
    currency: str | None = None
    unit_text: str | None = None
    outcome: str | None = None  # killed, injured, missing, ...: what happened to what is counted
    when: dt.date | None = None  # the date the sentence gives the figure, when it gives one
    when_granularity: str | None = None
    context: frozenset[str] = frozenset()  # content words next to the claim in its sentence
    aside: bool = False  # its sentence opens on another matter ("Meanwhile, ..."): never a change or conflict

    @property
    def family(self) -> tuple[str, float]:
        return unit_family(self.unit, self.kind, self.currency)

    def shown(self) -> str:
        """The value as a reader reads it: hedge, readable number, unit (``about 600 tons``, ``$14 billion``)."""
        return format_value(self)


@dataclass
class FigureGroup:
    """One thing counted ("troops", "deaths") and what every outlet says of it."""

    key: str
    counted: str
    unit: str | None
    values: list[FigureValue] = field(default_factory=list)
    status: str = "single"  # single, agree, changed, disagree
    note: str = ""
    label: str = ""  # what is counted, as a reader reads it: "refined petroleum (tons)"
    earlier_event: bool = False  # every value is dated well before the story began: another event's figure

    @property
    def outlets(self) -> list[str]:
        return sorted({v.outlet for v in self.values})


def counted_key(counted: str | None) -> str | None:
    """A loose normal form of what is counted: its head noun, singular, in its synonym class."""
    words = _content_words(counted)
    if not words:
        return None
    head = words[-1]
    if head in _GENERIC and len(words) > 1:
        head = words[-2]
    return _CLASS.get(head, head)


def _content_words(counted: str | None) -> list[str]:
    if not counted:
        return []
    return [_singular(w) for w in re.findall(r"[a-z]+", counted.lower()) if w not in _DROP]


def _modifiers(counted: str | None) -> set[str]:
    """Proper modifiers of the counted noun ("U.S.", "North Korean"): two figures naming different ones differ."""
    if not counted:
        return set()
    words = counted.replace("U.S.", "US").replace("U.N.", "UN").split()[:-1]
    return {w.lower().strip(".,") for w in words if w[:1].isupper()}


def _singular(word: str) -> str:
    if word in {"people", "news", "species", "series"}:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("men") and len(word) > 4:
        return word[:-3] + "man"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


PERSON_KEYS = frozenset(k for k in map(counted_key, _PERSONS) if k)  # people, as counted_key names them


def unit_family(unit: str | None, kind: str, currency: str | None) -> tuple[str, float]:
    """(family, factor to its base unit): money is a family per currency; a plain count is ``count``."""
    if kind == "money":
        return f"money:{currency or unit or '?'}", (0.01 if unit in {"cent", "penny"} else 1.0)
    if kind == "percent":
        return _UNITS.get(unit or "percentage", ("percent", 1.0))
    if unit and unit in _UNITS:
        return _UNITS[unit]
    if kind == "count" or not unit:
        return "count", 1.0
    return f"unit:{unit}", 1.0


def same_quantity(a: FigureValue, b: FigureValue) -> bool:
    """True when two reported figures count the same thing of the same event, so that one line shows both."""
    if a.family[0] != b.family[0] or a.outcome != b.outcome or not compatible_dates(a, b):
        return False
    ma, mb = _modifiers(a.counted), _modifiers(b.counted)
    if ma and mb and not ma & mb:
        return False
    ka, kb = counted_key(a.counted), counted_key(b.counted)
    if ka is None or kb is None:  # a measure whose thing is unknown: one quantity only if the same value
        return _base(a) == _base(b) and a.family[0] != "count"
    return ka == kb


def compatible_dates(a: FigureValue, b: FigureValue) -> bool:
    """A figure the sentence dates ("in 1991", "on Oct. 19") is one with another only if their dates fit."""
    if a.when is None and b.when is None:
        return True  # both as of their articles: the story developing, judged later as a change
    if a.when is not None and b.when is not None:
        if "year" in (a.when_granularity, b.when_granularity):
            return a.when.year == b.when.year
        if "month" in (a.when_granularity, b.when_granularity):
            return (a.when.year, a.when.month) == (b.when.year, b.when.month)
        return abs((a.when - b.when).days) <= DATE_SLACK_DAYS
    dated, other = (a, b) if a.when is not None else (b, a)
    pub = parse_reference(other.published)
    assert dated.when is not None
    if pub is None:
        return True
    if dated.when_granularity == "year":
        return dated.when.year == pub.year
    return -BACKGROUND_DAYS <= (dated.when - pub).days <= 7


def consistent(a: FigureValue, b: FigureValue) -> bool:
    """The two outlets give the same number: equal within rounding (5% where either is approximate), or
    overlapping ranges. A hedge is shown, not used to agree: "at least 60" and "84" are two numbers."""
    alo, ahi = _base(a), _base(v_high(a))
    blo, bhi = _base(b), _base(v_high(b))
    slack = 0.05 if (a.approximate or b.approximate or a.hedge or b.hedge) else 0.01
    return alo <= bhi * (1 + slack) + 1e-9 and blo <= ahi * (1 + slack) + 1e-9


def v_high(v: FigureValue) -> FigureValue:
    """The top of a value's range as a value of its own."""
    if v.value_high is None:
        return v
    return FigureValue(v.article_id, v.outlet, v.published, v.value_high, None, v.unit, v.hedge, v.modality,
                       v.approximate, v.text, kind=v.kind, currency=v.currency)


def compare_claims(articles: list[Article], enrichments: dict[str, Enrichment],
                   *, min_outlets: int = 1) -> list[FigureGroup]:
    """Group the numeric claims of a story's articles by the quantity they report, and judge their agreement.

    Syndicated copies of an article in the set are left out: a copy is not a second outlet's figure.
    """
    ids = {a.id for a in articles}
    start = min((d for a in articles if (d := parse_reference(a.published_at))), default=None)
    groups: list[FigureGroup] = []
    for article in articles:
        enr = enrichments.get(article.id)
        if enr is None or (article.duplicate_of and article.duplicate_of in ids):
            continue
        for claim in enr.claims:
            v = _value(article, claim)
            if v is None:
                continue
            fits = [g for g in groups if all(_joins(v, w) for w in g.values)]
            home = next((g for g in fits if any(consistent(v, w) for w in g.values)), fits[0] if fits else None)
            if home is None:
                key = f"{counted_key(v.counted) or '?'}|{v.family[0]}|{v.outcome or ''}|{len(groups)}"
                home = FigureGroup(key, counted_key(v.counted) or (v.unit or "?"), v.unit)
                groups.append(home)
            home.values.append(v)
    out = []
    for group in groups:
        _dedupe(group)
        if len(group.outlets) < min_outlets:
            continue
        _judge(group)
        group.label = _label(group)
        group.earlier_event = start is not None and all(
            v.when is not None and (start - v.when).days > BACKGROUND_DAYS // 2 for v in group.values)
        out.append(group)
    out.sort(key=lambda g: (-len(g.outlets), -len(g.values), g.key))
    return out


def _joins(v: FigureValue, w: FigureValue) -> bool:
    """``v`` may share a line with ``w``: the same quantity, and a different value only where the two are
    plainly about the same thing (the same outcome, the same counted phrase of two or more words, or a shared
    word around the number), from two articles.
    An article giving two values of one noun counts two things ("10 ships" asked for, "four ships" added)."""
    if not same_quantity(v, w):
        return False
    if consistent(v, w):
        return True
    if v.aside or w.aside or any(_OTHER.search(x.counted or "") for x in (v, w)):
        return False
    lo, hi = sorted([abs(_base(v)), abs(_base(w))])
    if hi > FAR_APART * max(lo, 1e-9):
        return False  # 1 and 84 dead are two events' tolls, not two counts of one
    if v.outcome is not None and v.outcome == w.outcome:
        return True  # a toll as it develops, even within one article ("rose from 80 to 84")
    if v.article_id == w.article_id:
        return False
    same_phrase = len(set(_content_words(v.counted))) >= 2 and _content_words(v.counted) == _content_words(w.counted)
    return same_phrase or bool(v.context & w.context)  # "crew members" twice names one thing; "ships" may not


_OTHER = re.compile(r"(?i)\b(other|another|additional|more|further|remaining|new)\b")
_ASIDE = re.compile(r"\s*(Meanwhile|Separately|Elsewhere|In other news|In another|In a separate)\b")
_STOP = frozenset("that this with from have has had were was been will would their they them than about "
                  "said says also into over after before more other some such which when where while what "
                  "there these those including".split())


def _context(sentence: str, start: int, end: int, counted: str | None) -> frozenset[str]:
    skip = set(_content_words(counted))
    words = sentence[max(0, start - 40):start].split()[-3:] + sentence[end:end + 40].split()[:4]
    out = {_singular(w) for w in (re.sub(r"[^a-z]", "", x) for x in words if x[:1].islower()) if len(w) >= 4}
    return frozenset(out - _STOP - skip)


def _sentence(text: str, claim: Claim) -> tuple[int, str]:
    start = claim.sentence_start if claim.sentence_start is not None else max(0, text.rfind(". ", 0, claim.start))
    end = re.compile(r"[.!?][\"”’)]?(?=\s|$)").search(text, claim.end)
    return start, text[start:end.end() if end else len(text)]


def _outcome(sentence: str, start: int, end: int) -> str | None:
    """What happened to what is counted: the outcome word nearest the claim, within a few words of it
    ("killed 14 people and injured 40": 14 killed, 40 injured)."""
    after = re.split(r"[;:()]", sentence[end:end + 80])[0].split()[:7]
    before = re.split(r"[;:()]", sentence[max(0, start - 40):start])[-1].split()[-3:][::-1]
    best: tuple[int, int, str] | None = None
    for side, words in ((0, before), (1, after)):
        for dist in range(len(words)):
            phrase = " ".join(words[dist:dist + 3]) if side else " ".join(words[dist::-1][:3][::-1])
            hit = next((name for name, rx in _OUTCOMES if rx.match(phrase.strip(",.\"'")) or (
                dist + 1 < len(words) and rx.match(words[dist].strip(",.\"'")))), None)
            if hit and (best is None or (dist, side) < best[:2]):
                best = (dist, side, hit)
                break
    return best[2] if best else None


# A small number spelled out after a definite determiner refers back to things already met ("the two
# countries", "these three suspects"): no quantity the story reports.
_REFERENCE = re.compile(r"(?i)\b(?:the|these|those|both|all)\s+$")
_SMALL_WORD = re.compile(r"(?i)(?:two|three|four|five|six|seven|eight|nine|ten)\b")


def _value(article: Article, claim: Claim) -> FigureValue | None:
    if claim.kind in {"ordinal", "rank", "age", "fraction"}:
        return None
    head = counted_key(claim.counted)
    if head is None and unit_family(claim.unit, claim.kind, claim.currency)[0] == "count":
        return None  # a bare number: nothing says what it counts
    if head in _EXCLUDED_HEADS or (claim.unit or "") in _TIME_UNITS or (claim.unit or "").endswith(" of age"):
        return None
    s0, sentence = _sentence(article.text, claim)
    rel_start, rel_end = claim.start - s0, claim.end - s0
    if _REFERENCE.search(sentence[:rel_start]) and _SMALL_WORD.match(claim.text):
        return None  # "between the two countries", "the three men": things met before, not a figure
    counted = claim.counted
    outcome = {"death": "killed", "injured": "injured"}.get(head or "")
    if outcome is None and head in _PERSONS | {"people", "troop", "child", "worker", "student"}:
        outcome = _outcome(sentence, rel_start, rel_end)
    when, gran = _claim_date(sentence, rel_start, article.published_at)
    return FigureValue(
        article_id=article.id, outlet=article.outlet or article.domain, published=article.published_at,
        value=claim.value, value_high=claim.value_high, unit=claim.unit, hedge=claim.hedge,
        modality=claim.modality, approximate=claim.approximate, text=claim.text, sentence_start=claim.sentence_start,
        bound=claim.bound, counted=counted, kind=claim.kind, currency=claim.currency, unit_text=claim.unit_text,
        outcome=outcome, when=when, when_granularity=gran,
        context=_context(sentence, rel_start, rel_end, counted), aside=bool(_ASIDE.match(sentence)),
    )


def _claim_date(sentence: str, at: int, published: str | None) -> tuple[dt.date | None, str | None]:
    """The explicit date nearest the claim in its sentence (day, month or year), if any."""
    pub = parse_reference(published)
    if pub is None:
        return None, None
    near = [(abs(m.start - at), m) for m in find_dates(sentence, pub)
            if m.granularity in {"day", "month", "year"} and m.how in {"explicit", "inferred-year", "ago"}]
    if not near:
        return None, None
    m = min(near, key=lambda t: t[0])[1]
    return m.date, m.granularity


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
        if not any(consistent(v, d) for d in distinct):
            distinct.append(v)
    if len({v.outlet for v in group.values}) < 2 and len(distinct) == 1:
        group.status, group.note = "single", "reported by one outlet"
        return
    if len(distinct) == 1:
        group.status, group.note = "agree", f"{len(group.outlets)} outlets agree"
        return
    latest: dict[str, FigureValue] = {}  # per article its largest value: an article updates its own toll
    for v in base:
        if v.article_id not in latest or _base(v) > _base(latest[v.article_id]):
            latest[v.article_id] = v
    ordered = sorted(latest.values(), key=lambda v: (v.published or "", _base(v)))  # one time: rising
    times = {v.published for v in ordered}
    steps = list(zip(ordered, ordered[1:], strict=False))
    ups = sum(_base(b) > _base(a) and not consistent(a, b) for a, b in steps)
    downs = sum(_base(b) < _base(a) and not consistent(a, b) for a, b in steps)
    rising = ups > 0 and downs * 3 <= ups and _base(ordered[-1]) >= _base(ordered[0])
    falling = downs > 0 and ups == 0
    same_time_conflict = any(not consistent(a, b) for a in ordered for b in ordered  # a date alone is no time
                             if a.published == b.published and a.article_id != b.article_id
                             and "T00:00:00" not in (a.published or "T00:00:00"))
    if (rising or falling) and len(times) > 1 and not same_time_conflict:
        first, last = ordered[0], ordered[-1]
        group.status = "changed"
        group.note = (f"changed as the story developed: {first.shown()} ({(first.published or '?')[:10]}) to "
                      f"{last.shown()} ({(last.published or '?')[:10]})")
    else:
        group.status = "disagree"
        group.note = "outlets disagree: " + ", ".join(d.shown() for d in sorted(distinct, key=_base))


def _label(group: FigureGroup) -> str:
    """What the line counts, as the outlets write it: the most common counted noun, with its outcome."""
    names = Counter(" ".join(v.counted.split()) for v in group.values if v.counted and re.search("[A-Za-z]", v.counted))
    label = names.most_common(1)[0][0] if names else ""
    outcome = group.values[0].outcome
    if outcome and outcome not in label.lower() and counted_key(label) not in {"death", "injured"}:
        label = f"{label} {outcome}".strip()
    return label


def figure_line(group: FigureGroup, cite: Callable[[str], str] = lambda article_id: "") -> str:
    """One line per quantity: each outlet's value and hedge, by date when it changed, and the verdict.

    ``about 3,000 (Korea Herald [1]), up to 12,000 (Korea Times [2]); outlets disagree``
    """
    return line_from_rows(figure_rows(group), group.status, cite)
