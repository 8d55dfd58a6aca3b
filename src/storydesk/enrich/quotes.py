"""Quotes and attributions: who said (or wrote, reported, argued) what, direct or indirect.

Rules over a spaCy dependency parse. A reporting verb (``said``, ``told``, ``warned``, ...) gives the cue, its
subject the speaker and its clausal complement (or, for some verbs, its object or infinitive) the content;
``according to X`` and ``as reported by X`` attach the surrounding clause to X. Content spans follow PolNeAR's
conventions: a leading "that" is kept, a trailing full stop or comma outside quotation marks is dropped, and
a content inside quotation marks is widened to the whole quotation, across sentences. Pronoun speakers keep
the pronoun as the mention and get the last compatible named person as ``actor``.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import InputError
from ..labels import SPEAKER_LABELS
from ..model import Quote
from .nlp import doc_text, span_ents
from .quote_lexicon import (
    ACTION_VERBS,
    BACKING_NOUNS,
    CLAUSE_CUES,
    INANIMATE_NOUNS,
    INFINITIVE_CUES,
    INFINITIVE_NOUNS,
    LIGHT_VERB_CUES,
    NOUN_CUES,
    OBJECT_CUES,
    PREP_CUES,
    RAISING_CUES,
    RECEIVING_VERBS,
    SOURCE_DOCUMENTS,
    STANCE_ADJECTIVES,
    VIEW_NOUNS,
)
from .quote_spans import (
    OPEN,
    after_colon,
    finish,
    inside_quote,
    iou,
    is_direct,
    join_split_quote,
    quote_spans,
    subtree_span,
    trim,
    trivial,
    without,
)
from .speakers import People, set_speaker, subject

Token = Any
Doc = Any


def find_quotes(doc: Doc) -> list[Quote]:
    """Every attribution found in a parsed article, in text order, one per distinct content span.

    ``doc`` must come from the full pipeline (``load_nlp()``): the rules read the dependency parse and NER.
    """
    if not doc.has_annotation("DEP"):
        raise InputError("doc", "the quote extractor needs a dependency parse", "parse with load_nlp()")
    text = doc_text(doc)
    qspans = quote_spans(text)
    people = People(doc)
    found: list[Quote] = []
    for tok in doc:
        q = None
        # each attribute read once: a Token property makes a new string on every read
        lower, pos, dep, lemma = tok.lower_, tok.pos_, tok.dep_, tok.lemma_.lower()
        if lower == "according" and any(c.lower_ == "to" for c in tok.children):
            q = _according(tok, text, qspans)
        elif pos in ("VERB", "AUX") and (_LEMMA_FIXES.get(lemma, lemma) if lower.startswith("hop") else lemma) \
                in _ALL_CUES:
            q = _verb(tok, text, qspans)
        elif lemma in ("put", "phrase") and dep == "advcl":
            q = _as_put_it(tok, text, qspans)
        elif lower in ("in", "from") and dep == "prep":
            q = _source_phrase(tok, text, qspans)
        elif tok.lemma_ == "be" and pos == "AUX" and dep in ("ROOT", "ccomp", "conj"):
            q = _view_is(tok, text, qspans)
        elif pos == "NOUN" and lemma in _CUE_NOUNS:
            q = _view_clause(tok, text, qspans) if lemma in VIEW_NOUNS else None
            if q is None and lemma in NOUN_CUES:
                q = _noun(tok, text, qspans)
            if q is None and lemma in INFINITIVE_NOUNS:
                q = _noun_infinitive(tok, text, qspans)
        elif pos == "ADJ" and dep == "acomp" and lower in STANCE_ADJECTIVES:
            q = _stance(tok, text, qspans)
        if q is None and pos == "VERB" and lemma in LIGHT_VERB_CUES:
            q = _light_verb(tok, text, qspans)
        if q is None and pos == "NOUN" and dep == "dobj" and lemma in BACKING_NOUNS:
            q = _backing(tok, text, qspans)
        if q is not None:
            found.append(q)
    found += _quote_driven(doc, qspans, found)
    found += _labelled_lines(doc, found)
    out: list[Quote] = []
    seen: set[tuple[int, int]] = set()
    for q in sorted(found, key=lambda q: (q.content_start, q.content_end)):
        if (q.content_start, q.content_end) in seen or q.content_end - q.content_start < 2:
            continue
        if _nested(q, found, text, qspans):
            continue
        seen.add((q.content_start, q.content_end))
        q.content = text[q.content_start:q.content_end]
        q.direct = is_direct(q.content)
        q.partial = not q.direct and any(q.content_start <= qs and qe <= q.content_end for qs, qe in qspans)
        people.resolve(q, out[-1] if out else None)
        out.append(q)
    return out


_LEMMA_FIXES = {"hop": "hope"}  # the small model lemmatises "hoping" as "hop"


def _lemma(tok: Token) -> str:
    lemma = tok.lemma_.lower()
    return _LEMMA_FIXES.get(lemma, lemma) if tok.lower_.startswith("hop") else lemma


_ALL_CUES = CLAUSE_CUES | OBJECT_CUES | INFINITIVE_CUES | frozenset(PREP_CUES)
# Verbs of asking whose content may be an "if"/"whether" clause the parse hung on them as an adverbial clause.
QUESTION_CUES = frozenset(("ask", "wonder", "inquire", "enquire", "question"))
_CUE_NOUNS = VIEW_NOUNS | frozenset(NOUN_CUES) | INFINITIVE_NOUNS


def _verb(tok: Token, text: str, qspans: list[tuple[int, int]]) -> Quote | None:
    lemma = _lemma(tok)
    if lemma in RAISING_CUES:
        q = _raised(tok, text, qspans)
        if q is not None:
            return q
    speaker = subject(tok, text)
    second = tok.doc.user_data.get("storydesk.second_cues", {}).get(tok.i)
    if second is not None:
        speaker = tok.doc[second]  # "X said A and added B": X said B too
    content: tuple[int, int] | None = None
    children = list(tok.children)
    ccomp = [c for c in children if c.dep_ == "ccomp"]
    if lemma in CLAUSE_CUES and ccomp:
        content = subtree_span(ccomp[0], text)
        if len(ccomp) > 1:
            content = (min(content[0], subtree_span(ccomp[-1], text)[0]),
                       max(content[1], subtree_span(ccomp[-1], text)[1]))
        for c in children:  # "said that A, and that B": the second clause hangs on the verb
            if (c.dep_ == "conj" and c.i > ccomp[-1].i and _lemma(c) not in _ALL_CUES
                    and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)):
                content = (content[0], subtree_span(c, text)[1])
            elif c.dep_ == "advcl" and c.i > ccomp[-1].i and any(
                    g.dep_ == "mark" and g.lower_ in _CONTENT_MARKS for g in c.children):
                content = (content[0], subtree_span(c, text)[1])  # "said A because B"
    if content is None and lemma in QUESTION_CUES:  # "asked Sanders if he would endorse Clinton"
        whether = [c for c in children if c.dep_ in ("advcl", "ccomp") and c.i > tok.i and any(
            g.dep_ == "mark" and g.lower_ in ("if", "whether") and g.i < c.i for g in c.children)]
        if whether:
            content = subtree_span(whether[0], text)
    if content is None and tok.dep_ in ("parataxis",) and lemma in CLAUSE_CUES and tok.head.pos_ in (
            "VERB", "AUX"):
        content = without(tok.head, tok, text)
    if content is None and lemma in CLAUSE_CUES and tok.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ == "as" for c in children):
        content = without(tok.head, tok, text)  # "..., as reported by Yonhap"
    if content is None and lemma in INFINITIVE_CUES:
        xcomp = [c for c in children if c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to"
                                                                   for g in c.children)]
        if xcomp:
            start = subtree_span(xcomp[0], text)
            objs = [c for c in children if c.dep_ in ("dobj", "dative") and c.i < xcomp[0].i]
            content = (subtree_span(objs[0], text)[0] if objs else start[0], start[1])
    if content is None and lemma in _ALL_CUES:  # "reported holding shares", "denied taking the money"
        gerund = [c for c in children if c.dep_ in ("xcomp", "ccomp") and c.tag_ == "VBG" and c.i > tok.i
                  and not any(g.dep_ in ("aux", "nsubj", "mark") for g in c.children)]
        if gerund:
            content = subtree_span(gerund[0], text)
    if content is None and lemma in OBJECT_CUES:
        objs = [c for c in children if c.dep_ == "dobj"]
        if objs and not (lemma in ACTION_VERBS and not _can_speak(speaker)):
            content = _object_content(tok, objs[0], text)
            content = _quotation_after(content, tok, text, qspans)
    cue_end = tok.idx + len(tok)
    if content is None and lemma in PREP_CUES:
        for c in children:
            if c.dep_ == "prep" and c.lower_ in PREP_CUES[lemma] and c.i > tok.i:
                objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                if objs:
                    content = subtree_span(objs[0], text)
                    for g in children:  # "pointed to China as the enforcer": the "as" phrase is the view
                        if g.dep_ == "prep" and g.lower_ == "as" and g.i > c.i:
                            content = (content[0], max(content[1], subtree_span(g, text)[1]))
                    if c.i <= tok.i + 2:
                        cue_end = c.idx + len(c)
                    break
    if content is None and lemma in CLAUSE_CUES:
        content = after_colon(tok, text, qspans)
    if content is None:
        return None
    content = finish(content, tok, text, qspans)
    content = _before_second_cue(content, tok, text, qspans)
    if content[0] < tok.idx < content[1] and tok.dep_ != "parataxis" and text[content[0]] not in OPEN:
        content = trim((tok.idx + len(tok), content[1]), text)  # a parse that hung the cue inside its content
    if inside_quote(tok.idx, qspans) or trivial(content, text):
        return None
    prt = [c for c in children if c.dep_ == "prt"]
    if prt and prt[0].i == tok.i + 1:
        cue_end = prt[0].idx + len(prt[0])
    q = Quote(content[0], content[1], "", cue=text[tok.idx:cue_end], cue_start=tok.idx, cue_end=cue_end)
    if speaker is not None:
        set_speaker(q, speaker, text)
    return q


def _second_cue(t: Token, tok: Token, qspans: list[tuple[int, int]]) -> bool:
    """Whether ``t`` is a second reporting verb of ``tok``'s speaker: a conjunct or participle with no subject
    of its own, after ``, and`` or a comma, outside quotation marks."""
    if t.i <= tok.i + 1 or t.pos_ != "VERB" or t.lemma_.lower() not in CLAUSE_CUES or inside_quote(t.idx, qspans):
        return False
    if t.dep_ not in ("conj", "advcl") or any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
        return False
    return t.doc[t.i - 1].lower_ in ("and", ",")


def _before_second_cue(content: tuple[int, int], tok: Token, text: str,
                       qspans: list[tuple[int, int]]) -> tuple[int, int]:
    """'X told reporters that A and said B', 'X said that A, adding B': a second reporting verb of the same
    speaker that the parse hung inside the content (or on it, after a trailing aside was cut) ends it; it is
    an attribution of its own, with the first verb's speaker."""
    if content[1] - content[0] < 10 or text[content[0]] in OPEN:
        return content
    doc = tok.doc
    span = doc.char_span(content[0], content[1], alignment_mode="contract")
    if span is None:
        return content
    inside = range(span.start, span.end)
    sent_end: int | None = None
    for t in doc[span.start + 2:min(len(doc), span.end + 3)]:
        if not _second_cue(t, tok, qspans):
            continue
        if sent_end is None:
            sent_end = tok.sent.end
        if t.i >= sent_end:
            continue
        if t.i >= span.end and t.head.i not in inside:
            continue
        speaker = subject(tok, text)
        if speaker is not None:
            doc.user_data.setdefault("storydesk.second_cues", {})[t.i] = speaker.i
        if t.i < span.end:
            prev = doc[t.i - 1]
            cut = doc[t.i - 2] if prev.lower_ == "and" and doc[t.i - 2].text == "," else prev
            return trim((content[0], cut.idx), text)
        return content
    return content


