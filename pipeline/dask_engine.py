"""The build on a Dask cluster, for a corpus that outgrows one process.

The same steps as the in-process build (pipeline/build.py), placed where the data is:

1. articles are read as a partitioned collection (files, JSON Lines, CSV, or a Parquet
   dataset of articles) and screened on the workers; only their ids come back, so a
   repeated id is rejected in the same place as in one process (the first one read wins);
2. each worker loads the spaCy model once (`nlp.load` is cached per process) and reads whole
   partitions with `model.pipe` and `build.process_article`; the readings stay on the workers;
3. the small per-article summaries (full person names, described places, acronyms, the
   report row) are gathered, turned into the corpus-wide canonical-name tables and broadcast,
   and every partition goes through the cross-article stage's row-by-row half
   (pipeline/corpus/stage.py: canonical names, venues as places) where it lies;
4. the stage's group-by-group half (merge, salience) runs after a shuffle on
   `merge.candidate_key`, so every candidate duplicate meets its partners in one partition;
5. each partition is written straight into the month-partitioned table (pipeline/dataset.py).

Same input, same table, whichever engine ran it: reports are put back in reading order and
every step is a function the in-process build uses too. A worker that dies mid-build costs
nothing but time: Dask runs its partition again elsewhere.

Dask is optional (requirements-dask.txt): it is imported only when this engine runs.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import actors, articles, dataset, jobs, merge, nlp, schema
from . import build as build_step
from . import output as output_step
from . import text as text_step
from .corpus import names, stage

INSTALL_HINT = "the Dask engine needs dask and distributed: pip install -r requirements-dask.txt"
WORKER_RETURN_S = 300  # how long a build waits for a killed worker's replacement
PROCESS_TASK = "process-articles"  # key prefix of the tasks that run the model over a partition
PARTITIONS_PER_WORKER = (
    4  # enough slack that a slow partition does not leave a core idle at the end
)
_MISSING, _UNREADABLE, _SCREENED, _PROCESSED = range(
    4
)  # where in the report a row goes (reading order)
_TEXT_FIELDS = list(articles.ARTICLE_FIELDS)
_ARTICLE_COLUMNS = [*_TEXT_FIELDS, "reason", "_stage", "_file", "_row"]


class DaskMissing(RuntimeError):
    """dask or distributed is not installed."""


def require_dask() -> None:
    try:
        import dask  # noqa: F401
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as err:
        raise DaskMissing(INSTALL_HINT) from err


@dataclass
class DaskBuildResult(build_step.ReportedBuild):
    """What the command prints: the full report, and how many events went where."""

    report: pd.DataFrame
    events: int
    path: Path | None  # None when nothing could be processed and the old table was kept
    seconds: float = 0.0
    workers: int = 0
    partitions: int = 0
    reused: int = 0  # the Dask engine keeps no readings between builds
    stages: dict[str, float] = field(default_factory=dict)


# --- reading --------------------------------------------------------------------------------


def _article_frame(rows: list[dict]) -> pd.DataFrame:
    """Plain object columns: what each worker sends must look the same whatever it read."""
    frame = pd.DataFrame(rows, columns=_ARTICLE_COLUMNS)
    frame = frame.astype({c: object for c in [*_TEXT_FIELDS, "reason"]})
    return frame.astype({"_stage": "int64", "_file": "int64", "_row": "int64"})


def _read_one(path: Path) -> tuple[list[dict], list[articles.Rejection]]:
    """One input file as `articles.read_articles` reads it, before screening."""
    suffix = path.suffix.lower()
    if suffix in articles.BATCH_SUFFIXES:
        return articles._read_batch(path)
    if suffix in articles.ARTICLE_SUFFIXES:
        return articles._read_article_file(path)
    return [], [
        articles.Rejection(
            path.name,
            str(path),
            f"unsupported file type {suffix or '(none)'}: use .txt, .md, .jsonl or .csv",
        )
    ]


def read_files(chunk: list[tuple[int, str]]) -> pd.DataFrame:
    """A partition of article files: their articles, and their rejections as rows with a reason."""
    rows: list[dict] = []
    for file_no, name in chunk:
        found, bad = _read_one(Path(name))
        rows += [
            {**record, "reason": None, "_stage": _PROCESSED, "_file": file_no, "_row": n}
            for n, record in enumerate(found)
        ]
        rows += [
            {
                "article_id": r.article_id,
                "source": r.source,
                "reason": r.reason,
                "_stage": _UNREADABLE,
                "_file": file_no,
                "_row": n,
            }
            for n, r in enumerate(bad)
        ]
    return _article_frame(rows)


def read_table_part(
    frame: pd.DataFrame, root: str, first_file: int, partition_info=None
) -> pd.DataFrame:
    """A partition of a Parquet dataset of articles, read like a JSON Lines file."""
    number = (partition_info or {}).get("number", 0)
    rows = []
    for n, item in enumerate(frame.to_dict("records")):
        meta = {k: v for k, v in item.items() if k in articles.ARTICLE_FIELDS or k == "id"}
        meta.setdefault("article_id", meta.pop("id", None))
        text = item.get("text")
        record = articles._record(
            meta,
            text if isinstance(text, str) else "",
            meta.get("source") or f"{root}#{number}:{n}",
        )
        rows.append(
            {
                **record,
                "reason": None,
                "_stage": _PROCESSED,
                "_file": first_file + number,
                "_row": n,
            }
        )
    return _article_frame(rows)


def _is_article_table(path: Path) -> bool:
    return path.suffix == ".parquet" or (path.is_dir() and any(path.rglob("*.parquet")))


def article_collection(sources: list[str | Path], partitions: int):
    """Every source as one partitioned collection of article rows, in reading order, plus the
    sources that do not exist (rejected before anything is read, as in one process)."""
    import dask.dataframe as dd

    tables = [Path(s) for s in sources if _is_article_table(Path(s))]
    files, missing = articles._expand([s for s in sources if not _is_article_table(Path(s))])
    meta = _article_frame([])
    parts = []
    if files:
        numbered = [(n, str(p)) for n, p in enumerate(files)]
        k = min(partitions, len(files))
        chunks = [numbered[i * len(files) // k : (i + 1) * len(files) // k] for i in range(k)]
        parts.append(dd.from_map(read_files, chunks, meta=meta, enforce_metadata=False))
    first = len(files)
    for root in tables:
        table = dd.read_parquet(root)
        parts.append(
            table.map_partitions(
                read_table_part, str(root), first, meta=meta, enforce_metadata=False
            )
        )
        first += table.npartitions
    if not parts:
        return None, missing
    collection = parts[0] if len(parts) == 1 else dd.concat(parts)
    if collection.npartitions < partitions:
        collection = collection.repartition(npartitions=partitions)
    return collection, missing


def passing_ids(part: pd.DataFrame) -> pd.DataFrame:
    """Ids of the articles whose text can be processed, with their place in reading order."""
    ok = [
        r["_stage"] == _PROCESSED and articles.check_text(r["text"]) is None
        for r in part[["_stage", "text"]].to_dict("records")
    ]
    return part.loc[ok, ["article_id", "_file", "_row"]]


def repeated(ids: pd.DataFrame) -> frozenset[tuple[int, int]]:
    """The articles rejected as repeated ids: every one after the first read with that id."""
    ordered = ids.sort_values(["_file", "_row"], kind="stable")
    later = ordered[ordered["article_id"].duplicated(keep="first")]
    return frozenset(zip(later["_file"].astype(int), later["_row"].astype(int), strict=True))


# --- processing -----------------------------------------------------------------------------


@dataclass
class PartitionReading:
    """One partition read: the report rows keyed by reading order, and every article's reading."""

    reports: list[tuple[int, int, int, dict]]
    results: list[build_step.ArticleResult]


