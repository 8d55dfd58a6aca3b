"""HTML -> Article: ``bodytext.extract_body`` for text and metadata, ``normalize`` for identity.

The page's own canonical URL is used only when it is on the same site as the fetched URL (a page may not
claim another site's article id); language comes from the page or py3langid's packaged model.
"""

from __future__ import annotations

from ..errors import ExtractionError
from ..model import Article
from .bodytext import extract_body
from .encoding import decode_bytes
from .normalize import article_id, canonical_url, content_hash, domain_of, iso_date, now_iso, outlet_of


def extract_html(html: str | bytes, *, url: str | None = None, source: str = "", min_chars: int = 200,
                 fetched_at: str | None = None, declared_charset: str | None = None) -> Article:
    """Extract the article of one page; raises ExtractionError (naming ``source``) when there is none.

    ``declared_charset`` is what the transport said (HTTP Content-Type); it is tried, never trusted.
    """
    name = source or url or "<html>"
    if isinstance(html, bytes):
        html = decode_html(html, name, declared_charset)
    body = extract_body(html, url=url, source=name)
    text = body.text.strip()
    if len(text) < min_chars:
        raise ExtractionError(name, f"no article text found ({len(text)} characters of text, need {min_chars})",
                              "is this an article page?")
    claimed = body.canonical_url
    if url and claimed and _site(claimed) != _site(url):
        claimed = None
    page_url = url or claimed
    canon = canonical_url(claimed or page_url)
    domain = domain_of(page_url) or (body.hostname or "")
    return Article(
        id=article_id(canon, text),
        text=text,
        title=(body.title or "").strip(),
        url=page_url,
        canonical_url=canon,
        outlet=outlet_of(domain, body.sitename),
        domain=domain,
        authors=body.authors,
        published_at=iso_date(body.date),
        language=body.language or detect_language(text),
        description=body.description,
        content_hash=content_hash(text),
        source=source or (url or ""),
        fetched_at=fetched_at or now_iso(),
    )


def _site(url: str) -> str:
    """The registered domain (``bbc.co.uk`` for ``www.bbc.co.uk``)."""
    from courlan import get_hostinfo

    return (get_hostinfo(url)[0] or "").lower()


def decode_html(data: bytes, name: str, declared: str | None = None) -> str:
    """Bytes -> text (see ``encoding.decode_bytes``); binary data or no fitting charset is an InputError."""
    return decode_bytes(data, name, declared)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code from py3langid's packaged model."""
    if len(text.strip()) < 20:
        return None
    import py3langid

    lang, _score = py3langid.classify(text[:2000])
    return str(lang)