def _view_is(tok: Token, text: str, qspans: list[tuple[int, int]]) -> Quote | None:
    """'His message has been that he wins', 'A common refrain is that ...': a noun for a view or a message,
    the subject of "be", with a "that" clause as what it holds; the noun's owner, if any, is the speaker."""
    subj = [c for c in tok.children if c.dep_ == "nsubj" and c.lemma_.lower() in VIEW_NOUNS]
    if not subj:
        return None
    comp = [c for c in tok.children if c.dep_ in ("ccomp", "attr") and c.i > tok.i
            and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)]
    if not comp:
        return None
    q = _cued(subtree_span(comp[0], text), tok, subj[0], text, qspans)
    if q is None:
        return None
    owner = [c for c in subj[0].children if c.dep_ == "poss"]
    if owner:
        set_speaker(q, owner[0], text)
    return q


_VIEW_VERBS = OBJECT_CUES | frozenset("make raise express push repeat float".split())


def _view_clause(tok: Token, text: str, qspans: list[tuple[int, int]]) -> Quote | None:
    """'fears that businesses will cut benefits', 'criticism from rivals that ...': a view noun with its
    "that" clause; the speaker is the noun's owner or its "from"/"by" phrase."""
    comp = [c for c in tok.children if c.dep_ in ("acl", "ccomp", "appos", "relcl") and c.i > tok.i
            and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)]
    if not comp:
        return None
    q = _cued(subtree_span(comp[0], text), tok, tok, text, qspans)
    if q is None:
        return None
    owner = [c for c in tok.children if c.dep_ == "poss"] + [
        g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "among") for g in c.children
        if g.dep_ == "pobj"]
    if not owner and tok.dep_ == "dobj" and _lemma(tok.head) in _VIEW_VERBS:
        subj = subject(tok.head, text)  # "Berg made the point that ...", "pushing the idea that ..."
        owner = [subj] if subj is not None else []
    if owner:
        set_speaker(q, owner[0], text)
    return q


