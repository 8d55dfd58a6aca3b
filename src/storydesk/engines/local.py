"""The local engine: stages as generators over batches, enrichment optionally in a process pool."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def map_batches(fn: Callable[[list[T]], R], batches: Iterable[list[T]], *, workers: int = 1) -> Iterator[R]:
    """Apply ``fn`` to each batch, in order; with workers > 1 in worker processes (models load once each)."""
    if workers <= 1:
        for batch in batches:
            yield fn(batch)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(fn, batches)
