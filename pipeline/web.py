"""The fetch step: addresses, saved pages, folders of them and feeds become article files.

`python -m pipeline fetch ADDRESS|FILE.html|DIR|--feed FEED ... -o data/articles/` writes one
`.txt` article per page, with front matter the build reads unchanged. Every input comes back
as written, already held (the same canonical address is in the folder) or refused with its
reason, so a feed run twice adds only its new items and one bad address costs nothing else.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from . import articles, feeds, fetch, pages

Progress = Callable[[int, int, str], None]
STATUSES = ("written", "held", "refused")
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Outcome:
    """What became of one input: an address, a saved page, a feed item or a feed."""

    source: str
    status: str  # one of STATUSES
    reason: str = ""
    path: Path | None = None
    page: pages.Page | None = None


@dataclass(frozen=True)
class _Item:
    source: str
    address: str | None = None
    file: Path | None = None


def is_address(value: str) -> bool:
    """Anything with a scheme is an address (and refused later if not http or https)."""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value.strip())) and not Path(value).exists()


def held_addresses(folder: Path) -> dict[str, Path]:
    """Canonical address of every article already in the folder, to its file."""
    held: dict[str, Path] = {}
    if not folder.is_dir():
        return held
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in articles.ARTICLE_SUFFIXES or not path.is_file():
            continue
        try:
            meta, _ = articles.split_front_matter(path.read_text(encoding="utf-8")[:20_000])
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        for key in ("url", "fetched_from"):
            if meta.get(key):
                held.setdefault(pages.canonical_key(meta[key]), path)
    return held


def article_id(page: pages.Page, fallback: str) -> str:
    """A readable, stable id: the site and a hash of the canonical address (or the content)."""
    basis = pages.canonical_key(page.url) if page.url else fallback
    digest = hashlib.sha256(basis.encode("utf-8")).hexdigest()[:12]
    site = _SLUG.sub("-", (page.outlet or "page").lower()).strip("-")[:30] or "page"
    return f"{site}-{digest}"


def _write(folder: Path, name: str, text: str) -> Path:
    """Written beside and moved into place: a crash never leaves half an article."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    partial = folder / f".{name}.part"
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
    return path


def _items(
    inputs: list[str], feed_addresses: list[str], limits: fetch.Limits, held: dict[str, Path]
) -> tuple[list[_Item], list[Outcome]]:
    """The pages to read, in order, and the inputs already settled (feeds refused, items held)."""
    items: list[_Item] = []
    settled: list[Outcome] = []
    for value in inputs:
        if is_address(value):
            known = held.get(pages.canonical_key(value))
            if known is not None:
                settled.append(Outcome(value, "held", f"already fetched as {known.name}", known))
            else:
                items.append(_Item(value, address=value.strip()))
            continue
        path = Path(value)
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.is_file() and p.suffix.lower() in articles.PAGE_SUFFIXES
            )
            if not found:
                settled.append(Outcome(value, "refused", "the folder holds no .html pages"))
            items.extend(_Item(str(p), file=p) for p in found)
        elif path.is_file():
            items.append(_Item(value, file=path))
        else:
            settled.append(Outcome(value, "refused", "not found: neither a file nor an address"))
    for address in feed_addresses:
        try:
            got = fetch.download(address, accept=fetch.FEED_TYPES, limits=limits)
            links = feeds.feed_links(got.body, base=got.url)
        except (fetch.Refused, ValueError) as err:
            settled.append(Outcome(f"feed {address}", "refused", str(err)))
            continue
        for link in links:
            known = held.get(pages.canonical_key(link))
            if known is not None:
                settled.append(Outcome(link, "held", f"already fetched as {known.name}", known))
            else:
                items.append(_Item(link, address=link))
    return items, settled


def _read(item: _Item, limits: fetch.Limits, now: datetime) -> tuple[pages.Page, dict[str, str]]:
    if item.file is not None:
        if item.file.suffix.lower() not in articles.PAGE_SUFFIXES:
            raise ValueError(f"not a saved web page: use {' or '.join(articles.PAGE_SUFFIXES)}")
        if item.file.stat().st_size > limits.max_bytes:
            raise ValueError(f"over the byte limit of {limits.max_bytes:,} bytes")
        return pages.read_page(item.file.read_bytes()), {"saved_page": item.file.name}
    assert item.address is not None
    got = fetch.download(item.address, limits=limits)
    extra = {"fetched": now.strftime("%Y-%m-%dT%H:%M:%SZ")}
    if got.url != item.address:
        extra["fetched_from"] = item.address
    return pages.read_page(got.body, address=got.url), extra


def fetch_articles(
    inputs: list[str],
    folder: Path,
    *,
    feed_addresses: list[str] | None = None,
    limits: fetch.Limits | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> list[Outcome]:
    """Fetch or read every input into an article file in `folder`; one outcome per input."""
    limits = limits or fetch.Limits.from_environment()
    now = now or datetime.now(UTC)
    held = held_addresses(folder)
    items, outcomes = _items(inputs, feed_addresses or [], limits, held)
    for done, item in enumerate(items, start=1):
        outcomes.append(_one(item, folder, limits, now, held))
        if progress:
            progress(done, len(items), pages.one_line(item.source, 60))
    return outcomes


def _one(
    item: _Item, folder: Path, limits: fetch.Limits, now: datetime, held: dict[str, Path]
) -> Outcome:
    try:
        page, extra = _read(item, limits, now)
    except (fetch.Refused, ValueError, OSError) as err:
        return Outcome(item.source, "refused", str(err))
    key = pages.canonical_key(page.url) if page.url else None
    if key and key in held:
        return Outcome(item.source, "held", f"already fetched as {held[key].name}", held[key], page)
    name = article_id(page, fallback=item.source)
    path = _write(folder, name, pages.article_text(page, id=name, **extra))
    if key:
        held[key] = path
    if item.address and "fetched_from" not in extra:
        held.setdefault(pages.canonical_key(item.address), path)
    return Outcome(item.source, "written", "", path, page)


def describe(outcome: Outcome) -> str:
    """One line of the fetch report; every value from a page passes through one_line."""
    source = pages.one_line(outcome.source, 200)
    if outcome.status == "refused":
        return f"  refused  {source}: {pages.one_line(outcome.reason, 300)}"
    if outcome.status == "held":
        return f"  held     {source}: {pages.one_line(outcome.reason, 300)}"
    page = outcome.page
    assert page is not None and outcome.path is not None
    found = page.date
    date_text = (
        f"published {found.published} ({found.precision}, by {found.published_by})"
        if found.published
        else "no publication date found"
    )
    title = pages.one_line(page.title or "(no title)", 80)
    notes = f"; {'; '.join(page.notes)}" if page.notes else ""
    return f"  written  {outcome.path.name}: {title!r}, {date_text}{notes}"
