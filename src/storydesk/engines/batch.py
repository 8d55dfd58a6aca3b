"""What a batch engine does to its pieces, with no engine in sight: per-unit work, files, import.

Per input unit it calls the stages' own batch functions (``enrich.batch``, ``ingest.dedup`` signatures,
``stories.merge`` block terms); the Spark engine (``engines/spark.py``) schedules it. The output folder's layout:

    DIR/extracted/<unit>.parquet   articles as read, one file per input unit (plus MinHash and block terms)
    DIR/enrichment/<unit>.parquet  their enrichment records
    DIR/rejects/<unit>.parquet     inputs a stage refused, with the reason
    DIR/done/<unit>.json           written last: the unit is finished and a re-run skips it
    DIR/articles/ stories/ briefs/ Parquet datasets of the whole run (rewritten each run)
    DIR/state/clusterer.bin        the online clusterer's state when the run was one block
    DIR/summary.json
"""

from __future__ import annotations

import json
import time
from collections import Counter
from typing import Any

from ..enrich.batch import cut_text, enrich_batch, enrich_rejects
from ..errors import InputError
from ..ingest.dedup import signature_bytes
from ..ingest.records import reason_kind
from ..model import Article, Brief, Enrichment, Reject, Story, from_dict, to_dict
from ..settings import Settings
from ..stories.assign import cluster_order
from ..stories.cluster import StoryClusterer
from ..stories.merge import block_terms
from .inputs import Unit, read_unit

CLUSTER_STATE = "clusterer"  # the store's key of the online clusterer's state (``pipeline.CLUSTER_STATE``)


# -- files ---------------------------------------------------------------------------------------
def filesystem(uri: str) -> tuple[Any, str]:
    """pyarrow filesystem and path for a local path or a URI (``s3a://`` is read as ``s3://``)."""
    from pyarrow import fs

    if "://" not in uri:
        import os

        return fs.LocalFileSystem(), os.path.abspath(uri)
    return fs.FileSystem.from_uri(uri.replace("s3a://", "s3://", 1))  # type: ignore[no-any-return]


def _join(base: str, *parts: str) -> str:
    return "/".join([base.rstrip("/"), *parts])


