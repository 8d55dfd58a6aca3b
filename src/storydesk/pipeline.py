"""The stages in order, over batches: ingest -> enrich -> cluster -> brief.

Each function here reads and writes the store and calls the pure stage functions; every batch is one
transaction, so a killed run keeps what it committed and a re-run does only what is left.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .engines.local import batched, map_batches
from .errors import InputError, NotFoundError
from .ingest.records import reason_kind
from .model import Article, Brief, Enrichment, Reject, Story, from_dict, to_dict
from .settings import Settings
from .store import Store
from .stories.cluster import StoryClusterer, story_record

if TYPE_CHECKING:
    from .ingest.dedup import Deduper
    from .ingest.feeds import FeedSource

Progress = Callable[[str, int, int | None], None]  # (stage, advance, total)
CLUSTER_STATE = "clusterer"


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
    """The near-duplicate index over every stored article (signatures from the store)."""
    from .ingest.dedup import Deduper

    deduper = Deduper(settings.near_duplicate_threshold, near=settings.near_duplicates, text_of=store.article_text)
    for article_id, signature in store.iter_minhashes():
        deduper.load(article_id, signature)
    return deduper


def _group_near(store: Store, deduper: Deduper, fresh: list[Article]) -> tuple[int, list[tuple[str, bytes]]]:
    """Near duplicates among ``fresh`` (not yet stored) join their group; the group's original may change.

    Returns how many joined a group, and the signatures to store for the fresh articles.
    """
    joined = 0
    signatures: list[tuple[str, bytes]] = []
    in_batch = {a.id: a for a in fresh}
    for a in fresh:
        if a.duplicate_of is None:
            match = deduper.find(a)
            if match is not None and match.kind == "near":
                other = in_batch.get(match.other_id) or store.get_article(match.other_id)
                original = other.duplicate_of or other.id
                current = in_batch.get(original) or store.get_article(original)
                joined += 1
                from .ingest.dedup import choose_original

                if choose_original([current, a]) == a.id:  # the wire copy or an earlier one arrived later
                    for member_id in [original, *store.duplicates_of(original)]:
                        member = in_batch.get(member_id) or store.get_article(member_id)
                        member.duplicate_of = a.id
                        member.near_duplicate_score = member.near_duplicate_score or match.similarity
                        if member_id not in in_batch:
                            store.update_article(member)
                    for member in in_batch.values():
                        if member.duplicate_of == original:
                            member.duplicate_of = a.id
                else:
                    a.duplicate_of = original
                    a.near_duplicate_score = match.similarity
        signature = deduper.index(a)
        if signature is not None:
            signatures.append((a.id, signature))
    return joined, signatures


def ingest_records(store: Store, records: Iterable[Article | Reject], settings: Settings,
                   progress: Progress = _noop) -> IngestSummary:
    """Store articles (exact and near duplicates grouped under their original) and rejects, a batch per
    transaction."""
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
            near, signatures = _group_near(store, deduper, fresh)
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
    from .ingest.files import read_paths

    return ingest_records(store, read_paths(paths, min_chars=settings.min_text_chars), settings, progress)


def ingest_inputs(store: Store, inputs: Iterable[str], settings: Settings, *,
                  mapping: dict[str, str] | None = None, max_entries: int = 0,
                  progress: Progress = _noop) -> IngestSummary:
    """Any inputs: files and folders, page/feed/OPML/sitemap URLs, WARC files, JSONL/CSV dumps, URL lists."""
    from .ingest.files import read_paths
    from .ingest.normalize import canonical_url
    from .ingest.sources import iter_inputs

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
    from .ingest.feeds import FeedHealth, due
    from .ingest.normalize import canonical_url
    from .ingest.sources import WebIngest

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
    from .ingest.dedup import explain, wire_service

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


def _enrich_batch(batch: list[Article]) -> list[Enrichment]:
    from .enrich import enrich_articles  # the models load here, not when the CLI starts

    return list(enrich_articles(batch))


def enrich_rejects(enrichments: Iterable[Enrichment]) -> list[Reject]:
    """A Reject for each article on which an enrichment stage failed (the rest of its record is kept)."""
    return [Reject("enrich", e.article_id, "; ".join(e.errors)) for e in enrichments if e.errors]


def enrich(store: Store, settings: Settings, progress: Progress = _noop) -> int:
    """Enrich every article that has no enrichment yet."""
    ids = store.unenriched_ids()
    progress("enrich", 0, len(ids))
    done = 0

    def load(chunk: list[str]) -> list[Article]:
        arts = store.get_articles(chunk)
        for a in arts:
            a.text = a.text[: settings.max_text_chars]
        return arts

    batches = (load(chunk) for chunk in batched(ids, settings.batch_size))
    for result in map_batches(_enrich_batch, batches, workers=settings.workers):
        with store.transaction():
            store.put_enrichments(result)
            store.add_rejects(enrich_rejects(result))
        done += len(result)
        progress("enrich", len(result), len(ids))
    return done


def load_clusterer(store: Store, settings: Settings) -> StoryClusterer:
    """The clusterer's saved state, or a fresh one (settings fix its weights and threshold)."""
    from .stories.cluster import ClusterConfig

    config = ClusterConfig.from_settings(settings)
    state = store.get_state(CLUSTER_STATE)
    if state:
        try:
            return StoryClusterer.from_state(state, config)
        except InputError:  # state of an older clusterer: cluster everything again, nothing is lost
            with store.transaction():
                store.reset_stories()
    return StoryClusterer(config)


