"""What a batch engine does to its pieces, with no engine in sight: per-unit work, blocks, briefs, import.

The Spark engine (``engines/spark.py``) only schedules these functions; each calls the pipeline's stage
functions through a small seam (``_enrich``, ``new_clusterer``, ``choose_original``, ...) so that better
stages on main are picked up without touching the engine. The output folder's layout:

    DIR/extracted/<unit>.parquet   articles as read, one file per input unit (plus MinHash and block terms)
    DIR/enrichment/<unit>.parquet  their enrichment records
    DIR/rejects/<unit>.parquet     inputs a stage refused, with the reason
    DIR/done/<unit>.json           written last: the unit is finished and a re-run skips it
    DIR/articles/ stories/ briefs/ Parquet datasets of the whole run (rewritten each run)
    DIR/state/clusterer.bin        the online clusterer's state when the run was one block
    DIR/summary.json
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import time
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from ..errors import InputError
from ..ingest.records import reason_kind
from ..model import Article, Brief, Enrichment, Reject, Story, from_dict, to_dict
from ..settings import Settings
from .inputs import Unit, read_unit

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "EVENT", "FAC"}
NUM_PERM = 128
MIN_SHINGLES = 20


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
    from ..pipeline import enrich_rejects

    rejects += enrich_rejects(enrichments)
    schemas = _schemas()
    rows = [{"id": a.id, "unit": unit.key, "pos": i, "published_at": a.published_at, "content_hash": a.content_hash,
             "minhash": minhash(a.text), "block_terms": block_terms(a, by_id.get(a.id)),
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
    from ..settings import SETTINGS

    settings = Settings.__new__(Settings)
    settings._values = {**{s.name: s.default for s in SETTINGS}, **values}
    return settings


def _enrich(articles: list[Article], settings: Settings) -> list[Enrichment]:
    """The local engine's enrichment of a batch (text cut as ``pipeline.enrich`` cuts it)."""
    from .. import pipeline

    cut = [dataclasses.replace(a, text=a.text[: settings.max_text_chars]) for a in articles]
    return list(pipeline._enrich_batch(cut))


def block_terms(article: Article, enrichment: Enrichment | None, n: int = 2) -> list[str]:
    """The article's leading actors (most mentioned named entities), the key of its clustering block."""
    counts: Counter[str] = Counter()
    if enrichment is not None:
        for e in enrichment.entities:
            if e.label in ENTITY_LABELS:
                name = (e.actor or e.text).strip().lower().removeprefix("the ")
                if len(name) > 1:
                    counts[name] += 3 if e.start < 600 else 1
    if not counts:
        counts.update(tokens(article.title))
    return [t for t, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


# -- duplicates ----------------------------------------------------------------------------------
def shingles(text: str) -> set[str]:
    """The ingest stage's 5-word shingles (``ingest.dedup.shingle_set``)."""
    from ..ingest.dedup import shingle_set

    return set(shingle_set(text))


def minhash(text: str) -> bytes | None:
    """MinHash signature of the text's 5-word shingles (None for texts too short to be near duplicates)."""
    from datasketch import MinHash

    sh = shingles(text)
    if len(sh) < MIN_SHINGLES:
        return None
    mh = MinHash(num_perm=NUM_PERM)
    mh.update_batch([s.encode("utf-8") for s in sh])
    return bytes(mh.hashvalues.astype("<u8").tobytes())


def lsh_bands(threshold: float) -> tuple[int, int]:
    """(bands, rows) for a candidate threshold, as datasketch's MinHashLSH chooses them."""
    from datasketch.lsh import _optimal_param

    b, r = _optimal_param(threshold, NUM_PERM, 0.5, 0.5)
    return int(b), int(r)


def band_keys(signature: bytes, bands: int, rows: int) -> list[tuple[int, bytes]]:
    return [(i, signature[i * rows * 8:(i + 1) * rows * 8]) for i in range(bands)]


def jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb) if sa or sb else 0.0


def near_dedup_enabled(settings: Settings) -> bool:
    """Near duplicates are grouped when the local engine groups them too."""
    return bool(settings.near_duplicates)