def _plain(value):
    return None if not isinstance(value, (list, dict)) and pd.isna(value) else value


def process_partition(
    part: pd.DataFrame, duplicates: frozenset, aliases: actors.AliasTable, model_name: str
) -> PartitionReading:
    """Screen, parse and read one partition, as `articles.screen` and `build.build_frame` do."""
    reports: list[tuple[int, int, int, dict]] = []
    todo: list[tuple[int, int, dict]] = []
    for item in part.to_dict("records"):
        key = (int(item["_file"]), int(item["_row"]))
        record = {name: _plain(item[name]) for name in articles.ARTICLE_FIELDS}
        if item["_stage"] == _UNREADABLE:
            rejection = articles.Rejection(record["article_id"], record["source"], item["reason"])
            reports.append((_UNREADABLE, *key, build_step.rejection_report(rejection)))
            continue
        reason = articles.check_text(record["text"])
        if reason is None and key in duplicates:
            reason = f"duplicate id: another article already has id {record['article_id']}"
        if reason:
            reports.append(
                (
                    _SCREENED,
                    *key,
                    build_step.rejection_report(
                        articles.Rejection(record["article_id"], record["source"], reason)
                    ),
                )
            )
        else:
            todo.append((*key, record))
    results = []
    if todo:
        model = nlp.load(model_name)
        build_step.warm_up(model)
        for (file_no, row, record), doc in zip(
            todo,
            nlp.parse(model, (text_step.reading_text(r["text"]) for _, _, r in todo)),
            strict=True,
        ):
            result = build_step.process_article(record, doc, aliases)
            reports.append((_PROCESSED, file_no, row, result.report))
            results.append(result)
    return PartitionReading(reports, results)


