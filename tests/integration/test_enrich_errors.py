"""A stage that fails on one article keeps the rest of its enrichment and every other article, and says
why in the rejects (real spaCy model, real SQLite store)."""

from __future__ import annotations

from pathlib import Path

from storydesk import pipeline
from storydesk.enrich import enrich_articles
from storydesk.enrich.batch import enrich_rejects
from storydesk.model import Article
from storydesk.settings import Settings
from storydesk.store import Store

GOOD = ("The port authority of Kessa said on Monday that 40 ships were waiting outside the harbour. "
        "\"We expect the queue to clear by Friday,\" said Mara Lind, the authority's director.")


class _BrokenDoc:
    """A parse whose sentence iterator fails, as a model may on a pathological text."""

    def __init__(self, doc):
        self._doc = doc

    def __getattr__(self, name):
        if name == "sents":
            raise RuntimeError("sentence splitter failed")
        return getattr(self._doc, name)

    def __iter__(self):
        return iter(self._doc)

    def __len__(self):
        return len(self._doc)

    def __getitem__(self, key):
        return self._doc[key]


def test_a_failing_stage_is_reported_and_the_rest_is_kept(tmp_path: Path) -> None:
    from storydesk.enrich.nlp import load_nlp

    nlp = load_nlp()

    class Pipe:  # the real model, with the second article's parse broken
        def __init__(self) -> None:
            self.meta = nlp.meta

        def pipe(self, texts, batch_size=32):
            for i, doc in enumerate(nlp.pipe(texts, batch_size=batch_size)):
                yield _BrokenDoc(doc) if i == 1 else doc

    arts = [Article(id=f"a{i}", text=GOOD, title="Ships wait at Kessa") for i in range(3)]
    out = list(enrich_articles(arts, nlp=Pipe()))
    assert [e.article_id for e in out] == ["a0", "a1", "a2"]
    assert out[0].errors == [] and out[0].sentences and out[0].claims
    assert out[1].errors and out[1].errors[0].startswith("sentences: RuntimeError: sentence splitter failed")
    assert out[1].sentences == [] and out[1].claims  # the other stages still ran on it

    store = Store(tmp_path / "sd.db")
    store.add_articles(arts)
    store.put_enrichments(out)
    store.add_rejects(enrich_rejects(out))
    rejects = [r for _, r in store.list_rejects()]
    assert [(r.stage, r.input) for r in rejects] == [("enrich", "a1")]
    assert "sentence splitter failed" in rejects[0].reason
    assert store.get_enrichments(["a1"])["a1"].errors == out[1].errors


def test_the_pipeline_enriches_a_tokenised_archive_text(tmp_path: Path) -> None:
    """Invented text in the shape of Timeline17's tokenised archives (spaced quotes and hyphens)."""
    text = ("Abu - Bakr Tavrani , the spokesman of the Kessa port authority , said on Monday that ` 40 ships ' "
            "were waiting . Abu - Bakr said the queue would clear by Friday . Mr. Tavrani did not say more .")
    settings = Settings.from_values({"db": str(tmp_path / "sd.db"), "min_text_chars": 20})
    store = Store(tmp_path / "sd.db")
    pipeline.ingest_records(store, [Article(id="t1", text=text, title="Ships wait at Kessa")], settings)
    assert pipeline.enrich(store, settings) == 1
    assert store.get_enrichments(["t1"])["t1"].errors == []
