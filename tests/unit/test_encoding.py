"""Wrong, missing and mixed charsets and binary garbage: a reason, never a crash."""

from __future__ import annotations

import os

import pytest

from storydesk.errors import ExtractionError, InputError, StorydeskError
from storydesk.ingest.bodytext import extract_body
from storydesk.ingest.encoding import decode_bytes
from storydesk.ingest.extract import extract_html

SENTENCE = "Die Bürger von Köln stimmten für den Umbau des Bahnhofs und gegen höhere Gebühren."


def test_declared_missing_wrong_and_mixed_charsets() -> None:
    assert decode_bytes(SENTENCE.encode("utf-8"), "a") == SENTENCE
    assert decode_bytes(SENTENCE.encode("latin-1"), "b", declared="iso-8859-1") == SENTENCE
    meta = f"<meta charset='windows-1252'><p>{SENTENCE}</p>".encode("cp1252")
    assert SENTENCE in decode_bytes(meta, "c")
    wrong = f"<meta charset='utf-8'><p>{SENTENCE}</p>".encode("cp1252")  # says UTF-8, is not
    assert SENTENCE in decode_bytes(wrong, "d")
    mixed = SENTENCE.encode("utf-8") + " Straße für Café".encode("cp1252")
    assert decode_bytes(mixed, "e").endswith("Straße für Café")
    assert decode_bytes(b"\xef\xbb\xbf" + SENTENCE.encode(), "f") == SENTENCE
    assert decode_bytes(SENTENCE.encode("utf-16"), "g") == SENTENCE
    assert decode_bytes(b"<p>x</p>", "h", declared="no-such-charset") == "<p>x</p>"


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 50,
    b"\x1f\x8b\x08\x00" + os.urandom(500),
    b"%PDF-1.7\n" + os.urandom(500),
    b"\x00" * 4000,
    os.urandom(5000),
])
def test_binary_garbage_is_refused_with_a_reason(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        extract_html(data, url="https://x.example/page", source="garbage-input")
    assert info.value.input == "garbage-input" and info.value.reason


@pytest.mark.parametrize("html", ["", "   ", "<html></html>", "<<<>>>", "\x00\x00<p>", "<p>" * 5000])
def test_empty_or_broken_pages_raise_extraction_errors(html: str) -> None:
    with pytest.raises(StorydeskError):
        extract_body(html, source="broken")


def test_a_latin1_page_without_charset_extracts_cleanly() -> None:
    body = "".join(f"<p>{SENTENCE} Absatz {i}.</p>" for i in range(6))
    page = f"<html><head><title>Köln</title></head><body><article>{body}</article></body></html>"
    article = extract_html(page.encode("latin-1"), url="https://koeln.example/bahnhof")
    assert "Bürger von Köln" in article.text and article.language == "de"
    with pytest.raises(ExtractionError, match="no article text"):
        extract_html(b"<html><body><p>Kurz.</p></body></html>", url="https://koeln.example/kurz")
