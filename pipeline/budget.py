"""Holding one article's reading to its budget (pipeline/settings.py), in whichever engine.

The shapes known to be costly are defused before the model sees the text
(pipeline/text.py); this is the backstop for the ones nobody has thought of yet. A watchdog
thread, one per process, samples the CPU time of each thread reading an article and the memory
of its process, and when either passes the budget it raises OverBudget in that thread, which
the reading turns into the article's rejection. It works the same in the build's own process,
in `--jobs` workers and in a Dask worker's task thread, because it needs neither signals (main
thread only) nor a process per article. The exception arrives between two Python steps, so a single
native call (one spaCy component over one document) finishes first; that part of the cost is
bounded by the text's shape instead.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from . import settings

_POLL_S = 0.05
_RESEND_S = 0.5
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class OverBudget(BaseException):  # noqa: N818 - not an error of the code: a verdict on the text
    """An article's reading went past its CPU or memory budget.

    A BaseException, like KeyboardInterrupt, so no `except Exception` on the way swallows it.
    """


def _resident_bytes() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def _thread_clock(ident: int):
    """A function giving the CPU seconds of thread `ident`, or None where the system has none."""
    try:
        clock = time.pthread_getcpuclockid(ident)
        time.clock_gettime(clock)
    except (AttributeError, OSError):
        return None
    return lambda: time.clock_gettime(clock)


@dataclass(eq=False)
class _Block:
    """One guarded block, as the watcher sees it."""

    ident: int
    clock: Callable[[], float]
    began: float
    resident: int
    cpu_seconds: float
    memory_mb: float
    verdict: str | None = None
    sent: float = 0.0  # when the stop was last sent (monotonic seconds)


# One watcher thread per process watches every open block. A thread started and joined per
# article cost each article a wait for the scheduler to run it (on a busy machine the build's
# wall time doubled on short articles) and CPU besides; between blocks this one sleeps until
# the next opens.
_lock = threading.Lock()
_blocks: set[_Block] = set()
_opened = threading.Event()
_watcher: threading.Thread | None = None


def _forget_watcher() -> None:
    """A forked child has no watcher thread (and may hold a lock copied mid-use): start over."""
    global _lock, _blocks, _opened, _watcher
    _lock, _blocks, _opened, _watcher = threading.Lock(), set(), threading.Event(), None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_watcher)


def _over(block: _Block, resident: int) -> str | None:
    try:
        used = block.clock() - block.began
    except OSError:  # the thread is gone: its block is closing
        return None
    grown = (resident - block.resident) / 2**20 if block.resident and resident else 0.0
    if used > block.cpu_seconds:
        return f"more than {block.cpu_seconds:g} s of CPU"
    if grown > block.memory_mb:
        return f"more than {block.memory_mb:g} MB of memory"
    return None


def _watch() -> None:
    while True:
        with _lock:
            open_now = list(_blocks)
            if not open_now:
                _opened.clear()
        if not open_now:
            _opened.wait()
            continue
        time.sleep(_POLL_S)
        resident, now = _resident_bytes(), time.monotonic()
        for block in open_now:
            if block.verdict is None:
                block.verdict = _over(block, resident)
                if block.verdict is None:
                    continue
            elif now - block.sent < _RESEND_S:
                continue
            # Sent again until the block ends: code on the way that swallows every exception
            # (a library's bare `except BaseException`) must not leave the article running.
            with _lock:
                if block in _blocks:
                    block.sent = now
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(
                        ctypes.c_ulong(block.ident), ctypes.py_object(OverBudget)
                    )


def _open(block: _Block) -> None:
    global _watcher
    with _lock:
        _blocks.add(block)
        if _watcher is None:
            _watcher = threading.Thread(target=_watch, name="article-budget", daemon=True)
            _watcher.start()
        _opened.set()


def _close(block: _Block) -> None:
    with _lock:
        _blocks.discard(block)


@contextlib.contextmanager
def guard(cpu_seconds: float | None = None, memory_mb: float | None = None) -> Iterator[None]:
    """Raise OverBudget in this thread once the block has used `cpu_seconds` of its CPU time
    or grown the process by `memory_mb` (by default the budget in pipeline/settings.py)."""
    cpu_seconds = settings.ARTICLE_CPU_SECONDS if cpu_seconds is None else cpu_seconds
    memory_mb = settings.ARTICLE_MEMORY_MB if memory_mb is None else memory_mb
    ident = threading.get_ident()
    clock = _thread_clock(ident)
    if clock is None:
        yield
        return
    block = _Block(ident, clock, clock(), _resident_bytes(), cpu_seconds, memory_mb)
    _open(block)
    try:
        yield
    except OverBudget:
        raise OverBudget(
            f"over the cost budget: {block.verdict or 'stopped'} for one article"
        ) from None
    finally:
        _close(block)
