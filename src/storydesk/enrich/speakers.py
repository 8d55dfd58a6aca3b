"""Speakers of quotes: the mention, its role and affiliation, and the actor a pronoun stands for."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..model import Quote
from .actor_lexicon import GOV_WORDS, MEDIA_WORDS, MIL_WORDS, ORG_WORDS
from .nlp import doc_ents, doc_text, span_ents
from .quote_lexicon import (
    DOCUMENT_NOUNS,
    FEMALE_NAMES,
    FEMALE_NOUNS,
    FEMALE_TITLES,
    MALE_NAMES,
    MALE_NOUNS,
    MALE_TITLES,
    PRONOUNS,
    SPEECH_NOUNS,
    TITLES,
)
from .quote_spans import paragraph, subtree_span

Token = Any
Doc = Any


def subject(tok: Token, text: str) -> Token | None:
    """The grammatical speaker: the verb's subject, a passive agent, or the subject of the verb it hangs on.

    A subject in another paragraph means the parse ran over a line break (datelines, headlines): the noun
    right before the cue is taken instead.
    """
    subj = _parsed_subject(tok)
    ps, pe = paragraph(tok.idx, text)
    if subj is not None and ps <= subj.idx < pe:
        return subj
    i = tok.i - 1
    while i >= 0 and tok.doc[i].dep_ in ("aux", "neg", "advmod", "auxpass") and tok.doc[i].idx >= ps:
        i -= 1
    if i >= 0 and tok.doc[i].idx >= ps and tok.doc[i].pos_ in ("PROPN", "NOUN", "PRON"):
        return tok.doc[i]
    return None


def _parsed_subject(tok: Token) -> Token | None:
    cur = tok
    for _ in range(4):
        for c in cur.children:
            if c.dep_ == "agent":
                pobj = [g for g in c.children if g.dep_ == "pobj"]
                if pobj:
                    return pobj[0]
        for c in cur.children:
            if c.dep_ in ("nsubj", "csubj"):
                return c
        if cur.dep_ == "pcomp" and cur.head.head is not cur.head:
            cur = cur.head.head  # "by telling them that ..."
            continue
        if cur.dep_ in ("conj", "advcl", "xcomp", "relcl", "acl") and cur.head is not cur:
            if cur.dep_ in ("relcl", "acl"):
                return cur.head
            cur = cur.head
            continue
        break
    return None


_FIRST_PLURAL = frozenset(("we", "our"))
# Words that stand for a speaker without naming one: never an actor, nor a name in a list of speakers.
SPEAKER_PRONOUNS = frozenset(PRONOUNS) | frozenset(("who", "which", "that", "you", "us", "me", "one"))
ORG_HEAD_WORDS = GOV_WORDS | MIL_WORDS | MEDIA_WORDS | ORG_WORDS
# Role nouns that speak for a body ("a Kremlin spokesman", "the company's lawyer", "French officials"): a
# body named in front of one, or after of/for/at/from, is the quote's actor; the noun is its role. Nouns for
# people in their own right (witness, engineer, relatives) and for things (images, articles) are not here.
BODY_ROLE_NOUNS = ORG_HEAD_WORDS | frozenset("""
spokesman spokeswoman spokesperson spokespeople spokesmen spokeswomen official officials authority authorities
representative representatives envoy envoys ambassador diplomat diplomats minister ministers secretary chief
chairman chairwoman chair director executive executives leader leaders lawyer lawyers attorney attorneys
prosecutor prosecutors mayor governor commander commanders police spokes media office officer officers
management board regulator regulators
""".split())

_RELATIVE = frozenset(("who", "which", "that"))


def set_speaker(q: Quote, tok: Token, text: str) -> None:
    """Speaker mention: the noun phrase without appositions or clauses; role and affiliation from those."""
    if tok.lower_ in _RELATIVE and tok.head.dep_ == "relcl":
        antecedent = tok.head.head
        a_first, a_last = _mention(antecedent)
        q.actor = text[a_first.idx:a_last.idx + len(a_last)]  # PolNeAR marks "who" itself as the source
        first = last = tok
        tok = antecedent
    else:
        tok = _behind_speech_noun(tok)
        first, last = _mention(tok)
    keep = list(tok.doc[first.i:last.i + 1])
    q.speaker_start, q.speaker_end = first.idx, last.idx + len(last)
    q.speaker = text[q.speaker_start:q.speaker_end]
    appos = [c for c in tok.children if c.dep_ == "appos"]
    if appos:
        _role_from(q, appos[0], text)
    elif tok.ent_type_ == "PERSON":
        before = [t for t in keep if t.i < tok.i and not (t.ent_type_ == "PERSON" and t.ent_iob_ != "O")
                  and t.dep_ not in ("det", "case")]
        places = [t for t in before if t.ent_type_ in ("NORP", "GPE", "ORG") or t.dep_ == "poss"]
        titles = [t for t in before if t not in places and not any(p.i == t.head.i for p in places)
                  and t.lower_.rstrip(".") not in _HONORIFICS]
        if titles:
            q.role = " ".join(t.text for t in titles)
        if places:
            q.affiliation = " ".join(t.text for t in places)
    elif tok.lemma_.lower() in DOCUMENT_NOUNS or tok.ent_type_ not in ("PERSON", ""):
        for t in tok.subtree:
            if t.i != tok.i and t.dep_ == "pobj" and t.ent_type_ in ("ORG", "GPE", "NORP"):
                q.affiliation = _ent_text(t)
                if tok.lemma_.lower() in DOCUMENT_NOUNS:
                    q.actor = q.affiliation  # an editorial in The Guardian speaks for The Guardian
                break
    if q.role:
        q.role = re.sub(r"^(the|a|an)\s+", "", q.role, flags=re.I)


def _behind_speech_noun(tok: Token) -> Token:
    """The speaker behind a noun for what was said: "comments from X", "a report by X", "X's remarks"."""
    for _ in range(2):
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in SPEECH_NOUNS:
            return tok
        owner = [c for c in tok.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")]
        agents = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")
                  for g in c.children if g.dep_ == "pobj" and (g.pos_ == "PROPN" or g.ent_type_ in _SPEAKING)]
        nxt = owner[0] if owner else agents[0] if agents else None
        if nxt is None and tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
            # "the campaign issued a statement saying ...": who issued it
            nxt = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        if nxt is None:
            return tok
        tok = nxt
    return tok


_SPEAKING = frozenset(("PERSON", "ORG", "NORP"))
_HONORIFICS = frozenset(("mr", "mrs", "ms", "miss", "mx", "dr", "sir", "madam"))


def _mention(tok: Token) -> tuple[Token, Token]:
    """First and last token of a noun phrase without what follows its head (appositions, clauses)."""
    doc = tok.doc
    first = tok.left_edge
    while first.i < tok.i and (first.is_punct or first.is_space):
        first = doc[first.i + 1]
    last = tok
    while last.i + 1 < len(doc) and doc[last.i + 1].head.i == tok.i and doc[last.i + 1].dep_ in (
            "flat", "compound", "nummod"):
        last = doc[last.i + 1]
    return first, last


def _role_from(q: Quote, appos: Token, text: str) -> None:
    preps = [c for c in appos.children if c.dep_ == "prep" and c.lower_ in ("at", "of", "for", "with", "in")]
    role_end = preps[0].idx if preps else appos.right_edge.idx + len(appos.right_edge)
    role = text[appos.left_edge.idx:role_end].strip(" ,")
    q.role = role or None
    if preps:
        pobj = [c for c in preps[0].children if c.dep_ == "pobj"]
        if pobj:
            s, e = subtree_span(pobj[0], text)
            q.affiliation = text[s:e].strip(" ,")
    else:
        poss = [c for c in appos.children if c.dep_ == "poss"]
        if poss:
            q.affiliation = " ".join(t.text for t in poss[0].subtree if t.dep_ != "case")
            q.role = text[poss[0].right_edge.idx + len(poss[0].right_edge):role_end].strip(" ,'’s") or q.role


def _ent_text(tok: Token) -> str:
    for ent in doc_ents(tok.doc):
        if ent.start <= tok.i < ent.end:
            if ent.start > 0 and tok.doc[ent.start - 1].text == "The":
                return f"The {ent.text}"
            return ent.text
    return tok.text


class People:
    """Named persons (and organisations) in an article, in order, to name speakers and resolve pronouns.

    A person's gender comes from a title, a gendered apposition or a common first name; a pronoun speaker
    goes to the last named person whose gender does not disagree ("it" to the last organisation).
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.mentions: list[tuple[int, str, str]] = []  # (start char, full name, gender m/f/?)
        self.orgs: list[tuple[int, str]] = []
        self.full: dict[str, str] = {}
        self.gender: dict[str, str] = {}
        for ent in doc_ents(doc):
            if ent.label_ in ("ORG", "GPE"):
                self.orgs.append((ent.start_char, ent.text))
            if ent.label_ != "PERSON":
                continue
            ent = whole_name(ent)
            words = _name_words(ent.text)
            if not words:
                continue
            name = self.name(ent.text)
            if len(words) > 1:
                self.full.setdefault(words[-1].lower(), name)
                if "-" in words[-1] or len(words) == 3 and "-" not in words[0]:
                    # family name first: "Lee Min-ho" is "Mr Lee", "Yoon Suk Yeol" is "Mr Yoon"
                    self.full.setdefault(words[0].lower(), name)
            g = _gender(ent, words)
            if g != "?":
                self.gender.setdefault(name, g)
            self.mentions.append((ent.start_char, name, g))

    def name(self, mention: str) -> str:
        """'Mr. Trump' -> 'Donald Trump' once the full name has appeared; titles and possessives dropped."""
        words = _name_words(mention)
        if not words:
            return mention.strip()
        if len(words) == 1 and words[0].lower() in self.full:
            return self.full[words[0].lower()]
        return " ".join(words)

    def resolve(self, q: Quote, previous: Quote | None = None) -> None:
        """Name the actor behind a speaker mention. A pronoun goes first to the speaker of the attribution
        just before (``previous``, within two sentences) or to the subject of the sentence before, when
        number and gender agree; then to the last agreeing named person ("it": organisation)."""
        if q.speaker is None or q.speaker_start is None or q.speaker_end is None:
            return
        if q.actor is not None:  # a relative pronoun's antecedent, or the outlet behind an editorial
            q.actor = self._named(q.actor, q.speaker_start, q.speaker_end, antecedent=True)
            return
        kind = PRONOUNS.get(q.speaker.lower())
        if kind is None:
            q.actor = self._named(q.speaker, q.speaker_start, q.speaker_end)
            return
        antecedent = self._body_of(q, previous) if q.speaker.lower() in _FIRST_PLURAL else None
        antecedent = antecedent or self._antecedent(q, previous, kind)
        if antecedent is not None:
            q.actor = antecedent
        elif kind in ("m", "f"):
            # the last agreeing person named before the pronoun, where the speaker of the attribution just
            # before counts as named at its mention (a surname the model did not tag: "..., Musk tweeted.
            # '...,' he said" is Musk's, not a singer named two sentences earlier)
            named = list(self.mentions)
            before = self.name(previous.actor) if previous is not None and previous.actor else ""
            if previous is not None and previous.speaker_start is not None \
                    and PRONOUNS.get((previous.speaker or "").lower()) is None \
                    and any(name == before for _, name, _ in self.mentions):
                named.append((previous.speaker_start, before, self.gender.get(before, "?")))
            for start, name, g in sorted(named, reverse=True):
                if start < q.speaker_start and self.gender.get(name, g) in (kind, "?"):
                    q.actor = name
                    return
        elif kind == "n":
            earlier = [name for start, name in self.orgs if start < q.speaker_start]
            q.actor = earlier[-1] if earlier else None

    def _body_of(self, q: Quote, previous: Quote | None) -> str | None:
        """'we' and 'our' speak for the body the speaker just before belongs to, when the article says
        which ("Jane Roe, a spokeswoman for Acme, said ... We ..."): the previous attribution's
        affiliation, within the window of the sentence before."""
        if previous is None or not previous.affiliation or previous.speaker_start is None \
                or q.speaker_start is None:
            return None
        span = self.doc.char_span(q.speaker_start, q.speaker_end or q.speaker_start, alignment_mode="expand")
        if span is None:
            return None
        sent = span[0].sent
        window = self.doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
        if not window <= previous.speaker_start < q.speaker_start:
            return None
        body = previous.affiliation.strip()
        if not body[:1].isupper() and not body.lower().startswith("the "):
            return None
        return self._named(body, 0, 0, antecedent=True)

    def _antecedent(self, q: Quote, previous: Quote | None, kind: str) -> str | None:
        """The agreeing subject of the previous attribution or of the previous sentence, if any."""
        if kind not in ("m", "f", "n", "p") or q.speaker_start is None:
            return None
        span = self.doc.char_span(q.speaker_start, q.speaker_end or q.speaker_start, alignment_mode="expand")
        if span is None:
            return None
        sent = span[0].sent
        window = sent.start
        if sent.start > 0:
            window = self.doc[sent.start - 1].sent.start
        candidates: list[Token] = []
        if previous is not None and previous.speaker_start is not None and previous.actor \
                and PRONOUNS.get((previous.speaker or "").lower()) is None:
            prev = self.doc.char_span(previous.speaker_start, previous.speaker_end or previous.speaker_start,
                                      alignment_mode="expand")
            if prev is not None and window <= prev.start < span.start:
                candidates.append(prev.root)
        if sent.start > 0:
            before = self.doc[sent.start - 1].sent
            candidates += [t for t in before if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"
                           and t.pos_ in ("PROPN", "NOUN")]
        for cand in candidates:
            if _agrees(cand, kind, self):
                first, last = _mention(cand)
                return self._named(doc_text(self.doc)[first.idx:last.idx + len(last)], first.idx,
                                   last.idx + len(last))
        return None

    def _named(self, mention: str, start: int, end: int, antecedent: bool = False) -> str:
        if not antecedent:
            span = self.doc.char_span(start, end, alignment_mode="expand")
            ents = span_ents(span) if span is not None else []
            person = [e for e in ents if e.label_ == "PERSON"]
            if person:
                return self.name(whole_name(person[-1]).text)
            if ents and len(ents[-1]) >= len(span) - 1 and ents[-1].end >= span.end \
                    and span[-1].tag_ != "POS":
                return ents[-1].text  # not "South Korea's" for "South Korea's government"
            if span is not None and not ents and span[0].is_sent_start and span.root.pos_ in ("NOUN", "PRON") \
                    and span[0].pos_ != "PROPN" and span[0].text.istitle():
                mention = mention[:1].lower() + mention[1:]  # "Officials said": capitalised only as a first word
        text = mention.strip()
        for det in ("the ", "a ", "an "):
            if text.lower().startswith(det) and text[len(det):len(det) + 1].islower():
                return text[len(det):]  # "the ministry" -> "ministry", but "The Guardian" stays
        if re.search(r"\w['’]s\s+\w", text):
            return text  # "South Korea's government": a possessor and its head, not a name with a title
        return self.name(text) if text[:1].isupper() else text


