"""The stages in order, over batches: ingest -> enrich -> cluster -> brief.

Each function here reads and writes the store and calls the pure stage functions; every batch is one
transaction, so a killed run keeps what it committed and a re-run does only what is left.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from .brief.assemble import story_brief
from .edits import replay_edits
from .engines.local import batched, map_batches, worker_count
from .enrich.batch import cut_text, enrich_batch, enrich_rejects
from .ingest.dedup import Deduper, band_hashes, band_layout, explain, group_near, lsh_bands, wire_service
from .ingest.feeds import FeedHealth, FeedSource, due
from .ingest.files import read_paths
from .ingest.normalize import canonical_url
from .ingest.records import reason_kind
from .ingest.sources import WebIngest, iter_inputs
from .model import Article, Reject, from_dict, to_dict
from .settings import Settings
from .store import Store
from .stories.assign import (
    CLUSTER_STATE,
    assign_articles,
    cluster_order,
    live_story_record,
    new_clusterer,
    restore_clusterer,
)
from .stories.cluster import StoryClusterer
from .stories.cluster_rows import is_rows_meta
from .stories.developments import STAMP_WINDOW_S, batch_stamped

Progress = Callable[[str, int, int | None], None]  # (stage, advance, total)
POOL_MIN = 24  # articles a worker process must have to pay for starting it and loading its models


def _noop(stage: str, advance: int, total: int | None) -> None:
    return None


@dataclass
class IngestSummary:
    accepted: int = 0
    duplicates: int = 0
    already_present: int = 0
    rejected: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    rejects: list[Reject] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "duplicates": self.duplicates, "already_present": self.already_present,
                "rejected": self.rejected, "rejects": [{"input": r.input, "reason": r.reason} for r in self.rejects]}


def load_deduper(store: Store, settings: Settings) -> Deduper:
    """The near-duplicate index over every stored article: each new article's band keys are looked up in
    the store's band table (keyed here for signatures stored since the last ingest), so an update reads
    only its candidates' signatures and texts, not every stored signature."""
    threshold = settings.near_duplicate_threshold
    bands, rows = lsh_bands(threshold)
    store.sync_minhash_bands(band_layout(threshold), partial(band_hashes, bands=bands, rows=rows))
    return Deduper(threshold, near=settings.near_duplicates, text_of=store.article_text,
                   stored_candidates=store.minhash_candidates)


def ingest_records(store: Store, records: Iterable[Article | Reject], settings: Settings,
                   progress: Progress = _noop) -> IngestSummary:
    """Store articles (exact and near duplicates grouped under their original) and rejects, a batch per
    transaction."""
    with store.writing():  # one writer process at a time (the store enforces it)
        summary = IngestSummary()
        deduper = load_deduper(store, settings)
        for batch in batched(records, settings.batch_size):
            articles = [r for r in batch if isinstance(r, Article)]
            rejects = [r for r in batch if isinstance(r, Reject)]
            with store.transaction():
                seen: dict[str, str] = {}
                fresh = []
                for a in articles:
                    if store.has_article(a.id):
                        summary.already_present += 1
                        continue
                    original = seen.get(a.content_hash) or store.article_by_hash(a.content_hash)
                    if original and original not in seen.values():  # point at the group's original
                        original = store.get_article(original).duplicate_of or original
                    if original and original != a.id:
                        a.duplicate_of = original
                        a.near_duplicate_score = 1.0
                        summary.duplicates += 1
                    else:
                        seen[a.content_hash] = a.id
                    fresh.append(a)
                near, signatures = group_near(deduper, fresh, store.get_article, store.duplicates_of,
                                              store.update_article)
                summary.duplicates += near
                added, present = store.add_articles(fresh)
                store.put_minhashes(signatures)
                summary.accepted += len(added)
                summary.already_present += len(present)
                store.add_rejects(rejects)
            summary.rejected += len(rejects)
            summary.rejects.extend(rejects)
            summary.reasons.update(reason_kind(r.reason) for r in rejects)
            progress("ingest", len(batch), None)
        return summary


def ingest_paths(store: Store, paths: Iterable[str | Path], settings: Settings,
                 progress: Progress = _noop) -> IngestSummary:
    return ingest_records(store, read_paths(paths, min_chars=settings.min_text_chars), settings, progress)


def ingest_inputs(store: Store, inputs: Iterable[str], settings: Settings, *,
                  mapping: dict[str, str] | None = None, max_entries: int = 0,
                  progress: Progress = _noop) -> IngestSummary:
    """Any inputs: files and folders, page/feed/OPML/sitemap URLs, WARC files, JSONL/CSV dumps, URL lists."""
    def known(url: str) -> bool:
        return store.has_url(url) or store.has_url(canonical_url(url) or url)

    def files(path: Path) -> Iterable[Article | Reject]:
        return read_paths([path], min_chars=settings.min_text_chars)

    records = iter_inputs(inputs, settings, known=known, mapping=mapping, files=files,
                          max_entries=max_entries)
    return ingest_records(store, records, settings, progress)


