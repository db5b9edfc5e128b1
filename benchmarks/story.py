"""Merging and dating on one real multi-day story, against gold written from its reports.

    python -m benchmarks.story [--articles DIR] [--gold FILE] [--rows] [--why]

The story (benchmarks/story/SOURCE.md) is 36 reports of the 2018 Tham Luang cave rescue.
Its gold (benchmarks/story/gold.toml) names the happenings, the day the reports agree on,
the sentence of every report that mentions each one, and the dates outlets disagree on.

The build's rows meet the gold through their reports: a report is linked to a happening
when its sentence holds one of that happening's quotes from the same article. Then, for the
build and, in the same run, for the baseline "same verb" (every report whose row's verb is
in one class, light verbs and verbs of saying excepted as the merge excepts them, in one
group, whatever its date, actors or venue):

- merge precision: of the pairs of linked reports from two articles that one row (group)
  holds, the share that mention one happening; recall: of the pairs of articles that mention
  one happening, the share some row holds together (each through a report linked to it);
- conflicts: a gold disagreement is flagged when a row marked `conflict` (for the baseline,
  a group with two reports whose dates disagree by pipeline.merge.disagree) holds reports from
  two of its accounts; a flag that holds no disagreement's two sides is false;
- key happenings on the right day: a report is on the right day when it is dated to a day or
  finer and its period's middle falls on the gold day on the story's clock. Beside it: the
  report's article's publication day (the build report's label) taken as the date.

A mention no report links to is a happening the build did not read; its count is printed as
coverage, and the pairs above are over what was read.

`--why` reads the rows as the cross-article stage had them before merging and, for every
pair of articles that mention one happening and that no row holds together, says which
test of `pipeline.merge.judge` refused their linked rows: of all their pairs of rows, the
one that passed the most tests.
"""

from __future__ import annotations

import argparse
import csv
import tomllib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import combinations
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from pipeline import actors, articles, build, jobs, merge, nlp
from pipeline.corpus import names, stage

HERE = Path(__file__).resolve().parent / "story"
DEFAULT_ARTICLES = HERE / "articles"
DEFAULT_GOLD = HERE / "gold.toml"
FINE_GRANULARITIES = frozenset(["time", "part-of-day", "day"])


@dataclass(frozen=True)
class Mention:
    article: str
    quote: str


@dataclass(frozen=True)
class Happening:
    id: str
    description: str
    type: str
    participants: tuple[str, ...]
    venue: str
    date: date
    key: bool
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class Account:
    says: str
    articles: frozenset[str]


@dataclass(frozen=True)
class Disagreement:
    happening: str
    what: str
    accounts: tuple[Account, ...]


@dataclass(frozen=True)
class Gold:
    name: str
    timezone: str
    happenings: tuple[Happening, ...]
    disagreements: tuple[Disagreement, ...]


def read_gold(path: Path = DEFAULT_GOLD) -> Gold:
    with open(path, "rb") as handle:
        raw = tomllib.load(handle)
    happenings = tuple(
        Happening(
            h["id"],
            h["description"],
            h["type"],
            tuple(h["participants"]),
            h["venue"],
            date.fromisoformat(h["date"]),
            bool(h["key"]),
            tuple(Mention(m["article"], m["quote"]) for m in h["mentions"]),
        )
        for h in raw["happening"]
    )
    known = {h.id for h in happenings}
    disagreements = []
    for d in raw.get("disagreement", []):
        if d["happening"] not in known:
            raise ValueError(f"{path}: disagreement on unknown happening {d['happening']!r}")
        accounts = tuple(Account(a["says"], frozenset(a["articles"])) for a in d["accounts"])
        disagreements.append(Disagreement(d["happening"], d["what"], accounts))
    return Gold(raw["story"]["name"], raw["story"]["timezone"], happenings, tuple(disagreements))


@dataclass(frozen=True)
class Unit:
    """One report of one row, with the happenings its sentence mentions."""

    row: int
    article: str
    verb: str  # the row's verb class (a row only merges reports of one class)
    report: dict = field(compare=False, hash=False)
    happenings: frozenset[str] = frozenset()


