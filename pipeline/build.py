"""The build: articles in, one event table and a report out.

Each article is processed on its own and a failure in one becomes a rejection with its
reason, so one bad file never costs the user the rest of the timeline. What needs the whole
corpus (canonical names, venues, merging, salience) runs after every article is read, in
the cross-article stage (pipeline/corpus/stage.py) that every engine calls.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

import pandas as pd

from . import actors, articles, budget, context, dates, events, nlp, table
from . import published as text_dates
from . import text as text_step
from .corpus import names, stage

Progress = Callable[[int, int, str], None]
REPORT_COLUMNS = (
    "article_id",
    "source",
    "status",
    "reason",
    "published",
    "evidence",
    "events",
    "expressions",
    "unresolved",
)


class ReportedBuild:
    """Either engine's result splits its report the same way for the command and the tests."""

    report: pd.DataFrame

    @property
    def processed(self) -> pd.DataFrame:
        return self.report[self.report["status"] == "processed"]

    @property
    def rejected(self) -> pd.DataFrame:
        return self.report[self.report["status"] == "rejected"]


@dataclass
class BuildResult(ReportedBuild):
    events: pd.DataFrame
    report: pd.DataFrame
    expressions: pd.DataFrame = field(default_factory=pd.DataFrame)
    seconds: float = 0.0
    reused: int = 0  # articles whose reading was kept from an earlier build
    cache_note: str | None = None  # why this build's readings could not be kept


def article_context(row: dict, doc) -> context.PublicationContext:
    """Metadata first; the text only fills in the publication day and the place when the
    metadata leaves them out (pipeline/published.py says what counts as evidence)."""
    ctx = context.make_context(
        row["article_id"],
        row.get("published"),
        timezone=row.get("timezone"),
        place=row.get("place"),
        evidence=row.get("evidence") or "",
        url=row.get("url"),
    )
    if ctx.precision != "day" and (
        ctx.warning or context.parse_published(row.get("published"))[0] is None
    ):
        hint = ctx.published if ctx.known else None
        found = text_dates.infer(
            nlp.doc_text(doc),
            doc,
            year=hint.year if hint else None,
            month=hint.month if hint and ctx.precision == "month" else None,
        )
        ctx = context.with_text_date(ctx, found.published, found.evidence)
    if ctx.place is None:
        place, why = context.place_from_text(doc)
        ctx = context.with_place(ctx, place, why, clock_known=bool(row.get("timezone")))
    elif not row.get("timezone") and ctx.place_timezone:
        ctx = dataclasses.replace(ctx, timezone=ctx.place_timezone)
    return ctx


def _expression_rows(article_id: str, found: list[dates.Timex]) -> list[dict]:
    return [
        {
            "article_id": article_id,
            "text": t.text,
            "char_start": t.start_char,
            "char_end": t.end_char,
            "type": t.type,
            "value": t.value,
            "mod": t.mod,
            "start": t.start,
            "end": t.end,
            "granularity": t.granularity,
            "timezone": t.timezone,
            "rule": t.rule,
            "anchor": t.anchor,
            "explanation": t.explanation,
            "resolved": t.resolved,
        }
        for t in found
    ]


def _utc(moment):
    return None if moment is None else moment.astimezone(UTC)


def _event_rows(
    raw: list[events.RawEvent], meta: dict, ctx: context.PublicationContext
) -> list[dict]:
    rows = []
    for event in raw:
        if event.timex is not None:
            t = event.timex
            start, end, granularity, zone = t.start, t.end, t.granularity, t.timezone
            basis, expression, value = "expression", t.text, t.value
            explanation = {
                "clause": t.explanation,
                "story": f"{t.explanation} (a saying with no date of its own: the story's day)",
            }.get(event.date_source, f"{t.explanation} (from elsewhere in the sentence)")
        else:
            start, end, granularity, explanation = events.publication_dating(ctx)
            zone, basis, expression, value = ctx.timezone, "publication", None, None
        rows.append(
            {
                "event_id": events.event_id(event.article_id, event.verb_char, event.action),
                "article_id": event.article_id,
                "title": meta.get("title"),
                "outlet": meta.get("outlet"),
                "url": meta.get("url"),
                "sentence": event.sentence,
                "char_start": event.char_start,
                "char_end": event.char_end,
                "action": event.action,
                "actors": event.actors,  # mentions until canonicalised
                "venue": event.venue,
                "start": _utc(start),
                "end": _utc(end),
                "timezone": zone,
                "granularity": granularity,
                "modality": event.modality,
                "date_basis": basis,
                "expression": expression,
                "timex_value": value,
                "explanation": explanation,
                "confidence": events.confidence(event, ctx),
                "sources": [event.article_id],
                "conflict": False,
                "venue_words": event.extra.get("venue_words"),
                **event.row_fields(),
            }
        )
    return rows


