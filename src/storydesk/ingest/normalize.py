"""Identity of articles: stable ids, content hashes, outlets and dates."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

_WS = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]")
_TRACKING = re.compile(r"^(utm_|fbclid|gclid|mc_cid|mc_eid|ref$|cmpid)")


def normalize_text(text: str) -> str:
    """Text as compared for exact duplicates: NFKC, lower case, punctuation and spacing removed."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _WS.sub(" ", _NON_WORD.sub(" ", text)).strip()


def content_hash(text: str) -> str:
    return hashlib.sha1(normalize_text(text).encode("utf-8")).hexdigest()


def canonical_url(url: str | None) -> str | None:
    """Lower-case scheme and host, no fragment, no tracking parameters, no trailing slash."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    if not parts.scheme or not parts.netloc:
        return url.strip()
    query = "&".join(p for p in parts.query.split("&") if p and not _TRACKING.match(p.split("=")[0].lower()))
    path = parts.path.rstrip("/") or "/"
    host = parts.netloc.lower().removeprefix("www.")
    return urlunsplit((parts.scheme.lower(), host, path, query, ""))


def article_id(url: str | None, text: str) -> str:
    """Stable id: a hash of the canonical URL, or of the normalised text when there is no URL."""
    key = canonical_url(url) or ("text:" + content_hash(text))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def domain_of(url: str | None) -> str:
    if not url:
        return ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


_OUTLET_PREFIXES = ("www.", "m.", "mobile.", "edition.", "amp.", "africa.", "europe.", "en.", "english.")


def outlet_of(domain: str, site_name: str | None = None) -> str:
    """A readable outlet name: the site's own name where known, else the registered domain."""
    if site_name and site_name.strip():
        return site_name.strip()
    host = domain
    for prefix in _OUTLET_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix):]
    return host


def iso_date(value: object) -> str | None:
    """Parse a publication date into ISO 8601 UTC (``2017-09-15T00:00:00Z``); None when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    else:
        text = str(value).strip()
        try:
            dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            try:
                from dateutil import parser as dateutil_parser

                dt = dateutil_parser.parse(text)
            except (ValueError, OverflowError, TypeError):
                return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
