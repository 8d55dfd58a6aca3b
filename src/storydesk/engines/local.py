"""The local engine: stages as generators over batches, enrichment optionally in a process pool."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity where the OS has one, else the CPU count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def worker_count(setting: int) -> int:
    """Workers from the ``workers`` setting: 0 (or below) follows the usable cores; N is at most N of them."""
    cores = usable_cores()
    return cores if setting <= 0 else min(setting, cores)


def map_batches(fn: Callable[[list[T]], R], batches: Iterable[list[T]], *, workers: int = 1) -> Iterator[R]:
    """Apply ``fn`` to each batch, in order; with workers > 1 in worker processes (models load once each).

    At most two batches a worker are in flight, so a long input is read as the workers need it, not all
    at once (``Executor.map`` would submit every batch up front)."""
    if workers <= 1:
        for batch in batches:
            yield fn(batch)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque[Future[R]] = deque()
        for batch in batches:
            pending.append(pool.submit(fn, batch))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