def joined(readings: list[PartitionReading]) -> PartitionReading:
    """One partition's reading from its articles read one at a time."""
    return PartitionReading(
        [row for r in readings for row in r.reports], [x for r in readings for x in r.results]
    )


def crashed(
    part: pd.DataFrame, reason: str = "the worker process reading this article died"
) -> PartitionReading:
    """The reading of a one-article partition whose every attempt killed its worker (or that
    no worker finished)."""
    item = part.to_dict("records")[0]
    record = {name: _plain(item[name]) for name in articles.ARTICLE_FIELDS}
    result = jobs.crash_result(record, reason)
    return PartitionReading(
        [(_PROCESSED, int(item["_file"]), int(item["_row"]), result.report)], []
    )


def read_partitions(client, parts, duplicates, aliases, model_name: str, prefix: str) -> list:
    """Every partition's reading: futures on the workers, or, once a partition has killed its
    workers, readings held here.

    Dask gives up on a task after its workers died a few times running it (a native crash,
    the out-of-memory killer), and tasks queued beside it or depending on it fail with it. So
    when any partition fails that way, the readings that succeeded are fetched before more
    workers die, and each failed partition is read again here from its files and sent out one
    article at a time, waiting for each: only the article that kills a worker is rejected, as
    `--jobs` does, and no innocent task is queued beside it. This path is for the rare corpus
    holding such an article; it costs the readings' transfer, not correctness."""
    from dask import delayed
    from distributed import KilledWorker, wait

    futures = client.compute(
        [
            delayed(process_partition)(
                part, duplicates, aliases, model_name, dask_key_name=f"{prefix}-{n}"
            )
            for n, part in enumerate(parts)
        ]
    )
    wait(futures)

    def killed(future) -> bool:
        return future.status == "error" and isinstance(future.exception(), KilledWorker)

    if not any(killed(f) for f in futures):
        return list(futures)
    readings = [None if killed(f) else f.result() for f in futures]
    for n, reading in enumerate(readings):
        if reading is not None:
            continue
        frame = parts[n].compute(scheduler="sync")  # here: the cluster's copy may be gone
        pieces = []
        for i in range(len(frame)):
            pieces.append(
                read_alone(
                    client,
                    frame.iloc[[i]],
                    duplicates,
                    aliases,
                    model_name,
                    f"{prefix}-{n}-alone-{i}",
                )
            )
        readings[n] = joined(pieces)
    return readings


