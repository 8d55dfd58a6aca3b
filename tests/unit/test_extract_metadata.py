"""``bodytext.page_metadata`` gives what trafilatura's ``extract_metadata`` gives, for every field we read."""

from __future__ import annotations

import pytest

from storydesk.ingest.bodytext import METADATA_FIELDS, extract_body, page_metadata, parse_html

PARA = "<p>The harbour board met on Tuesday to discuss the new ferry timetable for the winter months.</p>" * 4

PAGES = {
    "meta tags and JSON-LD": f"""<html lang="en"><head><title>Ferry timetable changes | Harbour News</title>
<meta property="og:title" content="Ferry timetable changes">
<meta name="description" content="The board set the winter timetable.">
<meta property="og:site_name" content="harbour news">
<meta name="author" content="Jane Doe">
<link rel="canonical" href="https://news.example.org/ferry-timetable">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Ferry timetable changes",
 "datePublished": "2026-03-04T10:00:00Z", "author": {{"@type": "Person", "name": "Jane Doe"}},
 "publisher": {{"@type": "Organization", "name": "Harbour News"}}}}</script>
</head><body><article><h1>Ferry timetable changes</h1>{PARA}</article></body></html>""",
    "byline in the body, date in the URL": f"""<html><head><title>Council budget vote</title></head><body>
<div class="byline">By <span class="author-name">Sam Roe and Ann Lee</span></div>
<p class="date">Published 12 May 2025</p><article>{PARA}</article>
<footer><a rel="license" href="https://creativecommons.org/licenses/by/4.0/">CC BY</a></footer>
</body></html>""",
    "nothing but text": f"<html><body><div>{PARA}</div></body></html>",
    "twitter site name": f"""<html><head><meta name="twitter:site" content="@localpaper">
<meta name="twitter:title" content="Bridge closed"></head><body><main>{PARA}</main>
<ul class="tags"><li><a href="/tag/roads">roads</a></li></ul></body></html>""",
}


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("url", [None, "https://www.example.com/2025/05/12/story.html"])
def test_page_metadata_equals_trafilatura(name: str, url: str | None) -> None:
    from trafilatura.metadata import extract_metadata
    from trafilatura.settings import DEFAULT_CONFIG, set_date_params

    tree = parse_html(PAGES[name])
    ours = page_metadata(tree, url)
    params = set_date_params(DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH"))
    theirs = extract_metadata(parse_html(PAGES[name]), url, params)
    assert ours == {key: getattr(theirs, key, None) for key in METADATA_FIELDS}


def test_metadata_fields_reach_the_body() -> None:
    body = extract_body(PAGES["meta tags and JSON-LD"], url="https://news.example.org/ferry-timetable")
    assert body.title == "Ferry timetable changes"
    assert body.authors == ["Jane Doe"]
    assert body.date == "2026-03-04"
    assert body.sitename == "Harbour News"  # JSON-LD publisher over og:site_name
    assert body.canonical_url == "https://news.example.org/ferry-timetable"


def test_page_metadata_leaves_the_tree_unchanged() -> None:
    from lxml import etree

    tree = parse_html(PAGES["byline in the body, date in the URL"])
    before = etree.tostring(tree)
    page_metadata(tree, None)
    assert etree.tostring(tree) == before