def _full_person_names(doc, aliases: actors.AliasTable) -> set[str]:
    names = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            name = actors.canonical_actor(ent.text, label="PERSON", aliases=aliases)
            if len(name.split()) >= 2:
                names.add(name)
    return names


@dataclass
class ArticleResult:
    """What one article contributes to a build, before names are made canonical.

    Plain data only (no spaCy objects), so results can cross process boundaries and be
    kept between builds: canonical names and merging need every article, reading does not.
    """

    article_id: str
    report: dict
    rows: list[dict] = field(default_factory=list)
    expressions: list[dict] = field(default_factory=list)
    person_names: set[str] = field(default_factory=set)
    places: list[tuple[str, frozenset[str]]] = field(default_factory=list)
    acronyms: dict[str, str] = field(default_factory=dict)

    @property
    def processed(self) -> bool:
        return self.report["status"] == "processed"


def clean_record(record: dict) -> dict:
    """pandas writes a missing field as NaN; the pipeline reads missing as None."""
    return {k: (None if isinstance(v, float) and v != v else v) for k, v in record.items()}


def rejection_report(r: articles.Rejection) -> dict:
    return {
        "article_id": r.article_id,
        "source": r.source,
        "status": "rejected",
        "reason": r.reason,
        "published": None,
        "evidence": None,
        "events": 0,
        "expressions": 0,
        "unresolved": 0,
    }


def rejected_reading(record: dict, reason: str) -> ArticleResult:
    """An article that was read but could not be processed: it stays in the report
    with the reason."""
    return ArticleResult(
        record["article_id"],
        rejection_report(articles.Rejection(record["article_id"], record["source"], reason)),
    )


def _in_the_article(
    copy: text_step.ReadingCopy, original: str, found: list, raw: list[events.RawEvent]
) -> None:
    """Offsets and quoted text read from the model's copy, put back on the article as
    captured (pipeline/text.py): the evidence is the outlet's own sentence."""
    if copy.text is original or copy.text == original:
        return
    for t in found:
        t.start_char, t.end_char = copy.span(t.start_char, t.end_char)
        t.text = original[t.start_char : t.end_char]
    for event in raw:
        event.char_start, event.char_end = copy.span(event.char_start, event.char_end)
        event.sentence = original[event.char_start : event.char_end]
        event.verb_char = copy.span(event.verb_char, event.verb_char + 1)[0]


_WARM_UP_TEXT = (
    "CAIRO, Oct. 8 (Reuters) - Envoys met in Cairo on Tuesday and will travel to Paris next"
    " week, officials told reporters at 9 a.m. local time."
)
_warm = False


def warm_up(model) -> None:
    """Read one short built-in article once per process, outside any article's budget.

    The first article a process reads would otherwise pay for every table built on first use
    (the place gazetteer, a second when its stored index has to be made, the rule table's
    patterns half of one), and
    under a tight budget an innocent article was rejected for that warm-up. The text touches a
    dateline, a place, a weekday, a relative week, a clock time with its zone and a saying, so
    the same tables are ready whatever the first real article holds."""
    global _warm
    if _warm:
        return
    _warm = True
    record: dict[str, str | None] = dict.fromkeys(articles.ARTICLE_FIELDS)
    record.update(
        article_id="warm-up",
        source="(built in)",
        title="Envoys meet in Cairo",
        published="2025-10-08",
        precision="day",
        text=_WARM_UP_TEXT,
    )
    with contextlib.suppress(Exception):  # a warm-up that fails leaves the work to the article
        _read(record, next(nlp.parse(model, [_WARM_UP_TEXT])))


def _read(record: dict, doc):
    """The per-article steps the budget holds (process_article) and the warm-up runs bare."""
    ctx = article_context(record, doc)
    found = dates.find_expressions(doc, ctx)
    return ctx, found, events.extract(doc, ctx, found, title=record.get("title"))


