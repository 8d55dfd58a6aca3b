"""The read models behind the pages: figures across outlets, highlights, sparklines, filters, caches."""

from __future__ import annotations

import threading
import time

from storydesk.model import Article, Claim, Enrichment, Entity, Quote, Sentence, Story
from storydesk.web import read
from storydesk.web.context import RateLimiter, TTLCache

TEXT = "About 1,200 crew joined the strike, Dana Okafor said. \"We are done waiting,\" she told reporters."


def _article(aid: str, outlet: str, day: str = "2026-03-02", **kw: object) -> Article:
    return Article(id=aid, text=TEXT, title=f"t {aid}", outlet=outlet, published_at=f"{day}T08:00:00Z", **kw)


def _claim(value: float, counted: str = "crew members", **kw: object) -> Claim:
    at = TEXT.index("1,200")
    return Claim(start=at, end=at + 5, text="1,200", value=value, counted=counted, **kw)


def test_key_figures_flag_outlets_that_disagree() -> None:
    arts = {"a": _article("a", "One"), "b": _article("b", "Two"), "c": _article("c", "Three")}
    enr = {"a": Enrichment("a", claims=[_claim(1200)]), "b": Enrichment("b", claims=[_claim(1200)]),
           "c": Enrichment("c", claims=[_claim(2000), _claim(9000, counted="passengers")])}
    rows = read.key_figures(arts, enr)
    crew = next(r for r in rows if r["what"] == "crew members")
    assert crew["outlets"] == 3 and crew["disagree"] and crew["status"] == "disagree"
    assert [v["outlet"] for v in crew["values"] if v["differs"]] == ["Three"]
    assert rows[0] is crew, "figures reported by more outlets come first"


def test_key_figures_tell_a_change_over_time_from_a_disagreement() -> None:
    arts = {"a": _article("a", "One", day="2026-03-01"), "b": _article("b", "Two", day="2026-03-03")}
    enr = {"a": Enrichment("a", claims=[_claim(1000)]), "b": Enrichment("b", claims=[_claim(1500)])}
    row = read.key_figures(arts, enr)[0]
    assert row["status"] == "changed" and not row["disagree"] and "changed as the story developed" in row["note"]


def test_key_figures_skip_copies_and_uncounted_numbers() -> None:
    arts = {"a": _article("a", "One"), "b": _article("b", "Copy", duplicate_of="a")}
    enr = {"a": Enrichment("a", claims=[_claim(1200), _claim(5, counted="")]), "b": Enrichment("b", claims=[_claim(7)])}
    rows = read.key_figures(arts, enr)
    assert len(rows) == 1 and [v["outlet"] for v in rows[0]["values"]] == ["One"]


def test_highlight_cuts_text_into_covering_segments() -> None:
    e = Enrichment("a", sentences=[Sentence(0, 52, TEXT[:52]), Sentence(53, len(TEXT), TEXT[53:])],
                   entities=[Entity(TEXT.index("Dana"), TEXT.index("Dana") + 11, "Dana Okafor", "PERSON")],
                   quotes=[Quote(53, 76, TEXT[53:76], speaker="Dana Okafor", direct=True)],
                   claims=[_claim(1200)])
    segs = read.highlight(TEXT, e, cited=53)
    assert "".join(s["text"] for s in segs) == TEXT
    by_text = {s["text"]: s for s in segs}
    assert by_text["Dana Okafor"]["kinds"] == ["ent"] and by_text["1,200"]["kinds"] == ["claim"]
    assert {"quote", "cited"} <= set(by_text[TEXT[53:76]]["kinds"])
    assert [s["anchor"] for s in segs if s["anchor"] is not None] == [0, 53]
    assert read.highlight(TEXT, None) == [{"text": TEXT, "kinds": [], "title": "", "anchor": None}]


def test_highlight_ignores_offsets_outside_the_text() -> None:
    e = Enrichment("a", entities=[Entity(5, 10_000, "x", "ORG"), Entity(-3, 2, "y", "ORG")])
    assert "".join(s["text"] for s in read.highlight(TEXT, e)) == TEXT


def test_sparkline_folds_long_spans_into_buckets() -> None:
    days = [f"2026-01-{d:02d}T00:00:00Z" for d in (1, 1, 2, 31)] + ["2026-03-01T00:00:00Z", None]
    spark = read.sparkline(days)
    assert sum(spark["values"]) == 5 and len(spark["values"]) <= read.SPARK_BUCKETS
    assert spark["labels"][0] == "2026-01-01"
    assert read.sparkline([None]) == {"labels": [], "values": []}


def test_filters() -> None:
    s = {"actors": ["North Korea", "UN"], "outlet_names": ["bbc.co.uk"], "languages": ["en"],
         "first_seen": "2017-09-01T00:00:00Z", "last_seen": "2017-09-05T00:00:00Z"}
    assert read.matches(s, actor="north korea", outlet="BBC", language="en", since="2017-09-03", until="2017-09-03")
    assert not read.matches(s, actor="Japan")
    assert not read.matches(s, since="2017-09-06")
    assert not read.matches(s, until="2017-08-31")


def test_duplicate_group_says_why() -> None:
    a = _article("a", "One", content_hash="h")
    b = _article("b", "Two", content_hash="h", duplicate_of="a", near_duplicate_score=1.0)
    c = _article("c", "Three", content_hash="k", duplicate_of="a", near_duplicate_score=0.86)
    assert "exact copy" in read.duplicate_group(b, [a, b, c])["why"]
    assert "86%" in read.duplicate_group(c, [a, b, c])["why"]
    assert [x["id"] for x in read.duplicate_group(a, [a, b, c])["copies"]] == ["b", "c"]


def test_cache_computes_a_missing_entry_once_and_serves_stale_while_refreshing() -> None:
    cache = TTLCache(size=2, ttl=0.2)
    calls: list[int] = []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.05)
        return len(calls)

    threads = [threading.Thread(target=cache.get_or_set, args=("k", slow)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    time.sleep(0.25)
    assert cache.get_or_set("k", slow) == 2
    for key in "xyz":
        cache.get_or_set(key, lambda: 0)
    assert cache.get_or_set("k", slow) == 3, "evicted past the size bound"


def test_rate_limiter_refills_over_time() -> None:
    limiter = RateLimiter(per_minute=2)
    assert limiter.allow("a")[0] and limiter.allow("a")[0]
    ok, wait = limiter.allow("a")
    assert not ok and 0 < wait <= 30
    assert limiter.allow("b")[0], "buckets are per client"


def _person(name: str) -> Entity:
    return Entity(0, len(name), name, "PERSON", actor=name, actor_kind="person")


def test_story_actors_name_each_person_once() -> None:
    names = {"a": ["Trump", "Moon Jae"], "b": ["Donald Trump", "Moon Jae-in"], "c": ["Donald Trump", "Trump"]}
    arts = [_article(k, k.upper()) for k in names]
    enr = {k: Enrichment(k, entities=[_person(n) for n in v],
                         quotes=[Quote(0, 5, "x", speaker=v[0], actor=v[0])]) for k, v in names.items()}
    story = Story(id="s", title="t", article_ids=list(names), outlets=["A", "B", "C"])
    summary = read.story_summary(story, arts, enr, None)
    assert summary["actors"] == ["Donald Trump", "Moon Jae-in"]
    assert {q.actor for e in enr.values() for q in e.quotes} == {"Donald Trump"}
