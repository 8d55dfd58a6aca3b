"""The Spark engine: the local engine's stage functions, scheduled by Apache Spark.

One input unit (a WARC file) per task: each task streams its records, extracts and enriches them with
models loaded once per executor process, and writes its own Parquet outputs, so a re-run skips finished
units. Then, over the whole run: duplicates (MinHash bands as shuffle keys, groups as connected
components), stories (the online clusterer per block of time window and leading actor, then a merge pass
across blocks; a run small enough for one block gives exactly the local engine's stories) and briefs.
Every algorithm is a stage's: signatures, LSH bands and originals in ``ingest.dedup``, clustering in
``stories.assign``, the merge pass in ``stories.merge``; per-unit work and the output folder in
``engines/batch.py``. The stages themselves import no Spark.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from ..brief.assemble import story_brief
from ..errors import StorydeskError
from ..ingest import dedup
from ..model import Article, Enrichment, Story, from_dict, to_dict
from ..settings import Settings
from ..stories.developments import batch_stamped
from . import batch
from .inputs import Unit
from .spark_graph import bucket_pairs, components
from .spark_stories import stories as _stories

Progress = Callable[[str, int, int | None], None]


def _noop(stage: str, advance: int, total: int | None) -> None:
    return None


WORKER_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


# -- the session ---------------------------------------------------------------------------------
def spark_session(settings: Settings, master: str | None = None) -> Any:
    """A SparkSession (or the running one) with modest memory; Python workers run this venv's Python."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise StorydeskError("pyspark", "the Spark extra is not installed", "pip install 'storydesk[spark]'") from exc
    if not os.environ.get("JAVA_HOME") and shutil.which("java") is None:
        raise StorydeskError("java", "Spark needs a Java runtime (17 or newer) and none was found",
                             "install openjdk-17-jre-headless or set JAVA_HOME")
    builder = SparkSession.builder.appName("storydesk")
    if "PYSPARK_GATEWAY_PORT" in os.environ and master is None:
        pass  # launched by spark-submit: its --master, memory and Python settings rule
    else:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        builder = (builder.master(master or settings.spark_master)
                   .config("spark.driver.memory", settings.spark_driver_memory)
                   .config("spark.pyspark.python", os.environ["PYSPARK_PYTHON"])
                   .config("spark.ui.showConsoleProgress", "false"))
    builder = (builder.config("spark.sql.shuffle.partitions", str(settings.spark_partitions))
               .config("spark.default.parallelism", str(settings.spark_partitions))
               .config("spark.python.worker.reuse", "true")
               .config("spark.executorEnv.PYTHONHASHSEED", os.environ.get("PYTHONHASHSEED", "0")))
    # A task is one core: without a limit every Python worker's native pools (OpenBLAS under spaCy,
    # OpenMP, onnxruntime) start a thread per core, so local[1] is not one core and local[N] runs N x
    # cores threads. `spark_conf` can raise it (e.g. with spark.task.cpus > 1).
    for var in WORKER_THREAD_VARS:
        builder = builder.config(f"spark.executorEnv.{var}", "1")
    for pair in str(settings.spark_conf).split(";"):
        if pair.strip():
            key, sep, value = pair.partition("=")
            if not sep:
                raise StorydeskError(f"spark_conf {pair!r}", "expected key=value pairs separated by ';'")
            builder = builder.config(key.strip(), value.strip())
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


