"""Enrichment: what each article says, with character offsets into its text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..model import Article, Enrichment, Entity, Quote, Sentence
from .actor_lexicon import COMMON_NOUNS, OUTLET_NOUNS
from .actors import resolve_actors
from .claims import find_claims
from .events import find_events
from .nlp import doc_text, load_nlp, model_id
from .quotes import find_quotes
from .speakers import BODY_ROLE_NOUNS, ORG_HEAD_WORDS, SPEAKER_PRONOUNS


def enrich_doc(article: Article, doc: Any, model: str = "") -> Enrichment:
    """One parsed article -> its Enrichment record: sentences, entities with actors, quotes, claims, events.

    A stage that fails on this article leaves its part empty and says why in ``errors``; the other parts,
    and the other articles of the batch, are kept.
    """
    errors: list[str] = []

    def guarded(stage: str, fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except Exception as exc:  # one odd text must not stop a batch; the reason is kept and shown
            errors.append(f"{stage}: {type(exc).__name__}: {exc}"[:300])
            return []

    sentences = guarded("sentences", lambda: list(split_sentences(doc)))
    entities = guarded("entities", resolve_actors, doc)
    events = guarded("events", find_events, doc, entities, article.published_at)
    quotes = guarded("quotes", lambda: link_speakers(find_quotes(doc), entities, doc_text(doc)))
    claims = guarded("claims", find_claims, doc)
    return Enrichment(article_id=article.id, sentences=sentences, entities=entities, quotes=quotes,
                      claims=claims, events=events, model=model, errors=errors)


def link_speakers(quotes: list[Quote], entities: list[Entity], text: str = "") -> list[Quote]:
    """Give each quote the canonical actor of the entity at its speaker's offsets (and its role, if stated).

    An entity that ends the speaker mention names the actor ("The IAEA" -> the long form the article
    defines). A common noun is never an actor itself: a role noun stands for the organisation it belongs to
    ("a spokeswoman for the coast guard", "a Pentagon spokeswoman", "the newspaper" -> the last outlet
    named), the role kept as the quote's role; a bare group ("officials", "analysts") or a pronoun nobody
    stands behind keeps its text as the speaker and gets no actor.
    """
    for q in quotes:
        if q.speaker_start is None or q.speaker_end is None:
            continue
        head_end = q.speaker_end
        for e in entities:
            if e.actor and e.start < q.speaker_end and q.speaker_start < e.end:
                covers_head = e.end >= head_end - 1
                if e.actor_kind == "person" or not q.actor or covers_head:
                    q.actor = e.actor
                q.role = q.role or getattr(e, "role", None)
                q.affiliation = q.affiliation or getattr(e, "affiliation", None)
                break
        if q.actor and common_head(q.actor):
            behind = _behind_common_noun(q, entities, text)
            if behind is not None and q.speaker and _head(q.speaker) in BODY_ROLE_NOUNS:
                q.role = q.role or _role_words(q.speaker)
            q.actor = behind
        if q.actor and common_head(q.actor):
            q.actor = None  # "officials", "we": the text stays the speaker; no one is named
    return quotes


_COMPANY_NOUNS = frozenset(("company", "firm", "group", "carrier", "airline", "maker", "retailer", "bank"))
_DETERMINERS = frozenset("the a an this that these those some many several other our their its".split())


def common_head(name: str) -> bool:
    """Whether a mention or actor name is headed by a common noun: its last word is not capitalised
    ("officials", "Pentagon spokeswoman", "the company's chief executive"), or it is a pronoun."""
    words = re.findall(r"[\w’'-]+", name)
    if not words:
        return False
    if name.strip().lower() in SPEAKER_PRONOUNS:
        return True
    return not any(c.isupper() for c in words[-1])


def _head(mention: str) -> str:
    """The last word of a mention, lower-cased: its head noun in English noun phrases."""
    words = re.findall(r"[\w-]+", mention.lower())
    return words[-1] if words else ""


def _role_words(speaker: str) -> str | None:
    """The role in a speaker mention: its lower-case words after any possessor ("a Pentagon spokeswoman",
    "the company's spokesman" -> spokeswoman, spokesman)."""
    text = re.split(r"['’]s\s+", speaker)[-1]
    words = [w for w in text.split() if w[:1].islower() and w.lower() not in _DETERMINERS
             and w.lower() not in ORG_HEAD_WORDS | _COMPANY_NOUNS]
    return " ".join(words) or None


def _behind_common_noun(q: Quote, entities: list[Entity], text: str) -> str | None:
    """The body a common-noun speaker speaks for: the organisation after of/for/at/from/with ("a
    spokeswoman for the coast guard"), a named body inside the mention ("a Pentagon spokeswoman", "Acme's
    spokesman"), the last body named with the same head word ("the ministry" -> the Foreign Ministry named
    before) or, for an outlet noun ("the newspaper"), the last outlet named. None when there is none."""
    assert q.speaker_start is not None and q.speaker_end is not None
    speaker = (q.speaker or "").lower()
    if speaker in SPEAKER_PRONOUNS:
        return None
    head = _head(speaker)
    tail = text[q.speaker_end:q.speaker_end + 80] if text else ""
    m = re.match(r"\s+(?:for|of|at|from|with)\s+", tail)
    if m and head in BODY_ROLE_NOUNS | COMMON_NOUNS:
        after = q.speaker_end + m.end()
        for e in entities:
            if e.start == after or e.start == after + 4 and text[after:after + 4].lower() == "the ":
                return e.actor
    inside = [e for e in entities if e.actor and e.actor_kind not in (None, "person")
              and q.speaker_start <= e.start and e.end < q.speaker_end]
    if inside and head in BODY_ROLE_NOUNS:
        return inside[-1].actor
    words = [w for w in re.split(r"['’]s\s+|\s+", speaker) if w and w not in _DETERMINERS]
    body = re.match(r"(?:the|its|their)\s+(\w+)(?:['’]s\s|$)", speaker)
    if body and body.group(1) in ORG_HEAD_WORDS | _COMPANY_NOUNS:  # "the ministry", "the company's spokesman"
        head = body.group(1)
        before = [e for e in entities if e.actor and e.actor_kind not in (None, "person")
                  and e.end <= q.speaker_start]
        named = [e for e in before if head in e.text.lower().split() or head in (e.actor or "").lower().split()]
        if named:
            return named[-1].actor
        if head in _COMPANY_NOUNS and head != "group":  # a group may be any kind of body
            orgs = [e.actor for e in before if e.actor_kind == "organisation"]
            if orgs:  # the organisation the article has named most so far (ties: the later)
                return max(reversed(orgs), key=orgs.count)
    if q.actor and q.actor.split()[-1].lower() in OUTLET_NOUNS and len(words) == 1:
        outlets = [e for e in entities if e.actor_kind == "media" and e.end <= q.speaker_start]
        if outlets:
            return outlets[-1].actor
    return None


_BREAK = re.compile(r"\s*\n\s*")


def split_sentences(doc: Any) -> Iterator[Sentence]:
    """spaCy's sentences, also split at line breaks: paragraphs, captions and datelines end a sentence."""
    text = doc_text(doc)
    for sent in doc.sents:
        start = sent.start_char
        pieces = _BREAK.split(text[start:sent.end_char])
        for piece in pieces:
            if not piece.strip():
                start = text.find("\n", start) + 1 if "\n" in text[start:sent.end_char] else start
                continue
            begin = text.index(piece, start)
            end = begin + len(piece.rstrip())
            yield Sentence(begin, end, text[begin:end])
            start = end


def enrich_articles(articles: Iterable[Article], *, nlp: Any = None, batch_size: int = 32,
                    max_chars: int = 100_000) -> Iterator[Enrichment]:
    """Parse articles with ``nlp.pipe`` in batches; the model is loaded once per process."""
    nlp = nlp or load_nlp()
    model = model_id(nlp)
    items = list(articles)
    texts = (a.text[:max_chars] for a in items)
    for article, doc in zip(items, nlp.pipe(texts, batch_size=batch_size), strict=True):
        yield enrich_doc(article, doc, model)


__all__ = ["enrich_articles", "enrich_doc", "load_nlp"]
