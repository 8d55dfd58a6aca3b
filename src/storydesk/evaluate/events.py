"""Scores events and actor normalisation against our own annotations of the shared news articles.

The gold files (``evaluate/data/events_gold.jsonl`` and ``actors_gold.jsonl``) refer to sentences and
mentions by article file id and character offsets into the article's ``text``; the texts themselves stay
in ../shared/data. See docs/events-annotation.md for how they were annotated.

Events match one to one within a gold sentence when action, actor and target agree (a missing actor or
target matches only a missing one). Person names match when one's words are all in the other's, so that
"Guterres" finds "Antonio Guterres".
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..enrich.actors import actor_table, resolve_actors
from ..enrich.events import SCORES, VERBS, find_events
from ..enrich.nlp import load_nlp
from ..model import Entity, Event

GOLD_DIR = Path(__file__).resolve().parent / "data"
RAW_KINDS = {
    "GPE": "country",
    "PERSON": "person",
    "ORG": "organisation",
    "NORP": "country",
    "LOC": "place",
    "FAC": "place",
}


def load_gold(name: str = "events_gold.jsonl") -> list[dict[str, Any]]:
    """Rows of a gold file shipped with the package."""
    raw = (GOLD_DIR / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in raw.splitlines() if line.strip()]


def load_article(data_dir: Path, article_id: str) -> dict[str, Any]:
    """One news-please article of the shared stories corpus."""
    path = data_dir / "stories" / "articles" / f"{article_id}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _norm(name: str | None) -> str | None:
    if name is None:
        return None
    name = re.sub(r"^(?:the)\s+", "", name.strip().casefold())
    return re.sub(r"[‘’'`]", "'", name)


def same_actor(a: str | None, b: str | None) -> bool:
    """Whether two actor names denote the same actor (exact after normalising; name words for persons)."""
    na, nb = _norm(a), _norm(b)
    if na is None or nb is None:
        return na is nb
    if na == nb:
        return True
    wa, wb = set(re.split(r"[\s-]+", na)), set(re.split(r"[\s-]+", nb))
    known = actor_table().aliases
    if (a or "") in known or (b or "") in known:
        return False
    return bool(wa) and bool(wb) and (wa <= wb or wb <= wa)


def _match(
    pred: list[tuple[str, str | None, str | None]], gold: list[tuple[str, str | None, str | None]], keys: int
) -> int:
    """One-to-one matches between predicted and gold tuples compared on their first ``keys`` fields."""
    used: set[int] = set()
    hits = 0
    for p in pred:
        for i, g in enumerate(gold):
            if i in used or p[0] != g[0]:
                continue
            if keys >= 2 and not same_actor(p[1], g[1]):
                continue
            if keys >= 3 and not same_actor(p[2], g[2]):
                continue
            used.add(i)
            hits += 1
            break
    return hits


@dataclass
class PRF:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self) -> str:
        return f"{100 * self.precision:.1f} / {100 * self.recall:.1f} / {100 * self.f1:.1f}"


@dataclass
class EventScores:
    strict: PRF = field(default_factory=PRF)  # action + actor + target
    actor: PRF = field(default_factory=PRF)  # action + actor
    action: PRF = field(default_factory=PRF)  # action only
    sentence: PRF = field(default_factory=PRF)  # does the sentence hold an event at all
    per_action: dict[str, PRF] = field(default_factory=dict)
    dates_right: int = 0
    dates_gold: int = 0


def score_events(pairs: Iterable[tuple[list[Event], list[dict[str, Any]]]]) -> EventScores:
    """Score (predicted events of a sentence, gold events of it) pairs."""
    scores = EventScores()
    for predicted, gold in pairs:
        p3 = list(dict.fromkeys((e.action, e.actor, e.target) for e in predicted))
        g3 = [(g["action"], g["actor"], g["target"]) for g in gold]
        for prf, keys in ((scores.strict, 3), (scores.actor, 2)):
            prf.tp += _match(p3, g3, keys)
            prf.pred += len(p3)
            prf.gold += len(g3)
        p1, g1 = Counter(a for a, _, _ in p3), Counter(a for a, _, _ in g3)
        scores.action.tp += sum((p1 & g1).values())
        scores.action.pred += len(p3)
        scores.action.gold += len(g3)
        scores.sentence.tp += int(bool(p3) and bool(g3))
        scores.sentence.pred += int(bool(p3))
        scores.sentence.gold += int(bool(g3))
        for action in set(p1) | set(g1):
            prf = scores.per_action.setdefault(action, PRF())
            prf.tp += _match([t for t in p3 if t[0] == action], [t for t in g3 if t[0] == action], 3)
            prf.pred += p1[action]
            prf.gold += g1[action]
        for g in gold:
            if not g.get("date"):
                continue
            scores.dates_gold += 1
            for e in predicted:
                if (
                    e.action == g["action"]
                    and same_actor(e.actor, g["actor"])
                    and same_actor(e.target, g["target"])
                ):
                    scores.dates_right += int(bool(e.date) and str(e.date).startswith(g["date"]))
                    break
    return scores


@dataclass
class ParsedArticle:
    id: str
    doc: Any
    published_at: str | None
    entities: list[Entity]


def parse_gold_articles(data_dir: Path, nlp: Any = None) -> dict[str, ParsedArticle]:
    """Parse and resolve every article the gold files refer to, once."""
    nlp = nlp or load_nlp()
    ids = sorted(
        {row["article"] for row in load_gold()} | {row["article"] for row in load_gold("actors_gold.jsonl")}
    )
    out = {}
    articles = [load_article(data_dir, i) for i in ids]
    for aid, art, doc in zip(
        ids, articles, nlp.pipe([a["text"] for a in articles], batch_size=16), strict=True
    ):
        out[aid] = ParsedArticle(aid, doc, art.get("date_publish"), resolve_actors(doc))
    return out


EventSystem = Callable[[ParsedArticle], list[Event]]


def system_events(art: ParsedArticle) -> list[Event]:
    """Our extractor: trigger lexicon, light verbs and the parse over resolved actors."""
    return find_events(art.doc, art.entities, art.published_at)


def raw_entities(doc: Any) -> list[Entity]:
    """The baseline's actors: spaCy's entities as written, kind from the model's label."""
    out = []
    for ent in doc.ents:
        if ent.label_ in RAW_KINDS:
            name = re.sub(r"^(?:the|The)\s+", "", ent.text)
            name = re.sub(r"(?:'s|’s)$", "", name).strip()
            out.append(
                Entity(ent.start_char, ent.end_char, ent.text, ent.label_, name, RAW_KINDS[ent.label_])
            )
    return out


