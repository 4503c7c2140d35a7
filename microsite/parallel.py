"""Run one function over many items on every core, with forked workers, returning results in the items' order."""

from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Sequence, TypeVar

Item, Result = TypeVar("Item"), TypeVar("Result")
MIN_ITEMS_PER_WORKER = 100  # below this, starting processes costs more than it saves
CHUNKS_PER_WORKER = 4  # several chunks each, so a worker that drew cheap items takes more

_job: tuple[Callable, Sequence] | None = None  # what forked workers run; set just before the fork


def _run_chunk(chunk: range) -> list:
    function, items = _job
    return [function(items[i]) for i in chunk]


def worker_count(items: int) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, items // MIN_ITEMS_PER_WORKER))


def map_in_order(function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """[function(item) for item in items], spread over forked processes when there are enough items.

    Workers inherit everything loaded so far (no pickling of the site); only results travel back.
    """
    global _job
    workers = worker_count(len(items))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    size = -(-len(items) // (workers * CHUNKS_PER_WORKER))
    chunks = [range(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    _job = (function, items)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_run_chunk, chunks, chunksize=1)
    finally:
        _job = None
    return [result for part in parts for result in part]