def _raised(tok: Token, text: str, qspans: list[tuple[int, int]]) -> Quote | None:
    """'The bank is expected to act in December', 'he is said by aides to favour ...': the passive subject
    with its infinitive is the content (nobody is named as its source unless a "by" agent is)."""
    children = list(tok.children)
    subj = [c for c in children if c.dep_ == "nsubjpass"]
    xcomp = [c for c in children if c.dep_ == "xcomp" and c.i > tok.i]
    if not subj or not xcomp or inside_quote(tok.idx, qspans):
        return None
    q = _cued((subj[0].left_edge.idx, subtree_span(xcomp[0], text)[1]), tok, tok, text, qspans)
    if q is None:
        return None
    agents = [g for c in children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if agents:
        set_speaker(q, agents[0], text)
    return q


_LABEL = re.compile(r"^([^:\n]{2,70}?):[ \t]+(\S[^\n]*)$", re.M)

_NOT_LABELS = frozenset((
    "note", "update", "updated", "editor's note", "correction", "clarification", "related", "read more",
    "watch",
    "photo", "video", "source", "sources", "via", "advertisement", "see also", "listen", "subscribe",
))


_CONTENT_MARKS = frozenset(("because", "since", "although", "though", "unless", "if", "while", "so"))


def _source_phrase(tok: Token, text: str, qspans: list[tuple[int, int]]) -> Quote | None:
    """'Clinton leads by 10 points in a new poll', 'figures from the census show ...': the clause, credited
    to the poll, report or study named in the phrase (the clause's verb is not itself a reporting verb)."""
    objs = [c for c in tok.children if c.dep_ == "pobj" and c.lemma_.lower() in SOURCE_DOCUMENTS]
    head = tok.head
    if not objs or head.pos_ not in ("VERB", "AUX") or _lemma(head) in _ALL_CUES:
        return None
    q = _cued(without(head, tok, text), head, tok, text, qspans)
    if q is not None:
        set_speaker(q, objs[0], text)
    return q


def _as_put_it(tok: Token, text: str, qspans: list[tuple[int, int]]) -> Quote | None:
    """'..., as X put it': the clause the "as" clause hangs on, said by X."""
    children = list(tok.children)
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in children):
        return None
    if not any(c.dep_ in ("dobj", "nsubjpass") and c.lower_ == "it" for c in children) \
            and tok.lemma_.lower() == "put":
        return None
    q = _cued(without(tok.head, tok, text), tok, tok, text, qspans)
    if q is None:
        return None
    speaker = subject(tok, text)
    if speaker is not None and speaker.head.i == tok.i:
        set_speaker(q, speaker, text)
    return q


