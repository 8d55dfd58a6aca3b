"""The online clusterer's state as rows (issue 19): one row per story, per posting list and per term count.

A clusterer opened over rows (:func:`open_rows`) reads a story's row the first time it touches the story
(a candidate of a new article, a story it joins or merges), a posting list the first time an article
queries it and a term's document count the first time its IDF is needed; :func:`row_changes` gives back
only the rows that differ from what was read. So an update reads and writes what its articles reach, not
the whole state. The clusterer's code is unchanged: the columns below are lists, arrays and dicts that
fetch what is missing. The ANN index stays one blob (usearch's own format), written when it changed.

The rows come from a :class:`RowSource` (the store implements it); this module speaks no SQL.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from ..errors import InputError
from .cluster_columns import DIM, Rows, Stories

if TYPE_CHECKING:
    from .cluster import StoryClusterer

ROWS_FORMAT = "storydesk-clusterer-rows"
ROWS_VERSION = 1
_ARRAYS = (("term_ids", np.int64), ("term_w", np.float32), ("ent_ids", np.int64), ("ent_w", np.float32))
_PLAIN = ("size", "first", "last", "term_norm", "ent_norm", "has_emb", "ann_entries", "title", "title_score",
          "members", "outlets", "history", "apart")
_MISSING = object()


class RowSource(Protocol):
    """Where a clusterer's rows are kept (:class:`storydesk.store.Store` is one)."""

    def cluster_story_rows(self, ordinals: list[int]) -> dict[int, tuple[str, int, bytes]]:
        """ordinal -> (story id, parent ordinal, row) of the stories asked for that exist."""
        ...

    def cluster_parents(self, ordinals: list[int]) -> dict[int, int]: ...

    def cluster_ordinal(self, story_id: str) -> int | None: ...

    def cluster_postings(self, keys: list[int]) -> dict[int, bytes]: ...

    def cluster_counts(self, terms: list[int]) -> dict[int, int]: ...

    def cluster_posting_keys(self) -> list[int]: ...


@dataclass
class RowChanges:
    """What one save writes: the meta document, the ANN index when it changed, and the changed rows."""

    meta: bytes
    ann: bytes | None
    stories: list[tuple[int, str, int, bytes]] = field(default_factory=list)  # (ordinal, id, parent, row)
    parents: list[tuple[int, int]] = field(default_factory=list)  # (ordinal, parent) of rows read for parent only
    postings: list[tuple[int, bytes]] = field(default_factory=list)
    counts: list[tuple[int, int]] = field(default_factory=list)


# -- a story's row --------------------------------------------------------------------------------

def encode_story(s: Stories, emb_sum: Rows, title_vec: Rows, k: int) -> bytes:
    """Story ``k``'s columns as bytes: a JSON header, its four sparse arrays, the embedding sum (float32)
    and the title vector (float16, as the whole-state format keeps it)."""
    arrays = [np.asarray(getattr(s, name)[k], dtype=dtype) for name, dtype in _ARRAYS]
    head = {name: getattr(s, name)[k] for name in _PLAIN}
    head["lens"] = [len(a) for a in arrays]
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"), default=_scalar).encode("utf-8")
    parts = [struct.pack("<I", len(text)), text, *(a.tobytes() for a in arrays),
             emb_sum.row(k).astype(np.float32).tobytes(), title_vec.row(k).astype(np.float16).tobytes()]
    return b"".join(parts)


def decode_story(row: bytes) -> tuple[dict[str, Any], np.ndarray, np.ndarray]:
    """The columns of one :func:`encode_story` row, its embedding sum and its title vector."""
    (n,) = struct.unpack_from("<I", row)
    head = json.loads(row[4:4 + n].decode("utf-8"))
    at = 4 + n
    out: dict[str, Any] = {name: head[name] for name in _PLAIN}
    for (name, dtype), length in zip(_ARRAYS, head["lens"], strict=True):
        size = np.dtype(dtype).itemsize * length
        out[name] = np.frombuffer(row, dtype=dtype, count=length, offset=at).copy()
        at += size
    emb = np.frombuffer(row, dtype=np.float32, count=DIM, offset=at).copy()
    title = np.frombuffer(row, dtype=np.float16, count=DIM, offset=at + 4 * DIM).astype(np.float32)
    return out, emb, title


