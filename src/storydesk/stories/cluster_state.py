"""The online clusterer's saved state: numpy arrays and one JSON document in an ``.npz`` archive.

Read back with ``allow_pickle=False``; the ANN index travels in usearch's own format. Foreign,
older (pickled) or corrupt bytes raise :class:`~storydesk.errors.InputError` saying so.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import numpy as np

from ..errors import InputError
from .cluster_columns import Rows, Stories, usearch_index

STATE_FORMAT = "storydesk-clusterer"
STATE_VERSION = 2  # 1 was a pickle; 2 is arrays and JSON in an .npz archive
_ARRAY_COLUMNS = {"term_ids": np.int64, "term_w": np.float32, "ent_ids": np.int64, "ent_w": np.float32}
_PLAIN_COLUMNS = ("ids", "parent", "size", "first", "last", "term_norm", "ent_norm", "has_emb", "ann_entries",
                  "title", "title_score", "members", "outlets", "history", "apart")


def _json_scalar(value: Any) -> Any:
    """numpy scalars in the state's JSON as plain numbers."""
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON data")


def write_state(*, config: dict[str, Any], n_docs: int, clock: float | None, stories: Stories, df: np.ndarray,
                emb_sum: Rows, title_vec: Rows, postings: dict[int, list[int]], ann: Any) -> bytes:
    """The clusterer's parts as ``.npz`` bytes (what :func:`read_state` and :func:`restore_parts` read)."""
    n = len(stories.ids)
    nz = np.flatnonzero(df)
    plain = {name: getattr(stories, name) for name in _PLAIN_COLUMNS}
    meta = {"format": STATE_FORMAT, "version": STATE_VERSION, "config": config,
            "n_docs": n_docs, "clock": clock, "stories": plain}
    arrays: dict[str, np.ndarray] = {
        "meta": np.frombuffer(json.dumps(meta, default=_json_scalar).encode("utf-8"), dtype=np.uint8),
        "df_idx": nz.astype(np.int32), "df_val": df[nz],
        "emb_sum": emb_sum.dump(n), "title_vec": title_vec.dump(n).astype(np.float16),
        "postings_keys": np.fromiter(postings, dtype=np.int64, count=len(postings)),
        "postings_lens": np.array([len(v) for v in postings.values()], dtype=np.int64),
        "postings_vals": np.array([k for v in postings.values() for k in v], dtype=np.int64),
        "ann": np.frombuffer(bytes(ann.save()) if len(ann) else b"", dtype=np.uint8),
    }
    for name, dtype in _ARRAY_COLUMNS.items():
        column = getattr(stories, name)
        arrays[f"{name}_lens"] = np.array([len(v) for v in column], dtype=np.int64)
        arrays[f"{name}_vals"] = np.concatenate(column).astype(dtype) if column else np.zeros(0, dtype)
    out = io.BytesIO()
    np.savez(out, allow_pickle=False, **arrays)
    return out.getvalue()


def read_state(data: bytes) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The JSON document and the arrays of :func:`write_state` bytes, after checking format and version."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            arrays = {k: archive[k] for k in archive.files}
        meta = json.loads(bytes(arrays["meta"]).decode("utf-8"))
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        raise InputError("cluster state", f"not a storydesk clusterer state ({type(exc).__name__}: {exc})",
                         "an older (pickled) state or a foreign file: cluster again from the articles") from exc
    if not isinstance(meta, dict) or meta.get("format") != STATE_FORMAT:
        raise InputError("cluster state", "not a storydesk clusterer state (no format mark)")
    if meta.get("version") != STATE_VERSION:
        raise InputError("cluster state", f"unknown state version {meta.get('version')!r}",
                         f"this storydesk reads version {STATE_VERSION}")
    return meta, arrays


def restore_parts(meta: dict[str, Any], arrays: dict[str, np.ndarray]
                  ) -> tuple[Stories, Rows, Rows, dict[int, list[int]], Any]:
    """The story columns, embedding rows, postings and ANN index (None when empty) of a read state.

    Malformed parts raise KeyError, ValueError, TypeError or IndexError (the caller says "corrupt").
    """
    stored = meta["stories"]
    stored.setdefault("apart", [[] for _ in stored["ids"]])  # a state from before split and merge
    columns: dict[str, Any] = {name: stored[name] for name in _PLAIN_COLUMNS}
    for name in _ARRAY_COLUMNS:
        bounds = np.cumsum(arrays[f"{name}_lens"])[:-1]
        columns[name] = list(np.split(arrays[f"{name}_vals"], bounds)) if len(arrays[f"{name}_lens"]) else []
    stories = Stories(**columns)
    n = len(stories.ids)
    if any(len(v) != n for v in vars(stories).values()):
        raise ValueError("story columns of different lengths")
    emb_sum = Rows.load(arrays["emb_sum"])
    title_vec = Rows.load(arrays["title_vec"].astype(np.float32))
    vals = arrays["postings_vals"].tolist()
    starts = np.concatenate([[0], np.cumsum(arrays["postings_lens"])]).tolist()
    postings = {int(key): vals[starts[i]:starts[i + 1]] for i, key in enumerate(arrays["postings_keys"].tolist())}
    ann = usearch_index().restore(arrays["ann"].tobytes(), view=False) if len(arrays["ann"]) else None
    return stories, emb_sum, title_vec, postings, ann
