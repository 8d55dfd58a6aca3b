"""HTML -> article body text and metadata, tuned on the article-extraction benchmark.

trafilatura in precision mode does the heavy lifting. Around it: a fall back to its default mode when
precision mode keeps too little (paywall notices, short pages), JSON-LD ``articleBody`` where it is
complete and covers what trafilatura found, body chunks that trafilatura left out when an article is
split over repeated containers, and line-level cleaning of what every extractor lets through (the
headline repeated as the first line, "Read more:" links, sharing and newsletter prompts).
Scores are in docs/ingest.md and bench/RESULTS.md.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # lxml is imported where a page is parsed: commands that parse none start without it
    from lxml import html as lxml_html

from ..errors import ExtractionError
from .encoding import decode_html

TOKEN_RE = re.compile(r"\w+")

# Lines that are site furniture rather than article text, whatever the site. Kept short (< 300 chars).
BOILERPLATE_RE = re.compile(
    r"^\s*(?:read more|see more|related\b|also on\b|don'?t miss|more:|also read|recommended\b|watch:|"
    r"listen:|advertisement\b|sponsored\b|sign up\b|subscribe\b|follow (?:us|him|her|them|\w+ on)\b|"
    r"like this story|share (?:this|it)\b|have a tip|email \w+ \w+ at\b|tags\b|get the latest|"
    r"this copy is for your personal)",
    re.IGNORECASE,
)
BOILERPLATE_MAX_CHARS = 300
# Precision mode below this many characters is checked against the default mode.
SHORT_TEXT_CHARS = 1000
ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
                 "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "report", "webpage",
                 "liveblogposting", "socialmediaposting", "techarticle", "scholarlyarticle"}


@dataclass
class Body:
    """What extraction found on one page; ``method`` says which candidate won."""

    text: str
    title: str | None = None
    description: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    sitename: str | None = None
    hostname: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    method: str = "trafilatura-precision"
    jsonld: dict[str, Any] = field(default_factory=dict)


def parse_html(html: str | bytes, source: str = "<html>") -> lxml_html.HtmlElement:
    """Parse a page with lxml; unparseable input raises ExtractionError naming ``source``."""
    if isinstance(html, bytes):
        html = decode_html(html, source)
    html = html.replace("\x00", "")
    if not html.strip():
        raise ExtractionError(source, "empty page")
    from lxml.etree import ParserError

    try:
        from trafilatura import load_html  # lazy: trafilatura costs every CLI command a second at start-up

        tree = load_html(html)  # trafilatura's parser settings: comments and PIs removed
    except (ParserError, ValueError) as exc:
        raise ExtractionError(source, f"not parseable as HTML: {exc}") from exc
    if tree is None:
        raise ExtractionError(source, "not parseable as HTML")
    return tree


def _norm(text: str | None) -> str:
    return " ".join(TOKEN_RE.findall((text or "").lower()))


def clean_lines(text: str, title: str | None) -> str:
    """Drop lines that repeat the headline and lines of site furniture."""
    title_norm = _norm(title)
    kept = []
    for line in text.split("\n"):
        norm = _norm(line)
        if title_norm and norm and (norm == title_norm or (len(norm) > 20 and norm in title_norm)):
            continue
        if len(line) < BOILERPLATE_MAX_CHARS and BOILERPLATE_RE.match(line):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def jsonld_articles(tree: lxml_html.HtmlElement) -> list[dict[str, Any]]:
    """Article-like objects from the page's JSON-LD scripts (broken JSON is skipped)."""
    found: list[dict[str, Any]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "", strict=False)
        except ValueError:
            continue
        stack: list[Any] = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(isinstance(k, str) and k.lower() in ARTICLE_TYPES for k in kinds):
                    found.append(item)
                stack.extend(v for v in item.values() if isinstance(v, dict | list))
    return found


def _covers(long_text: str, short_text: str) -> float:
    """Share of ``short_text``'s 4-token shingles that appear in ``long_text``."""
    def grams(text: str) -> set[tuple[str, ...]]:
        toks = TOKEN_RE.findall(text)
        return {tuple(toks[i:i + 4]) for i in range(max(1, len(toks) - 3))}
    short = grams(short_text)
    return len(short & grams(long_text)) / len(short) if short else 0.0