def process_article(record: dict, doc, aliases: actors.AliasTable) -> ArticleResult:
    """Read one parsed article; a failure becomes its rejection, never the build's. `doc` is
    the model's reading of `text.reading_text(record["text"])`."""
    article_id = record["article_id"]
    try:
        copy = text_step.for_reading(record["text"])
        with budget.guard():
            ctx, found, raw = _read(record, doc)
        _in_the_article(copy, record["text"], found, raw)
        report = {
            "article_id": article_id,
            "source": record["source"],
            "status": "processed",
            "reason": "; ".join(
                filter(
                    None,
                    [
                        ctx.warning,
                        None
                        if ctx.known
                        else "no publication date: relative dates left unresolved",
                        *copy.notes,
                    ],
                )
            )
            or None,
            "published": ctx.label,
            "evidence": ctx.evidence,
            "events": len(raw),
            "expressions": len(found),
            "unresolved": sum(not t.resolved for t in found),
        }
        return ArticleResult(
            article_id,
            report,
            rows=_event_rows(raw, record, ctx),
            expressions=_expression_rows(article_id, found),
            person_names=_full_person_names(doc, aliases),
            places=events.place_descriptions(doc),
            acronyms=actors.acronyms_in(record["text"]),
        )
    except budget.OverBudget as err:
        return rejected_reading(record, str(err) or "over the cost budget for one article")
    except Exception as err:  # one article's failure must not cost the others
        return rejected_reading(record, f"pipeline error: {type(err).__name__}: {err}")


def assemble(
    results: list[ArticleResult],
    rejected: list[articles.Rejection],
    aliases: actors.AliasTable,
    began: float | None = None,
) -> BuildResult:
    """Every article's contribution into one table through the cross-article stage, and the
    report."""
    began = time.perf_counter() if began is None else began
    report = [rejection_report(r) for r in rejected] + [r.report for r in results]
    rows = [row for result in results for row in result.rows]
    table_ = stage.run(rows, names.gather(results), aliases)  # the cross-article stage
    return BuildResult(
        events=table_.sort_values(
            ["start", "article_id", "char_start", "event_id"], na_position="last", kind="stable"
        ).reset_index(drop=True),
        report=pd.DataFrame(report, columns=list(REPORT_COLUMNS)),
        expressions=pd.DataFrame([e for r in results for e in r.expressions]),
        seconds=time.perf_counter() - began,
    )


def build_frame(
    frame: pd.DataFrame,
    rejected: list[articles.Rejection],
    *,
    model=None,
    progress: Progress | None = None,
    aliases: actors.AliasTable | None = None,
    jobs: int | None = 1,
    cache_folder: str | Path | None = None,
) -> BuildResult:
    """Process an article table (already screened) into events and a report, reading in
    `jobs` processes (None: every core for a corpus large enough to gain) and reusing readings
    kept in `cache_folder` (see pipeline/jobs.py)."""
    from . import jobs as jobs_step  # it imports this module

    began = time.perf_counter()
    model = model or nlp.load()
    aliases = aliases if aliases is not None else actors.load_aliases()
    warm_up(model)
    records = [clean_record(r) for r in frame.to_dict("records")]
    results, reused, cache_note = jobs_step.read_all(
        records, aliases, model=model, jobs=jobs, cache_folder=cache_folder, progress=progress
    )
    result = assemble(results, rejected, aliases, began)
    result.reused = reused
    result.cache_note = cache_note
    return result


def build(
    sources: list[str | Path],
    *,
    model=None,
    progress: Progress | None = None,
    aliases: actors.AliasTable | None = None,
    jobs: int | None = 1,
    cache_folder: str | Path | None = None,
) -> BuildResult:
    """Read and process every source; every article in appears in the report."""
    frame, rejected = articles.read_articles(sources)
    return build_frame(
        frame,
        rejected,
        model=model,
        progress=progress,
        aliases=aliases,
        jobs=jobs,
        cache_folder=cache_folder,
    )


def load_or_build(parquet_path: str | Path, articles_dir: str | Path, model=None) -> pd.DataFrame:
    """The saved table when there is one, else a fresh build of the articles (kept in
    memory only)."""
    path = Path(parquet_path)
    if path.exists():
        return table.load_events(path)
    return build([articles_dir], model=model).events
