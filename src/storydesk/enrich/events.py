"""Actor-action-target events with a small political and security ontology in the spirit of PLOVER.

A trigger lexicon over lemmas proposes an action; the dependency parse gives its subject (the actor) and
object or prepositional complement (the target), which are mapped to the canonical actors that
``storydesk.enrich.actors.resolve_actors`` found. Light verbs take their meaning from their object ("hold
talks" consults, "hold drills" mobilises, "impose sanctions" sanctions). Each action carries a fixed
cooperation (+) to conflict (-) score on a Goldstein-like scale from -10 to +10. Dates come from the
sentence ("on Tuesday", "Sept. 15") resolved against the publication date.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..dates import event_date as resolve_date
from ..model import Entity, Event
from .events_lexicon import (
    ACTOR_KINDS,
    ANAPHORS,
    CALL_PREPS,
    INTENT_HEADS,
    LIGHT,
    MODALS,
    NO_OBJECT_TARGET,
    PLACE_TARGET,
    PREP_FOR_ACTION,
    PRIVATE_NOUNS,
    PRONOUNS,
    QUANTITY_NOUNS,
    TARGET_KINDS,
    VERBS,
    VOW_HEADS,
)

__all__ = ["ONTOLOGY", "SCORES", "Action", "find_events", "ontology_markdown", "resolve_date"]


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


def _actor_of(
    tok: Any,
    index: dict[int, Entity],
    entities: list[Entity],
    kinds: frozenset[str] | set[str] = ACTOR_KINDS,
) -> str | None:
    """The canonical actor a phrase headed by ``tok`` names: the entity nearest its head.

    Pronouns and "the country" take the last compatible actor named before them; a nationality on a
    private person ("a Palestinian girl") names no state.
    """
    if tok is None:
        return None
    ent = index.get(tok.i)
    if ent is not None and ent.actor_kind in kinds:
        return ent.actor
    if ent is None or ent.actor_kind in {"city", "place"}:
        for child in tok.children:  # a dateline "RAMALLAH, West Bank - An Israeli military court"
            if child.dep_ == "appos" and child.i > tok.i:
                found = _actor_of(child, index, entities, kinds)
                if found:
                    return found
    if tok.lemma_.lower() in QUANTITY_NOUNS or tok.lower_ in QUANTITY_NOUNS:
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        return _actor_of(pobj, index, entities, kinds)
    anaphor = tok.lower_ in PRONOUNS and tok.pos_ == "PRON"
    if (
        not anaphor
        and tok.lemma_.lower() in ANAPHORS
        and any(c.lower_ in {"the", "its"} for c in tok.children)
        and not any(index.get(c.i) is not None for c in tok.subtree)
    ):
        anaphor = True
    if anaphor:
        want = PRONOUNS.get(tok.lower_, "country")
        before = [
            e
            for e in entities
            if e.end <= tok.idx
            and (
                e.actor_kind == want
                or (want == "country" and e.actor_kind in {"organisation", "armed_force"} and tok.lower_ != "country")
            )
        ]
        return before[-1].actor if before else None
    if tok.lemma_.lower() in PRIVATE_NOUNS:
        return None
    best: tuple[int, str] | None = None
    for sub in tok.subtree:
        ent = index.get(sub.i)
        if ent is None or ent.actor_kind not in kinds:
            continue
        d, t, clause = 0, sub, False
        while t.i != tok.i and d < 8:
            if t.dep_ in {"relcl", "acl", "advcl", "ccomp", "xcomp", "appos"}:
                clause = True  # "sanctions targeting Pyongyang" does not name who sanctions
            if t.dep_ == "pobj" and t.head.lower_ not in {"of", "from"}:
                d += 3  # "troops in Seoul" names no actor
            t, d = t.head, d + 1
        if clause:
            continue
        if best is None or d < best[0]:
            best = (d, ent.actor or "")
    if best is not None and best[0] <= 4:
        return best[1] or None
    return None


def _light_object(tok: Any) -> list[Any]:
    """Objects that give a light verb its meaning, looking through "dozens of" and ordered clauses."""
    objs = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass", "attr"} and c.tag_ != "WDT"]
    if tok.dep_ in {"relcl", "acl"} and tok.tag_ == "VBN":  # "the missile, which was launched"
        objs.append(tok.head)
    for comp in tok.children:
        if comp.dep_ in {"ccomp", "xcomp"}:
            objs += [c for c in comp.children if c.dep_ in {"nsubj", "nsubjpass"}]
    out = []
    for obj in objs:
        out.append(obj)
        if obj.lemma_.lower() in QUANTITY_NOUNS or obj.lower_ in QUANTITY_NOUNS:
            out += [p for prep in obj.children if prep.lower_ == "of" for p in prep.children if p.dep_ == "pobj"]
    return out


def _action_of(tok: Any) -> str | None:
    """The ontology action a verb (or light verb with its object) expresses, if any."""
    if tok.pos_ not in {"VERB", "AUX"}:
        return None
    lemma = tok.lemma_.lower()
    if lemma in LIGHT:
        preps = {c.lower_ for c in tok.children if c.dep_ == "prep"}
        if lemma == "call":
            return "demand" if preps & CALL_PREPS else None
        objs = _light_object(tok)
        for obj in objs:
            for word in [obj, *[c for c in obj.children if c.dep_ == "compound"]]:
                action = LIGHT[lemma].get(word.lemma_.lower())
                if action:
                    return action
        if lemma == "hold" and any(o.dep_ == "dobj" and (o.pos_ == "PRON" or o.ent_type_ == "PERSON") for o in objs):
            return "coerce"  # "Israel was holding her"
        if lemma == "fire" and preps & {"at", "on"}:
            return "assault"
        if lemma == "defend" and any(c.dep_ == "poss" for o in objs for c in o.children):
            return "reject"  # "defended its enforcement": rebuts criticism
        if lemma in {"launch", "fire", "approve"} or lemma not in VERBS:
            return None
    if lemma == "warn" and any(c.dep_ == "ccomp" for c in tok.children):
        return None  # "warned that ...": a report, not a threat
    if lemma == "back" and any(c.dep_ == "prt" for c in tok.children):
        return None  # "back up a claim"
    if lemma == "meet" and any(c.dep_ == "dobj" and c.ent_type_ == "" and c.pos_ != "PRON" for c in tok.children):
        return None  # "meet a demand"
    return VERBS.get(lemma)


def _subject(tok: Any) -> tuple[Any, bool]:
    """The subject of a verb, inherited through xcomp, conj, advcl and relative clauses; passive or not."""
    cur = tok
    for _ in range(5):
        for child in cur.children:
            if child.dep_ in {"nsubj", "csubj"}:
                return (cur.head if child.tag_ == "WDT" and cur.dep_ == "relcl" else child), False
            if child.dep_ == "nsubjpass":
                if child.tag_ == "WDT" and cur.dep_ == "relcl":
                    return cur.head, cur is tok
                return child, cur is tok
        if cur.dep_ == "relcl":
            return cur.head, False
        if cur.dep_ == "acl":
            return cur.head, cur.tag_ == "VBN"
        if cur.dep_ in {"xcomp", "conj", "advcl", "acomp", "pcomp"}:
            cur = cur.head
        elif cur.dep_ == "prep" or (cur.dep_ == "pobj" and cur.head.dep_ == "prep"):
            cur = cur.head
        else:
            return None, False
    return None, False


def _pobj_actors(
    head: Any, preps: set[str], index: dict[int, Entity], entities: list[Entity], kinds: set[str]
) -> str | None:
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found = _actor_of(pobj, index, entities, kinds)
                    if found:
                        return found
    return None


def _targets(tok: Any, action: str, index: dict[int, Entity], entities: list[Entity]) -> list[str | None]:
    """What the action is aimed at: the object(s), or a prepositional complement that names an actor."""
    kinds = TARGET_KINDS if action in PLACE_TARGET else ACTOR_KINDS
    if tok.lemma_.lower() == "defend":
        return [None]
    if action not in NO_OBJECT_TARGET:
        for child in tok.children:
            if child.dep_ in {"dobj", "dative"}:
                objects = [_actor_of(c, index, entities, kinds) for c in [child, *child.conjuncts]]
                if any(objects):
                    return [f for f in objects if f]
    preps = PREP_FOR_ACTION.get(action, set()) | {"against"}
    heads = [tok, *[c for c in tok.children if c.dep_ == "dobj"]]
    if tok.dep_ == "acl":  # "a missile launched from X had flown over Japan"
        heads.append(tok.head.head)
    for head in heads:
        found = _pobj_actors(head, preps, index, entities, kinds)
        if found:
            return [found]
    for child in tok.children:  # "threatened to attack Guam": the target of the governed action
        if child.dep_ == "xcomp" and _action_of(child):
            got = _targets(child, _action_of(child) or action, index, entities)
            if got != [None]:
                return got
    if action == "demand":
        for child in tok.children:  # "urged Seoul to ...": the subject of the demanded clause
            if child.dep_ in {"ccomp", "xcomp"}:
                for sub in child.children:
                    if sub.dep_ == "nsubj":
                        found = _actor_of(sub, index, entities, kinds)
                        if found:
                            return [found]
    return [None]


def _passive_actor(tok: Any, subj: Any, action: str, index: dict[int, Entity], entities: list[Entity]) -> str | None:
    """The "by X" agent of a passive verb; for launches also "from X" and the owner of the missile."""
    for child in tok.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return _actor_of(pobj, index, entities)
    if action == "mobilise":
        found = _pobj_actors(tok, {"from"}, index, entities, {"country"})
        if found:
            return found
        if subj is not None:  # "the South Korean missile, which was launched"
            for child in subj.children:
                ent = index.get(child.i)
                if child.dep_ in {"amod", "poss", "compound"} and ent is not None and ent.actor_kind == "country":
                    return ent.actor
    return None


def _hypothetical(tok: Any) -> bool:
    """Modal, conditional, intended or merely possible actions are not events."""
    if any(c.dep_ == "aux" and c.lower_ in MODALS for c in tok.children):
        return True
    if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in tok.children):
        return True
    if tok.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return True  # "the right to conduct drills"
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in INTENT_HEADS:
        return True
    return False


def find_events(doc: Any, entities: list[Entity], published_at: str | None = None) -> list[Event]:
    """Events of a parsed document: one per trigger and actor-target pair where either is a known actor."""
    index = _entity_index(doc, entities)
    events: list[Event] = []
    for sent in doc.sents:
        for tok in sent:
            action = _action_of(tok)
            if action is None or any(c.dep_ == "neg" for c in tok.children) or _hypothetical(tok):
                continue
            if tok.dep_ in {"xcomp", "ccomp"} and _action_of(tok.head) in {
                "threaten",
                "demand",
                "agree",
                "reject",
            }:
                continue  # "threatened to attack": the governing action is the event
            if tok.dep_ in {"amod", "compound"}:
                continue
            trigger = tok
            if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in VOW_HEADS and SCORES[action] <= -5:
                action, trigger = "threaten", tok.head  # "vowed to shoot down missiles" threatens
            subj, passive = _subject(trigger)
            subjects = [subj, *subj.conjuncts] if subj is not None else [None]
            for subject in subjects:
                if passive:
                    actors = [_passive_actor(trigger, subject, action, index, entities)]
                    targets = [
                        _actor_of(subject, index, entities, TARGET_KINDS)
                        if subject is not None and action not in NO_OBJECT_TARGET
                        else None
                    ]
                    if targets == [None] and action in NO_OBJECT_TARGET and tok.dep_ == "acl":
                        preps = PREP_FOR_ACTION[action]  # "a missile launched from X flew over Japan"
                        targets = [_pobj_actors(tok.head.head, preps, index, entities, TARGET_KINDS)]
                else:
                    actors = [_actor_of(subject, index, entities) if subject is not None else None]
                    targets = _targets(tok, action, index, entities)
                if actors == [None] and tok.dep_ == "acl":  # "voted for a resolution toughening sanctions"
                    verb = next((a for a in tok.ancestors if a.pos_ in {"VERB", "AUX"}), None)
                    if verb is not None:
                        vsubj, vpassive = _subject(verb)
                        if vsubj is not None and not vpassive:
                            actors = [_actor_of(vsubj, index, entities)]
                for actor in actors:
                    for target in targets:
                        scope = (
                            tok.left_edge.idx - sent.start_char,
                            tok.right_edge.idx + len(tok.right_edge) - sent.start_char,
                        )
                        date = resolve_date(sent.text, published_at, tok.idx - sent.start_char, scope)
                        _add(events, sent, action, actor, None if target == actor else target, tok.text, date)
    return [
        e
        for e in events
        if e.target is not None
        or not any(  # keep the fuller of two readings
            o.start == e.start and o.action == e.action and o.actor == e.actor and o.target is not None for o in events
        )
    ]


def _add(
    events: list[Event],
    sent: Any,
    action: str,
    actor: str | None,
    target: str | None,
    trigger: str,
    date: str | None,
) -> None:
    if actor is None and target is None:
        return
    if any(
        e.start == sent.start_char and e.action == action and e.actor == actor and e.target == target for e in events
    ):
        return
    events.append(
        Event(
            start=sent.start_char,
            end=sent.end_char,
            action=action,
            actor=actor,
            target=target,
            trigger=trigger,
            score=SCORES[action],
            date=date,
            sentence=sent.text,
        )
    )


def ontology_markdown() -> str:
    """The ontology as a Markdown table, for the docs."""
    lines = ["| action | score | PLOVER | what it covers |", "|---|---|---|---|"]
    lines += [f"| {a.name} | {a.score:+.1f} | {a.plover} | {a.help} |" for a in ONTOLOGY]
    return "\n".join(lines) + "\n"
