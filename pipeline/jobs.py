"""Reading articles in several worker processes, without losing one when a worker dies.

Parsing dominates a build and each article is read on its own, so articles are shared out
in chunks to worker processes that each load the spaCy model once. Results come back in the
input order, so the table does not depend on how many workers read it. A worker that dies
(a native crash, the kernel's out-of-memory killer) takes down the whole pool; the articles
it was holding are then read again one at a time, so only the article that kills a worker is
rejected, with that reason, and every other article is still read.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from . import actors, build, nlp
from . import cache as cache_step
from . import text as text_step

Progress = Callable[[int, int, str], None]
# Articles per task: one batch of the parse (pipeline/nlp.py), small enough that the last
# tasks still balance two cores.
CHUNK = nlp.BATCH_SIZE
# Articles each worker must have before a pool pays for itself. Forked workers find the model
# already loaded, but starting them and sending results back costs about a second in all,
# the parse of ten or so articles; with fewer than two tasks per worker one core waits.
ARTICLES_PER_WORKER = 2 * CHUNK

# Worker-process state, set once by the initializer.
_MODEL = None
_ALIASES: actors.AliasTable | None = None
_SLOT = -1
_CURRENT = None  # shared array: first input index (+1) of the chunk each worker reads, 0 when idle


def _start_worker(model_name: str, aliases: actors.AliasTable, current, next_slot) -> None:
    """Load the model once per worker and claim a slot in the shared 'reading now' array."""
    global _MODEL, _ALIASES, _SLOT, _CURRENT
    _MODEL = nlp.load(model_name)
    _ALIASES = aliases
    build.warm_up(_MODEL)
    _CURRENT = current
    with next_slot.get_lock():
        _SLOT = next_slot.value
        next_slot.value += 1


def _read_chunk(chunk: list[tuple[int, dict]]) -> list:
    model, aliases, current = _MODEL, _ALIASES, _CURRENT
    if model is None or aliases is None or current is None:
        raise RuntimeError("a worker reads articles only once _start_worker has set it up")
    current[_SLOT] = chunk[0][0] + 1
    texts = (text_step.reading_text(record["text"]) for _, record in chunk)
    results = [
        build.process_article(record, doc, aliases)
        for (_, record), doc in zip(chunk, nlp.parse(model, texts), strict=True)
    ]
    current[_SLOT] = 0
    return results


def crash_result(record: dict, why: str):
    """A rejection for an article whose reading killed its worker process."""
    return build.rejected_reading(record, f"pipeline crash: {why}")


def _context():
    # fork shares the parent's loaded modules and is fast to start; elsewhere the default
    return multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    )


def cores() -> int:
    """The cores this process may run on (a container or `taskset` can give it fewer)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_jobs(articles: int, available: int | None = None) -> int:
    """Worker processes for a build that did not say: every core, once each has at least
    ARTICLES_PER_WORKER articles to read; one process (no pool at all) for smaller corpora."""
    available = cores() if available is None else available
    return max(1, min(available, articles // ARTICLES_PER_WORKER))


def read_parallel(
    records: list[dict],
    aliases: actors.AliasTable,
    *,
    jobs: int,
    model_name: str | None = None,
    progress: Progress | None = None,
    chunk_size: int | None = None,
) -> list:
    """ArticleResults for `records`, in their order, read by `jobs` worker processes."""
    model_name = model_name or nlp.model_name()
    chunk_size = chunk_size or max(1, min(CHUNK, -(-len(records) // jobs)))
    results: list = [None] * len(records)
    done = 0
    pending = [
        list(range(i, min(i + chunk_size, len(records))))
        for i in range(0, len(records), chunk_size)
    ]
    # the longest chunks first: the last ones handed out are then the shortest, and the two
    # cores finish together instead of one reading a long chunk alone (results keep their order)
    pending.sort(key=lambda chunk: -sum(len(records[i].get("text") or "") for i in chunk))
    alone: list[int] = []  # suspects of a crash, read one at a time

    def finish(indices: list[int], found: list) -> None:
        nonlocal done
        for index, result in zip(indices, found, strict=True):
            results[index] = result
            done += 1
            if progress:
                progress(done, len(records), records[index]["article_id"])

    ctx = _context()
    while pending or alone:
        current = ctx.Array("q", jobs, lock=False)
        next_slot = ctx.Value("i", 0)
        isolating = not pending
        workers = 1 if isolating else jobs
        batch = [[alone.pop(0)]] if isolating else pending
        pending = [] if not isolating else pending
        with ProcessPoolExecutor(
            workers,
            mp_context=ctx,
            initializer=_start_worker,
            initargs=(model_name, aliases, current, next_slot),
        ) as pool:
            futures = {
                pool.submit(_read_chunk, [(i, records[i]) for i in chunk]): chunk for chunk in batch
            }
            broken: list[list[int]] = []
            waiting = set(futures)
            while waiting:
                finished, waiting = wait(waiting, return_when=FIRST_COMPLETED)
                for future in finished:
                    try:
                        finish(futures[future], future.result())
                    except BrokenProcessPool:
                        broken.append(futures[future])
            if broken:
                if isolating:
                    index = broken[0][0]
                    finish(
                        [index],
                        [
                            crash_result(
                                records[index], "the worker process reading this article died"
                            )
                        ],
                    )
                    continue
                # chunks being read when the pool broke hold the culprit; queued ones are innocent
                reading = {value - 1 for value in current if value}
                for chunk in broken:
                    if chunk[0] in reading or not reading:
                        alone.extend(chunk)
                    else:
                        pending.append(chunk)
    return results


def read_in_process(
    records: list[dict], aliases: actors.AliasTable, model, progress: Progress | None = None
) -> list:
    """The single-process path: one model.pipe over every article, no pool to start."""
    results = []
    for done, (record, doc) in enumerate(
        zip(
            records,
            nlp.parse(model, (text_step.reading_text(r["text"]) for r in records)),
            strict=True,
        ),
        start=1,
    ):
        results.append(build.process_article(record, doc, aliases))
        if progress:
            progress(done, len(records), record["article_id"])
    return results


def read_all(
    records: list[dict],
    aliases: actors.AliasTable,
    *,
    model,
    jobs: int | None = 1,
    cache_folder=None,
    progress: Progress | None = None,
) -> tuple[list, int, str | None]:
    """Every article's ArticleResult in input order, how many came from `cache_folder`, and
    why readings could not be kept there (None when they were).

    Kept readings are taken first; only the rest are parsed, in this process or in `jobs`
    workers (None: as many as `default_jobs` gives for them), and then kept for the next build.
    """
    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    store = None
    if cache_folder is not None:
        store = cache_step.ResultCache(cache_folder, cache_step.settings_key(model, aliases))
        store.drop_other_settings()
    results: list = [store.get(r) if store else None for r in records]
    reused = sum(r is not None for r in results)
    missing = [i for i, r in enumerate(results) if r is None]
    todo = [records[i] for i in missing]
    if progress:
        kept = [
            record for record, result in zip(records, results, strict=True) if result is not None
        ]
        for done, record in enumerate(kept, start=1):
            progress(done, len(records), record["article_id"])

    def shifted(done: int, total: int, article_id: str) -> None:
        if progress:
            progress(reused + done, len(records), article_id)

    if jobs is None:
        jobs = default_jobs(len(todo))
    if jobs == 1 or len(todo) <= 1:
        fresh = read_in_process(todo, aliases, model, shifted)
    else:
        fresh = read_parallel(
            todo, aliases, jobs=jobs, model_name=model_name_of(model), progress=shifted
        )
    for index, result in zip(missing, fresh, strict=True):
        results[index] = result
        if store:
            store.put(records[index], result)
    return results, reused, store.failure if store else None


def model_name_of(model) -> str:
    """The installed package name workers load the same model by."""
    meta = getattr(model, "meta", {}) or {}
    name = (
        f"{meta.get('lang')}_{meta.get('name')}" if meta.get("lang") and meta.get("name") else None
    )
    return name or nlp.model_name()