def whole_name(ent: Any) -> Any:
    """A person entity with the capitalised name words the small model left out ("Yoon Suk" + "Yeol")."""
    doc, end = ent.doc, ent.end
    while end < len(doc) and end < ent.end + 2 and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() \
            and doc[end].ent_type_ in ("", "PERSON") and doc[end - 1].whitespace_ \
            and (ent.start <= doc[end].head.i <= end or doc[end - 1].head.i == end):
        end += 1
    return doc[ent.start:end] if end > ent.end else ent


def _agrees(tok: Token, kind: str, people: People) -> bool:
    """Number and gender agreement of a pronoun kind (m, f, n, p) with a candidate antecedent head."""
    person = tok.ent_type_ == "PERSON" or tok.lemma_.lower() in MALE_NOUNS | FEMALE_NOUNS
    plural = tok.tag_ in ("NNS", "NNPS")
    if kind == "n":  # "it" speaks for an organisation or a country, not for a thing
        return not person and not plural and (tok.ent_type_ in ("ORG", "GPE", "NORP")
                                              or tok.lemma_.lower() in ORG_HEAD_WORDS)
    if kind == "p":
        return plural or tok.ent_type_ in ("ORG", "NORP")
    if not person or plural:
        return False
    if tok.ent_type_ == "PERSON":
        ent = next((e for e in doc_ents(tok.doc) if e.start <= tok.i < e.end), None)
        name = people.name(ent.text) if ent is not None else tok.text
        gender = people.gender.get(name, "?")
    else:
        gender = "m" if tok.lemma_.lower() in MALE_NOUNS else "f"
    return gender in (kind, "?")


def _name_words(text: str) -> list[str]:
    words = text.replace("’s", "").replace("'s", "").split()
    while words and words[0].lower().rstrip(".") in _TITLE_WORDS:
        words = words[1:]
    return words


_TITLE_WORDS = frozenset(t.rstrip(".") for t in TITLES)


def _gender(ent: Any, words: Iterable[str]) -> str:
    doc = ent.doc
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    first = next(iter(words)).lower()
    if before in MALE_TITLES or ent[0].lower_ in MALE_TITLES or first in MALE_NAMES:
        return "m"
    if before in FEMALE_TITLES or ent[0].lower_ in FEMALE_TITLES or first in FEMALE_NAMES:
        return "f"
    for t in ent.root.children:
        if t.dep_ == "appos" and t.lemma_.lower() in MALE_NOUNS:
            return "m"
        if t.dep_ == "appos" and t.lemma_.lower() in FEMALE_NOUNS:
            return "f"
    return "?"
