"""Content spans shaped like PolNeAR's: quotation marks found, clauses trimmed and widened to quotations.

PolNeAR keeps a leading "that", drops a full stop or comma outside quotation marks, keeps the marks of a
direct quotation, and treats a speaker's run of quotations (even across paragraphs of bare quotations) as one
content. These helpers turn a parse-derived span into that shape.
"""

from __future__ import annotations

import re
from typing import Any

from .quote_lexicon import CLAUSE_CUES

Token = Any
Doc = Any

_TRIM_CHARS = " \t\n,;:—–-."
OPEN = "“\"'‘"
CLOSE = "”\"'’"
_QUOTE_RE = re.compile(r"[“\"][^“”\"\n]*[”\"]|''(?:(?!'')[^\n])*?''")
_MAX_QUOTE = 3000
_GAP_AFTER_CUE = re.compile(r"[^\n“”\"]{0,300}?[,.:]\s*")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans in quotation marks (curly, straight or doubled single quotes), marks included.

    A quotation that goes on into the next paragraph has, by news convention, no closing mark at the end of
    its paragraph, and the next paragraph opens with one: it runs to the end of its paragraph.
    """
    spans = [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text) if m.end() - m.start() <= _MAX_QUOTE]
    return sorted(spans + _continued_quotes(text, spans))


def _continued_quotes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    pos = 0
    i = 0
    while pos < len(text):
        nl = text.find("\n", pos)
        nl = len(text) if nl < 0 else nl
        line = text[pos:nl].rstrip()
        if line[-1:] not in _CLOSE_MARKS and text[nl:].lstrip()[:1] in _OPEN_MARKS:
            while i < len(spans) and spans[i][0] < pos:
                i += 1
            inside = [sp for sp in spans[i:] if sp[0] < nl]
            free = [k for k, ch in enumerate(line) if ch in _OPEN_MARKS
                    and not any(a <= pos + k < b for a, b in inside)]
            if free and len(line[free[-1]:].split()) >= 3:
                out.append((pos + free[-1], pos + len(line)))
        elif not line.endswith("''") and text[nl:].lstrip().startswith("''"):
            # the same with doubled single quotes ('' ... ''), one paragraph left open
            while i < len(spans) and spans[i][0] < pos:
                i += 1
            inside = [sp for sp in spans[i:] if sp[0] < nl]
            free = [k for k in range(len(line) - 1) if line.startswith("''", k)
                    and not any(a <= pos + k < b for a, b in inside) and line[k + 2:k + 3] not in "' "]
            if free and len(line[free[-1]:].split()) >= 3:
                out.append((pos + free[-1], pos + len(line)))
        pos = nl + 1
    return out


_OPEN_MARKS = "“\""
_CLOSE_MARKS = "”\""


def paragraph(pos: int, text: str) -> tuple[int, int]:
    """The line around ``pos``: news text puts one paragraph on a line, and no attribution crosses one."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, end if end >= 0 else len(text)


def subtree_span(tok: Token, text: str) -> tuple[int, int]:
    """Character span of a token with everything that depends on it."""
    left, right = tok.left_edge, tok.right_edge
    return left.idx, right.idx + len(right)


def trim(span: tuple[int, int], text: str) -> tuple[int, int]:
    """Drop spaces and the punctuation PolNeAR leaves out of a content (closing stop, comma, dash)."""
    start, end = span
    while start < end and (text[start] in _TRIM_CHARS or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in _TRIM_CHARS or text[end - 1].isspace()):
        end -= 1
    return start, end


def without(head: Token, part: Token, text: str) -> tuple[int, int] | None:
    """The head's clause with ``part`` cut out where it sits at either end (a parenthetical stays inside)."""
    start, end = subtree_span(head, text)
    ps, pe = subtree_span(part, text)
    if not text[start:ps].strip(" ,\n"):
        start = pe
    elif not text[pe:end].strip(" .,;\n"):
        end = ps
    return (start, end) if end > start else None


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Overlap over union of two spans, as the scorer matches contents."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def inside_quote(pos: int, qspans: list[tuple[int, int]]) -> bool:
    """A cue inside someone's quotation ("I think ...") is part of what they said, not a new attribution."""
    return any(qs < pos < qe for qs, qe in qspans)