def units_of(table: pd.DataFrame, gold: Gold) -> list[Unit]:
    quotes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for h in gold.happenings:
        for m in h.mentions:
            quotes[m.article].append((m.quote, h.id))
    units = []
    for i, row in enumerate(table.to_dict("records")):
        verb = merge.verb_class(row["action"])
        for report in row["reports"]:
            sentence = report["sentence"] or ""
            linked = frozenset(h for q, h in quotes[report["article_id"]] if q in sentence)
            units.append(Unit(i, report["article_id"], verb, report, linked))
    return units


def _present(value):
    return None if value is None or pd.isna(value) else value


def _comparable(report: dict) -> dict:
    return {**report, "start": _present(report["start"]), "end": _present(report["end"])}


def _conflicting(group: list[Unit]) -> bool:
    return any(
        a.article != b.article and merge.disagree(_comparable(a.report), _comparable(b.report))
        for a, b in combinations(group, 2)
    )


@dataclass(frozen=True)
class MergeScore:
    predicted: int
    correct: int
    gold_pairs: int
    recalled: int
    rows: int  # groups holding linked reports from two articles or more
    one_happening: int  # of those, how many have a happening every linked report mentions
    held: frozenset[tuple[str, str, str]] = frozenset()  # the gold pairs some group holds

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else float("nan")

    @property
    def recall(self) -> float:
        return self.recalled / self.gold_pairs if self.gold_pairs else float("nan")


def gold_pairs(gold: Gold) -> set[tuple[str, str, str]]:
    """(happening, article, article): two articles that mention one happening."""
    pairs = set()
    for h in gold.happenings:
        for a, b in combinations(sorted({m.article for m in h.mentions}), 2):
            pairs.add((h.id, a, b))
    return pairs


def score_merge(groups: Iterable[list[Unit]], gold: Gold) -> MergeScore:
    predicted = correct = rows = one = 0
    held: set[tuple[str, str, str]] = set()
    for group in groups:
        linked = [u for u in group if u.happenings]
        if len({u.article for u in linked}) >= 2:
            rows += 1
            one += bool(frozenset.intersection(*(u.happenings for u in linked)))
        for a, b in combinations(linked, 2):
            if a.article == b.article:
                continue
            predicted += 1
            common = a.happenings & b.happenings
            correct += bool(common)
            first, second = sorted((a.article, b.article))
            held |= {(h, first, second) for h in common}
    wanted = gold_pairs(gold)
    return MergeScore(
        predicted, correct, len(wanted), len(held & wanted), rows, one, frozenset(held & wanted)
    )


@dataclass(frozen=True)
class ConflictScore:
    flagged: tuple[str, ...]
    missed: tuple[str, ...]
    false: int  # conflicting groups that hold no disagreement's two sides
    false_groups: tuple[int, ...] = ()  # their places in the list scored


def _label(d: Disagreement) -> str:
    return f"{d.happening}: {d.what}"


def score_conflicts(groups: list[tuple[list[Unit], bool]], gold: Gold) -> ConflictScore:
    flagged, true_groups = [], set()
    for d in gold.disagreements:
        hit = False
        for number, (group, conflict) in enumerate(groups):
            if not conflict:
                continue
            sides = {
                i
                for u in group
                if d.happening in u.happenings
                for i, account in enumerate(d.accounts)
                if u.article in account.articles
            }
            if len(sides) >= 2:
                hit = True
                true_groups.add(number)
        if hit:
            flagged.append(_label(d))
    missed = tuple(_label(d) for d in gold.disagreements if _label(d) not in flagged)
    false = tuple(n for n, (_, c) in enumerate(groups) if c and n not in true_groups)
    return ConflictScore(tuple(flagged), missed, len(false), false)


def gold_day(day: date, zone: str) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(), ZoneInfo(zone))
    return start, start + timedelta(days=1)


def on_day(report: dict, day: date, zone: str) -> bool:
    """Dated to a day or finer, with the middle of its period on the gold day."""
    start, end = _present(report["start"]), _present(report["end"])
    if start is None or end is None or report["granularity"] not in FINE_GRANULARITIES:
        return False
    middle = pd.Timestamp(start) + (pd.Timestamp(end) - pd.Timestamp(start)) / 2
    first, last = gold_day(day, zone)
    return pd.Timestamp(first) <= middle < pd.Timestamp(last)


