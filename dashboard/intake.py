"""A reader's own articles: uploaded files, saved pages, web addresses or pasted text, checked,
built and joined to the timeline for this browser session only.

Every input either joins the timeline or comes back with its name and the reason it could
not; one bad file never costs the others. The limits are constants here so the page states
the same numbers it enforces.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from pipeline import articles, fetch, web

from .cards import safe_link
from .prepare import DERIVED_COLUMNS, prepare

if TYPE_CHECKING:
    from pipeline.build import BuildResult

MAX_FILES = 10
MAX_ADDRESSES = 10  # pages fetched in one go: each may take up to the fetch time limit
MAX_FILE_MB = 5  # per file; Streamlit's uploader enforces it too
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
MAX_TEXT_CHARS = articles.MAX_CHARS
UPLOAD_TYPES = tuple(
    s.lstrip(".")
    for s in articles.ARTICLE_SUFFIXES + articles.BATCH_SUFFIXES + articles.PAGE_SUFFIXES
)
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Upload:
    """A file as the browser sent it: its name and its bytes."""

    name: str
    data: bytes


def limits_text() -> str:
    return (
        f"Up to {MAX_FILES} files at a time, {MAX_FILE_MB} MB each (.txt or .md with front "
        "matter, .jsonl, .csv, or a saved web page .html); "
        f"an article's text up to {MAX_TEXT_CHARS:,} characters."
    )


def fetch_limits_text(limits: fetch.Limits | None = None) -> str:
    """What the server will and will not fetch, in the words of the rules it enforces."""
    limits = limits or fetch.Limits.from_environment()
    return f"Up to {MAX_ADDRESSES} addresses at a time, one per line: {limits.describe()}."


def read_addresses(
    text: str, *, limits: fetch.Limits | None = None, progress: Progress | None = None
) -> tuple[pd.DataFrame, list[articles.Rejection]]:
    """Articles fetched from the addresses a reader typed, one per line, each named by its
    address in the report; a refused address comes back with its reason and costs no other.

    Pages are fetched into a temporary folder and read back by pipeline.articles, so a page
    fetched here is read exactly as `python -m pipeline fetch` and `build` would read it.
    """
    lines = list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))
    rejected = [
        articles.Rejection(line, line, f"over the limit of {MAX_ADDRESSES} addresses at a time")
        for line in lines[MAX_ADDRESSES:]
    ]
    lines = lines[:MAX_ADDRESSES]
    if not lines:
        return pd.DataFrame(columns=list(articles.ARTICLE_FIELDS)), rejected
    with tempfile.TemporaryDirectory(prefix="timeline-fetch-") as folder:
        # every line is an address here, never a path on the server
        outcomes = [
            web.Outcome(
                line, "refused", "not a web address: it must start with http:// or https://"
            )
            for line in lines
            if not web.is_address(line) or Path(line).exists()
        ]
        wanted = [line for line in lines if line not in {o.source for o in outcomes}]
        outcomes += web.fetch_articles(
            wanted,
            Path(folder),
            limits=limits or fetch.Limits.from_environment(),
            progress=progress,
        )
        written = {str(o.path): o.source for o in outcomes if o.status == "written"}
        paths: list[str | Path] = sorted(Path(p) for p in written)
        frame, found = articles.read_articles(paths)
    frame["source"] = frame["source"].map(lambda s: written.get(s, s))
    for outcome in outcomes:
        if outcome.status == "refused":
            rejected.append(articles.Rejection(outcome.source, outcome.source, outcome.reason))
        elif outcome.status == "held":
            rejected.append(
                articles.Rejection(
                    outcome.source, outcome.source, "the same article as another address above"
                )
            )
    rejected += [
        articles.Rejection(r.article_id, written.get(r.source, r.source), r.reason) for r in found
    ]
    return frame, rejected


def _safe_name(name: str, used: set[str]) -> str:
    """A file name that cannot leave the temporary folder and keeps its suffix (the reader's choice
    of format)."""
    base = _UNSAFE_NAME.sub("_", Path(name).name).lstrip(".") or "upload"
    candidate, n = base, 1
    while candidate in used:
        stem, suffix = Path(base).stem, Path(base).suffix
        candidate, n = f"{stem}_{n}{suffix}", n + 1
    used.add(candidate)
    return candidate


def read_uploads(uploads: list[Upload]) -> tuple[pd.DataFrame, list[articles.Rejection]]:
    """Article table and rejections for a batch of uploaded files, each named as the reader named
    it.

    Files go through pipeline.articles like files on disk, from a temporary folder removed
    before returning, so the reading rules are the same wherever an article comes from.
    """
    rejected: list[articles.Rejection] = []
    accepted: list[tuple[str, Upload]] = []
    used: set[str] = set()
    for number, upload in enumerate(uploads, start=1):
        if number > MAX_FILES:
            rejected.append(
                articles.Rejection(
                    upload.name,
                    upload.name,
                    f"over the limit of {MAX_FILES} files at a time: upload it separately",
                )
            )
        elif len(upload.data) > MAX_FILE_BYTES:
            rejected.append(
                articles.Rejection(
                    upload.name,
                    upload.name,
                    f"over the size limit: {len(upload.data):,} bytes (limit {MAX_FILE_MB} MB)",
                )
            )
        else:
            accepted.append((_safe_name(upload.name, used), upload))
    if not accepted:
        return pd.DataFrame(columns=list(articles.ARTICLE_FIELDS)), rejected
    with tempfile.TemporaryDirectory(prefix="timeline-upload-") as folder:
        paths: list[str | Path] = []
        for safe, upload in accepted:
            path = Path(folder) / safe
            path.write_bytes(upload.data)
            paths.append(path)
        frame, found = articles.read_articles(paths)
    names = {str(Path(folder) / safe): upload.name for safe, upload in accepted}
    frame["source"] = frame["source"].map(lambda s: _original(s, names))
    rejected += [
        articles.Rejection(r.article_id, _original(r.source, names), r.reason) for r in found
    ]
    return frame, rejected


def _original(source: str, names: dict[str, str]) -> str:
    """The reader's file name in place of the temporary path ('notes.jsonl:3' for a line)."""
    for temporary, original in names.items():
        if source == temporary or source.startswith(temporary + ":"):
            return original + source[len(temporary) :]
    return source


