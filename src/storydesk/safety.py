"""Untrusted text on its way out: the one place that makes links safe and escapes text for each medium.

Stored text (titles, URLs, outlet names, sentences, reject reasons, paths) comes from feeds, pages,
dumps, WARC files and imported Spark outputs, so none of it is trusted. Every renderer goes through
these functions: a link is emitted only for an ``http``/``https`` URL with a host (anything else is
shown as plain text), text is escaped for HTML, XML (RSS), Markdown and Rich terminal markup, and
control characters that could drive a terminal or break an XML document are removed.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import quote, urlsplit

from rich.markup import escape as _rich_escape

LINK_SCHEMES = frozenset({"http", "https"})
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")  # and lone surrogates
_XML_BAD_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
MATCH_MARKS = ("\x02", "\x03")  # around the matched words of a search snippet (control characters: never shown)
_MATCH_RE = re.compile("([\x02\x03])")
_MD_SPECIAL_RE = re.compile(r"([\\\[\]<>])")
# Characters kept as they are in a URL; everything else is percent-encoded (spaces, quotes, brackets, ...).
_URL_SAFE = ":/?#@!$&'*+,;=%~-._[]"


def _clean(text: object) -> str:
    """The text without control characters (newlines and tabs become spaces)."""
    value = "" if text is None else str(text)
    return _CONTROL_RE.sub("", value.replace("\r\n", " ").replace("\n", " ").replace("\t", " ").replace("\r", " "))


def safe_url(url: object) -> str | None:
    """The URL when it may be a link target (http/https with a host), percent-encoded; else None.

    Whitespace and control characters are removed first, as browsers do before reading the scheme
    (so ``java\\tscript:`` is seen as ``javascript:`` and refused).
    """
    if not isinstance(url, str):
        return None
    cleaned = "".join(ch for ch in url if unicodedata.category(ch) not in {"Cc", "Cf", "Cs"}).strip()
    stripped = "".join(cleaned.split())
    if not stripped or "\\" in stripped:
        return None
    try:
        parts = urlsplit(stripped)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not host or urlsplit(cleaned).scheme.lower() not in LINK_SCHEMES:
        return None
    return quote(cleaned, safe=_URL_SAFE, errors="replace").replace("'", "%27")


def html_text(text: object) -> str:
    """Text escaped for HTML element content and quoted attribute values."""
    return html.escape(_XML_BAD_RE.sub("", "" if text is None else str(text)), quote=True)


def html_link(url: object, label: object, *, attrs: str = ' rel="noopener nofollow noreferrer"') -> str:
    """An ``<a>`` for a safe URL, else the label as escaped text (an unsafe URL is never a link)."""
    target = safe_url(url)
    shown = html_text(label)
    if target is None:
        return shown
    return f'<a href="{html_text(target)}"{attrs}>{shown}</a>'


def xml_text(text: object) -> str:
    """Text escaped for XML (RSS), without the characters XML 1.0 does not allow."""
    return html.escape(_XML_BAD_RE.sub("", "" if text is None else str(text)), quote=True)


def md_text(text: object) -> str:
    """Text for Markdown: on one line, with every character that could open a link, image, autolink or
    raw HTML tag (``[ ] < >``, and the backslash itself) backslash-escaped, as CommonMark allows."""
    return _MD_SPECIAL_RE.sub(r"\\\1", _clean(text))


def md_link(url: object, label: object) -> str:
    """A Markdown link for a safe URL (angle-bracketed, so no character ends it early), else the label."""
    target = safe_url(url)
    shown = md_text(label)
    if target is None:
        return shown
    target = target.replace("<", "%3C").replace(">", "%3E").replace("(", "%28").replace(")", "%29")
    return f"[{shown}](<{target}>)"


def term(text: object) -> str:
    """Stored text or a user path for Rich output: markup escaped (``[/]`` and ``[fd00::1]`` print as
    written instead of raising or vanishing) and control characters (terminal escapes) removed."""
    value = "" if text is None else str(text)
    return _rich_escape(_CONTROL_RE.sub("", value.replace("\r", "")))


def term_marked(text: object, style: str = "bold reverse") -> str:
    """A search snippet for Rich: every part escaped as :func:`term` does, the matched words (between
    :data:`MATCH_MARKS`) in ``style``."""
    out: list[str] = []
    inside = False
    for piece in _MATCH_RE.split("" if text is None else str(text)):
        if piece in MATCH_MARKS:
            inside = piece == MATCH_MARKS[0]
        elif piece:
            out.append(f"[{style}]{term(piece)}[/]" if inside else term(piece))
    return "".join(out)


def unmarked(text: object) -> str:
    """A search snippet without its match marks (plain output and JSON)."""
    return _MATCH_RE.sub("", "" if text is None else str(text))