@dataclass(frozen=True)
class DayScore:
    happenings: int
    found: int  # key happenings some report links to
    right: int  # key happenings with a linked report on the right day
    reports: int  # (article, happening) mentions read
    reports_right: int


def score_days(units: list[Unit], gold: Gold, dated_right) -> DayScore:
    keys = [h for h in gold.happenings if h.key]
    found = right = reports = reports_right = 0
    for h in keys:
        linked = [u for u in units if h.id in u.happenings]
        found += bool(linked)
        by_article: dict[str, bool] = {}
        for u in linked:
            by_article[u.article] = by_article.get(u.article, False) or dated_right(u, h)
        right += any(by_article.values())
        reports += len(by_article)
        reports_right += sum(by_article.values())
    return DayScore(len(keys), found, right, reports, reports_right)


def write_errors(path: Path, units: list[Unit], gold: Gold) -> None:
    """One line per report linked to a key happening and not dated to its day: what it said."""
    zone = ZoneInfo(gold.timezone)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, delimiter="\t")
        out.writerow(
            ["happening", "gold_day", "article", "start_local", "granularity", "basis",
             "expression", "sentence"]
        )  # fmt: skip
        for h in (h for h in gold.happenings if h.key):
            for u in units:
                if h.id in u.happenings and not on_day(u.report, h.date, gold.timezone):
                    start = _present(u.report["start"])
                    out.writerow(
                        [
                            h.id,
                            h.date.isoformat(),
                            u.article,
                            pd.Timestamp(start).tz_convert(zone).isoformat() if start else "",
                            u.report["granularity"],
                            u.report["date_basis"],
                            u.report["expression"] or "",
                            " ".join((u.report["sentence"] or "").split()),
                        ]
                    )


def baseline_groups(units: list[Unit]) -> list[list[Unit]]:
    """Same verb class, light verbs apart: every such report in one group."""
    groups: dict[str, list[Unit]] = defaultdict(list)
    for u in units:
        key = u.verb if u.verb and u.verb not in merge.LIGHT_VERBS else f"row:{u.row}"
        groups[key].append(u)
    return list(groups.values())


def readings(folder: Path, model) -> tuple[build.BuildResult, pd.DataFrame]:
    """The build of a folder, and the rows its cross-article stage read before merging."""
    frame, rejected = articles.read_articles([folder])
    aliases = actors.load_aliases()
    build.warm_up(model)
    records = [build.clean_record(r) for r in frame.to_dict("records")]
    results, _, _ = jobs.read_all(records, aliases, model=model)
    rows = [row for result in results for row in result.rows]
    unmerged = stage.read_rows(rows, names.gather(results), aliases)
    return build.assemble(results, rejected, aliases), unmerged