ALONE_ATTEMPTS = 2


def read_alone(client, row: pd.DataFrame, duplicates, aliases, model_name: str, key: str):
    """One article's reading on its own worker, rejected only when it kills the worker on
    every attempt.

    The scheduler can hand the article to a worker that the previous culprit has just killed
    but that it does not yet know is dead; that task then "dies" with a worker it never ran
    on. An article that kills its worker does so every time, so a second attempt tells the
    culprit from a bystander at the cost of one more worker restart for the culprit."""
    from distributed import KilledWorker, wait

    for attempt in range(ALONE_ATTEMPTS):
        # a worker killed by the article before must be back (or the cluster is gone, and
        # waiting for it would never end)
        try:
            client.wait_for_workers(1, timeout=WORKER_RETURN_S)
        except TimeoutError:  # the cluster lost its workers: the rest cannot be read
            return crashed(row, f"no worker came back within {WORKER_RETURN_S} s")
        alone = client.submit(
            process_partition,
            row,
            duplicates,
            aliases,
            model_name,
            key=f"{key}-{attempt}",
            pure=False,
        )
        try:
            wait(alone, timeout=WORKER_RETURN_S)
        except TimeoutError:  # no worker finished it: a cluster that stalls rejects one
            client.cancel(alone)
            return crashed(
                row, f"no worker finished reading this article within {WORKER_RETURN_S} s"
            )
        if not (alone.status == "error" and isinstance(alone.exception(), KilledWorker)):
            return alone.result()
    return crashed(row)


def summarise(reading: PartitionReading) -> dict:
    """What the corpus-wide name tables need from a partition: small, unlike the readings."""
    return {"reports": reading.reports, "names": names.gather(reading.results)}


def name_tables(summaries: list[dict]) -> names.CorpusNames:
    """The canonical-name tables of the whole corpus, as the in-process build gathers them:
    partitions in reading order, so an acronym keeps the first spelling read."""
    return names.joined(s["names"] for s in summaries)


def canonical_events(
    reading: PartitionReading, tables: names.CorpusNames, aliases: actors.AliasTable
) -> pd.DataFrame:
    """One partition's event rows through the stage's row-by-row half (stage.read_rows)."""
    return stage.read_rows(
        [row for result in reading.results for row in result.rows], tables, aliases
    )


# --- merging --------------------------------------------------------------------------------


MERGE_KEY = "_merge_key"


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    keys = (
        merge.candidate_key(frame).map(str)
        if not frame.empty
        else pd.Series([], index=frame.index, dtype=object)
    )
    return frame.assign(**{MERGE_KEY: keys.astype(object)})


def _merged(frame: pd.DataFrame) -> pd.DataFrame:
    return stage.combine(frame.drop(columns=[MERGE_KEY]))


def merge_stage(events, npartitions: int | None = None):
    """Rows that may be one happening share a candidate key; shuffling on it brings them into
        one partition, where the stage's group-by-group half (merge, then salience) does what it
    does for the whole table in one process.
        A task-based shuffle keeps the list and dict columns as Python objects. It lands in one
        partition per worker: each merged partition is written as a file per month, and more
        partitions than workers would only add tasks and small files, not parallelism."""
    meta = schema.empty_events()
    keyed = events.map_partitions(
        _keyed, meta=meta.assign(**{MERGE_KEY: pd.Series(dtype=object)}), enforce_metadata=False
    )
    shuffled = keyed.shuffle(
        on=MERGE_KEY, npartitions=npartitions or events.npartitions, shuffle_method="tasks"
    )
    return shuffled.map_partitions(_merged, meta=meta, enforce_metadata=False)


# --- the whole build ------------------------------------------------------------------------