def cluster_order(article: Article) -> tuple[bool, str, str]:
    """The order articles reach the clusterer in: publication time, undated last, then id (both engines)."""
    return (article.published_at is None, article.published_at or "", article.id)


@dataclass
class Clustered:
    """What one batch did to the stories: each article's story (live at the end of the batch) and score,
    the live stories that changed, and the stories absorbed by a merge (old id -> live id)."""

    assignments: list[tuple[str, str, float | None]]
    changed: set[str]
    merged: dict[str, str]


def assign_articles(clusterer: StoryClusterer, articles: list[Article], settings: Settings,
                    story_of_original: Callable[[str], str | None]) -> Clustered:
    """Run a batch of articles (in :func:`cluster_order`) through the online clusterer.

    The one clustering step of both engines: ``pipeline.cluster`` calls it per stored batch, the batch
    engine per block. A syndicated copy joins its original's story (counted as coverage, not clustered
    again) when the original is in this batch or already has a story (``story_of_original``); features,
    MiniLM embeddings included, are computed for the batch at once.
    """
    from .stories.features import features_batch

    here = {a.id for a in articles}
    copies = {a.id for a in articles
              if a.duplicate_of and (a.duplicate_of in here or story_of_original(a.duplicate_of))}
    pending = [a for a in articles if a.id not in copies]
    features = features_batch(pending, embeddings=settings.embeddings)
    story: dict[str, str] = {}
    score: dict[str, float | None] = {}
    changed: set[str] = set()
    merged: dict[str, str] = {}
    for a, f in zip(pending, features, strict=True):
        got = clusterer.add(a, f)
        story[a.id], score[a.id] = got.story_id, got.score
        changed.add(got.story_id)
        for old in got.merged:
            merged[old] = got.story_id

    def resolve(a: Article, depth: int = 0) -> str:
        if a.id not in story:
            dup = a.duplicate_of or ""
            known = story_of_original(dup) if dup not in here else None
            if known is None and dup in by_id and depth < 8:  # the original is in this batch
                known = resolve(by_id[dup], depth + 1)
            story[a.id], score[a.id] = known or "", 1.0
            changed.add(story[a.id])
        return story[a.id]

    by_id = {a.id: a for a in articles}
    for a in articles:  # copies after every original of the batch has its story
        if a.id in copies:
            resolve(a)

    def live(sid: str) -> str:
        try:
            return clusterer.story_of(sid)
        except NotFoundError:  # a story of the store that the clusterer's state does not hold
            return sid

    return Clustered(
        assignments=[(a.id, live(story[a.id]), score[a.id]) for a in articles if story[a.id]],
        changed={live(s) for s in changed if s},  # live ids: never among the absorbed
        merged={old: live(old) for old in merged},
    )


def live_story_record(clusterer: StoryClusterer, story_id: str, members: list[Article]) -> Story:
    """A live story's record: title, outlets and dates from its articles, history from the clusterer."""
    try:
        known: Story | None = clusterer.story(story_id)
    except NotFoundError:  # a story of the store that the clusterer's state does not hold
        known = None
    return story_record(story_id, members, known)


def cluster(store: Store, settings: Settings, progress: Progress = _noop) -> set[str]:
    """Assign every unclustered article, in :func:`cluster_order`; returns the ids of stories that changed.

    Merges of converging stories move the absorbed story's articles and keep its record, marked
    ``merged_into``, with the merge in both stories' history.
    """
    clusterer = load_clusterer(store, settings)
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
            store.put_state(CLUSTER_STATE, clusterer.to_state())
        touched = (touched | step.changed) - set(step.merged)
        progress("cluster", len(chunk), len(ids))
    return touched


def story_brief(story: Story, articles: list[Article], enrichments: dict[str, Enrichment],
                settings: Settings) -> tuple[Brief, str]:
    """One story's brief and its fingerprint (``brief.assemble.story_brief``; kept here for both engines)."""
    from .brief.assemble import story_brief as assemble

    return assemble(story, articles, enrichments, settings)


def write_briefs(store: Store, settings: Settings, story_ids: Iterable[str] | None = None,
                 progress: Progress = _noop) -> int:
    """(Re)write the briefs of the given stories (all by default); a new version only when content changed."""
    stories = [store.get_story(s) for s in story_ids] if story_ids is not None else store.list_stories()
    progress("brief", 0, len(stories))
    for story in stories:
        brief, fp = story_brief(story, store.get_articles(story.article_ids),
                                store.get_enrichments(story.article_ids), settings)
        store.put_brief(brief, fp)
        progress("brief", 1, len(stories))
    return len(stories)


def run(store: Store, paths: Iterable[str | Path], settings: Settings, progress: Progress = _noop) -> dict[str, Any]:
    """The whole pipeline over some inputs."""
    summary = ingest_inputs(store, [str(p) for p in paths], settings, progress=progress)
    enriched = enrich(store, settings, progress)
    touched = cluster(store, settings, progress)
    missing = set(store.stories_without_brief())
    briefs = write_briefs(store, settings, sorted(touched | missing), progress)
    return {"ingest": summary.as_dict(), "enriched": enriched, "stories_changed": len(touched), "briefs": briefs}
