"""A person's edits of the stories: split one story in two, merge two into one (CLI, web form, JSON API).

An edit changes the store and the online clusterer's saved state in one transaction, under the writer lock;
it is recorded in both stories' history (what, who, when) and in the store's ``story_edits``, and the
briefs of the stories it touched are rewritten. Later clustering respects it: the moved articles keep
their new story (the pipeline clusters only articles with no story), both stories' centroids are rebuilt
from their own articles, and two stories split apart are never merged again by a later article (a
person's merge may). A clustering from scratch (a saved clusterer of an older version) replays them
(:func:`replay_edits`, called by ``pipeline.cluster``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from .errors import InputError, NotFoundError
from .model import Story
from .settings import Settings
from .store import Store
from .stories.assign import CLUSTER_STATE, restore_clusterer, split_in_clusterer, split_story_id
from .stories.cluster import StoryClusterer, story_record

MAX_BY = 80
Rewrite = Callable[[Store, Settings, Iterable[str]], Any]  # ``pipeline.write_briefs``


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _who(by: str) -> str:
    """Who made the edit, as one short line (it is shown on the story page, escaped like all stored text)."""
    text = " ".join(str(by or "").split())[:MAX_BY]
    return text or "unnamed"


def _live(store: Store, given: str) -> Story:
    story = store.get_story(given)
    if story.merged_into:
        raise InputError(story.id, f"the story was merged into {story.merged_into}",
                         f"edit {story.merged_into} instead")
    return story


def _pick(given: str, ids: list[str], story_id: str) -> str:
    """The article of the story that ``given`` is, or is the unique prefix of."""
    if given in ids:
        return given
    found = [i for i in ids if i.startswith(given)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise InputError(given, f"no article of story {story_id} has this id",
                         f"list them with `storydesk stories --json` or on the page of {story_id}")
    raise InputError(given, f"ambiguous article id prefix ({len(found)} articles of the story start with it)",
                     "give more characters")


def _clusterer(store: Store, settings: Settings) -> StoryClusterer | None:
    """The saved clusterer, or None when there is none or it is of an older version (the edit then
    changes the store's records only)."""
    state = store.get_state(CLUSTER_STATE)
    return restore_clusterer(state, settings, store) if state else None


def _put(store: Store, clusterer: StoryClusterer | None, story: Story, record: dict[str, Any],
         merged_into: str | None = None) -> None:
    """Store a story's record after an edit: its articles from the store, its history from the clusterer
    (or, for a story the clusterer does not hold, the stored history plus this edit)."""
    known: Story | None = None
    if clusterer is not None:
        try:
            known = clusterer.story(story.id)
        except NotFoundError:
            known = None
    if known is None:
        story.history.append(dict(record))
        story.merged_into = merged_into
        known = story
    if merged_into is not None:  # an absorbed story keeps its articles' ids in its record, as merges do
        store.put_story(known)
        return
    store.put_story(story_record(story.id, store.get_articles(store.story_article_ids(story.id)), known))


def split_story(store: Store, settings: Settings, story_id: str, article_ids: list[str], by: str,
                rewrite: Rewrite | None = None) -> dict[str, Any]:
    """Move ``article_ids`` (ids or unique prefixes, of articles of the story) to a new story; then
    ``rewrite`` (``pipeline.write_briefs``) rewrites both briefs.

    Syndicated copies of a moved article go with it. At least one article must stay. Returns the two
    stories' ids and sizes and the edit's number.
    """
    with store.writing():
        story = _live(store, story_id)
        ids = store.story_article_ids(story.id)
        chosen = {_pick(g.strip(), ids, story.id) for g in article_ids if g.strip()}
        if not chosen:
            raise InputError("articles", "no article to split off", "name at least one article of the story")
        copies = {a.id for a in store.get_articles(ids) if a.duplicate_of in chosen}
        moved = sorted(chosen | copies)
        kept = [i for i in ids if i not in set(moved)]
        if not kept:
            raise InputError(story.id, "a split must leave at least one article in the story",
                             "split off fewer articles")
        new_id = split_story_id(story.id, moved, len(store.story_edits(story.id)))
        if store.ids_with_prefix("story", new_id, limit=1):
            raise InputError(new_id, "this split was made already", "merge the stories first to split again")
        who, at = _who(by), _now()
        record = {"event": "split", "at": at, "by": who, "from": story.id, "into": new_id, "articles": moved}
        clusterer = _clusterer(store, settings)
        with store.transaction():
            _apply_split(store, settings, clusterer, story, kept, moved, new_id, record)
            number = store.add_story_edit("split", story.id, new_id, moved, who, at)
            if clusterer is not None:
                store.put_cluster_rows(clusterer.row_changes())
        if rewrite is not None:
            rewrite(store, settings, [story.id, new_id])
        return {"edit": number, "kind": "split", "story": story.id, "new_story": new_id, "moved": moved,
                "sizes": {story.id: len(kept), new_id: len(moved)}, "by": who, "at": at}


def _apply_split(store: Store, settings: Settings, clusterer: StoryClusterer | None, story: Story,
                 kept: list[str], moved: list[str], new_id: str, record: dict[str, Any]) -> None:
    if clusterer is not None:
        split_in_clusterer(clusterer, story.id, store.get_articles(kept), store.get_articles(moved),
                           new_id, record, settings)
    store.move_articles(moved, new_id)
    _put(store, clusterer, story, record)
    _put(store, clusterer, Story(id=new_id, history=[]), record)


def merge_stories(store: Store, settings: Settings, keep_id: str, gone_id: str, by: str,
                  rewrite: Rewrite | None = None) -> dict[str, Any]:
    """Merge story ``gone_id`` into story ``keep_id`` (ids or unique prefixes): its articles move, its
    record stays, marked ``merged_into``, with the merge in both stories' history; then ``rewrite``
    (``pipeline.write_briefs``) rewrites the kept story's brief."""
    with store.writing():
        keep, gone = _live(store, keep_id), _live(store, gone_id)
        if keep.id == gone.id:
            raise InputError(keep.id, "a story cannot be merged with itself", "name two different stories")
        absorbed = store.story_article_ids(gone.id)
        who, at = _who(by), _now()
        record = {"event": "merge", "at": at, "by": who, "kept": keep.id, "absorbed": gone.id,
                  "absorbed_size": len(absorbed), "manual": True}
        clusterer = _clusterer(store, settings)
        with store.transaction():
            clusterer = _apply_merge(store, clusterer, keep, gone, record)
            number = store.add_story_edit("merge", keep.id, gone.id, absorbed, who, at)
            if clusterer is not None:
                store.put_cluster_rows(clusterer.row_changes())
        if rewrite is not None:
            rewrite(store, settings, [keep.id])
        return {"edit": number, "kind": "merge", "story": keep.id, "absorbed": gone.id,
                "size": len(store.story_article_ids(keep.id)), "by": who, "at": at}


def _apply_merge(store: Store, clusterer: StoryClusterer | None, keep: Story, gone: Story,
                 record: dict[str, Any]) -> StoryClusterer | None:
    """The merge in the clusterer and the store; returns the clusterer to save (None when it does not hold
    both stories: the store's records are all there is)."""
    if clusterer is not None:
        try:
            clusterer.join(keep.id, gone.id, record)
        except NotFoundError:
            clusterer = None
    store.move_story(gone.id, keep.id)
    _put(store, clusterer, keep, record)
    _put(store, clusterer, gone, record, merged_into=keep.id)
    return clusterer


def replay_edits(store: Store, settings: Settings, clusterer: StoryClusterer) -> set[str]:
    """Apply every recorded edit again, in order, after a clustering from scratch; returns the live stories
    that changed. A split moves those of its articles that are still together to the same story id as
    before; a merge joins the stories that now hold the two stories' articles. An edit that no longer
    applies (its articles are already apart, or together) is skipped. The caller holds the transaction."""
    changed: set[str] = set()
    for e in store.story_edits():
        record = {"event": e["kind"], "at": e["at"], "by": e["by"], "replayed": True}
        if e["kind"] == "split":
            holder = store.story_of(e["articles"][0]) if e["articles"] else None
            if holder is None or _held(clusterer, e["other_id"]):
                continue
            moved = [a for a in e["articles"] if store.story_of(a) == holder]
            kept = [i for i in store.story_article_ids(holder) if i not in set(moved)]
            if not kept:
                continue
            record.update({"from": holder, "into": e["other_id"], "articles": moved})
            _apply_split(store, settings, clusterer, store.get_story(holder), kept, moved, e["other_id"], record)
            changed |= {holder, e["other_id"]}
        elif e["kind"] == "merge":
            absorbed = set(e["articles"])
            before = [a for a in store.get_story(e["story_id"]).article_ids if a not in absorbed]
            keep = store.story_of(before[0]) if before else None
            gone = store.story_of(e["articles"][0]) if e["articles"] else None
            if keep is None or gone is None or keep == gone:
                continue
            record.update({"kept": keep, "absorbed": gone, "absorbed_size": len(store.story_article_ids(gone)),
                           "manual": True})
            _apply_merge(store, clusterer, store.get_story(keep), store.get_story(gone), record)
            changed.discard(gone)
            changed.add(keep)
    return changed


def _held(clusterer: StoryClusterer, story_id: str) -> bool:
    try:
        clusterer.story(story_id)
    except NotFoundError:
        return False
    return True