def _scalar(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON data")


# -- the columns that fetch what is missing -------------------------------------------------------

def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class RowLoader:
    """The rows of one clusterer: which it has read from its source (all, without one), which it touched
    since the last save (only those are compared then), and a digest of each row as saved or read."""

    def __init__(self, source: RowSource | None, n: int) -> None:
        self.source = source
        self.heavy = np.full(n, source is None, dtype=bool)  # story rows present
        self.light = np.full(n, source is None, dtype=bool)  # parents present
        self.touched: set[int] = set()  # story rows used since the last save
        self.touched_parent: set[int] = set()
        self.saved: dict[int, bytes] = {}  # ordinal -> digest of its row as saved or read
        self.saved_parent: dict[int, int] = {}
        self.c: StoryClusterer | None = None

    def grow(self, n: int) -> None:
        if n > len(self.heavy):
            extra = max(n, 2 * len(self.heavy), 64) - len(self.heavy)
            self.heavy = np.concatenate([self.heavy, np.ones(extra, dtype=bool)])
            self.light = np.concatenate([self.light, np.ones(extra, dtype=bool)])

    def need_rows(self, ordinals: Iterable[int]) -> None:
        if self.source is None:
            return
        want = sorted({k for k in ordinals if 0 <= k < len(self.heavy) and not self.heavy[k]})
        if not want:
            return
        assert self.c is not None
        s, c = self.c.s, self.c
        rows = self.source.cluster_story_rows(want)
        for k in want:
            if k not in rows:
                raise InputError("cluster state", f"corrupt: story row {k} is missing")
            sid, parent, row = rows[k]
            cols, emb, title = decode_story(row)
            list.__setitem__(s.ids, k, sid)
            dict.__setitem__(c._by_id, sid, k)
            if not self.light[k]:
                list.__setitem__(s.parent, k, parent)
                self.light[k] = True
            self.saved_parent[k] = parent
            for name, value in cols.items():
                list.__setitem__(getattr(s, name), k, value)
            Rows.row(c.emb_sum, k)[:] = emb  # the plain row: this is the load itself
            Rows.row(c.title_vec, k)[:] = title
            self.heavy[k] = True
            self.saved[k] = _digest(row)

    def need_parents(self, ordinals: Iterable[int]) -> None:
        if self.source is None:
            return
        want = sorted({k for k in ordinals if 0 <= k < len(self.light) and not self.light[k]})
        if not want:
            return
        assert self.c is not None
        got = self.source.cluster_parents(want)
        for k in want:
            if k not in got:
                raise InputError("cluster state", f"corrupt: story row {k} is missing")
            list.__setitem__(self.c.s.parent, k, got[k])
            self.light[k] = True
            self.saved_parent[k] = got[k]


class LazyColumn(list[Any]):
    """A story column: an unread row is fetched (the whole story row, or the parent alone for the parent
    column) on first access, and every row used is marked touched."""

    def __init__(self, values: list[Any], loader: RowLoader, parent: bool = False) -> None:
        super().__init__(values)
        self.loader = loader
        self.parent_only = parent

    def _index(self, k: int) -> int:
        return k if k >= 0 else len(self) + k

    def __getitem__(self, k: Any) -> Any:
        value = list.__getitem__(self, k)
        k = self._index(k)
        if self.parent_only:
            if value is _MISSING:
                self.loader.need_parents([k])
                value = list.__getitem__(self, k)
            self.loader.touched_parent.add(k)
        else:
            if value is _MISSING:
                self.loader.need_rows([k])
                value = list.__getitem__(self, k)
            self.loader.touched.add(k)
        return value

    def __setitem__(self, k: Any, value: Any) -> None:
        k = self._index(k)
        if self.parent_only:
            self.loader.need_parents([k])
            self.loader.touched_parent.add(k)
        else:
            self.loader.need_rows([k])
            self.loader.touched.add(k)
        list.__setitem__(self, k, value)

    def __iter__(self) -> Iterator[Any]:
        n = len(self)
        (self.loader.need_parents if self.parent_only else self.loader.need_rows)(range(n))
        return list.__iter__(self)

    def append(self, value: Any) -> None:
        list.append(self, value)
        self.loader.grow(len(self))
        (self.loader.touched_parent if self.parent_only else self.loader.touched).add(len(self) - 1)


class LazyRows(Rows):
    """Embedding rows of which unread stories' rows are fetched on first access."""

    def __init__(self, dim: int, loader: RowLoader) -> None:
        super().__init__(dim)
        self.loader = loader

    @classmethod
    def of(cls, rows: Rows, loader: RowLoader) -> LazyRows:
        out = cls(rows.dim, loader)
        out.blocks = rows.blocks
        return out

    def row(self, i: int) -> np.ndarray:
        self.loader.need_rows([i])
        self.loader.touched.add(i)
        return super().row(i)

    def take(self, idx: list[int]) -> np.ndarray:
        self.loader.need_rows(idx)
        return super().take(idx)

    def dump(self, n: int) -> np.ndarray:
        self.loader.need_rows(range(n))
        return super().dump(n)


class LazyIds(dict[str, int]):
    """Story id -> ordinal, asked of the source for ids not seen yet."""

    def __init__(self, values: dict[str, int], source: RowSource | None) -> None:
        super().__init__(values)
        self.source = source

    def __missing__(self, story_id: str) -> int:
        k = self.source.cluster_ordinal(story_id) if self.source is not None else None
        if k is None:
            raise KeyError(story_id)
        self[story_id] = k
        return k

    def __contains__(self, story_id: object) -> bool:
        if dict.__contains__(self, story_id):
            return True
        return (self.source is not None and isinstance(story_id, str)
                and self.source.cluster_ordinal(story_id) is not None)


class LazyPostings(dict[int, list[int]]):
    """Posting lists (term or entity -> stories that used it lately), fetched per key on first use; the
    keys used since the last save are marked touched."""

    def __init__(self, values: dict[int, list[int]], source: RowSource | None) -> None:
        super().__init__(values)
        self.source = source
        self.asked: set[int] = set()
        self.touched: set[int] = set(values)
        self.saved: dict[int, bytes] = {}

    def prefetch(self, keys: Iterable[int]) -> None:
        if self.source is None:
            return
        want = [k for k in set(keys) if k not in self.asked]
        if not want:
            return
        self.asked.update(want)
        for key, blob in self.source.cluster_postings(want).items():
            dict.__setitem__(self, key, np.frombuffer(blob, dtype=np.int64).tolist())
            self.saved[key] = _digest(blob)

    def get(self, key: int, default: Any = None) -> Any:  # type: ignore[override]
        self.prefetch([key])
        self.touched.add(key)
        return dict.get(self, key, default)

    def __setitem__(self, key: int, value: list[int]) -> None:
        self.asked.add(key)
        self.touched.add(key)
        dict.__setitem__(self, key, value)

    def full(self) -> dict[int, list[int]]:
        """Every posting list (a source's all read first: for the whole-state format)."""
        if self.source is not None:
            self.prefetch(self.source.cluster_posting_keys())
        return dict(self)


class LazyCounts:
    """The document count of each hashed term, fetched per term on first use (what ``_idf`` reads)."""

    def __init__(self, size: int, source: RowSource | None) -> None:
        self.values = np.zeros(size, dtype=np.int32)
        self.known = np.zeros(size, dtype=bool) if source is not None else None
        self.source = source
        self.changed: set[int] = set()

    def __len__(self) -> int:
        return len(self.values)

    def _need(self, ids: Any) -> None:
        if self.known is None or self.source is None:
            return
        ids = np.asarray(ids)
        missing = np.unique(ids[~self.known[ids]])
        if len(missing):
            got = self.source.cluster_counts(missing.tolist())
            if got:
                keys = np.fromiter(got.keys(), dtype=np.int64, count=len(got))
                self.values[keys] = np.fromiter(got.values(), dtype=np.int32, count=len(got))
            self.known[missing] = True

    def __getitem__(self, ids: Any) -> Any:
        self._need(ids)
        return self.values[ids]

    def __setitem__(self, ids: Any, value: Any) -> None:
        self._need(ids)
        self.values[ids] = value
        self.changed.update(np.atleast_1d(np.asarray(ids)).tolist())

    def dense(self) -> np.ndarray:
        """Every count (a source's all read first: for the whole-state format)."""
        if self.known is not None and not self.known.all():
            self._need(np.flatnonzero(~self.known))
        return self.values


def lazy_parts(stories: Stories | None, n: int, source: RowSource | None, by_id: dict[str, int] | None = None,
               postings: dict[int, list[int]] | None = None) -> tuple[RowLoader, Stories, LazyIds, LazyPostings]:
    """The loader, columns, id index and postings of a clusterer: over ``stories`` held in memory (no
    source), or over ``n`` stories of a source, none read yet."""
    loader = RowLoader(source, n)
    names = ["ids", "parent", *_PLAIN, *(a for a, _ in _ARRAYS)]
    if stories is None:
        columns = {name: LazyColumn([_MISSING] * n, loader, parent=name == "parent") for name in names}
    else:
        columns = {name: LazyColumn(list(getattr(stories, name)), loader, parent=name == "parent")
                   for name in names}
        loader.touched.update(range(n))
        loader.touched_parent.update(range(n))
    return loader, Stories(**columns), LazyIds(by_id or {}, source), LazyPostings(postings or {}, source)


# -- opening and saving ---------------------------------------------------------------------------

def is_rows_meta(data: bytes) -> bool:
    """Whether a saved state is the meta document of the row format (else the whole-state ``.npz``)."""
    return data[:1] == b"{"


def meta_of(c: StoryClusterer) -> bytes:
    return json.dumps({"format": ROWS_FORMAT, "version": ROWS_VERSION, "config": asdict(c.config),
                       "n_docs": c.n_docs, "clock": c.clock, "stories": len(c.s.ids)},
                      default=_scalar).encode("utf-8")


def read_meta(data: bytes) -> dict[str, Any]:
    """The meta document of the row format, after checking format and version."""
    try:
        meta = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError("cluster state", f"corrupt: {exc}") from exc
    if not isinstance(meta, dict) or meta.get("format") != ROWS_FORMAT:
        raise InputError("cluster state", "not a storydesk clusterer state (no format mark)")
    if meta.get("version") != ROWS_VERSION:
        raise InputError("cluster state", f"unknown state version {meta.get('version')!r}",
                         f"this storydesk reads version {ROWS_VERSION}")
    return meta


def row_changes(c: StoryClusterer) -> RowChanges:
    """The rows touched since the last save that differ from what was saved or read (every row of a
    clusterer never saved), and marks them saved: the next save writes only what changed after this one."""
    loader = c._rows
    s = c.s
    n = len(s.ids)
    ann = None
    if c.ann_changed:
        ann = bytes(c.ann.save()) if len(c.ann) else b""
        c.ann_changed = False
    out = RowChanges(meta=meta_of(c), ann=ann)
    for k in sorted(loader.touched):
        if k >= n or not loader.heavy[k]:
            continue
        row = encode_story(s, c.emb_sum, c.title_vec, k)
        digest = _digest(row)
        parent = int(list.__getitem__(s.parent, k))
        if loader.saved.get(k) != digest or loader.saved_parent.get(k) != parent:
            out.stories.append((k, list.__getitem__(s.ids, k), parent, row))
            loader.saved[k], loader.saved_parent[k] = digest, parent
    for k in sorted(loader.touched_parent - loader.touched):
        if k >= n or not loader.light[k]:
            continue
        parent = int(list.__getitem__(s.parent, k))
        if loader.saved_parent.get(k) != parent:  # a row never saved was touched whole when it was made
            out.parents.append((k, parent))
            loader.saved_parent[k] = parent
    loader.touched.clear()
    loader.touched_parent.clear()
    postings = c.postings
    for key in sorted(postings.touched):
        plist = dict.get(postings, key)
        if plist is None:
            continue
        blob = np.asarray(plist, dtype=np.int64).tobytes()
        digest = _digest(blob)
        if postings.saved.get(key) != digest:
            out.postings.append((int(key), blob))
            postings.saved[key] = digest
    postings.touched.clear()
    df = c.df
    out.counts = [(int(t), int(df.values[t])) for t in sorted(df.changed)]
    df.changed.clear()
    return out
