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
from collections.abc import Iterable
from typing import Any

from ..model import Quote
from .quote_lexicon import (
    CLAUSE_CUES,
    DOCUMENT_NOUNS,
    FEMALE_NAMES,
    FEMALE_NOUNS,
    FEMALE_TITLES,
    INFINITIVE_CUES,
    MALE_NAMES,
    MALE_NOUNS,
    MALE_TITLES,
    OBJECT_CUES,
    PREP_CUES,
    PRONOUNS,
    TITLES,
)

Token = Any
Doc = Any

_SUBJ = ("nsubj", "nsubjpass", "csubj")
_TRIM_CHARS = " \t\n,;:—–-."
_OPEN = "“\"'‘"
_CLOSE = "”\"'’"
_QUOTE_RE = re.compile(r"[“\"][^“”\"\n]*[”\"]|''(?:(?!'')[^\n])*?''")
_MAX_QUOTE = 3000
_GAP_AFTER_CUE = re.compile(r"[^\n“”\"]{0,300}?[,.:]\s*")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans in quotation marks (curly, straight or doubled single quotes), marks included."""
    return [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text) if m.end() - m.start() <= _MAX_QUOTE]


def find_quotes(doc: Doc) -> list[Quote]:
    """Every attribution found in a parsed article, in text order, one per distinct content span."""
    text = doc.text
    qspans = quote_spans(text)
    people = _People(doc)
    found: list[Quote] = []
    for tok in doc:
        q = None
        if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            q = _according(tok, text, qspans)
        elif tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in _ALL_CUES:
            q = _verb(tok, text, qspans)
        if q is not None:
            found.append(q)
    found += _quote_driven(doc, qspans, found)
    found += _labelled_lines(doc, found)
    out: list[Quote] = []
    seen: set[tuple[int, int]] = set()
    for q in sorted(found, key=lambda q: (q.content_start, q.content_end)):
        if (q.content_start, q.content_end) in seen or q.content_end - q.content_start < 2:
            continue
        if _nested(q, found, text):
            continue
        seen.add((q.content_start, q.content_end))
        q.content = text[q.content_start:q.content_end]
        q.direct = _is_direct(q.content)
        people.resolve(q)
        out.append(q)
    return out


_ALL_CUES = CLAUSE_CUES | OBJECT_CUES | INFINITIVE_CUES | frozenset(PREP_CUES)


def _verb(tok: Token, text: str, qspans: list[tuple[int, int]]) -> Quote | None:
    lemma = tok.lemma_.lower()
    speaker = _subject(tok)
    content: tuple[int, int] | None = None
    children = list(tok.children)
    ccomp = [c for c in children if c.dep_ == "ccomp"]
    if lemma in CLAUSE_CUES and ccomp:
        content = _subtree_span(ccomp[0], text)
        if len(ccomp) > 1:
            content = (min(content[0], _subtree_span(ccomp[-1], text)[0]),
                       max(content[1], _subtree_span(ccomp[-1], text)[1]))
    if content is None and tok.dep_ in ("parataxis",) and lemma in CLAUSE_CUES and tok.head.pos_ in (
            "VERB", "AUX"):
        content = _without(tok.head, tok, text)
    if content is None and lemma in CLAUSE_CUES and tok.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ == "as" for c in children):
        content = _without(tok.head, tok, text)  # "..., as reported by Yonhap"
    if content is None and lemma in INFINITIVE_CUES:
        xcomp = [c for c in children if c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to"
                                                                   for g in c.children)]
        if xcomp:
            start = _subtree_span(xcomp[0], text)
            objs = [c for c in children if c.dep_ in ("dobj", "dative") and c.i < xcomp[0].i]
            content = (_subtree_span(objs[0], text)[0] if objs else start[0], start[1])
    if content is None and lemma in OBJECT_CUES:
        objs = [c for c in children if c.dep_ == "dobj"]
        if objs:
            content = _object_content(tok, objs[0], text)
    cue_end = tok.idx + len(tok)
    if content is None and lemma in PREP_CUES:
        for c in children:
            if c.dep_ == "prep" and c.lower_ in PREP_CUES[lemma] and c.i > tok.i:
                objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                if objs:
                    content = _subtree_span(objs[0], text)
                    if c.i <= tok.i + 2:
                        cue_end = c.idx + len(c)
                    break
    if content is None and lemma in CLAUSE_CUES:
        content = _after_colon(tok, text, qspans)
    if content is None:
        return None
    content = _finish(content, tok, text, qspans)
    if _inside_quote(tok.idx, qspans) or _trivial(content, text):
        return None
    prt = [c for c in children if c.dep_ == "prt"]
    if prt and prt[0].i == tok.i + 1:
        cue_end = prt[0].idx + len(prt[0])
    q = Quote(content[0], content[1], "", cue=text[tok.idx:cue_end], cue_start=tok.idx, cue_end=cue_end)
    if speaker is not None:
        _set_speaker(q, speaker, text)
    return q


_LABEL = re.compile(r"^([^:\n]{2,70}?):[ \t]+(\S[^\n]*)$", re.M)


def _labelled_lines(doc: Doc, found: list[Quote]) -> list[Quote]:
    """'Cruz: Trump would put liberals on the court' (headlines) and 'WALLACE: ...' (transcripts).

    The label must name someone (a person, organisation or an upper-case speaker tag) and hold no verb.
    """
    text = doc.text
    out: list[Quote] = []
    for m in _LABEL.finditer(text):
        label = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if label is None or len(label) > 8 or any(t.pos_ in ("VERB", "AUX") for t in label):
            continue
        names = [e for e in label.ents if e.label_ in ("PERSON", "ORG", "NORP", "GPE")]
        upper = m.group(1).strip()
        if not names and not (upper.isupper() and len(upper.split()) <= 3):
            continue
        content = _trim((m.start(2), m.end(2)), text)
        if content[1] - content[0] < 3 or any(_iou(content, (q.content_start, q.content_end)) >= 0.5
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


def _object_content(tok: Token, obj: Token, text: str) -> tuple[int, int]:
    """'attacked X on stage for Y', 'called X a mistake': the object with what qualifies it after it."""
    start, end = _subtree_span(obj, text)
    for c in tok.children:
        if c.i > obj.i and c.dep_ in ("prep", "oprd", "xcomp", "ccomp", "acomp", "dative"):
            if c.dep_ == "prep" and c.lower_ not in _OBJECT_PREPS:
                continue
            end = max(end, _subtree_span(c, text)[1])
    return start, end


_OBJECT_PREPS = frozenset("for of as over about on in with to against from".split())


def _paragraph(pos: int, text: str) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, end if end >= 0 else len(text)


def _finish(span: tuple[int, int], cue: Token, text: str, qspans: list[tuple[int, int]]) -> tuple[int, int]:
    """Shape a parse-derived content like PolNeAR's: in the cue's paragraph, trimmed, widened to quotations."""
    ps, pe = _paragraph(cue.idx, text)
    if span[0] < ps <= span[1] or span[0] <= pe < span[1]:
        span = (max(span[0], ps), min(span[1], pe))
    content = _trim(_drop_trailing_aside(span, cue.doc), text)
    if content[1] <= content[0]:
        return content
    wide = _widen_to_quotes(content, text, qspans)
    if wide[0] <= cue.idx < wide[1]:
        return content
    content = _join_split_quote(wide, cue, text, qspans)
    content = _next_paragraphs(content, cue, text, qspans)
    m = _COLON_QUOTE.match(text, content[1])
    if m and cue.idx < content[0]:
        for qs, qe in qspans:
            if qs == m.end():
                return content[0], qe
    return content


_COLON_QUOTE = re.compile(r":\s*")


_ASIDE_DEPS = frozenset(("relcl", "appos", "advcl", "acl"))


def _drop_trailing_aside(span: tuple[int, int], doc: Doc) -> tuple[int, int]:
    """', who ...', ', the ...' and ', contradicting ...' closing a content are the reporter's asides."""
    inner = doc.char_span(span[0], span[1], alignment_mode="contract")
    if inner is None or len(inner) < 4:
        return span
    for tok in inner[2:]:
        if tok.dep_ in _ASIDE_DEPS and tok.left_edge.i > inner.start + 1:
            comma = doc[tok.left_edge.i - 1]
            if comma.text == "," and tok.right_edge.i >= inner.end - 2 and _ASIDE_OK(tok):
                return span[0], comma.idx
    return span