# -- the run -------------------------------------------------------------------------------------
def _process_partition(units: Iterable[Unit], out: str, values: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A task: its units one after the other; the NLP model is cached by the worker process."""
    for unit in units:
        yield batch.process_unit(unit, out, values)


def _uri(out: str) -> str:
    return out if "://" in out else os.path.abspath(out)


def run(spark: Any, units: list[Unit], out: str, settings: Settings, *, force: bool = False,
        progress: Progress = _noop) -> dict[str, Any]:
    """The whole pipeline over the units; outputs under ``out``; returns (and writes) the summary."""
    if not units:
        raise StorydeskError("inputs", "nothing to do", "pass --warc-list, --jsonl or --html-dir")
    sc = spark.sparkContext
    out = _uri(out)
    values = settings.as_dict()
    timings: dict[str, float] = {}
    started = time.perf_counter()

    finished = set() if force else batch.finished_units(out)
    todo = [u for u in units if u.key not in finished]
    progress("units", 0, len(units))
    progress("units", len(units) - len(todo), None)
    processed: list[dict[str, Any]] = []
    if todo:
        rdd = sc.parallelize(todo, len(todo))
        processed = rdd.mapPartitions(partial(_process_partition, out=out, values=values)).collect()
    progress("units", len(todo), None)
    timings["units"] = time.perf_counter() - started
    markers = {u.key: json.loads(batch.read_text(out, f"done/{u.key}.json") or "{}") for u in units}
    keys = [u.key for u in units if markers[u.key]]

    t = time.perf_counter()
    ordered = _articles(spark, out, keys).persist()
    arts = ordered.mapValues(lambda v: v[1])
    total_rows = sum(m.get("articles", 0) for m in markers.values())
    n_articles = ordered.count()
    near = bool(settings.near_duplicates)
    dups = _duplicates(ordered, _minhashes(spark, out, keys), settings, near)
    arts = arts.leftOuterJoin(dups).mapValues(_with_duplicate).persist()
    arts.count()  # materialised before its source is unpersisted
    ordered.unpersist()
    timings["dedup"] = time.perf_counter() - t
    progress("dedup", n_articles, n_articles)

    t = time.perf_counter()
    terms = _block_terms(spark, out, keys) if n_articles > settings.spark_single_block_max else None
    assignments, stories, state, n_blocks, merged = _stories(arts, terms, settings, n_articles)
    stories = stories.persist()
    n_stories = stories.filter(lambda kv: kv[1].merged_into is None).count()
    timings["cluster"] = time.perf_counter() - t
    progress("cluster", n_articles, n_articles)

    t = time.perf_counter()
    enrich = _enrichments(spark, out, keys)
    per_story = (arts.join(assignments).map(lambda kv: (kv[0], (kv[1][1][0], kv[1][0])))
                 .leftOuterJoin(enrich).map(lambda kv: (kv[1][0][0], (kv[1][0][1], kv[1][1]))).groupByKey())
    stamped = spark.sparkContext.broadcast(_batch_stamped(arts, assignments))
    briefs = stories.join(per_story).map(partial(_brief, values=values, stamped=stamped)).persist()
    n_briefs = briefs.count()
    timings["brief"] = time.perf_counter() - t
    progress("brief", n_briefs, n_briefs)

    t = time.perf_counter()
    _write_outputs(spark, out, arts, assignments, stories, briefs)
    if state is not None:
        batch.write_bytes(out, "state/clusterer.bin", state)
    else:
        _delete(out, "state/clusterer.bin")
    timings["write"] = time.perf_counter() - t
    n_dups = arts.filter(lambda kv: json.loads(kv[1])["duplicate_of"] is not None).count()
    reasons: dict[str, int] = {}
    for m in markers.values():
        for k, v in m.get("reasons", {}).items():
            reasons[k] = reasons.get(k, 0) + v
    summary = {
        "out": out, "master": sc.master, "units": keys, "inputs": len(units), "processed": len(processed),
        "skipped": len(units) - len(todo), "incomplete": [m["input"] for m in markers.values()
                                                            if m and not m.get("complete")],
        "articles": n_articles, "repeated_ids": total_rows - n_articles, "duplicates": n_dups,
        "near_duplicates": near, "rejects": sum(reasons.values()),
        "reject_reasons": reasons, "blocks": n_blocks, "stories_merged": merged, "stories": n_stories,
        "briefs": n_briefs, "seconds": {k: round(v, 2) for k, v in timings.items()},
        "total_seconds": round(time.perf_counter() - started, 2),
    }
    batch.write_text(out, "summary.json", json.dumps(summary, indent=2))
    for rdd in (arts, stories, briefs):
        rdd.unpersist()
    return summary


def _delete(out: str, rel: str) -> None:
    fsys, root = batch.filesystem(out)
    try:
        fsys.delete_file(f"{root}/{rel}")
    except (FileNotFoundError, OSError):
        pass


# -- articles and duplicates ---------------------------------------------------------------------
def _articles(spark: Any, out: str, keys: list[str]) -> Any:
    """(id, (input order, record JSON)) of every article, the first occurrence of an id kept (as the store)."""
    order = {k: i for i, k in enumerate(keys)}
    if not keys:
        return spark.sparkContext.emptyRDD()
    df = spark.read.parquet(*[f"{out}/extracted/{k}.parquet" for k in keys])
    rows = df.select("id", "unit", "pos", "record").rdd
    return rows.map(lambda r: (r.id, ((order[r.unit], r.pos), r.record))).reduceByKey(min)


def _minhashes(spark: Any, out: str, keys: list[str]) -> Any:
    """id -> MinHash signature computed beside the extraction (None for short texts: exact matches only)."""
    df = spark.read.parquet(*[f"{out}/extracted/{k}.parquet" for k in keys])
    return (df.select("id", "minhash").rdd.filter(lambda r: r.minhash is not None)
            .map(lambda r: (r.id, bytes(r.minhash))).reduceByKey(lambda a, b: a))


def _block_terms(spark: Any, out: str, keys: list[str]) -> Any:
    """id -> the leading actors computed beside the enrichment (the clustering block key)."""
    df = spark.read.parquet(*[f"{out}/extracted/{k}.parquet" for k in keys])
    return df.select("id", "block_terms").rdd.map(lambda r: (r.id, list(r.block_terms or []))).reduceByKey(
        lambda a, b: a)


def _duplicates(ordered: Any, signatures: Any, settings: Settings, near: bool) -> Any:
    """copy id -> (original id, original's record): exact copies by content hash, near ones by MinHash bands."""
    arts = ordered.mapValues(lambda v: v[1])
    info = ordered.mapValues(lambda v: {**_slim(json.loads(v[1])), "seq": v[0]})
    if not near:  # exact copies only: a content hash is a whole group
        members = info.map(lambda kv: (kv[1]["content_hash"], kv[1])).groupByKey().filter(lambda kv: len(kv[1]) > 1)
    else:
        exact = (info.map(lambda kv: (kv[1]["content_hash"], kv[0])).groupByKey()
                 .flatMap(lambda kv: _star(sorted(kv[1]))))
        bands, rows = dedup.lsh_bands(settings.near_duplicate_threshold)
        sigs = signatures.flatMap(lambda kv: [(key, kv[0]) for key in dedup.band_keys(kv[1], bands, rows)])
        pairs = sigs.groupByKey().flatMap(lambda kv: bucket_pairs(sorted(set(kv[1])))).distinct()
        texts = arts.mapValues(lambda rec: json.loads(rec)["text"])
        threshold = settings.near_duplicate_threshold
        near = (pairs.join(texts).map(lambda kv: (kv[1][0], (kv[0], kv[1][1]))).join(texts)
                .filter(lambda kv: dedup.text_jaccard(kv[1][0][1], kv[1][1]) >= threshold)
                .map(lambda kv: (kv[1][0][0], kv[0])))
        labels = components(exact.union(near))
        members = labels.join(info).map(lambda kv: (kv[1][0], kv[1][1])).groupByKey()
    copies = members.flatMap(_originals)  # (original id, copy id)
    return copies.join(arts).map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))


