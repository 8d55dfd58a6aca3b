"""HTML -> Article: trafilatura for the text and metadata."""

from __future__ import annotations

from typing import Any

from ..errors import ExtractionError
from ..model import Article
from .normalize import article_id, canonical_url, content_hash, domain_of, iso_date, now_iso, outlet_of


def extract_html(html: str | bytes, *, url: str | None = None, source: str = "",
                 min_chars: int = 200) -> Article:
    """Extract the article of one page; raises ExtractionError (naming ``source``) when there is none."""
    import trafilatura

    name = source or url or "<html>"
    if isinstance(html, bytes):
        html = decode_html(html, name)
    if not html.strip():
        raise ExtractionError(name, "the page is empty")
    result = trafilatura.bare_extraction(
        html, url=url, include_comments=False, include_tables=False, with_metadata=True, favor_precision=True,
    )
    doc: dict[str, Any] = result.as_dict() if hasattr(result, "as_dict") else (result or {})
    text = (doc.get("text") or "").strip()
    if len(text) < min_chars:
        raise ExtractionError(name, f"no article text found ({len(text)} characters of text, need {min_chars})",
                              "is this an article page?")
    page_url = doc.get("url") or url
    canon = canonical_url(page_url)
    domain = domain_of(page_url) or (doc.get("hostname") or "")
    authors = [a.strip() for a in (doc.get("author") or "").split(";") if a.strip()]
    return Article(
        id=article_id(canon, text),
        text=text,
        title=(doc.get("title") or "").strip(),
        url=url or page_url,
        canonical_url=canon,
        outlet=outlet_of(domain, doc.get("sitename")),
        domain=domain,
        authors=authors,
        published_at=iso_date(doc.get("date")),
        language=doc.get("language") or detect_language(text),
        description=doc.get("description"),
        content_hash=content_hash(text),
        source=source or (url or ""),
        fetched_at=now_iso(),
    )


def decode_html(data: bytes, name: str) -> str:
    """Bytes -> text, trusting a BOM or a declared charset, else detecting; garbage is an ExtractionError."""
    from charset_normalizer import from_bytes

    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExtractionError(name, "binary data, not HTML")
    best = from_bytes(data).best()
    if best is None:
        raise ExtractionError(name, "cannot decode the bytes as text in any known encoding")
    return str(best)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code from py3langid's packaged model."""
    if not text.strip():
        return None
    import py3langid

    lang, _score = py3langid.classify(text[:2000])
    return str(lang)
