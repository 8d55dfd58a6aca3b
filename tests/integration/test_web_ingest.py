"""Feeds, OPML, sitemaps and pages over real HTTP on 127.0.0.1, end to end to Articles and Rejects."""

from __future__ import annotations

import asyncio

from local_http import Route, serve

from storydesk.ingest.feeds import FeedSource
from storydesk.ingest.sources import Summary, WebIngest, iter_inputs
from storydesk.model import Article, Reject
from storydesk.settings import Settings

HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/rss+xml"}


def page(title: str) -> bytes:
    paragraphs = "".join(
        f"<p>{title} was reported on by the town's evening paper, paragraph {i}, which explained in some "
        f"detail what the council decided and why residents of the old quarter had asked for it.</p>"
        for i in range(4)
    )
    return (
        f"<html><head><title>{title}</title></head><body><nav>Home</nav><article><h1>{title}</h1>"
        f"{paragraphs}</article></body></html>"
    ).encode()


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Item {p}</title><link>{base}{p}</link>"
        f"<pubDate>Tue, 05 Mar 2024 08:30:00 GMT</pubDate></item>"
        for p in paths
    )
    head = "<?xml version='1.0'?><rss version='2.0'><channel><title>Town feed</title>"
    return f"{head}{items}</channel></rss>".encode()


def settings() -> Settings:
    return Settings.load(
        {
            "fetch_allow_hosts": "127.0.0.1:*",
            "fetch_per_host_delay": 0.0,
            "fetch_retries": 0,
            "fetch_timeout": 5.0,
        },
        env={},
    )


def test_opml_feeds_sitemaps_and_pages(tmp_path) -> None:
    routes: dict = {}
    with serve(routes) as srv:
        base = srv.base
        routes.update(
            {
                "/feed.xml": Route(
                    rss(base, ["/a", "/b", "/gone", "/img", "/evil", "/a"]), headers=XML, etag='"f1"'
                ),
                "/broken.xml": Route(b"oops", status=500),
                "/a": Route(page("Tram depot becomes a park"), headers=HTML),
                "/b": Route(page("Library opens on Sundays"), headers=HTML),
                "/img": Route(b"\x89PNG....", headers={"Content-Type": "image/png"}),
                "/evil": Route(status=302, headers={"Location": "http://10.0.0.7/admin"}),
                "/sitemap.xml": Route(
                    f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                    f"<url><loc>{base}/c</loc></url></urlset>".encode(),
                    headers={"Content-Type": "application/xml"},
                ),
                "/c": Route(page("Market hall repaired"), headers=HTML),
                "/d": Route(page("Bridge lights switched on"), headers=HTML),
            }
        )
        opml = tmp_path / "feeds.opml"
        opml.write_text(
            f"<?xml version='1.0'?><opml version='2.0'><body><outline text='Local'>"
            f"<outline text='Town' xmlUrl='{base}/feed.xml'/>"
            f"<outline text='Broken' xmlUrl='{base}/broken.xml'/></outline></body></opml>"
        )
        items = list(
            iter_inputs(
                [str(opml), f"{base}/sitemap.xml", f"{base}/d", str(tmp_path / "nope.txt")], settings()
            )
        )
        articles = [i for i in items if isinstance(i, Article)]
        rejects = {i.input.replace(base, ""): i.reason for i in items if isinstance(i, Reject)}
        assert sorted(a.url.replace(base, "") for a in articles) == ["/a", "/b", "/c", "/d"]
        by_url = {a.url.replace(base, ""): a for a in articles}
        assert by_url["/a"].published_at == "2024-03-05T08:30:00+00:00"  # from the feed, the page has none
        assert by_url["/a"].source == f"feed {base}/feed.xml"
        assert rejects["/broken.xml"] == "HTTP 500" and rejects["/gone"] == "HTTP 404"
        assert "image/png" in rejects["/img"] and "private address 10.0.0.7" in rejects["/evil"]
        assert "no such file" in rejects[str(tmp_path / "nope.txt")]
        assert srv.count("/a") == 1  # a link listed twice is fetched once
        summary = Summary()
        for item in items:
            if isinstance(item, Reject):
                summary.add_reject(item)
        assert summary.rejected == 5 and summary.reasons["fetch: HTTP 404"] == 1


def test_polling_keeps_health_and_uses_conditional_get() -> None:
    routes: dict = {}
    with serve(routes) as srv:
        routes.update(
            {
                "/feed.xml": Route(rss(srv.base, ["/a"]), headers=XML, etag='"v7"'),
                "/down.xml": Route(b"no", status=503),
                "/a": Route(page("Tram depot becomes a park"), headers=HTML),
            }
        )
        feeds = [FeedSource(srv.url("/feed.xml"), "Town"), FeedSource(srv.url("/down.xml"), "Down")]
        web = WebIngest(settings())
        first = asyncio.run(web.run(feeds))
        assert sum(isinstance(i, Article) for i in first) == 1
        town, down = web.health[srv.url("/feed.xml")], web.health[srv.url("/down.xml")]
        assert town.etag == '"v7"' and town.last_success and town.error_count == 0 and town.entries_seen == 1
        assert down.error_count == 1 and down.last_error == "HTTP 503" and down.last_success is None
        again = WebIngest(settings(), known=lambda url: url.endswith("/a"), health=web.health)
        second = asyncio.run(again.run(feeds))
        assert not any(isinstance(i, Article) for i in second)
        assert srv.hits["/feed.xml"][-1]["if-none-match"] == '"v7"'  # answered 304: nothing parsed
        assert again.health[srv.url("/down.xml")].error_count == 2
        assert srv.count("/a") == 1