def _ASIDE_OK(tok: Token) -> bool:
    if tok.dep_ == "advcl":
        return tok.tag_ == "VBG"
    if tok.dep_ == "relcl":
        return tok.left_edge.lower_ in ("who", "which", "whose")
    return True


def _quote_driven(doc: Doc, qspans: list[tuple[int, int]], found: list[Quote]) -> list[Quote]:
    """Quotations the parse did not tie to a cue: '"...," X said of ...', 'X said in a statement: "..."'.

    The nearest reporting verb in the same paragraph, right after the quotation or just before it, gives cue
    and speaker.
    """
    text = doc.text
    covered = [(q.content_start, q.content_end) for q in found]
    out: list[Quote] = []
    for qs, qe in qspans:
        if len(text[qs:qe].split()) < 3 or any(_iou((qs, qe), c) >= 0.5 for c in covered):
            continue
        before = text[max(0, qs - 200):qs].rstrip(" ")
        if before and before[-1] not in "\n.:!?,;—–-":
            continue  # a quotation inside running text is a partial quote, handled with its clause
        cue = _cue_near(doc, qs, qe, text)
        if cue is None:
            continue
        span = _join_split_quote((qs, qe), cue, text, qspans) if cue.idx > qe else (qs, qe)
        q = Quote(span[0], span[1], "", cue=cue.text, cue_start=cue.idx, cue_end=cue.idx + len(cue))
        speaker = _subject(cue)
        if speaker is not None:
            _set_speaker(q, speaker, text)
        covered.append(span)
        out.append(q)
    return out