_WH = frozenset("what which who whom whose that this it".split())


def trivial(span: tuple[int, int], text: str) -> bool:
    """Contents of one function word ("what he called ...") are the parse's, not the speaker's."""
    words = text[span[0]:span[1]].split()
    return not words or (len(words) == 1 and words[0].lower() in _WH)


def is_direct(content: str) -> bool:
    return content[:1] in OPEN or content[:2] == "''" or content.removeprefix("that ").lstrip()[:1] in "“\""


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


_OWN_CONTENT_DEPS = frozenset(("ccomp", "xcomp"))


def _has_cue(doc: Doc, start: int, end: int) -> bool:
    """A reporting verb in the gap with a clause of its own ("..., adding that ...", "who said she ..."): the
    quotation after the gap may be its content, not the first cue's. A cue verb without one ("who lined up
    to hear Trump", "in a documentary that showed off the plane") does not stand in the way."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(
        t.lemma_.lower() in CLAUSE_CUES and t.pos_ == "VERB" and any(c.dep_ in _OWN_CONTENT_DEPS for c in t.children)
        for t in span)


def _new_sentence(doc: Doc, start: int, end: int) -> bool:
    """A sentence of the reporter's own between the parts: one that starts in the gap and ends before the
    next quotation opens ('"A," he said. But Mrs. Clinton ... was not as friendly. "B."')."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.is_sent_start and t.idx > start + 1 and t.sent.end_char <= end
                                    for t in span)


def join_split_quote(span: tuple[int, int], cue: Token, text: str,
                      qspans: list[tuple[int, int]]) -> tuple[int, int]:
    """'"A," he said, "B."' and '"A," he said. "B."': one content from the first quotation to the last.

    PolNeAR keeps a speaker's run of quotations in one paragraph as one content.
    """
    start, end = span
    if end > cue.idx or text[end - 1:end] not in CLOSE:
        return span
    pos, first = cue.idx + len(cue), True
    for qs, qe in qspans:
        if qs < pos:
            continue
        gap = text[pos:qs]
        if first:
            ok = (_GAP_AFTER_CUE.fullmatch(gap) is not None and "\n" not in gap and len(gap.split()) <= 50
                  and not _has_cue(cue.doc, pos, qs) and not _new_sentence(cue.doc, pos, qs))
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
        ps, pe = paragraph(cue.idx, text)
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
        npe = paragraph(nxt, text)[1]
        if text[new_end:npe].strip(" .,"):
            break
        end = new_end
        cue = cue.doc.char_span(nxt, nxt + 1, alignment_mode="expand")[0]
    return start, end


_COLON_QUOTE = re.compile(r":\s*")


def finish(span: tuple[int, int], cue: Token, text: str, qspans: list[tuple[int, int]]) -> tuple[int, int]:
    """Shape a parse-derived content like PolNeAR's: in the cue's paragraph, trimmed, widened to quotes."""
    ps, pe = paragraph(cue.idx, text)
    if span[0] < ps <= span[1] or span[0] <= pe < span[1]:
        span = (max(span[0], ps), min(span[1], pe))
    content = trim(_drop_trailing_aside(span, cue.doc), text)
    if content[1] <= content[0]:
        return content
    wide = _widen_to_quotes(content, text, qspans)
    if wide[0] <= cue.idx < wide[1]:
        return content
    content = join_split_quote(wide, cue, text, qspans)
    content = _next_paragraphs(content, cue, text, qspans)
    m = _COLON_QUOTE.match(text, content[1])
    if m and cue.idx < content[0]:
        for qs, qe in qspans:
            if qs == m.end():
                return content[0], qe
    return content


def after_colon(tok: Token, text: str, qspans: list[tuple[int, int]]) -> tuple[int, int] | None:
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
