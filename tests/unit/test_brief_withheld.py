"""A brief sentence that its sources do not support is withheld, recorded and counted, and it never stops the
other briefs: here an enrichment record (untrusted, e.g. imported from a Spark run) whose sentence text is not
the article's. Articles written for this test."""

from __future__ import annotations

from storydesk.enrich import enrich_articles
from storydesk.evaluate.briefs import evaluate_story
from storydesk.model import Article, Sentence
from storydesk.pipeline import write_briefs
from storydesk.settings import Settings
from storydesk.store import Store
from storydesk.stories.cluster import story_record

TEXT = ("The port of Velm closed on Friday after a strike by 1,200 dock workers, the union said. "
        "The union wants a raise of five percent for every member.")


def test_an_unsupported_sentence_is_withheld_and_counted(tmp_path) -> None:
    arts = [Article(id=f"a{i}", text=TEXT, title="Port closed", outlet=f"o{i}.example", domain=f"o{i}.example",
                    published_at="2031-01-01T10:00:00Z") for i in range(3)]
    with Store(tmp_path / "w.db") as store:
        store.add_articles(arts)
        enr = list(enrich_articles(arts))
        enr[1].sentences = [Sentence(0, 40, "The port of Velm closed with 9,999 dead and more.")]  # not the text
        store.put_enrichments(enr)
        store.put_story(story_record("s1", arts))
        for a in arts:
            store.assign(a.id, "s1", 1.0)
        assert write_briefs(store, Settings(), ["s1"]) == 1
        brief = store.get_brief("s1")
        assert not [s for s in brief.sentences if "9,999" in s.text]
        assert [w["problems"] for w in brief.coverage["withheld"]] == [["number 9999"]]
        row = evaluate_story(brief, arts, store.get_enrichments([a.id for a in arts]))
        assert row["edits_failed"] >= 1  # the evaluator counts the writer's bug