def _slim(rec: dict[str, Any]) -> dict[str, Any]:
    return {k: rec.get(k) for k in ("id", "url", "domain", "outlet", "published_at", "content_hash")}


def _star(ids: list[str]) -> list[tuple[str, str]]:
    return [(ids[0], other) for other in ids[1:]]


def _originals(kv: tuple[str, Iterable[dict[str, Any]]]) -> list[tuple[str, str]]:
    """(original id, copy id) for each non-original member of a group (members in input order)."""
    arts = [from_dict(Article, {**m, "text": ""}) for m in sorted(kv[1], key=lambda m: m["seq"])]
    original = dedup.choose_original(arts)
    return [(original, a.id) for a in arts if a.id != original]


def _with_duplicate(value: tuple[str, tuple[str, str] | None]) -> str:
    rec_json, dup = value
    if dup is None:
        return rec_json
    rec = json.loads(rec_json)
    original, original_rec = dup
    other = json.loads(original_rec)
    same = rec["content_hash"] == other["content_hash"]
    rec["duplicate_of"] = original
    rec["near_duplicate_score"] = 1.0 if same else round(dedup.text_jaccard(rec["text"], other["text"]), 4)
    return json.dumps(rec, ensure_ascii=False)


# -- briefs and outputs --------------------------------------------------------------------------
def _enrichments(spark: Any, out: str, keys: list[str]) -> Any:
    df = spark.read.parquet(*[f"{out}/enrichment/{k}.parquet" for k in keys])
    return df.select("article_id", "record").rdd.map(lambda r: (r.article_id, r.record)).reduceByKey(
        lambda a, b: a)