@contextlib.contextmanager
def connect(scheduler: str | None = None, workers: int | None = None):
    """A client of the cluster at `scheduler`, or of a new one on this machine: one process
    per core, one thread each (the parse holds the interpreter lock)."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    import dask

    workers = workers or os.cpu_count() or 1
    # The workers' sampling profiler interrupts the parse every 10 ms: a quarter of a worker's
    # time on this pure-Python workload. A cluster of our own does without it.
    with (
        dask.config.set({"distributed.worker.profile.enabled": False}),
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _report(rows: list[tuple[int, int, int, dict]]) -> pd.DataFrame:
    ordered = sorted(rows, key=lambda r: r[:3])
    return pd.DataFrame([r[3] for r in ordered], columns=list(build_step.REPORT_COLUMNS))


def run(
    client,
    sources: list[str | Path],
    output: str | Path,
    *,
    partitions: int | None = None,
    aliases: actors.AliasTable | None = None,
    model_name: str | None = None,
) -> DaskBuildResult:
    """Build the table of `sources` on `client`'s cluster into the folder `output`.

    The table is written beside `output` and moved there only when at least one article was
    processed, so a failed build leaves the last good table in place.
    """
    import dask
    import dask.dataframe as dd
    from dask import delayed

    began = time.perf_counter()
    stages: dict[str, float] = {}
    aliases = aliases if aliases is not None else actors.load_aliases()
    model_name = model_name or nlp.model_name()
    workers = max(len(client.scheduler_info(n_workers=-1)["workers"]), 1)
    partitions = partitions or PARTITIONS_PER_WORKER * workers
    build_id = uuid.uuid4().hex[:8]
    output = Path(output)
    staging = output_step.sibling(output, "building")
    try:
        with dask.config.set({"dataframe.convert-string": False}):
            collection, missing = article_collection(sources, partitions)
            report_rows = [
                (_MISSING, -1, n, build_step.rejection_report(r)) for n, r in enumerate(missing)
            ]
            count = 0
            if collection is not None:
                ids = collection.map_partitions(
                    passing_ids, meta=_article_frame([])[["article_id", "_file", "_row"]]
                ).compute()
                # in the tasks themselves, not scattered: a partition read again after its
                # worker died must not depend on data that died with the worker
                duplicates = repeated(ids)
                stages["screen"] = time.perf_counter() - began
                parts = collection.to_delayed()
                readings = read_partitions(
                    client, parts, duplicates, aliases, model_name, f"{PROCESS_TASK}-{build_id}"
                )
                summaries = dask.compute(*[delayed(summarise)(r) for r in readings])
                stages["read"] = time.perf_counter() - began - sum(stages.values())
                report_rows += [row for s in summaries for row in s["reports"]]
                tables = client.scatter([name_tables(summaries)], broadcast=True)[0]
                events = dd.from_delayed(
                    [delayed(canonical_events)(r, tables, aliases) for r in readings],
                    meta=schema.empty_events(),
                    verify_meta=False,
                )
                events = merge_stage(events, npartitions=workers)
                writes = [
                    delayed(dataset.write_part)(part, str(staging), f"part-{build_id}-{n:05d}")
                    for n, part in enumerate(events.to_delayed())
                ]
                count = sum(dask.compute(*writes))
                stages["assemble"] = time.perf_counter() - began - sum(stages.values())
                del readings
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # half a table must never be mistaken for one
        raise
    report = _report(report_rows)
    path = None
    if (report["status"] == "processed").any():
        # a corpus without events is an empty table, not no table
        staging.mkdir(parents=True, exist_ok=True)
        dataset.replace(staging, output)
        path = output
    else:
        shutil.rmtree(staging, ignore_errors=True)
    return DaskBuildResult(
        report, count, path, time.perf_counter() - began, workers, partitions, stages=stages
    )


def build(
    sources: list[str | Path],
    output: str | Path,
    *,
    scheduler: str | None = None,
    partitions: int | None = None,
    workers: int | None = None,
    aliases: actors.AliasTable | None = None,
) -> DaskBuildResult:
    """`python -m pipeline build --engine dask`: on the cluster at `scheduler`, else on this
    machine's cores."""
    require_dask()
    with connect(scheduler, workers) as client:
        return run(client, sources, output, partitions=partitions, aliases=aliases)