def write_parquet(out: str, rel: str, rows: list[dict[str, Any]], schema: Any) -> None:
    """Write a table atomically (temporary name, then a move) so a killed task leaves no half file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    fsys, root = filesystem(out)
    target = _join(root, rel)
    fsys.create_dir(target.rsplit("/", 1)[0], recursive=True)
    table = pa.Table.from_pylist(rows, schema=schema)
    with fsys.open_output_stream(target + ".tmp") as sink:
        pq.write_table(table, sink, compression="zstd")
    fsys.move(target + ".tmp", target)


def write_text(out: str, rel: str, text: str) -> None:
    fsys, root = filesystem(out)
    target = _join(root, rel)
    fsys.create_dir(target.rsplit("/", 1)[0], recursive=True)
    with fsys.open_output_stream(target + ".tmp") as sink:
        sink.write(text.encode("utf-8"))
    fsys.move(target + ".tmp", target)


def read_text(out: str, rel: str) -> str | None:
    fsys, root = filesystem(out)
    try:
        with fsys.open_input_stream(_join(root, rel)) as src:
            return bytes(src.read()).decode("utf-8")
    except (FileNotFoundError, OSError):
        return None


def finished_units(out: str) -> set[str]:
    """Keys of units whose outputs are complete (their ``done`` marker says so)."""
    from pyarrow import fs

    fsys, root = filesystem(out)
    try:
        infos = fsys.get_file_info(fs.FileSelector(_join(root, "done"), allow_not_found=True))
    except OSError:
        return set()
    keys = set()
    for info in infos:
        if info.base_name.endswith(".json"):
            marker = read_text(out, f"done/{info.base_name}")
            if marker and json.loads(marker).get("complete"):
                keys.add(info.base_name.removesuffix(".json"))
    return keys


def _schemas() -> dict[str, Any]:
    import pyarrow as pa

    s = pa.string()
    return {
        "extracted": pa.schema([("id", s), ("unit", s), ("pos", pa.int32()), ("published_at", s), ("content_hash", s),
                                ("minhash", pa.binary()), ("block_terms", pa.list_(s)), ("record", s)]),
        "enrichment": pa.schema([("article_id", s), ("model", s), ("record", s)]),
        "rejects": pa.schema([("stage", s), ("input", s), ("reason", s), ("at", s)]),
    }


# -- per unit ------------------------------------------------------------------------------------
def process_unit(unit: Unit, out: str, values: dict[str, Any]) -> dict[str, Any]:
    """Read, extract and enrich one input unit and write its three outputs, then its done marker.

    Runs wherever the engine puts it (a Spark task); models come from the per-process cache.
    """
    settings = settings_from(values)
    started = time.perf_counter()
    articles: list[Article] = []
    rejects: list[Reject] = []
    complete = True
    for item in read_unit(unit, settings):
        if isinstance(item, Article):
            articles.append(item)
        else:
            rejects.append(item)
            complete = complete and item.input not in unit.paths  # the input itself failed: retry next run
    enrichments: list[Enrichment] = []
    for i in range(0, len(articles), settings.batch_size):
        enrichments.extend(_enrich(articles[i:i + settings.batch_size], settings))
    by_id = {e.article_id: e for e in enrichments}
    rejects += enrich_rejects(enrichments)
    schemas = _schemas()
    rows = [{"id": a.id, "unit": unit.key, "pos": i, "published_at": a.published_at, "content_hash": a.content_hash,
             "minhash": signature_bytes(a.text), "block_terms": block_terms(a, by_id.get(a.id)),
             "record": json.dumps(to_dict(a), ensure_ascii=False)} for i, a in enumerate(articles)]
    write_parquet(out, f"extracted/{unit.key}.parquet", rows, schemas["extracted"])
    write_parquet(out, f"enrichment/{unit.key}.parquet",
                  [{"article_id": e.article_id, "model": e.model, "record": json.dumps(to_dict(e), ensure_ascii=False)}
                   for e in enrichments], schemas["enrichment"])
    write_parquet(out, f"rejects/{unit.key}.parquet", [to_dict(r) for r in rejects], schemas["rejects"])
    summary = {"key": unit.key, "input": unit.label, "kind": unit.kind, "articles": len(articles),
               "rejects": len(rejects), "reasons": dict(Counter(reason_kind(r.reason) for r in rejects)),
               "complete": complete, "seconds": round(time.perf_counter() - started, 3)}
    write_text(out, f"done/{unit.key}.json", json.dumps(summary))
    return summary


def settings_from(values: dict[str, Any]) -> Settings:
    """Settings rebuilt from a plain dict (what travels to executors); no file or environment is read there."""
    return Settings.from_values(values)


def _enrich(articles: list[Article], settings: Settings) -> list[Enrichment]:
    """The local engine's enrichment of a batch (text cut as ``pipeline.enrich`` cuts it)."""
    return enrich_batch(cut_text(articles, settings.max_text_chars), settings.spacy_batch_size)


# -- duplicates ----------------------------------------------------------------------------------
# -- import into the store -----------------------------------------------------------------------
def _read_dataset(out: str, name: str) -> list[dict[str, Any]]:
    import pyarrow.dataset as ds

    fsys, root = filesystem(out)
    path = _join(root, name)
    from pyarrow import fs

    if fsys.get_file_info(path).type == fs.FileType.NotFound:
        return []
    return ds.dataset(path, filesystem=fsys, format="parquet").to_table().to_pylist()  # type: ignore[no-any-return]


def import_dir(store: Any, out: str, progress: Any = None) -> dict[str, Any]:
    """Load a Spark run's outputs into the SQLite store; idempotent (a second import adds nothing new).
    The store's writer lock is held throughout (one writer process at a time)."""
    with store.writing():
        return _import_dir(store, out, progress)