def poll_feeds(store: Store, feeds: list[FeedSource], settings: Settings, interval: float, *,
               max_entries: int = 0, progress: Progress = _noop) -> tuple[IngestSummary, int, float]:
    """Poll the feeds that are due (failing ones back off), store new articles and every feed's health.

    Returns the summary, how many feeds were polled, and the seconds until the next feed is due.
    """
    health = {h["url"]: from_dict(FeedHealth, h) for h in store.list_feed_health()}
    due_now = [f for f in feeds if due(health.get(f.url) or FeedHealth(f.url), interval)]

    def known(url: str) -> bool:
        return store.has_url(url) or store.has_url(canonical_url(url) or url)

    web = WebIngest(settings, known, health, max_entries=max_entries)
    summary = ingest_records(store, web.iter(due_now), settings, progress)
    for feed in due_now:
        if feed.url in web.health:
            store.put_feed_health(feed.url, to_dict(web.health[feed.url]))
    return summary, len(due_now), min(interval, 60.0)


def duplicate_report(store: Store, article: Article) -> dict[str, Any]:
    """The article's duplicate group: its original, every member, and why each was grouped."""
    original_id = article.duplicate_of or article.id
    member_ids = store.duplicates_of(original_id)
    if not member_ids:
        return {"original": None, "why_original": None, "members": []}
    original = store.get_article(original_id)
    members = []
    for member in [original, *store.get_articles(member_ids)]:
        why = explain(member.text, original.text)
        members.append({"id": member.id, "outlet": member.outlet, "url": member.url,
                        "published_at": member.published_at, "kind": why.kind, "similarity": round(why.similarity, 4),
                        "shared_shingles": why.shared_shingles, "examples": why.examples})
    wire = wire_service(original)
    reason = f"the wire service {wire}" if wire else "the earliest published copy"
    return {"original": original_id, "why_original": reason, "members": members}