def _cue_near(doc: Doc, qs: int, qe: int, text: str) -> Token | None:
    after = doc.char_span(qe, min(len(text), qe + 120), alignment_mode="expand")
    if after is not None:
        for t in after[:10]:
            if "\n" in t.text or t.text in ("“", "\"") and t.idx > qe + 1:
                break
            if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in CLAUSE_CUES:
                return t
    gap_start = text.rfind("\n", 0, qs) + 1
    lead = text[gap_start:qs].rstrip()
    if lead.endswith((":", ",")) and len(lead.split()) <= 15:
        span = doc.char_span(gap_start, gap_start + len(lead), alignment_mode="expand")
        if span is not None:
            for t in reversed(span):
                if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in CLAUSE_CUES:
                    return t
    return None


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def _according(tok: Token, text: str, qspans: list[tuple[int, int]]) -> Quote | None:
    """'X, according to Y' and 'According to Y, X': the clause around the phrase, attributed to Y."""
    to = next(c for c in tok.children if c.lower_ == "to")
    objs = [c for c in to.children if c.dep_ == "pobj"]
    sent = tok.sent
    ss, se = sent.start_char, sent.end_char
    ps, pe = _subtree_span(tok, text)
    if not text[ss:ps].strip(" ,\n\"“"):
        content = (pe, se)
    elif not text[pe:se].strip(" .,;\n"):
        content = (ss, ps)
    else:
        content = (ss, se)
    content = _finish(content, tok, text, qspans)
    if content[1] - content[0] < 3:
        return None
    q = Quote(content[0], content[1], "", cue=text[tok.idx:to.idx + len(to)], cue_start=tok.idx,
              cue_end=to.idx + len(to))
    if objs:
        _set_speaker(q, objs[0], text)
    return q


def _subject(tok: Token) -> Token | None:
    """The grammatical speaker: the verb's subject, a passive agent, or the subject of the verb it hangs on.

    A subject in another paragraph means the parse ran over a line break (datelines, headlines): the noun
    right before the cue is taken instead.
    """
    subj = _parsed_subject(tok)
    ps, pe = _paragraph(tok.idx, tok.doc.text)
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


def _subtree_span(tok: Token, text: str) -> tuple[int, int]:
    left, right = tok.left_edge, tok.right_edge
    return left.idx, right.idx + len(right)


def _without(head: Token, part: Token, text: str) -> tuple[int, int] | None:
    """The head's clause with ``part`` cut out where it sits at either end (a parenthetical stays inside)."""
    start, end = _subtree_span(head, text)
    ps, pe = _subtree_span(part, text)
    if ps <= start:
        start = pe
    elif pe >= end:
        end = ps
    return (start, end) if end > start else None


def _trim(span: tuple[int, int], text: str) -> tuple[int, int]:
    start, end = span
    while start < end and (text[start] in _TRIM_CHARS or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in _TRIM_CHARS or text[end - 1].isspace()):
        end -= 1
    return start, end