def _cued(content: tuple[int, int] | None, anchor: Token, cue: Token, text: str,
          qspans: list[tuple[int, int]]) -> Quote | None:
    """The rules' common end: ``content`` shaped in ``anchor``'s paragraph (:func:`finish`) as a quote
    cued by the word ``cue``; None without content, for one function word, or for a cue inside a quotation."""
    if content is None:
        return None
    content = finish(content, anchor, text, qspans)
    if trivial(content, text) or inside_quote(cue.idx, qspans):
        return None
    return Quote(content[0], content[1], "", cue=cue.text, cue_start=cue.idx, cue_end=cue.idx + len(cue))


def _labelled_lines(doc: Doc, found: list[Quote]) -> list[Quote]:
    """'Cruz: Trump would put liberals on the court' (headlines) and 'WALLACE: ...' (transcripts).

    The label must name someone (a person, organisation or an upper-case speaker tag) and hold no verb.
    """
    text = doc_text(doc)
    out: list[Quote] = []
    for m in _LABEL.finditer(text):
        label = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if label is None or len(label) > 8 or any(t.pos_ in ("VERB", "AUX") for t in label):
            continue
        names = [e for e in span_ents(label) if e.label_ in SPEAKER_LABELS]
        upper = m.group(1).strip()
        words = upper.split()
        capitalised = len(words) <= 4 and all(w[:1].isupper() for w in words)
        capitalised = capitalised and upper.lower() not in _NOT_LABELS
        if not names and not capitalised:
            continue
        if not _speaker_label(label, upper):
            continue  # "Pyongyang and Moscow: an alliance tested": a headline's topic, not a speaker
        content = trim((m.start(2), m.end(2)), text)
        if content[1] - content[0] < 3 or any(iou(content, (q.content_start, q.content_end)) >= 0.5
                                               for q in found):
            continue
        colon = m.end(1)
        q = Quote(content[0], content[1], "", cue=":", cue_start=colon, cue_end=colon + 1)
        if names:
            speaker = next((e for e in names if e.label_ == "PERSON"), names[0])
            q.speaker_start, q.speaker_end, q.speaker = speaker.start_char, speaker.end_char, speaker.text
        else:
            q.speaker_start, q.speaker_end, q.speaker = m.start(1), m.end(1), upper
        out.append(q)
    return out


