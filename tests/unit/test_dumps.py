"""JSONL and CSV dumps written for these tests: column mapping, bad rows, odd encodings."""

from __future__ import annotations

import gzip
import json

import pytest

from storydesk.errors import InputError
from storydesk.ingest.dumps import iter_csv, iter_dump, iter_jsonl, parse_mapping
from storydesk.model import Article, Reject

TEXT = ("The regional water board approved a plan on Wednesday to build two new reservoirs in the hills "
        "above the valley, after three dry summers left farmers rationing water for their orchards and "
        "fields. The board said construction would start next spring and take about four years.")


def split(items):
    items = list(items)
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Reject)]


def test_jsonl_rows_with_common_names_and_bad_lines(tmp_path) -> None:
    path = tmp_path / "dump.jsonl"
    rows = [
        json.dumps({"url": "https://water.example/plan", "title": "Reservoirs approved", "maintext": TEXT,
                    "date_publish": "2024-05-01 10:00:00", "authors": ["A. Writer"],
                    "source_domain": "water.example"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"url": "https://water.example/empty", "text": "too short"}),
        "",
        json.dumps({"headline": "No URL here", "body": TEXT.replace("Wednesday", "Thursday")}),
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    articles, rejects = split(iter_jsonl(path))
    assert [a.title for a in articles] == ["Reservoirs approved", "No URL here"]
    first = articles[0]
    assert (first.published_at, first.authors, first.outlet, first.domain, first.language) == (
        "2024-05-01T10:00:00Z", ["A. Writer"], "water.example", "water.example", "en")
    assert first.source == f"{path}:1" and first.content_hash
    assert articles[1].url is None and articles[1].id != first.id
    assert [r.input.rsplit(":", 1)[1] for r in rejects] == ["2", "3", "4"]
    assert "not JSON" in rejects[0].reason and "no article text" in rejects[2].reason


def test_csv_with_a_column_mapping_and_mixed_encodings(tmp_path) -> None:
    path = tmp_path / "dump.csv"
    header = "permalink;story_body;hed;when\n"
    good = f'https://water.example/a;"{TEXT}";Reservoirs;2024-05-02\n'.encode()
    latin = f'https://water.example/b;"{TEXT} Caf\u00e9 owners agreed.";Caf\u00e9s;2024-05-03\n'
    latin = latin.encode("cp1252")
    empty = b"https://water.example/c;;Nothing;2024-05-04\n"
    path.write_bytes(header.encode() + good + latin + empty)
    mapping = parse_mapping(["url=permalink", "text=story_body", "title=hed", "published_at=when"])
    articles, rejects = split(iter_csv(path, mapping))
    assert [a.url for a in articles] == ["https://water.example/a", "https://water.example/b"]
    assert articles[1].title == "Cafés" and "Café owners" in articles[1].text
    assert len(rejects) == 1 and rejects[0].input.endswith(":4")
    with pytest.raises(InputError, match="not in the header"):
        list(iter_csv(path, {"text": "nope"}))
    with pytest.raises(InputError, match="bad column mapping"):
        parse_mapping(["colour=red"])


def test_gzipped_dumps_html_rows_and_binary_files(tmp_path) -> None:
    html = f"<html><head><title>Dam news</title></head><body><article><p>{TEXT}</p></article></body></html>"
    path = tmp_path / "dump.jsonl.gz"
    row = {"link": "https://water.example/h", "raw_html": html}
    path.write_bytes(gzip.compress(json.dumps(row).encode()))
    articles, rejects = split(iter_dump(path))
    assert not rejects and articles[0].title == "Dam news" and "reservoirs" in articles[0].text
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(InputError, match="PNG"):
        list(iter_dump(binary))
    with pytest.raises(InputError, match="unknown dump format"):
        iter_dump(tmp_path / "dump.parquet")
