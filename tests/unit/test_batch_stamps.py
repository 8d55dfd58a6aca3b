"""Issue 15: an outlet's batch-stamped publication times are no latest development.

A site that re-stamps its pages when it updates or re-indexes them gives several pages, of different
stories, one time; a paraphrase of old news stamped so looks like a new development to the date rule.
Articles written for these tests (a ferry that ran aground, a council vote, a bridge), not copied.
"""

from __future__ import annotations

from storydesk.brief.assemble import story_brief
from storydesk.enrich import enrich_articles
from storydesk.model import Article, from_dict, to_dict
from storydesk.pipeline import story_articles, write_briefs
from storydesk.settings import Settings
from storydesk.store import Store
from storydesk.stories.cluster import story_record
from storydesk.stories.developments import STAMP_WINDOW_S, batch_stamped, developments

LEAD = ("A ferry carrying 212 passengers ran aground off the island of Tarsk on Sunday, injuring nine people, "
        "the coast guard said. ")
MORE = ("Rescue boats took the passengers to the port of Velm within four hours. "
        "Captain Ilse Brandt was questioned by investigators at the port. ")
# three weeks later: a paraphrase (too few shared words to be a late copy by words), stamped with two
# other pages of the same outlet about other stories
PARAPHRASE = ("Nine people were hurt when a passenger ferry with 212 people aboard struck rocks near Tarsk, "
              "coast guard officials reported. Lifeboats brought everyone ashore at Velm harbour before nightfall, "
              "officials added. ")


def _art(n: str, outlet: str, text: str, published: str) -> Article:
    return Article(id=n, text=text, title=text.split(",")[0][:60], outlet=outlet, domain=outlet,
                   url=f"https://{outlet}/{n}", published_at=published)


FERRY = [_art("f0", "north.example", LEAD + MORE, "2031-03-09T18:00:00Z"),
         _art("f1", "south.example", LEAD + "Sailings to Tarsk were suspended. " + MORE, "2031-03-10T07:00:00Z"),
         _art("f2", "west.example", "Investigators opened an inquiry into the grounding. " + LEAD + MORE,
              "2031-03-10T12:00:00Z"),
         _art("f3", "late.example", PARAPHRASE, "2031-03-31T09:00:05Z")]
OTHERS = [_art("c0", "late.example", "The council of Velm voted to close the old market hall by June. "
               "Traders said they would appeal.", "2031-03-31T09:01:10Z"),
          _art("b0", "late.example", "The bridge over the Arn river reopened after eight months of repairs. "
               "Drivers had used a ferry in the meantime.", "2031-03-31T09:03:40Z")]


def test_three_stories_stamped_within_minutes_are_a_batch_stamp() -> None:
    rows = [("f3", "late.example", "2031-03-31T09:00:05Z", "s-ferry"),
            ("c0", "late.example", "2031-03-31T09:01:10Z", "s-council"),
            ("b0", "late.example", "2031-03-31T09:03:40Z", "s-bridge")]
    assert batch_stamped(rows) == {"f3", "c0", "b0"}
    # two stories are not enough; nor three pages of one story (a live blog); nor pages an hour apart
    assert batch_stamped(rows[:2]) == set()
    assert batch_stamped([(i, o, t, "s-ferry") for i, o, t, _ in rows]) == set()
    spread = [(i, o, t.replace("T09:0", f"T1{k}:0"), s) for k, (i, o, t, s) in enumerate(rows)]
    assert batch_stamped(spread) == set()
    # a date without a time of day (midnight) is a day, never a stamp; other outlets do not count
    assert batch_stamped([(i, o, t[:10] + "T00:00:00Z", s) for i, o, t, s in rows]) == set()
    mixed = [(i, f"o{k}.example", t, s) for k, (i, _, t, s) in enumerate(rows)]
    assert batch_stamped(mixed) == set()


def test_a_stamped_paraphrase_is_no_development_but_an_unstamped_one_is() -> None:
    plain = [Article(**{**to_dict(a)}) for a in FERRY]
    assert [a.id for a in developments(plain)[-1]] == ["f3"]  # the paraphrase alone would be the latest news
    marked = [Article(**{**to_dict(a)}) for a in FERRY]
    marked[3].batch_stamped = True
    assert [a.id for a in developments(marked)[-1]] == ["f0", "f1", "f2"]  # one burst over two days
    assert "f3" not in {a.id for burst in developments(marked) for a in burst}


def test_the_mark_is_never_read_from_or_written_to_a_record() -> None:
    a = Article(**{**to_dict(FERRY[3])})
    a.batch_stamped = True
    assert "batch_stamped" not in to_dict(a)
    assert from_dict(Article, {**to_dict(a), "batch_stamped": True}).batch_stamped is False


def test_the_store_marks_stamped_pages_and_the_brief_leads_with_the_real_news(tmp_path) -> None:
    arts = FERRY + OTHERS
    with Store(tmp_path / "stamps.db") as store:
        store.add_articles(arts)
        store.put_enrichments(enrich_articles(arts))
        groups = {"s-ferry": FERRY, "s-council": OTHERS[:1], "s-bridge": OTHERS[1:]}
        for sid, members in groups.items():
            store.put_story(story_record(sid, members))
            for a in members:
                store.assign(a.id, sid, 1.0)
        rows = store.outlet_neighbours(store.get_articles(["f3"]), STAMP_WINDOW_S)
        assert {r[0] for r in rows} == {"f3", "c0", "b0"}
        assert {a.id for a in story_articles(store, ["f0", "f3"]) if a.batch_stamped} == {"f3"}
        write_briefs(store, Settings(), ["s-ferry"])
        brief = store.get_brief("s-ferry")
        lede = next(s for s in brief.sentences if s.section == "lede")
        assert lede.support[0].article_id != "f3", lede.text
        assert brief.coverage["developments"][-1]["to"] == "2031-03-10"

    # the same articles, unmarked, through the writer directly: the stamped paraphrase would lead
    enr = {e.article_id: e for e in enrich_articles(FERRY)}
    plain, _ = story_brief(story_record("s-ferry", FERRY), FERRY, enr, Settings())
    assert next(s for s in plain.sentences if s.section == "lede").support[0].article_id == "f3"