def _can_speak(tok: Token | None) -> bool:
    """Whether a subject can hold a view: not a place acting ("Russia supports ...") nor a thing ("the plan
    offers ..."). People, organisations, pronouns and nouns for people or outlets can."""
    if tok is None:
        return True  # no subject found: leave it to the other rules
    if tok.ent_type_ in ("PERSON", "ORG", "NORP"):
        return True
    if tok.ent_type_ in ("GPE", "LOC", "FAC", "PRODUCT", "LAW", "EVENT", "WORK_OF_ART"):
        return False
    if tok.pos_ == "PRON":
        return tok.lower_ != "it"
    return tok.lemma_.lower() not in INANIMATE_NOUNS


def _speaker_label(label: Any, upper: str) -> bool:
    """A label that can speak: a person or organisation (not a place or a pair of topics), or a transcript's
    upper-case speaker tag ("WALLACE")."""
    if upper.isupper() and len(upper) > 2:
        return True
    ents = [e for e in span_ents(label) if e.label_ in ("PERSON", "ORG", "GPE", "NORP", "LOC")]
    places = bool(ents) and all(e.label_ in ("GPE", "NORP", "LOC") for e in ents)
    return not places and " and " not in upper


def _object_content(tok: Token, obj: Token, text: str) -> tuple[int, int]:
    """'attacked X on stage for Y', 'called X a mistake': the object with what qualifies it after it."""
    start, end = subtree_span(obj, text)
    for c in tok.children:
        if c.i > obj.i and c.dep_ in ("prep", "oprd", "xcomp", "ccomp", "acomp", "dative"):
            if c.dep_ == "prep" and c.lower_ not in _OBJECT_PREPS:
                continue
            end = max(end, subtree_span(c, text)[1])
    return start, end


def _quotation_after(content: tuple[int, int], tok: Token, text: str,
                     qspans: list[tuple[int, int]]) -> tuple[int, int]:
    """'calling him "a disgrace to the party"': a quotation right after an object content, in the cue's
    sentence, is what the object was called (a parse that hung it elsewhere)."""
    for qs, qe in qspans:
        if qs >= content[1] and not text[content[1]:qs].strip() and qe <= tok.sent.end_char + 1:
            return content[0], qe
        if qs > content[1]:
            break
    return content


_OBJECT_PREPS = frozenset("for of as over about on with to against from".split())  # not "in": a place, time or medium