def _widen_to_quotes(span: tuple[int, int], text: str, qspans: list[tuple[int, int]]) -> tuple[int, int]:
    """Grow a content to the quotations it starts or ends in (marks included), across sentence breaks."""
    start, end = span
    for qs, qe in qspans:
        if qs >= end + 2 or qe <= start - 2:
            continue
        if qs <= start + 1 or qe >= end - 1:
            if qs < start and qe > start or qs <= start + 1 <= qe:
                start = min(start, qs)
            if qe > end and qs < end or qs <= end - 1 < qe:
                end = max(end, qe)
    return start, end


def _join_split_quote(span: tuple[int, int], cue: Token, text: str,
                      qspans: list[tuple[int, int]]) -> tuple[int, int]:
    """'"A," he said, "B."' and '"A," he said. "B."': one content from the first quotation to the last.

    PolNeAR keeps a speaker's run of quotations in one paragraph as one content.
    """
    start, end = span
    if end > cue.idx or text[end - 1:end] not in _CLOSE:
        return span
    pos, first = cue.idx + len(cue), True
    for qs, qe in qspans:
        if qs < pos:
            continue
        gap = text[pos:qs]
        if first:
            ok = _GAP_AFTER_CUE.fullmatch(gap) is not None and "\n" not in gap and len(gap.split()) <= 50 and not _has_cue(
                cue.doc, pos, qs)
        else:
            ok = gap.strip() == "" and "\n" not in gap
        if not ok:
            break
        end, pos, first = qe, qe, False
    return start, end


_CROSS_PARAGRAPHS = 2


def _next_paragraphs(span: tuple[int, int], cue: Token, text: str,
                     qspans: list[tuple[int, int]]) -> tuple[int, int]:
    """A speaker's quotation run goes on into the next paragraphs when they are bare quotations."""
    start, end = span
    for _ in range(_CROSS_PARAGRAPHS):
        ps, pe = _paragraph(cue.idx, text)
        if text[max(end, cue.sent.end_char):pe].strip() or end < cue.sent.start_char:
            break
        nxt = pe
        while nxt < len(text) and text[nxt].isspace():
            nxt += 1
        run = [(qs, qe) for qs, qe in qspans if nxt <= qs < text.find("\n", nxt) % (len(text) + 1)]
        if not run or run[0][0] != nxt:
            break
        new_end = run[0][1]
        for qs, qe in run[1:]:
            if text[new_end:qs].strip():
                break
            new_end = qe
        npe = _paragraph(nxt, text)[1]
        if text[new_end:npe].strip(" .,"):
            break
        end = new_end
        cue = cue.doc.char_span(nxt, nxt + 1, alignment_mode="expand")[0]
    return start, end


def _has_cue(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.lemma_.lower() in CLAUSE_CUES and t.pos_ == "VERB" for t in span)