def enrich_chunk(n: int, batch_size: int, workers: int) -> int:
    """Articles per enrichment task: the batch size in one process; with workers, small enough that each
    worker gets several tasks (the last ones do not leave a core idle), never under 8 (a model call's cost)."""
    if workers <= 1:
        return batch_size
    return max(8, min(batch_size, -(-n // (4 * workers))))


def enrich(store: Store, settings: Settings, progress: Progress = _noop) -> int:
    """Enrich every article that has no enrichment yet."""
    with store.writing():  # one writer process at a time (the store enforces it)
        ids = store.unenriched_ids()
        progress("enrich", 0, len(ids))
        done = 0

        def load(chunk: list[str]) -> list[Article]:
            return cut_text(store.get_articles(chunk), settings.max_text_chars)

        workers = worker_count(settings.workers)
        batches = (load(chunk) for chunk in batched(ids, enrich_chunk(len(ids), settings.batch_size, workers)))
        work = partial(enrich_batch, spacy_batch_size=settings.spacy_batch_size)
        for result in map_batches(work, batches, workers=min(workers, max(1, len(ids) // POOL_MIN))):
            with store.transaction():
                store.put_enrichments(result)
                store.add_rejects(enrich_rejects(result))
            done += len(result)
            progress("enrich", len(result), len(ids))
        return done


def load_clusterer(store: Store, settings: Settings) -> StoryClusterer:
    """The clusterer's saved state, or a fresh one (settings fix its weights and threshold). Its rows are read
    as the articles reach them (``stories.cluster_rows``); a whole state of an older store or an import is
    read once and written back as rows."""
    state = store.get_state(CLUSTER_STATE)
    if state:
        restored = restore_clusterer(state, settings, store)
        if restored is not None:
            if not is_rows_meta(state):  # a whole state (an older store, an import): kept as rows from now on
                with store.transaction():
                    store.clear_cluster_rows()
                    store.put_cluster_rows(restored.row_changes())
            return restored
        with store.transaction():  # state of an older clusterer: cluster everything again, nothing is lost
            store.reset_stories()
    return new_clusterer(settings)


def cluster(store: Store, settings: Settings, progress: Progress = _noop) -> set[str]:
    """Assign every unclustered article, in :func:`cluster_order`; returns the ids of stories that changed.

    Merges of converging stories move the absorbed story's articles and keep its record, marked
    ``merged_into``, with the merge in both stories' history.
    """
    with store.writing():  # one writer process at a time (the store enforces it)
        had_state = store.get_state(CLUSTER_STATE) is not None
        clusterer = load_clusterer(store, settings)
        from_scratch = had_state and store.get_state(CLUSTER_STATE) is None  # an older clusterer's state
        ids = store.unclustered_ids()
        progress("cluster", 0, len(ids))
        touched: set[str] = set()
        for chunk in batched(ids, settings.batch_size):
            articles = sorted(store.get_articles(chunk), key=cluster_order)
            with store.transaction():
                step = assign_articles(clusterer, articles, settings, store.story_of)
                for old, new in step.merged.items():
                    store.move_story(old, new)
                    store.put_story(clusterer.story(old))
                for aid, sid, score in step.assignments:
                    store.assign(aid, sid, score)
                for sid in step.changed:
                    store.put_story(live_story_record(clusterer, sid, store.get_articles(store.story_article_ids(sid))))
                store.put_cluster_rows(clusterer.row_changes())
            touched = (touched | step.changed) - set(step.merged)
            progress("cluster", len(chunk), len(ids))
        if from_scratch:  # a person's splits and merges, applied again to the new stories
            with store.transaction():
                replayed = replay_edits(store, settings, clusterer)
                store.put_cluster_rows(clusterer.row_changes())
            touched = {s for s in touched | replayed if store.get_story(s).merged_into is None}
        return touched


def story_articles(store: Store, ids: Iterable[str]) -> list[Article]:
    """A story's articles as the brief reads them: each marked when its publication time is one of its
    outlet's batch stamps (``stories.developments.batch_stamped``, from the outlet's articles stamped near it)."""
    articles = store.get_articles(ids)
    stamped = batch_stamped(store.outlet_neighbours(articles, STAMP_WINDOW_S))
    for a in articles:
        a.batch_stamped = a.id in stamped
    return articles


def write_briefs(store: Store, settings: Settings, story_ids: Iterable[str] | None = None,
                 progress: Progress = _noop) -> int:
    """(Re)write the briefs of the given stories (all by default); a new version only when content changed.

    A story whose brief cannot be written (a writer's bug) is recorded as a reject of stage ``brief`` and keeps
    its previous brief; the others are written. Returns the number written."""
    stories = [store.get_story(s) for s in story_ids] if story_ids is not None else store.list_stories()
    progress("brief", 0, len(stories))
    written = 0
    for story in stories:
        try:
            brief, fp = story_brief(story, story_articles(store, story.article_ids),
                                    store.get_enrichments(story.article_ids), settings)
        except Exception as exc:  # one story's failure never stops the others: recorded, its old brief kept
            store.add_rejects([Reject("brief", story.id, f"{type(exc).__name__}: {exc}"[:500])])
            progress("brief", 1, len(stories))
            continue
        store.put_brief(brief, fp)
        written += 1
        progress("brief", 1, len(stories))
    return written


def update(store: Store, settings: Settings, *, inputs: Iterable[str | Path] = (),
           feeds: list[FeedSource] | None = None, interval: float = 0.0, max_entries: int = 0,
           analyze: bool = True, only_when_new: bool = False, progress: Progress = _noop) -> dict[str, Any]:
    """One update of the store, the one sequence every caller runs (``run``, ``watch``, the web's ingest
    job): poll the feeds that are due (their health kept), ingest the inputs, then enrich, cluster and
    (re)write the briefs of the stories that changed or have none; with ``only_when_new`` (``watch``'s
    idle polls) the analysis is skipped when no article was added.

    Returns what each step did: ``poll`` (when feeds were given: feeds polled, seconds until the next is
    due, and the ingest summary), ``ingest``, ``enriched``, ``stories_changed`` and ``briefs``.
    """
    with store.writing():  # one writer process at a time (the store enforces it)
        result: dict[str, Any] = {}
        if feeds is not None:
            polled, n_feeds, wait = poll_feeds(store, feeds, settings, interval, max_entries=max_entries,
                                               progress=progress)
            result["poll"] = {"feeds": n_feeds, "next_poll_s": wait, **polled.as_dict()}
        summary = ingest_inputs(store, [str(p) for p in inputs], settings, progress=progress)
        result["ingest"] = summary.as_dict()
        added = summary.accepted + (result["poll"]["accepted"] if "poll" in result else 0)
        if analyze and (added or not only_when_new):
            result["enriched"] = enrich(store, settings, progress)
            touched = cluster(store, settings, progress)
            missing = set(store.stories_without_brief())
            result["stories_changed"] = len(touched)
            result["briefs"] = write_briefs(store, settings, sorted(touched | missing), progress)
        return result


def run(store: Store, paths: Iterable[str | Path], settings: Settings, progress: Progress = _noop) -> dict[str, Any]:
    """The whole pipeline over some inputs (:func:`update` without feeds)."""
    return update(store, settings, inputs=paths, progress=progress)
