from storydesk.ingest.normalize import article_id, canonical_url, content_hash, iso_date, outlet_of


def test_ids_are_stable_across_url_noise() -> None:
    a = article_id("https://www.Example.com/news/a/?utm_source=x#top", "t")
    b = article_id("https://example.com/news/a", "other text")
    assert a == b and len(a) == 16
    assert article_id(None, "Some text.") == article_id(None, "some   TEXT")


def test_canonical_url_keeps_meaningful_query() -> None:
    assert canonical_url("https://x.example/p?id=3&utm_medium=m") == "https://x.example/p?id=3"


def test_content_hash_ignores_case_and_punctuation() -> None:
    assert content_hash("Hello, world!") == content_hash("hello world")
    assert content_hash("hello world") != content_hash("hello there")


def test_dates_and_outlets() -> None:
    assert iso_date("2017-09-15T00:00:00") == "2017-09-15T00:00:00Z"
    assert iso_date("2026-03-09T07:00:00+02:00") == "2026-03-09T05:00:00Z"
    assert iso_date("not a date") is None
    assert outlet_of("edition.cnn.com") == "cnn.com"
    assert outlet_of("cnn.com", "CNN") == "CNN"