def _import_dir(store: Any, out: str, progress: Any = None) -> dict[str, Any]:
    progress = progress or (lambda stage, advance, total: None)
    summary_text = read_text(out, "summary.json")
    if summary_text is None:
        raise InputError(out, "no summary.json here", "point `storydesk import` at the --out folder of "
                                                      "a finished `storydesk spark run`")
    arts = _read_dataset(out, "articles")
    articles = sorted((from_dict(Article, json.loads(r["record"])) for r in arts), key=cluster_order)
    assigned = {r["id"]: (r["story_id"], r["story_score"]) for r in arts}
    keys = json.loads(summary_text).get("units", [])
    wanted = {a.id for a in articles}
    enrichments = [from_dict(Enrichment, json.loads(r["record"]))
                   for k in keys for r in _read_dataset(out, f"enrichment/{k}.parquet") if r["article_id"] in wanted]
    rejects = [Reject(**r) for k in keys for r in _read_dataset(out, f"rejects/{k}.parquet")]
    stories = [from_dict(Story, json.loads(r["record"])) for r in _read_dataset(out, "stories")]
    briefs = [(from_dict(Brief, json.loads(r["record"])), r["fingerprint"]) for r in _read_dataset(out, "briefs")]
    progress("import", 0, len(articles) + len(stories) + len(briefs))
    added: list[Article] = []
    with store.transaction():
        for i in range(0, len(articles), 500):
            new, _present = store.add_articles(articles[i:i + 500])
            added.extend(new)
            progress("import", len(articles[i:i + 500]), None)
        # the local engine's near-duplicate index finds imported articles too (the same signatures)
        store.put_minhashes([(a.id, sig) for a in added if (sig := signature_bytes(a.text)) is not None])
        store.put_enrichments(enrichments)
        for a in articles:
            story_id, score = assigned[a.id]
            store.assign(a.id, story_id, score)
        for story in stories:
            store.put_story(story)
        progress("import", len(stories), None)
        known = {(x.stage, x.input, x.reason) for _, x in store.list_rejects()}
        new_rejects = [r for r in rejects if (r.stage, r.input, r.reason) not in known]
        store.add_rejects(new_rejects)
        state = read_bytes(out, "state/clusterer.bin")
        if state is not None and store.get_state(CLUSTER_STATE) is None:
            check_state(out, state)
            store.put_state(CLUSTER_STATE, state)
    versions = 0
    for brief, fp in briefs:
        before = store.brief_versions(brief.story_id)
        if store.put_brief(brief, fp) not in before:
            versions += 1
        progress("import", 1, None)
    return {"articles": len(articles), "added": len(added), "already_present": len(articles) - len(added),
            "enrichments": len(enrichments), "stories": len(stories), "briefs": len(briefs),
            "new_brief_versions": versions, "rejects": len(new_rejects), "clusterer_state": state is not None}


def check_state(out: str, state: bytes) -> None:
    """Refuse a clusterer state that this storydesk cannot read, before it reaches the store."""
    try:
        StoryClusterer.from_state(state)
    except InputError as exc:
        raise InputError(_join(out, "state/clusterer.bin"), f"cannot be imported: {exc.reason}",
                         "re-run `storydesk spark run` with this version, or delete the file to cluster "
                         "the imported articles again locally") from exc


def read_bytes(out: str, rel: str) -> bytes | None:
    fsys, root = filesystem(out)
    try:
        with fsys.open_input_stream(_join(root, rel)) as src:
            return bytes(src.read())
    except (FileNotFoundError, OSError):
        return None


def write_bytes(out: str, rel: str, data: bytes) -> None:
    fsys, root = filesystem(out)
    target = _join(root, rel)
    fsys.create_dir(target.rsplit("/", 1)[0], recursive=True)
    with fsys.open_output_stream(target) as sink:
        sink.write(data)


