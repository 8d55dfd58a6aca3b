"""Bytes -> text for pages and feeds, whatever charset they claim.

Order: byte-order mark, the charset the transport declared, the page's own ``<meta charset>``, UTF-8,
then charset detection (charset-normalizer). A declared charset that does not decode is ignored rather
than trusted; UTF-8 with stray single-byte characters (mixed encodings) decodes those bytes as
Windows-1252. Binary data (images, archives, PDFs, random bytes) is refused with a reason.
"""

from __future__ import annotations

import codecs
import functools
import re

from ..errors import InputError

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""")
_MAGIC = {
    b"\x1f\x8b": "gzip data",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive",
    b"\x7fELF": "an executable",
    b"BZh": "bzip2 data",
    b"\xfd7zXZ": "xz data",
}
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
MAX_CONTROL_SHARE = 0.02
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    """Error handler: decode bytes that are not UTF-8 as Windows-1252 (mixed-encoding pages)."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    chunk = err.object[err.start:err.end]
    return chunk.decode("cp1252", errors="replace"), err.end


codecs.register_error("storydesk-cp1252", _cp1252_fallback)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'").lower()).name
    except LookupError:
        return None


def sniff_binary(data: bytes) -> str | None:
    """What the bytes look like when they are not text, else None."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return what
    return None


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    sample = text[:20000]
    return len(_CONTROL_RE.findall(sample)) / len(sample) > MAX_CONTROL_SHARE


def decode_bytes(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode page or feed bytes to text; raises InputError naming ``source`` for binary data."""
    what = sniff_binary(data)
    if what:
        raise InputError(source, f"not text but {what}")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name)
            except UnicodeDecodeError:
                break
    head = data[:4096]
    candidates = [_codec(declared)]
    match = _META_CHARSET_RE.search(head) or _XML_ENCODING_RE.search(head)
    if match:
        candidates.append(_codec(match.group(1).decode("ascii", "replace")))
    candidates.append("utf-8")
    text: str | None = None
    for name in dict.fromkeys(c for c in candidates if c):
        if name in {"utf-16", "utf-16-le", "utf-16-be", "utf-32"} and b"\x00" not in head:
            continue  # a page that says UTF-16 in ASCII bytes is not UTF-16
        if name != "utf-8" and _single_byte(name) and not _fits_single_byte(data, name):
            continue  # a single-byte charset decodes anything: only trusted when the bytes look like it
        try:
            text = data.decode(name)
            break
        except (UnicodeDecodeError, LookupError):
            continue
    if text is None:
        text = _detect(data)
    if text is None:
        raise InputError(source, "binary data or an unknown charset: no charset fits these bytes")
    if _looks_binary(text):
        raise InputError(source, "binary data, not text (too many control characters)")
    return text


_HIGH_RUN_RE = re.compile(rb"[\x80-\xff]+")
MAX_STRAY_RUN = 4  # a UTF-8 sequence is 2-4 bytes and an accented Latin-1 letter 1: longer runs are words


@functools.lru_cache(maxsize=64)
def _single_byte(name: str) -> bool:
    """Whether the codec maps each byte to one character (Latin-1, Windows-125x, KOI8, ...)."""
    try:
        return len(bytes(range(256)).decode(name, errors="replace")) == 256
    except LookupError:
        return False


def _fits_single_byte(data: bytes, name: str) -> bool:
    """Whether bytes labelled with a single-byte charset are plausibly in it: pure ASCII, not valid UTF-8
    with multi-byte sequences (a common mislabel), not too chaotic under that charset, and not better
    read as a multi-byte charset by charset-normalizer (Shift-JIS labelled ISO-8859-1 is refused)."""
    if data.isascii():
        return True
    try:
        data.decode("utf-8")
        return False  # real UTF-8 sequences, and no invalid byte: UTF-8 mislabelled
    except UnicodeDecodeError:
        pass
    if all(len(run) <= MAX_STRAY_RUN for run in _HIGH_RUN_RE.findall(data[:200_000])):
        return True  # accented letters between ASCII: what single-byte pages look like
    from charset_normalizer import from_bytes  # here, not at the top: a slow import most commands never need

    if from_bytes(data[:200_000], cp_isolation=[name]).best() is None:
        return False
    best = from_bytes(data[:200_000]).best()
    return best is None or best.encoding is None or _single_byte(best.encoding)  # else a multi-byte text


def _detect(data: bytes) -> str | None:
    """UTF-8 with stray single-byte characters (mixed: only short runs of high bytes, decoded as
    Windows-1252 byte run by byte run), else what charset-normalizer finds."""
    if all(len(run) <= MAX_STRAY_RUN for run in _HIGH_RUN_RE.findall(data[:200_000])):
        return data.decode("utf-8", errors="storydesk-cp1252")
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        return None
    return data.decode(best.encoding, errors="replace")


def decode_html(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode a web page; see ``decode_bytes``."""
    return decode_bytes(data, source, declared)