def choose_original(members: list[Article]) -> str:
    """The group's original (``members`` in input order): the ingest stage's rule."""
    from ..ingest.dedup import choose_original as rule

    return str(rule(members))


# -- stories -------------------------------------------------------------------------------------
class _EmptyState:
    """Stands in for a store with no saved clusterer, so ``pipeline.load_clusterer`` builds a fresh one."""

    def get_state(self, key: str) -> None:
        return None


def new_clusterer(settings: Settings) -> Any:
    from .. import pipeline

    return pipeline.load_clusterer(_EmptyState(), settings)  # type: ignore[arg-type]


def order_key(article: Article) -> tuple[bool, str, str]:
    """The local engine's clustering order (``pipeline.cluster_order``)."""
    from ..pipeline import cluster_order

    return cluster_order(article)


def cluster_block(articles: list[Article], settings: Settings, *, keep_state: bool = False
                  ) -> tuple[list[tuple[str, str, float | None]], list[Story], dict[str, list[float]], bytes | None]:
    """The online clusterer over one block, exactly as ``pipeline.cluster`` runs it: the same
    ``pipeline.assign_articles`` over the same batches in the same order.

    Returns (article id, live story id, score) per article, the story records (merged ones included,
    marked ``merged_into``), the live stories' embedding centroids (for the merge pass across blocks)
    and, when asked, the clusterer's state.
    """
    from ..pipeline import assign_articles, live_story_record
    from .local import batched

    clusterer = new_clusterer(settings)
    by_id = {a.id: a for a in articles}
    story_of: dict[str, str] = {}
    score: dict[str, float | None] = {}
    merged: set[str] = set()
    for chunk in batched(sorted(articles, key=order_key), settings.batch_size):
        step = assign_articles(clusterer, chunk, settings, story_of.get)
        for aid, sid, sc in step.assignments:
            story_of[aid], score[aid] = sid, sc
        if step.merged:  # articles of earlier batches move with their story
            story_of = {aid: step.merged.get(sid, sid) for aid, sid in story_of.items()}
            merged |= set(step.merged)
    members: dict[str, list[Article]] = {}
    for aid, sid in story_of.items():
        members.setdefault(sid, []).append(by_id[aid])
    stories = [live_story_record(clusterer, sid, arts) for sid, arts in sorted(members.items())]
    stories += [clusterer.story(old) for old in sorted(merged)]
    centroids = {sid: c.tolist() for sid in members if (c := clusterer.centroid(sid)) is not None}
    return ([(aid, story_of[aid], score[aid]) for aid in sorted(story_of)], stories, centroids,
            clusterer.to_state() if keep_state else None)


def block_key(article: Article, terms: list[str], window_days: float) -> str:
    """Time window and leading actor: the block an article is clustered in when a run is too big for one."""
    when = _ts(article.published_at)
    window = int(when // (window_days * 86400)) if when else -1
    return f"{window}|{terms[0] if terms else ''}"


def story_vector(texts: Iterable[str]) -> Counter[str]:
    """Term counts of a story's titles and leads, for the merge pass across blocks."""
    counts: Counter[str] = Counter()
    for t in texts:
        counts.update(tokens(t))
    return counts


def weighted(counts: dict[str, int], df: dict[str, int], n_docs: int, top: int = 60) -> dict[str, float]:
    vec = {t: (1 + math.log(c)) * math.log((n_docs + 1) / (df.get(t, 0) + 1) + 1) for t, c in counts.items()}
    best = dict(sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:top])
    norm = math.sqrt(sum(v * v for v in best.values())) or 1.0
    return {t: v / norm for t, v in best.items()}


StoryVector = tuple[dict[str, float], float, float, "list[float] | None"]  # terms, first, last, centroid
MERGE_EMBEDDING_WEIGHT = 0.5  # of the centroid cosine against the term cosine in the merge pass
AVERAGE_LINK_MAX = 3000  # block stories clustered at once in the merge pass (memory grows with the square)