def _quote_driven(doc: Doc, qspans: list[tuple[int, int]], found: list[Quote]) -> list[Quote]:
    """Quotations the parse did not tie to a cue: '"...," X said of ...', 'X said in a statement: "..."'.

    The nearest reporting verb in the same paragraph, right after the quotation or just before it, gives cue
    and speaker.
    """
    text = doc_text(doc)
    covered = [(q.content_start, q.content_end) for q in found]
    out: list[Quote] = []
    for qs, qe in qspans:
        if len(text[qs:qe].split()) < 3 or any(iou((qs, qe), c) >= 0.5 or c[0] <= qs and qe <= c[1]
                                                for c in covered):
            continue
        before = text[max(0, qs - 200):qs].rstrip(" ")
        if before and before[-1] not in "\n.:!?,;—–-":
            continue  # a quotation inside running text is a partial quote, handled with its clause
        cue = _cue_near(doc, qs, qe, text)
        if cue is None:
            continue
        span = join_split_quote((qs, qe), cue, text, qspans) if cue.idx > qe else (qs, qe)
        q = Quote(span[0], span[1], "", cue=cue.text, cue_start=cue.idx, cue_end=cue.idx + len(cue))
        speaker = subject(cue, text)
        if speaker is not None:
            set_speaker(q, speaker, text)
        covered.append(span)
        out.append(q)
    return out


def _cue_near(doc: Doc, qs: int, qe: int, text: str) -> Token | None:
    """The reporting verb in the ten words after a quotation, or else in a lead-in of up to 30 words that ends
    in a colon or comma right before it ('Ruiz, who ... for years, said, "..."')."""
    after = doc.char_span(qe, min(len(text), qe + 120), alignment_mode="expand")
    if after is not None:
        for t in after[:10]:
            if "\n" in t.text or t.text in ("“", "\"") and t.idx > qe + 1:
                break
            if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in CLAUSE_CUES:
                return t
    gap_start = text.rfind("\n", 0, qs) + 1
    lead = text[gap_start:qs].rstrip()
    if lead.endswith((":", ",")) and len(lead.split()) <= 30:
        span = doc.char_span(gap_start, gap_start + len(lead), alignment_mode="expand")
        if span is not None:
            for t in reversed(span):
                if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in CLAUSE_CUES:
                    return t
    return None


def _noun(tok: Token, text: str, qspans: list[tuple[int, int]]) -> Quote | None:
    """'Her support for the plan', 'Trump's attacks on the press': a stance noun with an owner."""
    owner = [c for c in tok.children if c.dep_ == "poss"]
    if not owner:
        return None
    preps = NOUN_CUES[tok.lemma_.lower()]
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps and c.i > tok.i:
            objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
            if objs:
                content = finish(subtree_span(objs[0], text), tok, text, qspans)
                if trivial(content, text) or inside_quote(tok.idx, qspans):
                    return None
                q = Quote(content[0], content[1], "", cue=text[tok.idx:c.idx + len(c)], cue_start=tok.idx,
                          cue_end=c.idx + len(c))
                set_speaker(q, owner[0], text)
                return q
    return None


def _noun_infinitive(tok: Token, text: str, qspans: list[tuple[int, int]]) -> Quote | None:
    """'Her promise to cut taxes', 'the senator's refusal to endorse him': a noun of intention or attitude with
    an owner and a "to" infinitive; the infinitive is the content, the owner the speaker."""
    owner = [c for c in tok.children if c.dep_ == "poss"]
    inf = [c for c in tok.children if c.dep_ in ("acl", "relcl") and c.i > tok.i
           and any(g.dep_ == "aux" and g.lower_ == "to" and g.i < c.i for g in c.children)]
    if not owner or not inf:
        return None
    q = _cued(subtree_span(inf[0], text), tok, tok, text, qspans)
    if q is not None:
        set_speaker(q, owner[0], text)
    return q


def _light_verb(tok: Token, text: str, qspans: list[tuple[int, int]]) -> Quote | None:
    """'X took aim at Y', 'X threw her support behind Y', 'X raised concerns about Y': a verb with a noun object
    that together state a view; the preposition's object (after the noun or the verb) is what it is about."""
    nouns = LIGHT_VERB_CUES[tok.lemma_.lower()]
    obj = next((c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in nouns), None)
    if obj is None or inside_quote(tok.idx, qspans):
        return None
    preps = nouns[obj.lemma_.lower()]
    prep = next((c for c in (*obj.children, *tok.children) if c.dep_ == "prep" and c.lower_ in preps
                 and c.i > obj.i), None)
    if prep is None:
        return None
    pobj = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None)
    if pobj is None:
        return None
    content = finish(subtree_span(pobj, text), tok, text, qspans)
    if trivial(content, text):
        return None
    q = Quote(content[0], content[1], "", cue=text[tok.idx:prep.idx + len(prep)], cue_start=tok.idx,
              cue_end=prep.idx + len(prep))
    speaker = subject(tok, text)
    if speaker is not None:
        set_speaker(q, speaker, text)
    return q


