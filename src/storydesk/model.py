"""Plain records that flow between the stages.

Every stage takes and returns these dataclasses; they hold no behaviour beyond
(de)serialisation so that the same records travel through SQLite, JSON, Parquet and Spark.
Character offsets are always into ``Article.text``.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

T = TypeVar("T")

Section = Literal[
    "headline", "lede", "fact", "figure", "quote", "reaction", "analysis", "outlook", "background", "timeline"
]


_ATOMS = frozenset((str, int, float, bool, type(None)))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def to_dict(obj: Any) -> Any:
    """Turn a record (or nested records) into JSON-ready dicts and lists."""
    cls = type(obj)
    if cls in _ATOMS:  # most values of a record: returned as they are, without the checks below
        return obj
    names = _FIELD_NAMES.get(cls)
    if names is None and dataclasses.is_dataclass(cls):
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls) if not f.metadata.get("memory"))
    if names is not None:
        return {name: to_dict(getattr(obj, name)) for name in names}
    if isinstance(obj, list | tuple):
        return [to_dict(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    if isinstance(obj, set | frozenset):
        return sorted(to_dict(x) for x in obj)
    if isinstance(obj, datetime.date):
        return obj.isoformat()
    return obj


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Build a record from a dict, ignoring unknown keys and nesting known record types."""
    hints = _NESTED.get(cls.__name__, {})
    # a field kept in memory only (``metadata={"memory": True}``) is never read from a record
    names = {f.name for f in dataclasses.fields(cls) if not f.metadata.get("memory")}  # type: ignore[arg-type]
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in names:
            continue
        sub = hints.get(key)
        if sub is not None and isinstance(value, list):
            value = [from_dict(sub, v) if isinstance(v, dict) else v for v in value]
        elif sub is not None and isinstance(value, dict):
            value = from_dict(sub, value)
        kwargs[key] = value
    return cls(**kwargs)


@dataclass
class Article:
    """One news article as ingested: clean text plus metadata.

    ``id`` is a stable hash of the canonical URL (or of the text when there is no URL), so
    re-ingesting the same input never creates a second row.
    """

    id: str
    text: str
    title: str = ""
    url: str | None = None
    canonical_url: str | None = None
    outlet: str = ""
    domain: str = ""
    authors: list[str] = field(default_factory=list)
    published_at: str | None = None  # ISO 8601
    language: str | None = None
    description: str | None = None
    content_hash: str = ""
    duplicate_of: str | None = None
    near_duplicate_score: float | None = None
    source: str = ""  # where it came from: file path, feed URL, WARC record id
    fetched_at: str | None = None
    labels: dict[str, Any] = field(default_factory=dict)  # e.g. gold event ids of an evaluation corpus
    # in memory only (never written to or read from a record): set before a brief is written when the
    # publication time is one of its outlet's batch stamps (``stories.developments.batch_stamped``)
    batch_stamped: bool = field(default=False, metadata={"memory": True})


@dataclass
class Sentence:
    start: int
    end: int
    text: str


@dataclass
class Entity:
    start: int
    end: int
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, ...
    actor: str | None = None  # canonical actor name, e.g. "North Korea"
    actor_kind: str | None = None  # country, city, person, organisation, armed_force, media
    role: str | None = None  # a person's role as the article states it: "Korea chair"
    affiliation: str | None = None  # a person's organisation, or the state of an armed force or outlet


@dataclass
class Actor:
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    affiliation: str | None = None


@dataclass
class Quote:
    """Direct or indirect speech, or an attribution to an outlet."""

    content_start: int
    content_end: int
    content: str
    speaker: str | None = None  # the mention as written
    speaker_start: int | None = None
    speaker_end: int | None = None
    actor: str | None = None  # resolved canonical actor
    role: str | None = None
    affiliation: str | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    direct: bool = False
    partial: bool = False  # indirect speech that quotes some of the speaker's words: said it was "a disgrace"


@dataclass
class Claim:
    """A numeric claim: "approximately 3,000 troops", "could swell to 12,000"."""

    start: int
    end: int
    text: str
    value: float
    unit: str | None = None
    value_high: float | None = None  # for ranges
    counted: str | None = None  # what is counted: "troops"
    approximate: bool = False
    hedge: str | None = None  # "about", "up to", "could swell to"
    modality: str = "reported"  # reported, estimated, projected
    kind: str = "quantity"  # quantity, count, money, percent, fraction, age, ordinal, rank
    sentence_start: int | None = None
    unit_text: str | None = None  # the unit as written: "US $", "per cent", "km/h"
    currency: str | None = None  # ISO 4217 code for money: "USD", "EUR", "KRW"
    bound: str | None = None  # "upper" (up to, less than) or "lower" (more than, at least)


@dataclass
class Event:
    """Actor-action-target, with a PLOVER-style action type."""

    start: int
    end: int
    action: str  # agree, consult, support, cooperate, aid, deploy, mobilise, sanction, demand, ...
    actor: str | None = None
    target: str | None = None
    trigger: str | None = None
    score: float = 0.0  # cooperation (+) to conflict (-)
    date: str | None = None
    sentence: str = ""


@dataclass
class Enrichment:
    article_id: str
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    model: str = ""
    errors: list[str] = field(default_factory=list)  # stages that failed on this article, with the reason


@dataclass
class Story:
    id: str
    title: str = ""
    article_ids: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    first_seen: str | None = None
    last_seen: str | None = None
    merged_into: str | None = None
    history: list[dict[str, Any]] = field(default_factory=list)  # merges and splits, never rewritten

    @property
    def size(self) -> int:
        return len(self.article_ids)


@dataclass
class Support:
    """Why a brief sentence may be said: the source sentence it rests on and how well."""

    article_id: str
    sentence: str
    start: int | None = None
    end: int | None = None
    score: float = 1.0


@dataclass
class BriefSentence:
    text: str
    section: str
    citations: list[str] = field(default_factory=list)
    support: list[Support] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class SourceRef:
    id: str
    url: str | None
    outlet: str
    title: str
    published: str | None
    duplicates: list[str] = field(default_factory=list)


@dataclass
class Brief:
    story_id: str
    headline: str
    sentences: list[BriefSentence] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)
    version: int = 1
    created_at: str | None = None
    coverage: dict[str, Any] = field(default_factory=dict)
    writer: str = "extractive"
    perspectives: dict[str, Any] = field(default_factory=dict)  # how each outlet told it (3+ outlets)


@dataclass
class TimelineEntry:
    """One dated event of a timeline: a source sentence, cited by article id and character offsets."""

    date: str  # ISO date (YYYY-MM-DD) the event happened on
    text: str  # the source sentence, verbatim
    article_id: str
    start: int  # offsets of the sentence in the article's text
    end: int
    score: float = 0.0  # the sentence's centrality on its date
    how: str = ""  # how the date was resolved: explicit, inferred-year, weekday, relative, ago, publication
    date_score: float = 0.0  # the date's importance (articles referring to it or published on it)


@dataclass
class Reject:
    stage: str
    input: str
    reason: str
    at: str | None = None


_NESTED: dict[str, dict[str, type]] = {
    "Enrichment": {
        "sentences": Sentence, "entities": Entity, "quotes": Quote, "claims": Claim, "events": Event,
    },
    "BriefSentence": {"support": Support},
    "Brief": {"sentences": BriefSentence, "sources": SourceRef},
}