def _jsonld_body(articles: list[dict[str, Any]], text: str) -> str | None:
    """A JSON-LD articleBody that is complete: it holds what trafilatura found and little more."""
    for item in articles:
        body = item.get("articleBody")
        if not isinstance(body, str) or "<" in body:
            continue
        body = body.strip()
        if not text:
            if len(body) >= 200:
                return body
            continue
        if len(text) <= len(body) <= 1.1 * len(text) and _covers(body, text) >= 0.9:
            return body
    return None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _authors(value: Any) -> list[str]:
    if isinstance(value, str):
        return [a.strip() for a in re.split(r";|\band\b|,(?=\s*[A-Z])", value) if a.strip()]
    if isinstance(value, dict):
        return _authors(value.get("name"))
    if isinstance(value, list):
        return [a for v in value for a in _authors(v)]
    return []


def page_metadata(tree: lxml_html.HtmlElement, url: str | None = None) -> dict[str, Any]:
    """The metadata fields ``extract_body`` reads, as trafilatura's ``extract_metadata`` finds them.

    The same steps in the same order, less the three whose results nothing here reads (categories, tags,
    licence: about a third of the metadata's time). ``tests/unit/test_extract_metadata.py`` holds it equal
    to ``extract_metadata`` field by field. It reads the tree and changes nothing in it (the author and
    date searches work on copies), so it may run after the extraction on the same tree.
    """
    from trafilatura import metadata as tm
    from trafilatura.settings import DEFAULT_CONFIG, set_date_params

    date_config = set_date_params(DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH"))
    found = tm.examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None
    try:
        found = tm.extract_meta_json(tree, found)
    except Exception:  # noqa: BLE001 -- as extract_metadata: bugs in trafilatura's JSON metadata code
        pass
    if not found.title:
        found.title = tm.extract_title(tree)
    if not found.author:
        found.author = tm.extract_author(tree)
    if not found.url:
        found.url = tm.extract_url(tree, url)
    if found.url:
        found.hostname = tm.extract_domain(found.url, fast=True)
    date_config["url"] = found.url
    found.date = tm.find_date(tree, **date_config)
    if not found.sitename:
        found.sitename = tm.extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url:
        match = tm.META_URL.match(found.url)
        if match:
            found.sitename = match[1]
    found.filedate = date_config.get("max_date")
    found.clean_and_trim()
    return {key: getattr(found, key, None) for key in METADATA_FIELDS}


# What extract_body reads of trafilatura's metadata.
METADATA_FIELDS = ("title", "description", "author", "date", "sitename", "hostname", "url", "language")


def extract_body(html: str | bytes | lxml_html.HtmlElement, url: str | None = None,
                 source: str | None = None) -> Body:
    """Article text and metadata of one page; raises ExtractionError when no text is found."""
    source = source or url or "<html>"
    import trafilatura  # lazy, as in parse_html

    tree = parse_html(html, source) if isinstance(html, str | bytes) else html
    try:
        doc = trafilatura.bare_extraction(tree, url=url, favor_precision=True, include_comments=False)
        # metadata only for a page with text, and a failure of it drops the page's text, as
        # bare_extraction(with_metadata=True) did (which discards the document on a ValueError or TypeError)
        try:
            meta: dict[str, Any] = page_metadata(tree, url) if doc is not None else {}
        except (ValueError, TypeError):
            doc, meta = None, {}
    except (ValueError, TypeError, AttributeError) as exc:  # trafilatura's own failures on odd trees
        raise ExtractionError(source, f"extractor failed: {exc}") from exc
    found: dict[str, Any] = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc or {})  # type: ignore[union-attr]
    text = found.get("text") or ""
    method = "trafilatura-precision"
    if len(text) < SHORT_TEXT_CHARS:
        fallback = trafilatura.extract(tree, url=url, include_comments=False) or ""
        if len(text) < 0.5 * len(fallback):
            text, method = fallback, "trafilatura"
    articles = jsonld_articles(tree)
    ld = articles[0] if articles else {}
    title = _str(meta.get("title")) or _str(ld.get("headline"))
    body = _jsonld_body(articles, text)
    if body is not None:
        text, method = body, "json-ld"
    else:
        text = clean_lines(text, title)
    if not text.strip():
        raise ExtractionError(source, "no article text found")
    publisher = ld.get("publisher")
    return Body(
        text=text,
        title=title,
        description=_str(meta.get("description")),
        authors=_authors(meta.get("author")) or _authors(ld.get("author")),
        date=_str(meta.get("date")) or _str(ld.get("datePublished")),
        sitename=_str(meta.get("sitename")) or (_str(publisher.get("name")) if isinstance(publisher, dict) else None),
        hostname=_str(meta.get("hostname")),
        canonical_url=_str(meta.get("url")),
        language=_str(meta.get("language")),
        method=method,
        jsonld={k: ld.get(k) for k in ("headline", "datePublished", "dateModified", "author", "publisher")
                if k in ld},
    )

