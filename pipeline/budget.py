"""Holding one article's reading to its budget (pipeline/settings.py), in whichever engine.

The shapes known to be costly are defused before the model sees the text
(pipeline/text.py); this is the backstop for the ones nobody has thought of yet. A watchdog
thread samples the CPU time of the thread reading the article and the memory of its process,
and when either passes the budget it raises OverBudget in that thread, which the reading turns
into the article's rejection. It works the same in the build's own process, in `--jobs`
workers and in a Dask worker's task thread, because it needs neither signals (main thread
only) nor a process per article. The exception arrives between two Python steps, so a single
native call (one spaCy component over one document) finishes first; that part of the cost is
bounded by the text's shape instead.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import threading
import time
from collections.abc import Iterator

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
    began, resident = clock(), _resident_bytes()
    done = threading.Event()
    lock = threading.Lock()
    verdict: list[str] = []

    def watch() -> None:
        while not done.wait(_POLL_S):
            used = clock() - began
            grown = (_resident_bytes() - resident) / 2**20 if resident else 0.0
            reason = None
            if used > cpu_seconds:
                reason = f"more than {cpu_seconds:g} s of CPU"
            elif grown > memory_mb:
                reason = f"more than {memory_mb:g} MB of memory"
            if reason:
                break
        else:
            return
        verdict.append(reason)
        # Sent again until the block ends: code on the way that swallows every exception (a
        # library's bare `except BaseException`) must not leave the article running unbounded.
        while True:
            with lock:
                if done.is_set():
                    return
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(ident), ctypes.py_object(OverBudget)
                )
            if done.wait(_RESEND_S):
                return

    watcher = threading.Thread(target=watch, name="article-budget", daemon=True)
    watcher.start()
    try:
        yield
    except OverBudget:
        raise OverBudget(
            f"over the cost budget: {verdict[0] if verdict else 'stopped'} for one article"
        ) from None
    finally:
        with lock:
            done.set()
        watcher.join()
