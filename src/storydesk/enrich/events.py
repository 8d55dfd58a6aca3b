"""Actor-action-target events with a small political and security ontology in the spirit of PLOVER.

A trigger lexicon over lemmas proposes an action; the dependency parse gives its subject (the actor) and
object or prepositional complement (the target), which are mapped to the canonical actors that
``storydesk.enrich.actors.resolve_actors`` found. Light verbs take their meaning from their object ("hold
talks" consults, "hold drills" mobilises, "impose sanctions" sanctions). Each action carries a fixed
cooperation (+) to conflict (-) score on a Goldstein-like scale from -10 to +10. Dates come from the
sentence ("on Tuesday", "Sept. 15") resolved against the publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ..model import Entity, Event


@dataclass(frozen=True)
class Action:
    name: str
    score: float
    plover: str
    help: str


ONTOLOGY: tuple[Action, ...] = (
    Action("agree", 5.0, "AGREE", "agree to, sign or reach an agreement, accept a proposal"),
    Action("consult", 1.0, "CONSULT", "meet, hold talks, visit, telephone, negotiate"),
    Action("support", 3.5, "SUPPORT", "back, endorse, praise or welcome another actor or its action"),
    Action("cooperate", 6.0, "COOPERATE", "work together, coordinate, ally, offer cooperation"),
    Action("aid", 7.0, "AID", "give, supply or fund material, humanitarian or military help"),
    Action("deploy", -2.0, "MOBILIZE", "send or station troops, ships or weapons somewhere"),
    Action("mobilise", -3.0, "MOBILIZE", "show of force: missile launches, weapons tests, military drills"),
    Action("sanction", -5.0, "SANCTION", "impose sanctions or embargoes, cut ties, ban, freeze assets"),
    Action("demand", -4.0, "DEMAND", "demand, urge, call on an actor to act"),
    Action("accuse", -3.0, "ACCUSE", "accuse, blame, condemn, criticise, charge or indict"),
    Action("reject", -4.0, "REJECT", "reject, refuse, deny, oppose, veto"),
    Action("threaten", -6.0, "THREATEN", "threaten or warn of action against an actor"),
    Action("protest", -4.5, "PROTEST", "demonstrate, rally or protest against an actor"),
    Action("coerce", -7.0, "COERCE", "arrest, detain, seize, expel, sentence, raid"),
    Action("assault", -10.0, "ASSAULT", "attack, strike, bomb, shoot, kill, abduct, hit"),
)
SCORES = {a.name: a.score for a in ONTOLOGY}

VERBS: dict[str, str] = {}
for _action, _lemmas in {
    "agree": "agree sign accept approve ratify settle",
    "consult": "meet talk discuss negotiate consult visit host telephone",
    "support": "support back endorse praise welcome commend applaud hail defend",
    "cooperate": "cooperate collaborate coordinate partner ally",
    "aid": "aid help assist supply donate fund finance provide deliver rescue",
    "deploy": "deploy station dispatch",
    "mobilise": "mobilise mobilize",
    "sanction": "sanction embargo blacklist",
    "demand": "demand urge press insist",
    "accuse": "accuse blame condemn criticize criticise denounce slam charge indict sue",
    "reject": "reject refuse deny oppose dismiss veto rebuff decline",
    "threaten": "threaten warn",
    "protest": "protest demonstrate rally march",
    "coerce": "arrest detain seize expel deport jail imprison sentence convict raid confiscate",
    "assault": "attack bomb shell kill shoot invade abduct kidnap punch slap stab assault ambush",
}.items():
    for _lemma in _lemmas.split():
        VERBS[_lemma] = _action

# Light verbs: the action depends on the object's lemma.
LIGHT: dict[str, dict[str, str]] = {
    "hold": {"talk": "consult", "meeting": "consult", "summit": "consult", "negotiation": "consult",
             "drill": "mobilise", "exercise": "mobilise", "test": "mobilise", "protest": "protest",
             "rally": "protest", "demonstration": "protest"},
    "conduct": {"test": "mobilise", "drill": "mobilise", "exercise": "mobilise", "launch": "mobilise",
                "strike": "assault", "raid": "coerce", "talk": "consult"},
    "stage": {"drill": "mobilise", "exercise": "mobilise", "protest": "protest", "rally": "protest",
              "attack": "assault", "demonstration": "protest"},
    "carry": {"test": "mobilise", "attack": "assault", "strike": "assault", "launch": "mobilise"},
    "launch": {"missile": "mobilise", "rocket": "mobilise", "satellite": "mobilise", "attack": "assault",
               "strike": "assault", "offensive": "assault", "raid": "coerce", "probe": "accuse",
               "investigation": "accuse"},
    "fire": {"missile": "mobilise", "rocket": "mobilise", "projectile": "mobilise", "shot": "assault"},
    "test": {"missile": "mobilise", "bomb": "mobilise", "weapon": "mobilise", "device": "mobilise"},
    "impose": {"sanction": "sanction", "embargo": "sanction", "ban": "sanction", "tariff": "sanction",
               "penalty": "sanction"},
    "slap": {"sanction": "sanction", "tariff": "sanction"},
    "tighten": {"sanction": "sanction"},
    "adopt": {"sanction": "sanction", "resolution": "sanction"},
    "cut": {"tie": "sanction", "relation": "sanction", "aid": "sanction"},
    "reach": {"agreement": "agree", "deal": "agree", "accord": "agree"},
    "strike": {"deal": "agree", "agreement": "agree"},
    "send": {"troop": "deploy", "soldier": "deploy", "force": "deploy", "warship": "deploy", "ship": "deploy",
             "bomber": "deploy", "jet": "deploy", "carrier": "deploy", "aid": "aid", "food": "aid",
             "supply": "aid", "oil": "aid", "weapon": "aid", "arm": "aid", "delegation": "consult",
             "envoy": "consult", "athlete": "cooperate", "team": "cooperate"},
    "move": {"troop": "deploy", "missile": "deploy", "force": "deploy"},
    "ship": {"oil": "aid", "fuel": "aid", "weapon": "aid", "arm": "aid", "coal": "aid"},
    "transfer": {"oil": "aid", "fuel": "aid", "fund": "aid", "money": "aid", "weapon": "aid"},
    "give": {"aid": "aid", "money": "aid", "support": "support", "approval": "agree"},
    "offer": {"talk": "consult", "dialogue": "consult", "aid": "aid", "help": "aid", "assistance": "aid",
              "branch": "cooperate", "cooperation": "cooperate", "support": "support"},
    "call": {},
    "file": {"charge": "accuse", "complaint": "accuse", "lawsuit": "accuse"},
    "bring": {"charge": "accuse"},
    "express": {"support": "support", "concern": "accuse", "opposition": "reject", "regret": "accuse"},
    "violate": {"sanction": "sanction"},
}
_CALL_PREPS = {"on", "for", "upon"}
_TARGET_PREPS = {"on", "against", "to", "with", "at", "toward", "towards", "into", "over", "upon", "from"}
_PREP_FOR_ACTION = {
    "consult": {"with", "to"}, "cooperate": {"with"}, "aid": {"to", "for"}, "deploy": {"to", "into", "near"},
    "mobilise": {"over", "toward", "towards", "into", "near", "at"}, "sanction": {"on", "against"},
    "demand": {"on", "of", "from"}, "accuse": {"against"}, "threaten": {"against"},
    "protest": {"against", "outside"}, "assault": {"on", "against", "at"}, "agree": {"with"},
    "support": {"for"}, "reject": {"from"}, "coerce": {"in"},
}
_PRONOUNS = {"he": "person", "she": "person", "it": "country", "they": "country", "we": "country"}
_ACTOR_KINDS = {"country", "person", "organisation", "armed_force", "media", "group", "city", "region"}
_TARGET_KINDS = _ACTOR_KINDS | {"place"}


def _entity_index(doc: Any, entities: list[Entity]) -> dict[int, Entity]:
    """Token index -> the resolved entity covering it."""
    index: dict[int, Entity] = {}
    for ent in entities:
        span = doc.char_span(ent.start, ent.end, alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            index[tok.i] = ent
    return index


def _actor_of(tok: Any, index: dict[int, Entity], entities: list[Entity], depth: int = 0,
              kinds: frozenset[str] | set[str] = _ACTOR_KINDS) -> str | None:
    """The canonical actor a phrase headed by ``tok`` names: the entity nearest its head."""
    if tok is None:
        return None
    ent = index.get(tok.i)
    if ent is not None and ent.actor_kind in kinds:
        return ent.actor
    if tok.lower_ in _PRONOUNS and tok.pos_ == "PRON":
        want = _PRONOUNS[tok.lower_]
        before = [e for e in entities if e.end <= tok.idx and (e.actor_kind == want or (
            want == "country" and e.actor_kind in {"organisation", "armed_force"}))]
        return before[-1].actor if before else None
    best: tuple[int, str] | None = None
    for sub in tok.subtree:
        ent = index.get(sub.i)
        if ent is None or ent.actor_kind not in kinds:
            continue
        d, t = 0, sub
        while t.i != tok.i and d < 8:
            t, d = t.head, d + 1
        if sub.dep_ in {"pobj"} and sub.head.lower_ not in {"of", "from"}:
            d += 3  # "troops in Seoul" names no actor
        if best is None or d < best[0]:
            best = (d, ent.actor or "")
    if best is not None and best[0] <= 4:
        return best[1] or None
    if depth == 0:
        for conj in tok.conjuncts:
            found = _actor_of(conj, index, entities, depth + 1, kinds)
            if found:
                return found
    return None


def _action_of(tok: Any) -> str | None:
    """The ontology action a verb (or light verb with its object) expresses, if any."""
    lemma = tok.lemma_.lower()
    if lemma in LIGHT:
        objs = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass", "attr"}]
        preps = {c.lower_ for c in tok.children if c.dep_ == "prep"}
        if lemma == "call":
            return "demand" if preps & _CALL_PREPS else None
        for obj in objs:
            for word in [obj, *[c for c in obj.children if c.dep_ == "compound"]]:
                action = LIGHT[lemma].get(word.lemma_.lower())
                if action:
                    return action
        if lemma in {"launch", "fire"} and any(c.dep_ == "dobj" for c in tok.children):
            return None
        if lemma in {"fire"} and preps & {"at", "on"}:
            return "assault"
        if lemma not in VERBS:
            return None
    if tok.pos_ not in {"VERB", "AUX"} and not (tok.pos_ == "NOUN" and tok.dep_ == "ROOT"):
        return None
    return VERBS.get(lemma)


def _subject(tok: Any) -> tuple[Any, bool]:
    """The subject token of a verb, inherited through xcomp, conj and relative clauses; and passive or not."""
    seen = 0
    cur = tok
    while cur is not None and seen < 4:
        for child in cur.children:
            if child.dep_ in {"nsubj", "csubj"}:
                return child, False
            if child.dep_ == "nsubjpass":
                return child, True
        if cur.dep_ in {"xcomp", "conj", "advcl"} and cur.head.pos_ in {"VERB", "AUX"}:
            cur = cur.head
        elif cur.dep_ == "relcl":
            return cur.head, False
        elif cur.dep_ == "acl" and cur.tag_ == "VBN":
            return None, True
        else:
            return None, False
        seen += 1
    return None, False


def _target(tok: Any, action: str, passive_subject: Any, index: dict[int, Entity],
            entities: list[Entity]) -> str | None:
    """What the action is aimed at: the object, or a prepositional complement that names an actor."""
    if passive_subject is not None:
        return _actor_of(passive_subject, index, entities, kinds=_TARGET_KINDS)
    for child in tok.children:
        if child.dep_ in {"dobj", "dative"}:
            found = _actor_of(child, index, entities, kinds=_TARGET_KINDS)
            if found:
                return found
    preps = _PREP_FOR_ACTION.get(action, set()) | {"against"}
    heads = [tok, *[c for c in tok.children if c.dep_ == "dobj"]]
    for head in heads:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = _actor_of(pobj, index, entities, kinds=_TARGET_KINDS)
                        if found:
                            return found
    for child in tok.children:  # "threatened to attack Guam": the target of the governed action
        if child.dep_ == "xcomp" and _action_of(child):
            found = _target(child, _action_of(child) or action, None, index, entities)
            if found:
                return found
    for child in tok.children:  # "urged Seoul to ...": the object of an xcomp's subject
        if child.dep_ in {"ccomp", "xcomp"}:
            for sub in child.children:
                if sub.dep_ == "nsubj":
                    found = _actor_of(sub, index, entities)
                    if found:
                        return found
    return None


def _agent(tok: Any, index: dict[int, Entity], entities: list[Entity]) -> str | None:
    """The "by X" agent of a passive verb."""
    for child in tok.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return _actor_of(pobj, index, entities)
    return None


def find_events(doc: Any, entities: list[Entity], published_at: str | None = None) -> list[Event]:
    """Events of a parsed document: one per trigger whose actor or target is a known actor."""
    index = _entity_index(doc, entities)
    events: list[Event] = []
    for sent in doc.sents:
        for tok in sent:
            action = _action_of(tok)
            if action is None or any(c.dep_ == "neg" for c in tok.children):
                continue
            if tok.dep_ in {"xcomp", "ccomp"} and _action_of(tok.head) in {"threaten", "demand", "agree", "reject"}:
                continue  # "threatened to attack": the governing action is the event
            if tok.dep_ == "amod" or tok.tag_ in {"VBG"} and tok.dep_ in {"amod", "compound", "pobj"}:
                continue
            subj, passive = _subject(tok)
            subjects = [subj, *subj.conjuncts] if subj is not None else [None]
            for subject in subjects:
                if passive:
                    actor = _agent(tok, index, entities)
                    target = _actor_of(subject, index, entities, kinds=_TARGET_KINDS) if subject is not None else None
                else:
                    actor = _actor_of(subject, index, entities, depth=1) if subject is not None else None
                    target = _target(tok, action, None, index, entities)
                if actor is None and target is None:
                    continue
                if actor == target:
                    target = None
                event = Event(
                    start=sent.start_char, end=sent.end_char, action=action, actor=actor, target=target,
                    trigger=tok.text, score=SCORES[action], date=resolve_date(sent.text, published_at),
                    sentence=sent.text,
                )
                if not any(e.start == event.start and e.action == action and e.actor == actor
                           and e.target == target for e in events):
                    events.append(event)
    return events


_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = ("jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
           "|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_DATE_RE = re.compile(
    rf"\b(?:(?P<md>(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?)"
    rf"|(?P<dm>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\.?(?:,?\s+(?:19|20)\d\d)?)"
    rf"|(?P<iso>(?:19|20)\d\d-\d\d-\d\d)"
    r"|(?P<wd>(?:(?:last|this|on|late|early|since)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))"
    r"|(?P<rel>yesterday|today|tonight|this morning|this afternoon|this evening|last night))\b",
    re.IGNORECASE,
)


def resolve_date(text: str, published_at: str | None) -> str | None:
    """The date (YYYY-MM-DD) a sentence states, resolved against the publication date.

    A bare weekday means the latest such day on or before publication ("on Tuesday" in a Friday paper is
    three days earlier); "last Tuesday" is strictly before; "yesterday" the day before. Month-day dates
    without a year take the publication year, moved back a year if they would fall after publication.
    """
    base: dt.date | None = None
    if published_at:
        try:
            base = dt.datetime.fromisoformat(published_at.replace("Z", "+00:00")).date()
        except ValueError:
            base = None
    for m in _DATE_RE.finditer(text):
        if m.group("iso"):
            return m.group("iso")
        if m.group("md") or m.group("dm"):
            found = _month_day(m.group(0), base)
            if found:
                return found
            continue
        if base is None:
            continue
        if m.group("wd"):
            words = m.group("wd").lower().split()
            target = _WEEKDAYS.index(words[-1])
            back = (base.weekday() - target) % 7
            if words[0] == "last" and back == 0:
                back = 7
            return (base - dt.timedelta(days=back)).isoformat()
        rel = m.group("rel").lower()
        return (base - dt.timedelta(days=1 if rel == "yesterday" else 0)).isoformat()
    return None


def _month_day(expr: str, base: dt.date | None) -> str | None:
    """A "Sept. 15" or "15 September 2017" expression as an ISO date, with dateparser."""
    import dateparser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"]}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    cleaned = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", expr.replace("Sept.", "Sep.").replace("Sept ", "Sep "))
    parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    return parsed.date().isoformat() if parsed else None


def ontology_markdown() -> str:
    """The ontology as a Markdown table, for the docs."""
    lines = ["| action | score | PLOVER | what it covers |", "|---|---|---|---|"]
    lines += [f"| {a.name} | {a.score:+.1f} | {a.plover} | {a.help} |" for a in ONTOLOGY]
    return "\n".join(lines) + "\n"
