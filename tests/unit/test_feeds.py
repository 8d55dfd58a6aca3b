"""Feeds, OPML and sitemaps written for these tests, including hostile XML."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storydesk.errors import InputError
from storydesk.ingest.feeds import (
    FeedHealth,
    due,
    parse_feed,
    parse_opml,
    parse_sitemap,
    record_failure,
    record_success,
    sniff_kind,
)

RSS091 = b"""<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Valley Gazette</title><link>https://gazette.example/</link>
<language>en</language>
<item><title>Bridge repairs finish early</title><link>https://gazette.example/bridge</link>
<description>The east bridge reopened.</description></item></channel></rss>"""

RSS10 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://ledger.example/"><title>Ledger</title><link>https://ledger.example/</link>
<description>d</description></channel>
<item rdf:about="https://ledger.example/rates"><title>Rates held</title><link>https://ledger.example/rates</link>
<dc:date>2024-03-05T10:00:00Z</dc:date></item></rdf:RDF>"""

RSS20 = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Coast Radio — News</title><link>https://coast.example/</link>
<item><title>Ferry strike ends</title><link>https://coast.example/ferry</link>
<pubDate>Tue, 05 Mar 2024 08:30:00 GMT</pubDate><guid>ferry-1</guid></item>
<item><title>Relative link</title><link>/news/relative</link></item>
<item><title>No link at all</title></item>
</channel></rss>""".encode()

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Northern Wire</title><id>urn:nw</id>
<updated>2024-03-05T12:00:00Z</updated>
<entry><title>Grid outage explained</title><id>urn:nw:1</id><updated>2024-03-05T11:00:00Z</updated>
<link rel="alternate" href="https://wire.example/grid"/><summary>Why the lights went out.</summary></entry>
</feed>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<opml version="2.0"><body><outline text="&secret;" xmlUrl="https://x.example/feed"/></body></opml>"""

OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My outlets</title></head><body>
<outline text="World"><outline text="Coast Radio" type="rss" xmlUrl="https://coast.example/rss"
 htmlUrl="https://coast.example/"/><outline title="Northern Wire" xmlUrl="https://wire.example/atom"/></outline>
<outline text="Security"><outline text="Coast again" xmlUrl="https://coast.example/rss"/>
<outline text="Defence Desk" xmlUrl="https://defence.example/feed"/></outline>
</body></opml>"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://coast.example/ferry</loc><news:news><news:publication><news:name>Coast Radio</news:name>
<news:language>en</news:language></news:publication>
<news:publication_date>2024-03-05T08:30:00Z</news:publication_date>
<news:title>Ferry strike ends</news:title></news:news></url>
<url><loc>https://coast.example/about</loc><lastmod>2024-01-01</lastmod></url>
</urlset>"""

INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://coast.example/news-sitemap.xml</loc></sitemap></sitemapindex>"""


def test_every_feed_flavour_gives_its_links() -> None:
    old = parse_feed(RSS091, "rss091")
    assert old.title == "Valley Gazette" and [e.url for e in old.entries] == ["https://gazette.example/bridge"]
    rdf = parse_feed(RSS10, "rss10")
    assert rdf.entries[0].url == "https://ledger.example/rates"
    assert rdf.entries[0].published == "2024-03-05T10:00:00+00:00"
    two = parse_feed(RSS20, "https://coast.example/rss")
    assert two.title == "Coast Radio — News"
    assert [e.url for e in two.entries] == ["https://coast.example/ferry", "https://coast.example/news/relative"]
    assert two.entries[0].id == "ferry-1" and two.entries[0].published == "2024-03-05T08:30:00+00:00"
    atom = parse_feed(ATOM, "atom")
    assert atom.entries[0].url == "https://wire.example/grid" and atom.entries[0].summary


@pytest.mark.parametrize("parser", [parse_feed, parse_opml, parse_sitemap])
@pytest.mark.parametrize("bomb", [BILLION_LAUGHS, XXE])
def test_entity_declarations_are_refused_everywhere(parser, bomb) -> None:
    with pytest.raises(InputError, match="entit"):
        parser(bomb, "hostile.xml")


def test_garbage_and_html_are_not_feeds() -> None:
    with pytest.raises(InputError, match="not a feed"):
        parse_feed(bytes(range(256)) * 20, "garbage")
    with pytest.raises(InputError, match="not an OPML"):
        parse_opml(b"<html><body>hello</body></html>", "page.html")
    with pytest.raises(InputError):
        parse_sitemap(b"\x00\x01\x02 not xml", "sitemap.xml")


def test_opml_lists_feeds_once_with_their_category() -> None:
    feeds = parse_opml(OPML, "my.opml")
    assert [(f.url, f.title, f.category) for f in feeds] == [
        ("https://coast.example/rss", "Coast Radio", "World"),
        ("https://wire.example/atom", "Northern Wire", "World"),
        ("https://defence.example/feed", "Defence Desk", "Security"),
    ]


def test_news_sitemaps_and_indexes() -> None:
    sitemap = parse_sitemap(NEWS_SITEMAP, "sm.xml")
    first = sitemap.entries[0]
    assert (first.url, first.title, first.publication, first.language) == (
        "https://coast.example/ferry", "Ferry strike ends", "Coast Radio", "en")
    assert first.published == "2024-03-05T08:30:00Z" and sitemap.entries[1].published == "2024-01-01"
    assert parse_sitemap(INDEX, "index.xml").sitemaps == ["https://coast.example/news-sitemap.xml"]
    assert [sniff_kind(x) for x in (OPML, NEWS_SITEMAP, INDEX, ATOM, RSS10, b"<html>")] == [
        "opml", "sitemap", "sitemap", "feed", "feed", "unknown"]


def test_health_records_count_failures_and_back_off() -> None:
    health = FeedHealth("https://coast.example/rss")
    assert due(health, 600)
    failed = record_failure(record_failure(health, "HTTP 503", "2024-03-05T10:00:00+00:00"),
                            "timed out", "2024-03-05T10:00:00+00:00")
    assert failed.error_count == 2 and failed.last_error == "timed out" and failed.last_success is None
    at = datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
    assert not due(failed, 600, at + timedelta(minutes=30))  # 600 s x 2^2 = 40 minutes
    assert due(failed, 600, at + timedelta(minutes=41))
    ok = record_success(failed, title="Coast", etag='"e1"', entries=3, when="2024-03-05T11:00:00+00:00")
    assert (ok.error_count, ok.total_errors, ok.etag, ok.entries_seen) == (0, 2, '"e1"', 3)
    assert record_success(ok, entries=0).etag == '"e1"'  # a 304 keeps the validators