def why_apart(unmerged: pd.DataFrame, held: set[tuple[str, str, str]], gold: Gold) -> dict:
    """For each gold pair no row holds: the judgement of the pair of its two articles' linked
    rows that passed the most of `merge.judge`'s tests (a pair found alike counts as merged
    elsewhere: closest first and every pair of dates decide that)."""
    quotes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for h in gold.happenings:
        for m in h.mentions:
            quotes[m.article].append((m.quote, h.id))
    linked: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in unmerged.to_dict("records"):
        for report in row["reports"]:
            report.update(start=_present(report["start"]), end=_present(report["end"]))
        for quote, happening in quotes[row["article_id"]]:
            if quote in (row["sentence"] or ""):
                linked[(happening, row["article_id"])].append(row)
    reasons: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for happening, a, b in sorted(gold_pairs(gold) - held):
        best, example = -1, ""
        for ra in linked[(happening, a)]:
            for rb in linked[(happening, b)]:
                _, reason = merge.judge(ra, rb)
                rank = merge.JUDGEMENTS.index(reason)
                if rank > best:
                    best, example = rank, f"{ra['action']!r} / {rb['action']!r}"
        label = merge.JUDGEMENTS[best] if best >= 0 else "a side has no linked row"
        reasons[label].append((happening, a, b, example))
    return reasons


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--rows", action="store_true", help="print every merged row's reports")
    parser.add_argument(
        "--errors", type=Path, help="write every report of a key happening off its day as TSV"
    )
    parser.add_argument(
        "--why", action="store_true", help="say why each gold pair no row holds stayed apart"
    )
    args = parser.parse_args(argv)
    gold = read_gold(args.gold)
    result, unmerged = readings(args.articles, nlp.load())
    table = result.events
    units = units_of(table, gold)
    published = dict(zip(result.report["article_id"], result.report["published"], strict=True))

    ours_groups: dict[int, list[Unit]] = defaultdict(list)
    for u in units:
        ours_groups[u.row].append(u)
    conflicts = table["conflict"].tolist()
    ours = list(ours_groups.values())
    base = baseline_groups(units)

    mentions = {(m.article, h.id) for h in gold.happenings for m in h.mentions}
    read = {(u.article, h) for u in units for h in u.happenings}
    print(
        f"{gold.name}: {len(result.processed)} reports processed, {len(result.rejected)} "
        f"rejected; {len(table)} rows, {sum(len(s) > 1 for s in table['sources'])} merging "
        f"two reports or more; {len(gold.happenings)} gold happenings, {len(mentions)} "
        f"report mentions, read: {len(read & mentions)}/{len(mentions)}"
    )
    for row in result.rejected.itertuples():
        print(f"  rejected {row.article_id!r}: {row.reason!r}")

    scores = {"pipeline": score_merge(ours, gold), "baseline: same verb": score_merge(base, gold)}
    print("merge (pairs of reports from two articles)")
    for name, s in scores.items():
        print(
            f"  {name:<22} precision {s.precision:.3f} ({s.correct}/{s.predicted})  "
            f"recall {s.recall:.3f} ({s.recalled}/{s.gold_pairs})  rows holding two "
            f"articles' linked reports: {s.rows}, of one happening: {s.one_happening}"
        )

    flags = {
        "pipeline": score_conflicts([(g, bool(conflicts[g[0].row])) for g in ours], gold),
        "baseline: same verb": score_conflicts([(g, _conflicting(g)) for g in base], gold),
    }
    print(f"conflicts ({len(gold.disagreements)} gold disagreements)")
    for name, c in flags.items():
        print(
            f"  {name:<22} flagged {len(c.flagged)}/{len(gold.disagreements)}  "
            f"missed {len(c.missed)}  false {c.false}"
        )
    for label in flags["pipeline"].missed:
        print(f"    missed by the pipeline: {label}")
    for number in flags["pipeline"].false_groups:
        group = ours[number]
        told = "; ".join(
            f"{u.article} {u.report['expression'] or 'by publication'!r}"
            f"{' ' + ','.join(sorted(u.happenings)) if u.happenings else ''}"
            for u in group
        )
        print(f"    false flag by the pipeline: {table.iloc[group[0].row]['action']!r}: {told}")

    days = {
        "pipeline": score_days(units, gold, lambda u, h: on_day(u.report, h.date, gold.timezone)),
        "baseline: publication": score_days(
            units, gold, lambda u, h: published.get(u.article) == h.date.isoformat()
        ),
    }
    print("key happenings on the right day")
    for name, d in days.items():
        print(
            f"  {name:<22} happenings {d.right}/{d.happenings} (read {d.found})  "
            f"reports {d.reports_right}/{d.reports}"
        )
    for h in (h for h in gold.happenings if h.key):
        linked = [u for u in units if h.id in u.happenings]
        right = {u.article for u in linked if on_day(u.report, h.date, gold.timezone)}
        print(
            f"    {h.id:<18} {h.date}  reports on the day {len(right)}/"
            f"{len({u.article for u in linked})} read of {len({m.article for m in h.mentions})}"
        )
    if args.errors:
        write_errors(args.errors, units, gold)
    if args.why:
        print("why gold pairs stayed apart (pairs: happening, article, article; rows' actions)")
        apart = why_apart(unmerged, set(scores["pipeline"].held), gold)
        for reason, found in sorted(apart.items(), key=lambda r: -len(r[1])):
            print(f"  {len(found):>4}  {reason}")
            for happening, a, b, example in found:
                print(f"          {happening}: {a} / {b}: {example}")
    if args.rows:
        for group in ours:
            if len({u.article for u in group}) > 1:
                merged = table.iloc[group[0].row]
                print(
                    f"  row {merged['action']!r} conflict={merged['conflict']}: "
                    + "; ".join(f"{u.article}:{sorted(u.happenings)}" for u in group)
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