def _stamp_row(kv: tuple[str, tuple[str, tuple[str, float]]]) -> tuple[str, tuple[str, str, str | None, str]]:
    rec = json.loads(kv[1][0])
    outlet = rec.get("outlet") or rec.get("domain") or ""
    return outlet, (rec["id"], outlet, rec.get("published_at"), kv[1][1][0])


def _batch_stamped(arts: Any, assignments: Any) -> set[str]:
    """The ids whose publication time is a batch stamp of their outlet, per outlet in parallel (what
    ``pipeline.story_articles`` marks from the store)."""
    rows = arts.join(assignments).map(_stamp_row).filter(lambda kv: bool(kv[0])).groupByKey()
    return set(rows.flatMap(lambda kv: sorted(batch_stamped(kv[1]))).collect())


def _brief(kv: tuple[str, tuple[Story, Iterable[tuple[str, str | None]]]], values: dict[str, Any],
           stamped: Any = None) -> tuple[str, str, str]:
    story_id, (story, items) = kv
    articles, enrichments = [], {}
    marked = stamped.value if stamped is not None else set()
    for rec, enr in items:
        a = from_dict(Article, json.loads(rec))
        a.batch_stamped = a.id in marked
        articles.append(a)
        if enr is not None:
            enrichments[a.id] = from_dict(Enrichment, json.loads(enr))
    brief, fp = story_brief(story, articles, enrichments, Settings.from_values(values))
    return story_id, fp, json.dumps(to_dict(brief), ensure_ascii=False)


def _write_outputs(spark: Any, out: str, arts: Any, assignments: Any, stories: Any, briefs: Any) -> None:
    from pyspark.sql.types import ArrayType, DoubleType, IntegerType, StringType, StructField, StructType

    s = StringType()

    def fields(*names: str) -> list[StructField]:
        return [StructField(n, s) for n in names]

    art_schema = StructType([*fields("id", "url", "outlet", "domain", "title", "published_at", "language",
                                     "content_hash", "duplicate_of"), StructField("near_duplicate_score", DoubleType()),
                             *fields("story_id"), StructField("story_score", DoubleType()), *fields("record")])

    def art_row(kv: tuple[str, tuple[str, tuple[str, float]]]) -> tuple[Any, ...]:
        rec_json, (story_id, score) = kv[1]
        r = json.loads(rec_json)
        return (r["id"], r.get("url"), r.get("outlet"), r.get("domain"), r.get("title"), r.get("published_at"),
                r.get("language"), r.get("content_hash"), r.get("duplicate_of"), r.get("near_duplicate_score"),
                story_id, None if score is None else float(score), rec_json)

    spark.createDataFrame(arts.join(assignments).map(art_row), art_schema).write.mode("overwrite").parquet(
        f"{out}/articles")
    story_schema = StructType([*fields("id", "title", "first_seen", "last_seen"), StructField("size", IntegerType()),
                               StructField("outlets", ArrayType(s)), StructField("article_ids", ArrayType(s)),
                               *fields("record")])
    spark.createDataFrame(stories.map(lambda kv: (kv[1].id, kv[1].title, kv[1].first_seen, kv[1].last_seen,
                                                  kv[1].size, kv[1].outlets, kv[1].article_ids,
                                                  json.dumps(to_dict(kv[1]), ensure_ascii=False))),
                          story_schema).write.mode("overwrite").parquet(f"{out}/stories")
    brief_schema = StructType(fields("story_id", "fingerprint", "record"))
    spark.createDataFrame(briefs, brief_schema).write.mode("overwrite").parquet(f"{out}/briefs")