def read_pasted(
    text: str, *, title: str = "", outlet: str = "", url: str = "", published: str = ""
) -> tuple[pd.DataFrame, list[articles.Rejection]]:
    """A pasted article as an article table, or its rejection: screened as a file would be
    (size, language, publication date), plus the address, which a page will link to."""
    title, outlet, url, published = (str(v or "").strip() for v in (title, outlet, url, published))
    if url and safe_link(url) is None:
        reason = "the address must be a web address starting with http:// or https://"
        return pd.DataFrame(columns=list(articles.ARTICLE_FIELDS)), [
            articles.Rejection(title or "pasted text", "pasted text", reason)
        ]
    frame = articles.pasted_article(
        text,
        title=title or None,
        outlet=outlet or None,
        url=url or None,
        published=published or None,
    )
    return articles.screen(frame, [])


def build_articles(
    frame: pd.DataFrame,
    rejected: list[articles.Rejection],
    *,
    model,
    progress: Progress | None = None,
) -> BuildResult:
    """Run the pipeline on the accepted articles; the report lists every input, rejected ones
    included. The pipeline is imported here, not with the page: the page opens without spaCy
    and loads it only when a reader adds an article."""
    from pipeline import build

    return build.build_frame(frame, list(rejected), model=model, progress=progress)


def combine(base: pd.DataFrame, added: list[pd.DataFrame]) -> pd.DataFrame:
    """The loaded table with this session's own events, through the same cross-article stage
    as a build (pipeline/corpus/stage.py): a pasted "Witkoff" is the table's "Steve Witkoff",
    and a pasted report of a happening the table holds joins its row. A repeated event counts
    once (the newer reading)."""
    if not any(len(frame) for frame in added):
        return base
    from pipeline.corpus import stage  # with the parsing modules: only once one is added

    joined = base
    viewed = set(DERIVED_COLUMNS) <= set(base.columns)  # the page's table carries view columns
    for frame in added:
        if len(frame):
            joined = stage.join(joined, frame, finish=prepare if viewed else None)
    return joined


# What a kept article carries: enough to read it again exactly as it was read the first time.
KEPT_FIELDS = ("article_id", "title", "outlet", "url", "published", "timezone", "place", "text")
BUNDLE_NAME = "my-articles.jsonl"


def _kept(frame: pd.DataFrame) -> list[dict]:
    rows = []
    for row in frame.to_dict("records"):
        kept = {}
        for name in KEPT_FIELDS:
            value = row.get(name)
            if value is not None and not (isinstance(value, float) and value != value):
                kept[name] = str(value)
        rows.append(kept)
    return rows


def bundle(frames: list[pd.DataFrame]) -> bytes:
    """The reader's articles as one JSON Lines file, which the upload reads back as it is.

    Kept by the reader, not by the server: the page stores nothing of theirs between visits,
    and Streamlit cannot reach the browser's own storage without a custom component.
    """
    import json

    seen: set[str] = set()
    lines = []
    for frame in frames:
        for row in _kept(frame):
            if row.get("article_id") not in seen:
                seen.add(str(row.get("article_id")))
                lines.append(json.dumps(row, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def _front_value(value: str) -> str:
    """A front-matter value on one line: 'key: value' lines cannot hold a line break."""
    return " ".join(str(value).split())


def save_to_folder(frames: list[pd.DataFrame], folder: str | Path) -> list[Path]:
    """Each article as a text file with front matter in `folder`, read by every later build.

    Named by the article's id (made safe for a file name); an existing file is never
    overwritten, so saving twice keeps one copy and a sample article is never replaced.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    seen: set[str] = set()
    for frame in frames:
        for row in _kept(frame):
            name = (
                _UNSAFE_NAME.sub("_", row.get("article_id") or "article").strip("._") or "article"
            )
            if name in seen:
                continue
            seen.add(name)
            path = target / f"mine_{name}.md"
            if path.exists():
                continue
            meta = [
                f"{key}: {_front_value(row[key])}"
                for key in KEPT_FIELDS
                if key not in ("text", "article_id") and row.get(key)
            ]
            body = "---\n" + "\n".join([f"id: {name}", *meta]) + "\n---\n" + row.get("text", "")
            path.write_text(body if body.endswith("\n") else body + "\n", encoding="utf-8")
            written.append(path)
    return written
