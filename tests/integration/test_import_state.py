"""`storydesk import` without Spark: a hand-made output folder (real Parquet, real SQLite) shows that
imported articles get their MinHash signatures and that a foreign clusterer state is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest

from storydesk.engines import batch
from storydesk.errors import InputError
from storydesk.ingest.dedup import Deduper, signature_bytes
from storydesk.model import Article, to_dict
from storydesk.store import Store

TEXT = ("Harbour officials in Kessa said the new ferry line to Lunport will start in June, with two "
        "crossings a day and a third at weekends once the second vessel arrives from the yard in Orrin. ") * 2


def _out(tmp: Path, article: Article, state: bytes | None = None) -> Path:
    out = tmp / "out"
    batch.write_text(str(out), "summary.json", json.dumps({"units": []}))
    schema = pa.schema([("id", pa.string()), ("story_id", pa.string()), ("story_score", pa.float64()),
                        ("record", pa.string())])
    batch.write_parquet(str(out), "articles/part-0.parquet",
                        [{"id": article.id, "story_id": "st-1", "story_score": None,
                          "record": json.dumps(to_dict(article))}], schema)
    if state is not None:
        batch.write_bytes(str(out), "state/clusterer.bin", state)
    return out


def test_imported_articles_get_signatures_the_local_deduper_finds(tmp_path: Path) -> None:
    article = Article(id="a1", text=TEXT, title="Ferry line", outlet="Kessa Post")
    store = Store(tmp_path / "x.db")
    got = batch.import_dir(store, str(_out(tmp_path, article)))
    assert got["added"] == 1
    stored = dict(store.iter_minhashes())
    assert stored == {"a1": signature_bytes(TEXT)}
    deduper = Deduper(text_of=store.article_text)
    for aid, sig in stored.items():
        deduper.load(aid, sig)
    copy = Article(id="a2", text=TEXT + "Tickets go on sale next week.", title="Ferry", outlet="Lunport Times")
    match = deduper.find(copy)
    assert match is not None and match.other_id == "a1" and match.kind == "near"


def test_a_foreign_clusterer_state_is_refused_and_nothing_is_imported(tmp_path: Path) -> None:
    article = Article(id="a1", text=TEXT, title="Ferry line", outlet="Kessa Post")
    store = Store(tmp_path / "x.db")
    with pytest.raises(InputError, match="clusterer.bin: cannot be imported: not a storydesk clusterer state"):
        batch.import_dir(store, str(_out(tmp_path, article, state=b"\x80\x04not ours")))
    assert not store.has_article("a1") and store.get_state("clusterer") is None
