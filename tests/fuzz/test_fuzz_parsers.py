"""Every parser under generated and mutated input: no exception escapes, a bad record is a Reject naming
its input and the reason, and the good records of the same batch land."""

from __future__ import annotations

import gzip
import io
import json
import tempfile
from pathlib import Path

from fuzzing import budget, check_records, hostile_text, hostile_url, json_values, mutate, splices
from hypothesis import given
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storydesk.errors import StorydeskError
from storydesk.ingest.dumps import iter_csv, iter_jsonl
from storydesk.ingest.extract import extract_html
from storydesk.ingest.feeds import parse_feed, parse_opml, parse_sitemap, sniff_kind
from storydesk.ingest.files import read_paths
from storydesk.ingest.sources import iter_inputs
from storydesk.ingest.warc import iter_warc
from storydesk.settings import Settings

TEXT = ("The valley council agreed on Monday to rebuild the old stone bridge before the spring floods, "
        "after engineers warned that the central arch could not take another winter of heavy lorries. ") * 2
GOOD = {"url": "https://valley.example/bridge", "title": "Bridge to be rebuilt", "text": TEXT, "language": "en"}
OFFLINE = Settings.from_values({"fetch_retries": 0, "fetch_timeout": 1.0, "fetch_max_bytes": 100_000})


def rss(title: str, link: str, desc: str) -> bytes:
    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;")
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{esc(title)}</title>"
            f"<item><title>{esc(title)}</title><link>{esc(link)}</link><description>{esc(desc)}</description>"
            "</item></channel></rss>").encode("utf-8", "surrogatepass")


def parse_or_refuse(fn, data: bytes) -> None:  # type: ignore[no-untyped-def]
    try:
        fn(data, "fuzz-input")
    except StorydeskError as exc:
        assert exc.input == "fuzz-input" and exc.reason


@budget(150)
@given(hostile_text, hostile_url, hostile_text, splices)
def test_feeds_opml_sitemaps(title: str, link: str, desc: str, cuts: list) -> None:
    base = rss(title, link, desc)
    for data in (base, mutate(base, cuts)):
        assert sniff_kind(data) in {"feed", "opml", "sitemap", "unknown"}
        parse_or_refuse(parse_feed, data)
        opml = data.replace(b"<rss", b"<opml").replace(b"<item>", b"<body><outline xmlUrl='x' text='y'>")
        parse_or_refuse(parse_opml, opml)
        sitemap = f"<urlset><url><loc>{link}</loc><lastmod>{desc}</lastmod></url></urlset>".encode(
            "utf-8", "surrogatepass")
        parse_or_refuse(parse_sitemap, mutate(sitemap, cuts))


# Entry links never leave the machine: private or loopback literals (refused by the guard before any
# lookup) and non-http schemes.
offline_link = st.sampled_from(["javascript:alert(1)", "file:///etc/passwd", "ftp://x/", "data:,x", "//x/"]) | \
    hostile_text.map(lambda t: "http://10.0.0.1/" + t) | hostile_text.map(lambda t: "http://[fd00::1]/" + t)


@budget(40)
@given(hostile_text, offline_link, splices)
def test_feed_files_through_the_input_boundary(title: str, link: str, cuts: list) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "feed.xml"
        path.write_bytes(mutate(rss(title, link, "d"), cuts))
        settings = Settings.from_values({"fetch_retries": 0, "fetch_timeout": 0.5, "respect_robots": False})
        items = list(iter_inputs([str(path)], settings, max_entries=2))
        check_records(items, [str(path), link, link.strip(), "http", "fuzz"] + [i.input for i in items
                                                                                  if hasattr(i, "stage")])


@budget(120)
@given(st.binary(max_size=2000) | hostile_text.map(lambda t: f"<html><title>{t}</title><p>{t}</p>".encode(
    "utf-8", "surrogatepass")), splices)
def test_html_extraction(data: bytes, cuts: list) -> None:
    page = b"<html><head><title>T</title></head><body><article><p>" + TEXT.encode() + b"</p></article></body></html>"
    for blob in (data, mutate(page, cuts)):
        try:
            article = extract_html(blob, url="https://valley.example/x", source="fuzz-input", min_chars=50)
        except StorydeskError as exc:
            assert exc.input == "fuzz-input" and exc.reason
        else:
            assert article.text and article.source == "fuzz-input"


@budget(120)
@given(json_values, st.sampled_from(["title", "authors", "url", "text", "date_publish", "language",
                                     "description", "source_domain", "newsCluster"]), splices)
def test_newsplease_json_folders(value: object, field: str, cuts: list) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "a-good.json").write_text(json.dumps(GOOD))
        (folder / "b-field.json").write_text(json.dumps({**GOOD, "url": "https://valley.example/2", field: value}))
        (folder / "c-mutated.json").write_bytes(mutate(json.dumps(GOOD).encode(), cuts))
        lines = json.dumps({**GOOD, "url": "https://valley.example/3"}) + "\n" + json.dumps(value) + "\n"
        (folder / "d-lines.jsonl").write_text(lines)
        (folder / "e-lines.jsonl.gz").write_bytes(mutate(gzip.compress(lines.encode()), cuts))
        articles, _ = check_records(read_paths([folder], min_chars=50), [str(folder)])
        urls = {a.url for a in articles}
        assert {"https://valley.example/bridge", "https://valley.example/3"} <= urls


@budget(100)
@given(st.lists(st.lists(hostile_text, max_size=5), max_size=5), splices, st.booleans())
def test_csv_and_jsonl_dumps(rows: list, cuts: list, gz: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        buf = io.StringIO()
        buf.write("url,title,text\n")
        buf.write(f'https://valley.example/good,Good,"{TEXT}"\n')
        for row in rows:
            buf.write(",".join(json.dumps(c) for c in row) + "\n")
        data = buf.getvalue().encode("utf-8", "surrogatepass")
        path = Path(tmp) / ("d.csv.gz" if gz else "d.csv")
        path.write_bytes(gzip.compress(data) if gz else data)
        articles, _ = check_records(iter_csv(path), [str(path)])
        assert any(a.url == "https://valley.example/good" for a in articles)
        path.write_bytes(mutate(path.read_bytes(), cuts))
        try:
            check_records(iter_csv(path), [str(path)])
        except StorydeskError as exc:  # a header that lost its columns is the caller's error, with the file
            assert exc.input == str(path)
        jl = Path(tmp) / "d.jsonl"
        jl.write_bytes(mutate(json.dumps(GOOD).encode() + b"\n" + json.dumps(rows).encode() + b"\n", cuts))
        check_records(iter_jsonl(jl), [str(jl)])


def _warc_bytes() -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for i in range(3):
        body = f"<html><head><title>Page {i}</title></head><body><article><p>{TEXT}</p></article></body></html>"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://valley.example/{i}", "response",
                                                      payload=io.BytesIO(body.encode()), length=len(body),
                                                      http_headers=headers))
    return out.getvalue()


WARC = _warc_bytes()


@budget(100)
@given(splices, st.booleans())
def test_warc_files(cuts: list, inflate: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("w.warc" if inflate else "w.warc.gz")
        path.write_bytes(mutate(gzip.decompress(WARC) if inflate else WARC, cuts))
        articles, rejects = check_records(iter_warc(str(path), OFFLINE), [str(path)])
        assert articles or rejects  # damage is never silent