def story_similarity(a: StoryVector, b: StoryVector, time_scale_days: float) -> float:
    """Two block stories' similarity: the mean of their term cosine and their MiniLM centroid cosine
    (terms alone where a story has no embedding), times the soft time decay over the gap between them."""
    va, first_a, last_a, ea = a
    vb, first_b, last_b, eb = b
    gap = max(0.0, max(first_a, first_b) - min(last_a, last_b)) if first_a and first_b else 0.0
    decay = math.exp(-gap / (time_scale_days * 86400.0)) ** 0.5
    terms = sum(w * vb.get(t, 0.0) for t, w in va.items()) * decay
    emb = sum(x * y for x, y in zip(ea, eb, strict=True)) if ea is not None and eb is not None else terms
    return (MERGE_EMBEDDING_WEIGHT * emb + (1 - MERGE_EMBEDDING_WEIGHT) * terms) * decay


def average_link(stories: list[tuple[str, StoryVector]], threshold: float, time_scale_days: float
                 ) -> dict[str, str]:
    """Average-link clustering of one group of candidate block stories, cut where the mean similarity
    falls under ``threshold``; each story -> the id of the earliest story of its cluster.

    Single links chain look-alike stories together; the average over all pairs does not.
    """
    if len(stories) < 2:
        return {sid: sid for sid, _ in stories}
    if len(stories) > AVERAGE_LINK_MAX:  # a huge chained group: cut it in time order (bounded memory)
        ordered = sorted(stories, key=lambda kv: (kv[1][1], kv[0]))
        out: dict[str, str] = {}
        for i in range(0, len(ordered), AVERAGE_LINK_MAX):
            out.update(average_link(ordered[i:i + AVERAGE_LINK_MAX], threshold, time_scale_days))
        return out
    from scipy.cluster.hierarchy import fcluster, linkage

    n = len(stories)
    condensed = [1.0 - story_similarity(stories[i][1], stories[j][1], time_scale_days)
                 for i in range(n) for j in range(i + 1, n)]
    labels = fcluster(linkage(condensed, "average"), 1.0 - threshold, "distance")
    winners: dict[int, tuple[float, str]] = {}
    for (sid, vec), label in zip(stories, labels.tolist(), strict=True):
        winners[label] = min(winners.get(label, (math.inf, "")), (vec[1] or math.inf, sid))
    return {sid: winners[label][1] for (sid, _), label in zip(stories, labels.tolist(), strict=True)}


def merge_records(story: Story, members: list[Article], absorbed: list[tuple[str, int]],
                  merged_into: str | None = None) -> Story:
    """A block story after the merge pass across blocks: the winner recomputed from all its articles,
    or an absorbed story marked ``merged_into``; the merge is added to the history of both."""
    from ..stories.cluster import story_record

    history = list(story.history)
    if merged_into is not None:
        event = {"event": "merge", "at": story.last_seen, "kept": merged_into, "absorbed": story.id,
                 "absorbed_size": story.size, "pass": "blocks"}
        return dataclasses.replace(story, merged_into=merged_into, history=[*history, event])
    record = story_record(story.id, members, story)
    for old, size in absorbed:
        history.append({"event": "merge", "at": record.last_seen, "kept": story.id, "absorbed": old,
                        "absorbed_size": size, "pass": "blocks"})
    return dataclasses.replace(record, history=history)


def make_brief(story: Story, articles: list[Article], enrichments: dict[str, Enrichment],
               settings: Settings) -> tuple[Brief, str]:
    """The local engine's brief of one story (``pipeline.story_brief``), with its fingerprint."""
    from ..pipeline import story_brief

    return story_brief(story, articles, enrichments, settings)


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
    """Load a Spark run's outputs into the SQLite store; idempotent (a second import adds nothing new)."""
    from ..pipeline import CLUSTER_STATE

    progress = progress or (lambda stage, advance, total: None)
    summary_text = read_text(out, "summary.json")
    if summary_text is None:
        raise InputError(out, "no summary.json here", "point `storydesk import` at the --out folder of "
                                                      "a finished `storydesk spark run`")
    arts = _read_dataset(out, "articles")
    articles = sorted((from_dict(Article, json.loads(r["record"])) for r in arts), key=order_key)
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


_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]+")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens of three letters or more (for blocking and the merge pass)."""
    return [t.lower() for t in _TOKEN.findall(text) if len(t) > 2]


def _ts(iso: str | None) -> float:
    if not iso:
        return 0.0
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0
