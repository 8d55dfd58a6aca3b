"""WARC files built here with warcio from pages written for these tests."""

from __future__ import annotations

import gzip
from io import BytesIO
from pathlib import Path

import pytest
from local_http import Route, serve
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storydesk.errors import UnsafeURLError
from storydesk.ingest.warc import iter_warc, read_warc_list
from storydesk.model import Article, Reject
from storydesk.settings import Settings

BODY = ("<p>The river ferry between the two old towns resumed service on Friday after engineers replaced a "
        "worn cable that had kept the boat moored for three weeks.</p><p>Commuters said the crossing saves "
        "them nearly an hour compared with the road bridge, which is under repair until the autumn.</p>"
        "<p>The operator said it would add an evening crossing during the summer festival.</p>")


def page(title: str, body: str = BODY, charset: str = "utf-8") -> bytes:
    html = (f"<html><head><meta charset='{charset}'><title>{title}</title></head><body>"
            f"<nav>Home | World</nav><article><h1>{title}</h1>{body}</article>"
            "<footer>Contact us</footer></body></html>")
    return html.encode(charset)


def build_warc(path: Path, gzipped: bool = True) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzipped)

        def response(url: str, payload: bytes, status: str = "200 OK",
                     ctype: str = "text/html; charset=utf-8") -> None:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(payload),
                                                          length=len(payload), http_headers=headers))

        info = b"software: tests\r\n"
        writer.write_record(writer.create_warc_record("", "warcinfo", payload=BytesIO(info), length=len(info),
                                                      warc_content_type="application/warc-fields"))
        response("https://ferry.example/news/resumed", page("Ferry resumes"))
        request = b"GET / HTTP/1.1\r\n\r\n"
        writer.write_record(writer.create_warc_record("https://ferry.example/news/resumed", "request",
                                                      payload=BytesIO(request), length=len(request)))
        response("https://ferry.example/missing", b"<html>gone</html>", status="404 Not Found")
        response("https://ferry.example/logo.png", b"\x89PNG\r\n\x1a\n....", ctype="image/png")
        response("https://ferry.example/garbage", bytes(range(256)) * 40)
        latin = page("Caf\u00e9 owners cheer", BODY.replace("river", "rivi\u00e8re"), charset="cp1252")
        response("https://ferry.example/latin", latin, ctype="text/html; charset=utf-8")  # wrong charset
        response("https://ferry.example/empty", b"<html><body><nav>menu</nav></body></html>")
        response("https://ferry.example/news/second", page("Evening crossing added"))


def test_a_warc_gives_articles_and_reasons(tmp_path) -> None:
    path = tmp_path / "crawl.warc.gz"
    build_warc(path)
    items = list(iter_warc(str(path), Settings()))
    articles = [i for i in items if isinstance(i, Article)]
    rejects = [i for i in items if isinstance(i, Reject)]
    assert [a.url for a in articles] == ["https://ferry.example/news/resumed", "https://ferry.example/latin",
                                         "https://ferry.example/news/second"]
    first = articles[0]
    assert "worn cable" in first.text and "Contact us" not in first.text and first.title == "Ferry resumes"
    assert first.source.startswith(f"{path}#<urn:uuid:") and first.fetched_at and first.language == "en"
    assert "rivière" in articles[1].text  # a wrong declared charset is not trusted
    reasons = {r.input.split("#")[0] + " " + r.reason for r in rejects}
    assert len(rejects) == 3, reasons
    assert any("HTTP status 404" in r.reason for r in rejects)
    assert any("binary data" in r.reason for r in rejects)
    assert any("no article text" in r.reason for r in rejects)


def test_plain_warc_and_a_truncated_one(tmp_path) -> None:
    plain = tmp_path / "crawl.warc"
    build_warc(plain, gzipped=False)
    assert sum(isinstance(i, Article) for i in iter_warc(str(plain), Settings())) == 3
    whole = tmp_path / "whole.warc.gz"
    build_warc(whole)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.9)])
    items = list(iter_warc(str(cut), Settings()))
    assert sum(isinstance(i, Article) for i in items) == 2
    assert isinstance(items[-1], Reject)


def test_warc_lists_and_streaming_over_http(tmp_path) -> None:
    path = tmp_path / "crawl.warc.gz"
    build_warc(path)
    listing = tmp_path / "warc.paths"
    listing.write_text(f"# my crawl\ncrawl.warc.gz\n{path}\ncrawl-data/CC-NEWS/2024/01/CC-NEWS-1.warc.gz\n")
    assert read_warc_list(listing) == [str(path), str(path),
                                       "https://data.commoncrawl.org/crawl-data/CC-NEWS/2024/01/CC-NEWS-1.warc.gz"]
    gz = tmp_path / "warc.paths.gz"
    gz.write_bytes(gzip.compress(b"crawl.warc.gz\n"))
    assert read_warc_list(gz) == [str(path)]
    warc_route = Route(path.read_bytes(), headers={"Content-Type": "application/warc"})
    with serve({"/cc.warc.gz": warc_route}) as srv:
        allowed = Settings.from_values({"fetch_allow_hosts": "127.0.0.1:*"})
        items = list(iter_warc(srv.url("/cc.warc.gz"), allowed))
        assert sum(isinstance(i, Article) for i in items) == 3
        with pytest.raises(UnsafeURLError):
            list(iter_warc(srv.url("/cc.warc.gz"), Settings()))
