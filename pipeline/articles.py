"""Articles in: files with front matter, JSON Lines and CSV, each checked before any parsing.

Every input either becomes an article row or a rejection with a reason a user can act
on; nothing is dropped silently, because a timeline missing an article looks exactly like
a timeline of a quieter week.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import settings
from . import text as text_step

MAX_CHARS = settings.MAX_CHARS  # pipeline/settings.py says why
MAX_FILE_BYTES = settings.MAX_FILE_BYTES
ARTICLE_SUFFIXES = (".txt", ".md")
BATCH_SUFFIXES = (".jsonl", ".csv")
PAGE_SUFFIXES = (".html", ".htm")  # saved web pages (pipeline/pages.py)
ARTICLE_FIELDS = (
    "article_id",
    "title",
    "outlet",
    "url",
    "published",
    "precision",
    "evidence",
    "timezone",
    "place",
    "text",
    "source",
)
_FRONT_KEYS = {"id": "article_id", "address": "url", "link": "url"}
_COMMON_ENGLISH = frozenset(
    "the of and to in a is that for on was with as by at from it be are has have said were "
    "this an its not but which will their who after been had or they he his she her would "
    "more about than also over into when".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class Rejection:
    article_id: str
    source: str
    reason: str


def article_id_for(text: str) -> str:
    """A stable id from the content, so the same text gets the same id wherever it comes from."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def split_front_matter(raw: str) -> tuple[dict[str, str], str]:
    """Split `---`-fenced `key: value` lines from the body, which is kept byte for byte."""
    if not raw.startswith("---\n") and not raw.startswith("---\r\n"):
        return {}, raw
    first = raw.index("\n") + 1
    close = re.search(r"^---[ \t]*\r?\n?", raw[first:], flags=re.MULTILINE)
    if close is None:
        raise ValueError("front matter opened with --- but never closed")
    block = raw[first : first + close.start()]
    body = raw[first + close.end() :]
    meta: dict[str, str] = {}
    for number, line in enumerate(block.splitlines(), start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep or not key.strip():
            raise ValueError(f"front matter line {number} is not 'key: value': {line[:60]!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        meta[key.strip().lower()] = value
    return meta, body


def english_share(text: str) -> float:
    """Share of words that are among the commonest English function words.

    Running English prose sits around 0.3-0.5; other languages in Latin script near 0.02,
    other scripts at 0. Cheap enough to run before the model.
    """
    words = [w.lower() for w in _WORD.findall(text[:20_000])]
    if not words:
        return 0.0
    return sum(w in _COMMON_ENGLISH for w in words) / len(words)


def check_text(text: str) -> str | None:
    """The reason this text cannot be processed, or None when it can."""
    if not text.strip():
        return "empty: the article has no text"
    if len(text) > MAX_CHARS:
        return f"over the size limit: {len(text):,} characters (limit {MAX_CHARS:,})"
    binary = text_step.binary_reason(text)
    if binary:
        return binary
    words = _WORD.findall(text[:20_000])
    if len(words) < 3:
        return "no prose: fewer than three words"
    share = english_share(text)
    if share < 0.08:
        return f"not English: only {share:.0%} of its words are common English words"
    return None


def check_published(value: object) -> str | None:
    """A publication date that cannot be read is the user's to fix, not a pipeline error.

    Readable but impossible dates (the future, before 1900) are not refused here: the article
    is read with the date set aside, and the report says so (pipeline/context.py).
    """
    from .context import parse_published

    try:
        parse_published(None if isinstance(value, float) and value != value else value)
    except ValueError as err:
        return f"malformed: {err}"
    return None


def _clean(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    text = str(value).strip()
    return text or None


def _record(meta: dict, text: str, source: str) -> dict:
    row = {field: _clean(meta.get(field)) for field in ARTICLE_FIELDS}
    for alias, field in _FRONT_KEYS.items():
        if row.get(field) is None and _clean(meta.get(alias)):
            row[field] = _clean(meta.get(alias))
    row["text"] = text
    row["source"] = source
    row["article_id"] = row["article_id"] or article_id_for(text)
    return row


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ValueError(f"unreadable: not UTF-8 text (byte {err.start})") from None
    return text_step.LINE_ENDINGS.sub("\n", text)


def _decode_batch(data: bytes) -> str:
    """A batch is decoded leniently: bytes that are not UTF-8 become surrogate escapes, so only
    the line or row holding them is refused, not the whole file."""
    return text_step.LINE_ENDINGS.sub(
        "\n",
        data.decode(
            "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8", "surrogateescape"
        ),
    )


_UNDECODED = re.compile("[\udc80-\udcff]")  # a byte that was not UTF-8, escaped on decoding
_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_NESTING = 4  # a field's value nested deeper than this is not article metadata


def _depth(value: object) -> int:
    """How deeply lists and objects nest in a parsed JSON value, counted without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            if level + 1 > MAX_NESTING:
                return level + 1
            deepest = max(deepest, level + 1)
            stack.extend((child, level + 1) for child in item)
    return deepest


def _jsonl_item(line: str) -> tuple[dict | None, str | None]:
    """One JSON Lines line as an article object, or the reason it is refused."""
    if _UNDECODED.search(line):
        return None, "unreadable: the line is not UTF-8 text (another encoding?)"
    try:
        item = json.loads(line)
    except json.JSONDecodeError as err:
        return None, f"malformed JSON: {err.msg} (column {err.colno})"
    except RecursionError:
        return None, f"malformed: values nested deeper than {MAX_NESTING} levels"
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        return None, "malformed: a JSON object with a text field is needed"
    if _depth(item) > MAX_NESTING:
        return None, f"malformed: values nested deeper than {MAX_NESTING} levels"
    for key, value in item.items():
        if (isinstance(value, str) and _SURROGATE.search(value)) or _SURROGATE.search(key):
            return None, f"malformed: field {key[:40]!r} holds a lone surrogate escape"
    return item, None


def _read_article_file(path: Path) -> tuple[list[dict], list[Rejection]]:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return [], [Rejection(path.stem, source, f"over the size limit: {size:,} bytes")]
        meta, body = split_front_matter(_decode(path.read_bytes()))
    except (OSError, ValueError) as err:
        return [], [Rejection(path.stem, source, str(err))]
    if "id" not in meta and "article_id" not in meta:
        meta["article_id"] = path.stem
    return [_record(meta, body, source)], []


def _read_page_file(path: Path) -> tuple[list[dict], list[Rejection]]:
    """A saved web page, read as `pipeline fetch` reads it (pipeline/pages.py)."""
    from .pages import read_html_file

    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return [], [
                Rejection(
                    path.stem, str(path), f"over the size limit: {path.stat().st_size:,} bytes"
                )
            ]
        meta, body = read_html_file(path)
    except (OSError, ValueError) as err:
        return [], [Rejection(path.stem, str(path), str(err))]
    meta.setdefault("article_id", path.stem)
    return [_record(meta, body, str(path))], []


def _read_batch(path: Path) -> tuple[list[dict], list[Rejection]]:
    source = str(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return [], [
                Rejection(path.name, source, f"over the size limit: {path.stat().st_size:,} bytes")
            ]
        content = _decode_batch(path.read_bytes())
    except OSError as err:
        return [], [Rejection(path.name, source, f"unreadable: {err.strerror or err}")]
    rows: list[dict] = []
    rejected: list[Rejection] = []
    if path.suffix == ".jsonl":
        for number, line in enumerate(content.split("\n"), start=1):
            if not line.strip():
                continue
            where = f"{source}:{number}"
            item, reason = _jsonl_item(line)
            if item is None:
                rejected.append(Rejection(f"{path.name}:{number}", where, reason or "malformed"))
                continue
            meta = {("article_id" if k == "id" else k): v for k, v in item.items()}
            rows.append(_record(meta, item["text"], where))
    else:
        found, bad = _csv_rows(content, path)
        rows.extend(found)
        rejected.extend(bad)
    return rows, rejected


def _csv_rows(content: str, path: Path) -> tuple[list[dict], list[Rejection]]:
    """Every row of a CSV batch, each refused on its own: a row in another encoding, with a
    field past the size limit, or with more fields than the header costs that row."""
    source = str(path)
    reader = csv.reader(io.StringIO(content, newline=""))
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, MAX_FILE_BYTES))  # oversize text is refused by its size
    rows: list[dict] = []
    rejected: list[Rejection] = []
    try:
        try:
            header = next(reader)
        except (StopIteration, csv.Error):
            header = []
        fields = [("article_id" if h.strip() == "id" else h.strip()) for h in header]
        if "text" not in fields:
            return [], [Rejection(path.name, source, "malformed CSV: no 'text' column")]
        while True:
            line = reader.line_num + 1
            where = f"{source}:{line}"
            try:
                values = next(reader)
            except StopIteration:
                break
            except csv.Error as err:
                rejected.append(Rejection(f"{path.name}:{line}", where, f"malformed CSV: {err}"))
                continue
            if not any(v.strip() for v in values):
                continue
            reason = None
            if len(values) > len(fields):
                reason = (
                    f"malformed CSV: the row has {len(values)} fields, the header {len(fields)}"
                )
            elif any(_UNDECODED.search(v) for v in values):
                reason = "unreadable: the row is not UTF-8 text (another encoding?)"
            if reason:
                rejected.append(Rejection(f"{path.name}:{line}", where, reason))
                continue
            values += [""] * (len(fields) - len(values))  # a short row leaves its last fields empty
            meta = {k: v for k, v in zip(fields, values, strict=True) if k}
            rows.append(_record(meta, meta.get("text") or "", where))
    finally:
        csv.field_size_limit(limit)
    return rows, rejected


def _expand(sources: list[str | Path]) -> tuple[list[Path], list[Rejection]]:
    files: list[Path] = []
    missing: list[Rejection] = []
    for src in sources:
        path = Path(src)
        if path.is_dir():
            # every visible file is an input: one of an unsupported type is reported, not skipped
            for entry in sorted(p for p in path.iterdir() if not p.name.startswith(".")):
                if entry.is_file():
                    files.append(entry)
                elif entry.is_symlink() and not entry.exists():
                    missing.append(
                        Rejection(entry.name, str(entry), "broken link: what it points to is gone")
                    )
                elif not entry.is_dir():
                    missing.append(
                        Rejection(entry.name, str(entry), "not a regular file: nothing read")
                    )
        elif path.is_file():
            files.append(path)
        elif path.is_symlink():
            missing.append(
                Rejection(path.name, str(path), "broken link: what it points to is gone")
            )
        elif path.exists():
            missing.append(Rejection(path.name, str(path), "not a regular file: nothing read"))
        else:
            missing.append(Rejection(path.name, str(path), "not found"))
    return files, missing


def read_articles(sources: list[str | Path]) -> tuple[pd.DataFrame, list[Rejection]]:
    """Read every source into one article table plus the rejections, with reasons."""
    files, rejected = _expand(sources)
    rows: list[dict] = []
    for path in files:
        suffix = path.suffix.lower()
        if suffix in BATCH_SUFFIXES:
            found, bad = _read_batch(path)
        elif suffix in ARTICLE_SUFFIXES:
            found, bad = _read_article_file(path)
        elif suffix in PAGE_SUFFIXES:
            found, bad = _read_page_file(path)
        else:
            found, bad = (
                [],
                [
                    Rejection(
                        path.name,
                        str(path),
                        f"unsupported file type {suffix or '(none)'}: "
                        "use .txt, .md, .jsonl, .csv or .html",
                    )
                ],
            )
        rows.extend(found)
        rejected.extend(bad)
    return screen(pd.DataFrame(rows, columns=list(ARTICLE_FIELDS)), rejected)


def screen(
    articles: pd.DataFrame, rejected: list[Rejection]
) -> tuple[pd.DataFrame, list[Rejection]]:
    """Keep articles whose text can be processed; reject the rest, and repeated ids,
    with reasons."""
    keep = []
    seen: set[str] = set()
    for index, row in articles.iterrows():
        reason = check_text(row["text"]) or check_published(row.get("published"))
        if reason is None and row["article_id"] in seen:
            reason = f"duplicate id: another article already has id {row['article_id']}"
        if reason:
            rejected.append(Rejection(row["article_id"], row["source"], reason))
        else:
            seen.add(row["article_id"])
            keep.append(index)
    return articles.loc[keep].reset_index(drop=True), rejected


def pasted_article(
    text: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: str | None = None,
) -> pd.DataFrame:
    """One article typed or pasted by a user, as a one-row article table."""
    meta = {"title": title, "outlet": outlet, "url": url, "published": published}
    return pd.DataFrame(
        [_record(meta, text_step.LINE_ENDINGS.sub("\n", text), "pasted text")],
        columns=list(ARTICLE_FIELDS),
    )