def _after_colon(tok: Token, text: str, qspans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """'X said:' followed by a quotation (or the rest of the sentence, or the next paragraph)."""
    i = tok.i + 1
    doc = tok.doc
    while i < len(doc) and i <= tok.i + 4 and doc[i].text != ":":
        if doc[i].is_sent_start or doc[i].pos_ in ("VERB", "AUX"):
            return None
        i += 1
    if i >= len(doc) or doc[i].text != ":":
        return None
    colon_end = doc[i].idx + 1
    for qs, qe in qspans:
        if qs >= colon_end and not text[colon_end:qs].strip():
            return qs, qe
    nl = text.find("\n", colon_end)
    if text[colon_end:nl if nl >= 0 else len(text)].strip():
        end = min(nl if nl >= 0 else len(text), tok.sent.end_char)
        return (colon_end, end) if end > colon_end else None
    if nl >= 0:
        start = nl
        while start < len(text) and text[start].isspace():
            start += 1
        nxt = text.find("\n", start)
        return (start, nxt if nxt >= 0 else len(text))
    return None


_NESTED_KEEP = frozenset({"say", "according"})


def _nested(q: Quote, found: list[Quote], text: str) -> bool:
    """An indirect attribution inside another's content ("X said she plans to ...") is usually the
    reporter's paraphrase of X, not a second attribution; PolNeAR marks only the outer one, except for
    reported speech within reported speech ("X said Y said ...")."""
    if q.cue_start is None or _is_direct(text[q.content_start:q.content_end]):
        return False
    lemma = (q.cue or "").split()[0].lower()
    if lemma in _NESTED_KEEP or lemma in ("said", "says", "saying"):
        return False
    return any(o is not q and o.content_start <= q.cue_start < o.content_end for o in found)


def _inside_quote(pos: int, qspans: list[tuple[int, int]]) -> bool:
    """A cue inside someone's quotation ("I think ...") is part of what they said, not a new attribution."""
    return any(qs < pos < qe for qs, qe in qspans)


_WH = frozenset("what which who whom whose that this it so how why when where".split())


def _trivial(span: tuple[int, int], text: str) -> bool:
    """Contents of one function word ("what he called ...") are the parse's, not the speaker's."""
    words = text[span[0]:span[1]].split()
    return not words or (len(words) == 1 and words[0].lower() in _WH)


def _is_direct(content: str) -> bool:
    return content[:1] in _OPEN or content[:2] == "''" or content.lstrip("that ")[:1] in "“\""


def _set_speaker(q: Quote, tok: Token, text: str) -> None:
    """Speaker mention: the noun phrase without appositions and relative clauses; role and affiliation from them."""
    if tok.lower_ in _RELATIVE and tok.head.dep_ == "relcl":
        antecedent = tok.head.head
        a_first, a_last = _mention(antecedent)
        q.actor = text[a_first.idx:a_last.idx + len(a_last)]  # PolNeAR marks "who" itself as the source
        first = last = tok
        tok = antecedent
    else:
        first, last = _mention(tok)
    keep = list(tok.doc[first.i:last.i + 1])
    q.speaker_start, q.speaker_end = first.idx, last.idx + len(last)
    q.speaker = text[q.speaker_start:q.speaker_end]
    appos = [c for c in tok.children if c.dep_ == "appos"]
    if appos:
        _role_from(q, appos[0], text)
    elif tok.ent_type_ == "PERSON":
        titles = [t for t in keep if t.i < tok.i and not t.ent_type_ and t.dep_ != "det" and t.dep_ != "poss"
                  and t.dep_ != "case"]
        if titles:
            q.role = " ".join(t.text for t in titles)
        poss = [t for t in keep if t.dep_ == "poss"]
        if poss:
            q.affiliation = " ".join(t.text for t in poss[0].subtree if t.dep_ != "case")
    elif tok.lemma_.lower() in DOCUMENT_NOUNS or tok.ent_type_ not in ("PERSON", ""):
        for t in tok.subtree:
            if t.dep_ == "pobj" and t.ent_type_ in ("ORG", "GPE", "NORP"):
                q.affiliation = _ent_text(t)
                break


_RELATIVE = frozenset(("who", "which", "that"))


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
            s, e = _subtree_span(pobj[0], text)
            q.affiliation = text[s:e].strip(" ,")
    else:
        poss = [c for c in appos.children if c.dep_ == "poss"]
        if poss:
            q.affiliation = " ".join(t.text for t in poss[0].subtree if t.dep_ != "case")
            q.role = text[poss[0].right_edge.idx + len(poss[0].right_edge):role_end].strip(" ,'’s") or q.role


def _ent_text(tok: Token) -> str:
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent.text
    return tok.text


class _People:
    """Named persons in an article, in order, with a gender where the text shows one, for pronoun speakers."""

    def __init__(self, doc: Doc) -> None:
        self.mentions: list[tuple[int, str, str]] = []  # (start char, full name, gender m/f/?)
        full: dict[str, str] = {}
        gender: dict[str, str] = {}
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            words = [w for w in ent.text.replace("’s", "").replace("'s", "").split() if w.lower() not in TITLES]
            if not words:
                continue
            last = words[-1].lower()
            name = " ".join(words) if len(words) > 1 else full.get(last, words[0])
            if len(words) > 1:
                full.setdefault(last, name)
            g = _gender(ent, words)
            if g != "?":
                gender[name] = g
            self.mentions.append((ent.start_char, name, g))
        self.gender = gender
        self.full = full

    def name(self, mention: str) -> str:
        words = [w for w in mention.replace("’s", "").replace("'s", "").split() if w.lower() not in TITLES]
        if not words:
            return mention
        if len(words) == 1 and words[0].lower() in self.full:
            return self.full[words[0].lower()]
        return " ".join(words)

    def resolve(self, q: Quote) -> None:
        if q.speaker is None or q.speaker_start is None:
            return
        kind = PRONOUNS.get(q.speaker.lower())
        if q.actor is not None:
            q.actor = self.name(q.actor)
            return
        if kind is None:
            q.actor = self.name(q.speaker)
            return
        if kind not in ("m", "f"):
            return
        for start, name, g in reversed(self.mentions):
            if start >= q.speaker_start:
                continue
            if self.gender.get(name, g) in (kind, "?"):
                q.actor = name
                return


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