def _backing(tok: Token, text: str, qspans: list[tuple[int, int]]) -> Quote | None:
    """'Trump drew the support of 41 percent of voters', 'Cruz won backing from evangelicals': a backing noun
    received by the subject; the receiver is what the backers hold a view of, the "of"/"from" phrase the source."""
    if _lemma(tok.head) not in RECEIVING_VERBS:
        return None
    backers = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "from") for g in c.children
               if g.dep_ == "pobj"]
    receiver = subject(tok.head, text)
    if not backers or receiver is None or receiver.pos_ == "PRON" and receiver.lower_ == "it":
        return None
    q = _cued(subtree_span(receiver, text), tok, tok, text, qspans)
    if q is not None:
        set_speaker(q, backers[0], text)
    return q


# "confident about", "upbeat on", "critical of", "frustrated with", "open to", "interested in", "cool toward"
_STANCE_PREPS = frozenset("about on of over with that to in toward towards".split())


def _stance(tok: Token, text: str, qspans: list[tuple[int, int]]) -> Quote | None:
    """'X is confident that ...', 'X was upbeat about ...': a stated stance with what it is about."""
    content = None
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp"):
            content = subtree_span(c, text)
        elif c.dep_ == "prep" and c.lower_ in _STANCE_PREPS:
            objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
            if objs:
                content = subtree_span(objs[0], text)
        if content:
            break
    q = _cued(content, tok, tok, text, qspans)
    if q is None:
        return None
    speaker = subject(tok.head, text)
    if speaker is not None and speaker.lower_ != "it":
        set_speaker(q, speaker, text)
    return q


def _according(tok: Token, text: str, qspans: list[tuple[int, int]]) -> Quote | None:
    """'X, according to Y' and 'According to Y, X': the clause around the phrase, attributed to Y."""
    to = next(c for c in tok.children if c.lower_ == "to")
    objs = [c for c in to.children if c.dep_ == "pobj"]
    sent = tok.sent
    ss, se = sent.start_char, sent.end_char
    ps, pe = subtree_span(tok, text)
    if not text[ss:ps].strip(" ,\n\"“"):
        content = (pe, se)
    elif not text[pe:se].strip(" .,;\n"):
        content = (ss, ps)
    else:
        content = (ss, se)
    content = finish(content, tok, text, qspans)
    if content[1] - content[0] < 3:
        return None
    q = Quote(content[0], content[1], "", cue=text[tok.idx:to.idx + len(to)], cue_start=tok.idx,
              cue_end=to.idx + len(to))
    if objs:
        set_speaker(q, objs[0], text)
    return q


_NESTED_KEEP = frozenset({"say", "according"})


def _nested(q: Quote, found: list[Quote], text: str, qspans: list[tuple[int, int]]) -> bool:
    """An indirect attribution inside another's content ("X said she plans to ...") is usually the
    reporter's paraphrase of X, not a second attribution; PolNeAR marks only the outer one, except for
    reported speech within reported speech ("X said Y said ...")."""
    if q.cue_start is None or is_direct(text[q.content_start:q.content_end]):
        return False
    lemma = (q.cue or "").split()[0].lower()
    if lemma in _NESTED_KEEP or lemma in ("said", "says", "saying"):
        return False
    return any(o is not q and o.content_start <= q.cue_start < o.content_end
               and not _between_quotations(q.cue_start, o, text, qspans) for o in found)


def _between_quotations(pos: int, outer: Quote, text: str, qspans: list[tuple[int, int]]) -> bool:
    """Whether ``pos`` lies in the reporter's words between the quotations of a direct content ('"A," she
    said, asked about X. "B."'): a cue there is an attribution of its own, not part of what was quoted."""
    return is_direct(text[outer.content_start:outer.content_end]) and not inside_quote(pos, qspans)
