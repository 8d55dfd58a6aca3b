"""Issue 17, defects 3, 4 and 7: one bad record, file or WARC record is a reject naming it; the rest lands."""

from __future__ import annotations

import gzip
import json
import os
import threading
import zlib
from pathlib import Path

import pytest
from warcs import write_warc

from storydesk.errors import InputError
from storydesk.ingest.files import read_paths
from storydesk.ingest.sources import iter_inputs
from storydesk.ingest.warc import iter_warc
from storydesk.model import Article, Reject
from storydesk.settings import Settings

TEXT = ("The harbour council voted on Tuesday to keep the night ferry running through the winter, after "
        "commuters filled the hall to argue that the bridge detour adds an hour to every journey. ") * 3


def good(i: int) -> dict[str, object]:
    return {"url": f"https://harbour.example/{i}", "title": f"Ferry {i}", "text": TEXT + f" Vote {i}.",
            "date_publish": f"2026-01-0{1 + i % 9} 10:00:00", "language": "en", "authors": ["A. Writer"]}


def split(items: list[Article | Reject]) -> tuple[list[Article], list[Reject]]:
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Reject)]


def folder_with_one_bad(tmp_path: Path, name: str, content: bytes) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(10):
        (folder / f"good{i}.json").write_text(json.dumps(good(i)))
    (folder / name).write_bytes(content)
    return folder


BAD_FILES = {
    "title-number.json": json.dumps({**good(50), "title": 12345}).encode(),
    "authors-number.json": json.dumps({**good(51), "authors": 7}).encode(),
    "url-list.json": json.dumps({**good(52), "url": ["x"]}).encode(),
    "deep.json": b"[" * 200_000 + b"]" * 200_000,
    "deep-object.json": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "corrupt.html.gz": gzip.compress(b"<html><body>" + TEXT.encode() + b"</body></html>")[:30] + b"\x00garbage" * 9,
    "truncated.jsonl.gz": gzip.compress(json.dumps(good(60)).encode() + b"\n" + json.dumps(good(61)).encode())[:-40],
    "not-json.json": b"\xff\xfe\x00garbage",
    "array-of-junk.json": json.dumps([1, None, "x", {"text": 5}]).encode(),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_one_bad_file_never_costs_the_good_ones(tmp_path: Path, name: str) -> None:
    folder = folder_with_one_bad(tmp_path, name, BAD_FILES[name])
    articles, rejects = split(list(read_paths([folder], min_chars=100)))
    assert {a.title for a in articles} >= {f"Ferry {i}" for i in range(10)}
    assert rejects and all(name in r.input and r.reason for r in rejects), rejects


def test_truncated_jsonl_gz_keeps_the_lines_before_the_cut(tmp_path: Path) -> None:
    lines = b"".join(json.dumps(good(i)).encode() + b"\n" for i in range(30))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(gzip.compress(lines)[:-25])
    articles, rejects = split(list(iter_inputs([str(path)], Settings())))
    assert len(articles) >= 20 and len(rejects) == 1
    assert rejects[0].input == str(path) and "truncated" in rejects[0].reason


def test_a_gzip_bomb_stops_at_the_cap(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.html.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as fh:
        block = b"<p>" + b"a" * (1 << 20) + b"</p>"
        for _ in range(200):  # 200 MB inflated, a few hundred KB on disk
            fh.write(block)
    assert bomb.stat().st_size < 2_000_000
    items = list(iter_inputs([str(bomb)], Settings()))
    assert len(items) == 1 and isinstance(items[0], Reject) and "decompressed" in items[0].reason
    from storydesk.ingest.local import read_local  # new in issue 17: imported here so the test runs before it

    with pytest.raises(InputError, match="over 300000 bytes once decompressed"):
        read_local(bomb, cap=300_000)


def test_a_fifo_named_json_is_skipped_not_waited_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.json").write_text(json.dumps(good(1)))
    os.mkfifo(folder / "pipe.json")
    os.mkfifo(tmp_path / "direct.html")
    result: list[list[Article | Reject]] = []
    worker = threading.Thread(target=lambda: result.append(
        list(read_paths([folder], min_chars=100)) + list(iter_inputs([str(tmp_path / "direct.html")], Settings()))),
        daemon=True)
    worker.start()
    worker.join(20)
    assert result, "reading a folder with a FIFO hung"
    articles, rejects = split(result[0])
    assert len(articles) == 1 and len(rejects) == 2
    assert all("FIFO" in r.reason for r in rejects)


def test_xml_size_is_checked_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.xml"
    with open(big, "wb") as fh:
        fh.seek(30_000_000)
        fh.write(b"<rss/>")
    items = list(iter_inputs([str(big)], Settings()))
    assert len(items) == 1 and isinstance(items[0], Reject) and "cap" in items[0].reason


def _warc(tmp_path: Path, n: int = 3) -> Path:
    return write_warc(tmp_path / "a.warc.gz", [good(i) for i in range(n)])


def test_a_warc_cut_mid_record_rejects_that_record(tmp_path: Path) -> None:
    data = _warc(tmp_path).read_bytes()
    for name, cut in (("cut.warc", gzip.decompress(data)[:-300]), ("cut.warc.gz", data[:-200])):
        path = tmp_path / name
        path.write_bytes(cut)
        articles, rejects = split(list(iter_warc(str(path), Settings())))
        assert len(articles) == 2 and all(len(a.text) > 500 for a in articles)
        assert len(rejects) == 1 and "truncated" in rejects[0].reason and name in rejects[0].input


@pytest.mark.parametrize("content", [b"", gzip.compress(b""), b"\x1f\x8b" + bytes(range(256)) * 20,
                                     gzip.compress(bytes(range(256)) * 20), zlib.compress(b"x" * 999)],
                         ids=["empty", "empty-gzip", "gzip-magic-then-junk", "gzipped-junk", "zlib-not-gzip"])
def test_a_garbage_warc_is_one_reject(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "garbage.warc.gz"
    path.write_bytes(content)
    items = list(iter_warc(str(path), Settings()))
    assert len(items) == 1 and isinstance(items[0], Reject) and items[0].input == str(path)
    assert items[0].reason.isprintable() and len(items[0].reason) < 200


def test_a_warc_whose_records_hold_no_page_is_a_reject_not_silence(tmp_path: Path) -> None:
    # found by the fuzz suite: a mangled WARC-Type left every record skipped, and the file said nothing
    import io

    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for i in range(2):
        writer.write_record(writer.create_warc_record(f"https://meta.example/{i}", "metadata",
                                                      payload=io.BytesIO(b"a: b\r\n"), length=6))
    path = tmp_path / "meta-only.warc.gz"
    path.write_bytes(out.getvalue())
    items = list(iter_warc(str(path), Settings()))
    assert [type(x) for x in items] == [Reject]
    assert items[0].input == str(path) and "2 records" in items[0].reason
