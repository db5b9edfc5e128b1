"""Where the table goes: what the build may overwrite, how it swaps the new table in, and the
leftovers a killed build leaves beside it.

A build is run by hand with a path typed on the command line, so a slip (`-o data` instead
of `-o data/events.parquet`, or `-o` naming the articles folder) must cost the user nothing:
the only folder a build replaces is one that holds a table it wrote. The old table stays
readable at its address at every instant, because the dashboard may open it mid-build.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import re
import shutil
import time
import uuid
from pathlib import Path

LEFTOVER_AGE_S = 24 * 3600  # a writer on another host of a shared disk cannot be asked if alive
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?:partial|building|old)-(?P<pid>\d+)-[0-9a-f]{8}$")
_PARTITION = re.compile(r"^month=[^/]+$")
_RENAME_EXCHANGE = 2  # linux/fs.h


class OutputRefused(ValueError):
    """The output names something a build must not overwrite; the message says what and why."""


def sibling(target: Path, kind: str) -> Path:
    """A hidden name beside `target` for a table being written (`partial`, `building`) or one
    being retired (`old`), carrying this process's id so the next build can tell a leftover
    from a build still running."""
    return target.with_name(f".{target.name}.{kind}-{os.getpid()}-{uuid.uuid4().hex[:8]}")


def is_table_folder(folder: Path) -> bool:
    """A folder a build wrote: nothing but month partitions of Parquet files. An empty one
    (a corpus without events) holds nothing to lose."""
    return all(
        entry.is_dir()
        and _PARTITION.match(entry.name)
        and all(f.is_file() and f.suffix == ".parquet" for f in entry.iterdir())
        for entry in folder.iterdir()
    )


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check(output: str | Path, sources: list[str | Path], report: str | Path | None = None) -> None:
    """Raise OutputRefused when writing the table at `output` would destroy something the
    build did not make: a folder of the user's, a source, or a file inside a source folder
    (the next build would read the table as an article); the same for the `report` file."""
    target = Path(output).resolve()
    for source in sources:
        origin = Path(source).resolve()
        if target == origin:
            raise OutputRefused(f"refused: the output {output} is a source of this build")
        if origin.is_dir() and _inside(target, origin):
            raise OutputRefused(
                f"refused: the output {output} is inside the source folder {source}"
            )
        if _inside(origin, target):
            raise OutputRefused(f"refused: the source {source} is inside the output {output}")
    if report is not None:
        written = Path(report).resolve()
        if written == target:
            raise OutputRefused(f"refused: the report {report} would be the table {output}")
        for source in sources:
            origin = Path(source).resolve()
            if written == origin or (origin.is_dir() and _inside(written, origin)):
                raise OutputRefused(
                    f"refused: the report {report} would overwrite or join the source {source}"
                )
        if written.is_dir():
            raise OutputRefused(f"refused: the report {report} is a folder")
    if target.is_dir() and not is_table_folder(target):
        raise OutputRefused(
            f"refused: the output {output} is an existing folder that holds no table "
            "this build wrote; name a file such as events.parquet, or remove the folder"
        )


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return False
    at_cwd = -100
    done = renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def replace(built: Path, target: Path) -> None:
    """Put a finished table (file or folder) at `target`, atomically: a reader sees the old
    table or the new one, never neither. A file over a file is one rename; otherwise the two
    are exchanged in one step and the old one, now at `built`, is removed."""
    built, target = Path(built), Path(target)
    if target.is_dir() and not target.is_symlink() and not is_table_folder(target):
        raise OutputRefused(f"refused: {target} is a folder that holds no table this build wrote")
    if not target.exists() or (built.is_file() and target.is_file()):
        os.replace(built, target)
        return
    if _exchange(built, target):
        _remove(built)
        return
    old = sibling(target, "old")  # no exchange here: the shortest window there can be
    os.replace(target, old)
    os.replace(built, target)
    _remove(old)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(target: str | Path) -> list[Path]:
    """Remove what killed builds left beside `target` (half-written tables, retired ones):
    those whose writer is no longer running here, or that are older than a day."""
    target = Path(target)
    removed: list[Path] = []
    try:
        entries = list(target.parent.iterdir())
    except OSError:  # no folder there yet, or one this user cannot list: nothing of ours
        return removed
    for entry in entries:
        found = _LEFTOVER.match(entry.name)
        if not found or found["name"] != target.name:
            continue
        pid = int(found["pid"])
        try:
            old = time.time() - entry.lstat().st_mtime > LEFTOVER_AGE_S
        except OSError:
            continue
        if old or (pid != os.getpid() and not _alive(pid)):
            _remove(entry)
            removed.append(entry)
    return removed


_CAUSES = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOTDIR: "a folder on the way to it is a file",
    errno.EEXIST: "a folder on the way to it is a file",
}


def failure_line(target: str | Path, err: OSError) -> str:
    """One line for a write the system refused: what, where, why, and what the user still has."""
    cause = _CAUSES.get(err.errno or 0) or err.strerror or str(err)
    where = err.filename or target
    kept = (
        f"the previous table at {target} is intact"
        if Path(target).exists()
        else f"nothing was written at {target}"
    )
    return f"cannot write {where}: {cause}; {kept}"