def lexicon_baseline(entities_of: Callable[[ParsedArticle], list[Entity]]) -> EventSystem:
    """A verb-lexicon-only extractor: any trigger lemma, the nearest actor before it and the first after."""
    def run(art: ParsedArticle) -> list[Event]:
        entities = entities_of(art)
        events = []
        for sent in art.doc.sents:
            in_sent = [
                e for e in entities if e.start >= sent.start_char and e.end <= sent.end_char and e.actor
            ]
            for tok in sent:
                action = VERBS.get(tok.lemma_.lower())
                if action is None or tok.pos_ != "VERB":
                    continue
                before = [e for e in in_sent if e.end <= tok.idx]
                after = [e for e in in_sent if e.start > tok.idx]
                actor = before[-1].actor if before else None
                target = after[0].actor if after else None
                if actor or target:
                    events.append(
                        Event(
                            sent.start_char,
                            sent.end_char,
                            action,
                            actor,
                            target,
                            tok.text,
                            SCORES[action],
                            None,
                            sent.text,
                        )
                    )
        return events

    return run


def evaluate_events(
    parsed: dict[str, ParsedArticle], system: EventSystem = system_events, split: str | None = None
) -> EventScores:
    """Events of one system against the gold sentences of one split ("dev", "test") or of both."""
    rows = [row for row in load_gold() if split is None or row.get("split") == split]
    needed = {row["article"] for row in rows}
    by_article: dict[str, list[Event]] = {aid: system(art) for aid, art in parsed.items() if aid in needed}
    pairs = []
    for row in rows:
        predicted = [e for e in by_article[row["article"]] if e.start < row["end"] and e.end > row["start"]]
        pairs.append((predicted, row["events"]))
    return score_events(pairs)


@dataclass
class ActorScores:
    correct: int = 0  # actor and kind
    name_correct: int = 0
    total: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def name_accuracy(self) -> float:
        return self.name_correct / self.total if self.total else 0.0


def evaluate_actors(
    parsed: dict[str, ParsedArticle],
    entities_of: Callable[[ParsedArticle], list[Entity]] = lambda a: a.entities,
    split: str | None = None,
) -> ActorScores:
    """Gold mentions of one split (or both) against the predicted entity that overlaps each most."""
    scores = ActorScores()
    cache: dict[str, list[Entity]] = {}
    for row in load_gold("actors_gold.jsonl"):
        if split is not None and row.get("split") != split:
            continue
        art = parsed[row["article"]]
        if row["article"] not in cache:
            cache[row["article"]] = entities_of(art)
        best, overlap = None, 0
        for ent in cache[row["article"]]:
            o = min(ent.end, row["end"]) - max(ent.start, row["start"])
            if o > overlap:
                best, overlap = ent, o
        scores.total += 1
        name_ok = best is not None and same_actor(best.actor, row["actor"])
        scores.name_correct += int(name_ok)
        if name_ok and best is not None and best.actor_kind == row["kind"]:
            scores.correct += 1
        else:
            found = f"{best.actor} ({best.actor_kind})" if best is not None else "-"
            scores.errors.append(
                (art.doc.text[row["start"] : row["end"]], f"{row['actor']} ({row['kind']})", found)
            )
    return scores
