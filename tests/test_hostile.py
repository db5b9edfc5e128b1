"""Faults and hostile input: nothing is lost, nothing from an article runs, every refusal is
explained. Each case says what the user sees (the report line, the exit status, the table
still at its address) and that every other article is still read."""

from __future__ import annotations

import errno
import os
import re
import sys
from pathlib import Path

import pandas as pd
import pytest
from sample_events import sample_events

from pipeline import output, table
from pipeline.__main__ import main

PROSE = (
    "Negotiators met in Cairo on Tuesday and agreed to resume the talks. "
    "The delegation will return to Doha next week."
)


def _article(folder: Path, name: str, body: str = PROSE, published: str = "2025-10-08") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    path.write_text(f"---\nid: {name}\npublished: {published}\n---\n{body}\n", encoding="utf-8")
    return path


def _old_table(path: Path) -> pd.DataFrame:
    """A table from an earlier build at `path`, to check it survives."""
    events = sample_events()
    table.save_events(events, path)
    return table.load_events(path)


# --- 1. output safety ------------------------------------------------------------------------


def _foreign_folder(tmp: Path) -> tuple[list[str], Path, Path]:
    mine = tmp / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my notes", encoding="utf-8")
    return [str(_article(tmp / "articles", "good").parent)], mine, mine / "notes.txt"


def _the_source_folder(tmp: Path) -> tuple[list[str], Path, Path]:
    source = _article(tmp / "articles", "good").parent
    return [str(source)], source, source / "good.txt"


def _inside_the_source(tmp: Path) -> tuple[list[str], Path, Path]:
    source = _article(tmp / "articles", "good").parent
    return [str(source)], source / "events.parquet", source / "good.txt"


def _a_source_file(tmp: Path) -> tuple[list[str], Path, Path]:
    path = _article(tmp / "articles", "good")
    return [str(path)], path, path


@pytest.mark.parametrize(
    ("setup", "says"),
    [
        (_foreign_folder, "is an existing folder that holds no table this build wrote"),
        (_the_source_folder, "is a source of this build"),
        (_inside_the_source, "is inside the source folder"),
        (_a_source_file, "is a source of this build"),
    ],
    ids=["existing-folder", "source-folder", "inside-source", "source-file"],
)
def test_an_output_that_would_destroy_user_files_is_refused_in_one_line(
    tmp_path, capsys, model, setup, says
):
    sources, out, kept = setup(tmp_path)
    before = kept.read_bytes()
    assert main(["build", *sources, "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("refused: ") and says in err[0]
    assert kept.read_bytes() == before


def _report_over_a_source(tmp: Path) -> tuple[list[str], Path, Path, str]:
    path = _article(tmp / "articles", "good")
    return [str(path.parent)], tmp / "events.parquet", path, str(path)


def _report_inside_a_source(tmp: Path) -> tuple[list[str], Path, Path, str]:
    path = _article(tmp / "articles", "good")
    return [str(path.parent)], tmp / "events.parquet", path, str(path.parent / "report.csv")


def _report_over_the_table(tmp: Path) -> tuple[list[str], Path, Path, str]:
    path = _article(tmp / "articles", "good")
    return [str(path.parent)], tmp / "events.parquet", path, str(tmp / "events.parquet")


@pytest.mark.parametrize(
    ("setup", "says"),
    [
        (_report_over_a_source, "would overwrite or join the source"),
        (_report_inside_a_source, "would overwrite or join the source"),
        (_report_over_the_table, "would be the table"),
    ],
    ids=["over-a-source", "inside-a-source", "over-the-table"],
)
def test_a_report_that_would_destroy_user_files_is_refused_in_one_line(
    tmp_path, capsys, model, setup, says
):
    sources, out, kept, report = setup(tmp_path)
    before = kept.read_bytes()
    assert main(["build", *sources, "-o", str(out), "--report", report]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("refused: the report") and says in err[0]
    assert kept.read_bytes() == before and not out.exists()


def test_a_folder_the_dask_engine_wrote_is_replaced_by_a_file_table(tmp_path, model):
    from pipeline import dataset

    folder = tmp_path / "events.parquet"
    old = _old_table(tmp_path / "old.parquet")
    dataset.write_part(old, folder, "part-0")
    assert output.is_table_folder(folder)
    assert (
        main(["build", str(_article(tmp_path / "articles", "good").parent), "-o", str(folder)]) == 0
    )
    assert folder.is_file() and set(table.load_events(folder)["article_id"]) == {"good"}


@pytest.mark.parametrize("old_kind", ["file", "folder"])
@pytest.mark.parametrize("new_kind", ["file", "folder"])
def test_the_old_table_is_at_its_address_at_every_step_of_the_replace(tmp_path, old_kind, new_kind):
    """Every rename, removal and system call of the replace sees a table at the address."""
    from pipeline import dataset

    events = _old_table(tmp_path / "seed.parquet")
    target, built = tmp_path / "events.parquet", tmp_path / ".events.parquet.new"
    for path, kind in ((target, old_kind), (built, new_kind)):
        if kind == "file":
            table.save_events(events, path)
        else:
            dataset.write_part(events, path, "part-0")
    seen: list[tuple[str, bool]] = []
    watching = [True]

    def hook(event: str, _args) -> None:
        if watching[0] and event in ("os.rename", "os.remove", "shutil.rmtree", "os.rmdir"):
            seen.append((event, target.exists()))

    sys.addaudithook(hook)
    try:
        dataset.replace(built, target)
    finally:
        watching[0] = False
    assert seen and all(present for _, present in seen), seen
    assert target.exists() and not built.exists()
    assert len(table.load_events(target)) == len(events)


def test_leftovers_of_a_killed_build_are_removed_by_the_next_and_a_running_one_is_kept(
    tmp_path, model
):
    out = tmp_path / "events.parquet"
    dead = 2**22 + 12345  # beyond the default pid range: no process has it
    stale_file = tmp_path / f".events.parquet.partial-{dead}-0123abcd"
    stale_file.write_bytes(b"half a table")
    stale_dir = tmp_path / f".events.parquet.building-{dead}-89abcdef"
    (stale_dir / "month=2025-10").mkdir(parents=True)
    running = tmp_path / f".events.parquet.partial-{os.getpid()}-00000000"
    running.write_bytes(b"a build still writing")
    assert main(["build", str(_article(tmp_path / "articles", "good").parent), "-o", str(out)]) == 0
    assert not stale_file.exists() and not stale_dir.exists()
    assert running.exists()
    assert out.is_file()


# --- 2. screening by what text is; per-record isolation -------------------------------------


def _build(capsys, sources: list[Path], out: Path, *extra: str) -> tuple[int, list[str], str]:
    status = main(["build", *map(str, sources), "-o", str(out), "--no-cache", *extra])
    printed = capsys.readouterr()
    return status, printed.out.splitlines(), printed.err


def _line(lines: list[str], status: str, name: str) -> str:
    found = [line for line in lines if line.startswith(f"  {status:<10} {name}")]
    assert len(found) == 1, (status, name, lines)
    return found[0]


WEB_TEXT = {
    "no-break spaces": "Talks resumed on 9\u00a0October in Cairo.\u00a0" * 30,
    "narrow no-break spaces": "Talks resumed at 9\u202fa.m. on 9\u202fOctober in Cairo. " * 30,
    "soft hyphens": "The nego\u00adtiators met in Cai\u00adro on Tues\u00adday. " * 30,
    "zero-width and direction marks": "The \u200benvoys met \u200e\u200fin Cairo on Tuesday.\u2060 "
    * 30,
    "line separators": "The envoys met in Cairo on Tuesday.\u2028They left.\u2029" * 30,
    "a few stray controls": "The envoys met in Cairo on Tuesday.\x1b " * 10,
}


@pytest.mark.parametrize("body", list(WEB_TEXT.values()), ids=list(WEB_TEXT))
def test_web_text_is_read_and_its_evidence_is_kept_as_captured(tmp_path, capsys, model, body):
    folder = tmp_path / "articles"
    _article(folder, "web", body)
    _article(folder, "plain")
    status, lines, _ = _build(capsys, [folder], tmp_path / "events.parquet")
    assert status == 0
    assert "events" in _line(lines, "processed", "web") and _line(lines, "processed", "plain")
    events = table.load_events(tmp_path / "events.parquet")
    web = events[events["article_id"] == "web"]
    assert len(web)
    text = (folder / "web.txt").read_text(encoding="utf-8").split("---\n", 2)[2]
    for row in web.itertuples():  # the sentence is the article's own, at its own offsets
        assert text[row.char_start : row.char_end] == row.sentence
    dated = web[web["date_basis"] == "expression"]
    assert len(dated) and all(row.expression in row.sentence for row in dated.itertuples())


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("The envoys met.\x00\x00\x00 " * 20, "binary data (NUL bytes)"),
        ("".join(chr(c) for c in range(1, 9)) * 40 + PROSE, "binary data (320 control"),
    ],
    ids=["nul-bytes", "control-characters"],
)
def test_only_real_binary_is_refused(tmp_path, capsys, model, body, says):
    folder = tmp_path / "articles"
    (folder).mkdir()
    (folder / "blob.txt").write_bytes(("---\nid: blob\n---\n" + body).encode("utf-8"))
    _article(folder, "plain")
    status, lines, _ = _build(capsys, [folder], tmp_path / "events.parquet")
    assert status == 0 and says in _line(lines, "rejected", "blob")
    _line(lines, "processed", "plain")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr-only"])
def test_any_line_ending_keeps_the_front_matter(tmp_path, capsys, model, newline):
    folder = tmp_path / "articles"
    folder.mkdir()
    lines = ["---", "id: ends", "published: 2025-10-08", "---", PROSE, "They left."]
    (folder / "ends.txt").write_bytes(newline.join(lines).encode("utf-8"))
    status, out, _ = _build(capsys, [folder], tmp_path / "events.parquet")
    assert status == 0 and "published 2025-10-08" in _line(out, "processed", "ends")


def _jsonl_line(article_id: str, text: str = PROSE) -> bytes:
    import json

    item = {"id": article_id, "published": "2025-10-08", "text": text}
    return json.dumps(item).encode("utf-8")


BAD_JSONL_LINES = {
    "invalid JSON": (b'{"id": "x", "text": ', "malformed JSON"),
    "lone surrogate escape": (
        b'{"id": "s", "published": "2025-10-08", '
        b'"text": "Talks \\ud800 resumed in Cairo on Tuesday."}',
        "holds a lone surrogate escape",
    ),
    "nested past the bound": (
        b'{"id": "n", "text": "Talks", "tags": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
        "nested deeper than",
    ),
    "another encoding": (
        b'{"id": "l", "text": "Caf\xe9 talks resumed in Cairo on Tuesday."}',
        "not UTF-8 text",
    ),
    "not an article": (b'["a list"]', "a JSON object with a text field is needed"),
}


@pytest.mark.parametrize(
    ("line", "says"), list(BAD_JSONL_LINES.values()), ids=list(BAD_JSONL_LINES)
)
def test_a_bad_jsonl_line_is_rejected_with_its_line_and_every_other_line_is_read(
    tmp_path, capsys, model, line, says
):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "feed.jsonl").write_bytes(
        b"\n".join([_jsonl_line("first"), line, _jsonl_line("third")]) + b"\n"
    )
    status, out, _ = _build(capsys, [folder], tmp_path / "events.parquet")
    assert status == 0
    rejected = _line(out, "rejected", "feed.jsonl:2")
    assert f"[{folder / 'feed.jsonl'}:2]" in rejected and says in rejected
    _line(out, "processed", "first"), _line(out, "processed", "third")
    assert "2 processed, 1 rejected" in out[0]


BAD_CSV_ROWS = {
    "another encoding": ("latin,2025-10-08,Caf\xe9 talks resumed in Cairo.", "not UTF-8 text"),
    "over the csv module's field limit": (
        'huge,2025-10-08,"' + "word " * 60_000 + '"',
        "over the size limit",
    ),
    "a missing column": ("short,2025-10-08", "empty: the article has no text"),
    "an extra column": ("long,2025-10-08,Talks,resumed", "the row has 4 fields, the header 3"),
}


@pytest.mark.parametrize(("row", "says"), list(BAD_CSV_ROWS.values()), ids=list(BAD_CSV_ROWS))
def test_a_bad_csv_row_is_rejected_with_its_line_and_every_other_row_is_read(
    tmp_path, capsys, model, row, says
):
    folder = tmp_path / "articles"
    folder.mkdir()
    rows = ["id,published,text", f"first,2025-10-08,{PROSE}", row, f"third,2025-10-08,{PROSE}"]
    encoded = [r.encode("latin-1" if "\xe9" in r else "utf-8") for r in rows]
    (folder / "feed.csv").write_bytes(b"\r\n".join(encoded) + b"\r\n")
    status, out, _ = _build(capsys, [folder], tmp_path / "events.parquet")
    assert status == 0
    name = row.split(",")[0]
    bad = [line for line in out if "feed.csv:3]" in line]
    assert len(bad) == 1 and says in bad[0] and bad[0].startswith("  rejected"), out
    assert name in bad[0] or "feed.csv:3" in bad[0]
    _line(out, "processed", "first"), _line(out, "processed", "third")


def test_a_dangling_link_and_a_fifo_in_the_folder_are_reported(tmp_path, capsys, model):
    folder = tmp_path / "articles"
    _article(folder, "good")
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(folder / "pipe.txt")
    status, out, _ = _build(capsys, [folder], tmp_path / "events.parquet")
    assert status == 0
    assert "broken link" in _line(out, "rejected", "gone.txt")
    assert "not a regular file" in _line(out, "rejected", "pipe.txt")
    _line(out, "processed", "good")


# --- 3. the reading cache is data, checked on the way in ------------------------------------


def _three(tmp: Path) -> Path:
    folder = tmp / "articles"
    for i in range(3):
        _article(folder, f"a{i}", f"{PROSE} Story {i}.", f"2025-10-0{i + 6}")
    return folder


class _Runs:
    """Unpickling this creates a file: proof that a cache entry ran as code."""

    def __init__(self, proof: Path):
        self.proof = proof

    def __reduce__(self):
        return (Path.touch, (self.proof,))


def _edit_entry(change):
    def edit(path: Path, proof: Path) -> None:
        import json

        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data), encoding="utf-8")

    return edit


def _write(content):
    return lambda path, proof: path.write_bytes(content(proof))


DAMAGED_ENTRIES = {
    "a field missing (an older layout)": _edit_entry(lambda d: d.pop("acronyms")),
    "an extra field (a newer layout)": _edit_entry(lambda d: d.update(tone="grim")),
    "another settings digest": _edit_entry(lambda d: d.update(settings="0" * 24)),
    "another article's reading": _edit_entry(lambda d: d.update(article_id="a9")),
    "a report field missing": _edit_entry(lambda d: d["report"].pop("events")),
    "an unknown tag": _edit_entry(lambda d: d.update(rows=[{"$code": ["os.system"]}])),
    "garbage": _write(lambda proof: os.urandom(256)),
    "truncated": _write(lambda proof: b'{"format": "reading/1", "rows": [{"sent'),
    "nested past the interpreter's stack": _write(lambda proof: b"[" * 100_000),
    "a pickle that runs code": _write(
        lambda proof: __import__("pickle").dumps(_Runs(proof), protocol=2)
    ),
}


@pytest.mark.parametrize("damage", list(DAMAGED_ENTRIES.values()), ids=list(DAMAGED_ENTRIES))
def test_a_damaged_or_foreign_cache_entry_is_a_miss_never_a_crash_or_code(tmp_path, model, damage):
    from pipeline import build

    folder, kept, proof = _three(tmp_path), tmp_path / "cache", tmp_path / "ran"
    first = build.build([folder], model=model, cache_folder=kept)
    entries = sorted(kept.rglob("*.json"))
    assert len(entries) == 3
    damage(entries[0], proof)
    second = build.build([folder], model=model, cache_folder=kept)
    assert second.reused == 2 and len(second.processed) == 3
    pd.testing.assert_frame_equal(first.events, second.events)
    assert not proof.exists()
    assert build.build([folder], model=model, cache_folder=kept).reused == 3  # written again


def _append(relative: str, text: str):
    def change(package: Path) -> None:
        path = package / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)

    return change


PACKAGE_EDITS = {
    "a module edited": (_append("events.py", "\n# edited\n"), True),
    "a lexicon row added in a sub-package": (_append("dates/lexicon.tsv", "month\tsept\n"), True),
    "a rule table edited": (_append("dates/rules.json", "{}"), True),
    "a settings file added": (_append("language/en.toml", "x = 1\n"), True),
    "an alias table inside the package": (_append("aliases.csv", "actor,bibi,B\n"), True),
    "a note beside the code": (_append("NOTES.md", "a note\n"), False),
    "compiled bytecode": (_append("__pycache__/events.cpython-311.pyc", "\x00"), False),
}


@pytest.mark.parametrize(("edit", "changes"), list(PACKAGE_EDITS.values()), ids=list(PACKAGE_EDITS))
def test_the_cache_key_follows_every_code_and_data_file_of_the_package(
    tmp_path, model, edit, changes
):
    import shutil

    from pipeline import actors, cache

    package = tmp_path / "pipeline"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    (package / "dates").mkdir(exist_ok=True)
    (package / "dates" / "rules.json").write_text("[]", encoding="utf-8")
    before = cache.settings_key(model, actors.AliasTable(), package)
    cache.source_digest.cache_clear()
    edit(package)
    after = cache.settings_key(model, actors.AliasTable(), package)
    cache.source_digest.cache_clear()
    assert (before != after) is changes


def test_a_cache_that_cannot_be_written_costs_nothing_but_a_line(tmp_path, capsys, model):
    folder, out = _three(tmp_path), tmp_path / "events.parquet"
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder would go", encoding="utf-8")
    status, lines, _ = _build(capsys, [folder], out, "--cache", str(blocked))
    assert status == 0 and "3 processed" in lines[0]
    assert any(line.startswith(f"readings not kept in {blocked}") for line in lines)
    assert len(table.load_events(out))


# --- 4. everything shown or written is inert -------------------------------------------------

MARKUP = {
    "link": '<a href="https://evil.example/">Hamas</a>',
    "bold": "<b>Hamas</b>",
    "line break": "Hamas<br>forged lane",
    "entity": "Hamas &lt;b&gt; &#60;i&#62;",
}
_OWN_TAGS = ("<b>", "</b>", "<br>", "<extra>", "</extra>")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        for item in list(value.tolist() if hasattr(value, "tolist") else value):
            yield from _strings(item)


def _figure_is_inert(figure, marker: str) -> None:
    import re

    strings = list(_strings(figure.to_plotly_json()))
    for text in strings:
        for tag in re.findall(r"<[^>]*>?", text):
            assert tag in _OWN_TAGS, (tag, text)
        for entity in re.findall(r"&[^\s;]*;?", text):
            assert entity in ("&amp;", "&lt;", "&gt;"), (entity, text)
    assert any(marker in text for text in strings), "the hostile name is drawn, escaped"


@pytest.mark.parametrize("drawing", ["detailed", "overview", "density"])
@pytest.mark.parametrize("lane_by", ["actor", "venue", "article"])
@pytest.mark.parametrize("markup", list(MARKUP.values()), ids=list(MARKUP))
def test_no_article_markup_reaches_a_plotly_text_field(monkeypatch, markup, lane_by, drawing):
    from sample_events import sample_rows

    from dashboard import figures
    from pipeline.schema import conform

    if drawing != "detailed":
        monkeypatch.setattr(figures, "DETAIL_LIMIT", 0)
    if drawing == "density":
        monkeypatch.setattr(figures, "DENSITY_FROM", 0)
    rows = sample_rows()
    for row in rows:
        row["actors"] = [markup, *row["actors"]]
        row["venue"], row["title"], row["action"] = markup, markup, markup
    figure = figures.timeline_figure(conform(rows), lane_by=lane_by)
    from dashboard.labels import escape_hover

    _figure_is_inert(figure, escape_hover(markup)[:8])


FORMULAS = ['=HYPERLINK("https://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("cell", FORMULAS, ids=["equals", "plus", "minus", "at", "tab", "cr"])
def test_a_csv_download_cell_a_spreadsheet_would_evaluate_is_neutralised(cell):
    import csv
    import io

    from dashboard.downloads import to_csv

    events = sample_events()
    events.loc[0, "title"] = cell
    events.at[0, "actors"] = [cell]
    rows = list(csv.DictReader(io.StringIO(to_csv(events).decode("utf-8"), newline="")))
    assert rows[0]["title"] == "'" + cell and rows[0]["actors"] == "'" + cell
    assert rows[1]["title"] == events.loc[1, "title"]  # ordinary text untouched
    for row in rows:
        assert all(not v or v[0] not in "=+-@\t\r" for v in row.values()), row


def test_an_icalendar_file_holds_no_control_character_from_an_article():
    import re

    from dashboard.downloads import to_ics

    events = sample_events()
    events["sentence"] = "Talks\x00 resumed\x1b[31m in Cairo\x7f.\x0b"
    events["title"] = "Envoys\x08 meet"
    calendar = to_ics(events, now=pd.Timestamp("2025-10-08T12:00Z").to_pydatetime())
    body = calendar.decode("utf-8").replace("\r\n", "")
    assert not re.search("[\x00-\x08\x0a-\x1f\x7f]", body)
    assert "Talks resumed[31m in Cairo." in body.replace("\\n", "\n").replace(" ", " ")


HOSTILE_NAMES = {
    "a newline forging a report line": "evil\n  processed  forged: 99 events",
    "a terminal escape": "evil\x1b[2J\x1b[31mred",
    "a carriage return overwriting the line": "evil\r  processed  forged",
    "a direction override": "evil\u202etxt.exe",
}


@pytest.mark.parametrize("name", list(HOSTILE_NAMES.values()), ids=list(HOSTILE_NAMES))
def test_report_lines_print_hostile_ids_and_file_names_escaped(tmp_path, capsys, model, name):
    import json

    folder = tmp_path / "articles"
    folder.mkdir()
    lines = [
        json.dumps({"id": name, "published": "2025-10-08", "text": PROSE}),
        json.dumps({"id": name + "-empty", "text": ""}),
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    file_name = name.replace("/", "-") + ".txt"
    (folder / file_name).write_text("not an article of ours\x00", encoding="utf-8")
    status, out, err = _build(capsys, [folder], tmp_path / "events.parquet")
    assert status == 0
    assert len(out) == 1 + 1 + 3 + 1  # summary, reuse line, one line per article, "wrote"
    assert not any("forged" in line and line.startswith("  processed  forged") for line in out)
    printed = "\n".join(out) + err
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202e]", printed.replace("\r[", "["))
    assert sum(line.startswith("  processed  evil") for line in out) == 1
    assert sum(line.startswith("  rejected   evil") for line in out) == 2


# --- 5. one line for every environmental failure --------------------------------------------


def _refusing(code: int, message: str):
    def write_table(*args, **kwargs):
        raise OSError(code, message, str(args[1]) if len(args) > 1 else None)

    return write_table


ENVIRONMENT = {
    "disk full": (errno.ENOSPC, "No space left on device", "the disk is full"),
    "read-only": (errno.EROFS, "Read-only file system", "the file system is read-only"),
    "permission denied": (errno.EACCES, "Permission denied", "permission denied"),
}


@pytest.mark.parametrize(
    ("code", "message", "says"), list(ENVIRONMENT.values()), ids=list(ENVIRONMENT)
)
def test_a_write_the_system_refuses_is_one_line_and_the_old_table_stays(
    tmp_path, capsys, model, monkeypatch, code, message, says
):
    import pyarrow.parquet as pq

    out = tmp_path / "events.parquet"
    old = _old_table(out)
    monkeypatch.setattr(pq, "write_table", _refusing(code, message))
    status, _, err = _build(capsys, [_article(tmp_path / "articles", "good").parent], out)
    assert status == 2
    failures = [line for line in err.splitlines() if line.startswith("cannot write")]
    assert len(failures) == 1
    assert says in failures[0] and failures[0].endswith(f"the previous table at {out} is intact")
    pd.testing.assert_frame_equal(table.load_events(out), old)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_output_whose_parent_is_a_file_is_one_line(tmp_path, capsys, model):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    out = tmp_path / "notes.txt" / "events.parquet"
    status, _, err = _build(capsys, [_article(tmp_path / "articles", "good").parent], out)
    assert status == 2
    failures = [line for line in err.splitlines() if line.startswith("cannot write")]
    assert len(failures) == 1 and "a folder on the way to it is a file" in failures[0]
    assert failures[0].endswith(f"nothing was written at {out}")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_the_report_is_written_when_no_article_could_be_processed(tmp_path, capsys, model):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "empty.txt").write_text("---\nid: empty\n---\n", encoding="utf-8")
    out, report = tmp_path / "events.parquet", tmp_path / "report.csv"
    status, _, err = _build(capsys, [folder], out, "--report", str(report))
    assert status == 1 and "was not written" in err and not out.exists()
    rows = pd.read_csv(report)
    assert list(rows["article_id"]) == ["empty"] and list(rows["status"]) == ["rejected"]


# --- 6. bounded cost per article -------------------------------------------------------------

SHAPES = {
    "10,000 unspaced brackets": ("(" * 5000 + ")" * 5000, "without a space left unread"),
    "a 100,000-token sentence": ("and " * 100_000, "over the size limit"),
    "a list of dates in one sentence": (
        "Talks were held on " + ", and on ".join(f"{d % 28 + 1} October" for d in range(400)),
        "read in pieces of 250 words",
    ),
}


@pytest.mark.parametrize(("core", "says"), list(SHAPES.values()), ids=list(SHAPES))
def test_a_pathological_shape_is_defused_or_refused_with_the_reason(
    tmp_path, capsys, model, core, says
):
    folder = tmp_path / "articles"
    _article(folder, "odd", f"{PROSE}\n{core}\n{PROSE}")
    _article(folder, "plain")
    status, out, _ = _build(capsys, [folder], tmp_path / "events.parquet")
    assert status == 0
    odd = [line for line in out if line.startswith(("  processed  odd", "  rejected   odd"))]
    assert len(odd) == 1 and says in odd[0]
    _line(out, "processed", "plain")


def _spins(kind: str):
    """An event extraction that never ends on the article 'slow': a shape nobody foresaw."""
    from pipeline import events

    extract = events.extract

    def run(doc, ctx, found, **kwargs):
        if ctx.article_id == "slow":
            hoard = []
            while True:
                if kind == "memory":
                    hoard.append(bytearray(8 * 2**20))
        return extract(doc, ctx, found, **kwargs)

    return run


@pytest.mark.parametrize("jobs", [1, 2], ids=["in-process", "jobs"])
@pytest.mark.parametrize(
    ("kind", "budget", "says"),
    [
        ("cpu", {"ARTICLE_CPU_SECONDS": 0.5}, "over the cost budget: more than 0.5 s of CPU"),
        ("memory", {"ARTICLE_MEMORY_MB": 200}, "over the cost budget: more than 200 MB of memory"),
    ],
    ids=["cpu", "memory"],
)
def test_an_article_past_its_budget_is_stopped_and_rejected_and_the_others_are_read(
    tmp_path, capsys, model, monkeypatch, jobs, kind, budget, says
):
    from pipeline import events, settings

    for name, value in budget.items():
        monkeypatch.setattr(settings, name, value)
    monkeypatch.setattr(events, "extract", _spins(kind))
    folder = tmp_path / "articles"
    for name in ("first", "slow", "last"):
        _article(folder, name)
    status, out, err = _build(capsys, [folder], tmp_path / "events.parquet", "--jobs", str(jobs))
    assert status == 0, (out, err)
    assert says in _line(out, "rejected", "slow")
    _line(out, "processed", "first"), _line(out, "processed", "last")


def test_the_dask_engine_rejects_an_article_that_kills_its_worker_or_its_budget(
    tmp_path, capsys, monkeypatch
):
    pytest.importorskip("distributed")
    import cloudpickle
    import dask
    from distributed import Client, LocalCluster
    from distributed.diagnostics.plugin import WorkerPlugin

    from pipeline import dask_engine

    class KillsOnTheKiller(WorkerPlugin):
        """Reading the article 'killer' ends the worker process, every time, as a native
        crash or the out-of-memory killer would; reading 'slow' never ends, under a budget of
        half a second."""

        name = "kills-on-the-killer"

        def setup(self, worker):
            from pipeline import build, events, settings

            read = build.process_article

            def process_article(record, doc, aliases):
                if record["article_id"] == "killer":
                    os._exit(9)
                return read(record, doc, aliases)

            build.process_article = process_article
            events.extract = _spins("cpu")
            settings.ARTICLE_CPU_SECONDS = 0.5

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    monkeypatch.setattr(dask_engine, "WORKER_RETURN_S", 120)
    folder = tmp_path / "articles"
    for name in ("first", "killer", "last", "slow", "fourth"):
        _article(folder, name)
    with (
        # no retry, not Dask's three: each worker restart is slow on a loaded machine, and
        # tasks that fail beside the culprit are read again by the engine anyway
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        client.register_plugin(KillsOnTheKiller())
        result = dask_engine.run(client, [folder], tmp_path / "events.parquet", partitions=2)
    report = result.report.set_index("article_id")
    assert report.loc["killer", "status"] == "rejected"
    assert "the worker process reading this article died" in report.loc["killer", "reason"]
    assert "over the cost budget: more than 0.5 s of CPU" in report.loc["slow", "reason"]
    assert (report.drop(index=["killer", "slow"])["status"] == "processed").all(), report[
        ["status", "reason"]
    ].to_dict()
    assert len(report) == 5
    sources = {a for listed in table.load_events(result.path)["sources"] for a in listed}
    assert sources == {"first", "last", "fourth"}  # one report of the same talks each


@pytest.mark.parametrize("cell", FORMULAS[:4], ids=["equals", "plus", "minus", "at"])
def test_the_report_file_holds_no_cell_a_spreadsheet_would_evaluate(tmp_path, capsys, model, cell):
    import csv
    import json

    folder = tmp_path / "articles"
    folder.mkdir()
    lines = [{"id": cell, "published": "2025-10-08", "text": PROSE}, {"id": "x", "text": ""}]
    (folder / "feed.jsonl").write_text("\n".join(map(json.dumps, lines)) + "\n", encoding="utf-8")
    report = tmp_path / "report.csv"
    status, _, _ = _build(capsys, [folder], tmp_path / "events.parquet", "--report", str(report))
    assert status == 0
    with open(report, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["article_id"] for r in rows] == ["x", "'" + cell]


def test_an_uploaded_batch_with_bad_lines_gives_the_page_its_good_articles_and_reasons():
    from dashboard.intake import Upload, read_uploads

    lines = [_jsonl_line("first"), *(line for line, _ in BAD_JSONL_LINES.values())]
    frame, rejected = read_uploads([Upload("feed.jsonl", b"\n".join(lines) + b"\n")])
    assert list(frame["article_id"]) == ["first"]
    reasons = {r.source: r.reason for r in rejected}
    assert sorted(reasons) == [f"feed.jsonl:{n}" for n in range(2, 2 + len(BAD_JSONL_LINES))]
    for (_, says), reason in zip(BAD_JSONL_LINES.values(), reasons.values(), strict=True):
        assert says in reason


@pytest.mark.parametrize("forget", [False, True], ids=["rebuild", "no-cache"])
def test_a_cache_folder_shared_with_other_files_loses_none_of_them(tmp_path, capsys, model, forget):
    folder, out = _three(tmp_path), tmp_path / "events.parquet"
    shared = tmp_path / "data"
    (shared / "notes").mkdir(parents=True)
    (shared / "notes" / "keep.txt").write_text("mine", encoding="utf-8")
    (shared / "keep.txt").write_text("mine too", encoding="utf-8")
    for _ in range(2):
        status, _, _ = _build(capsys, [folder], out, "--cache", str(shared))
        assert status == 0
    if forget:
        assert (
            main(["build", str(folder), "-o", str(out), "--cache", str(shared), "--no-cache"]) == 0
        )
    assert (shared / "notes" / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert (shared / "keep.txt").read_text(encoding="utf-8") == "mine too"


@pytest.mark.parametrize("swallowed", [0, 1, 3], ids=["plain", "swallowed-once", "swallowed-3x"])
def test_the_budget_stops_a_reading_even_when_code_on_the_way_swallows_the_stop(swallowed):
    """A library's bare `except BaseException` once left a Dask worker spinning forever on an
    article past its budget: the stop must keep coming until the reading gives up."""
    import time

    from pipeline import budget

    caught = 0
    with pytest.raises(budget.OverBudget, match="more than 0.2 s of CPU"):
        with budget.guard(cpu_seconds=0.2):
            while True:
                try:
                    while True:
                        sum(range(1000))
                except budget.OverBudget:
                    if caught == swallowed:
                        raise
                    caught += 1
    assert caught == swallowed
    time.sleep(0.6)  # no stop arrives once the block is over


def test_the_budget_stops_only_the_thread_past_it_when_several_read_at_once():
    """A Dask worker reads articles in several threads of one process: the one past its budget
    is stopped with the reason and the others, each inside its own budget, finish."""
    import threading
    import time

    from pipeline import budget

    outcome: dict[str, str] = {}

    def read(name: str, spin_seconds: float) -> None:
        try:
            with budget.guard(cpu_seconds=0.3):
                clock = time.thread_time()
                while time.thread_time() - clock < spin_seconds:
                    sum(range(1000))
            outcome[name] = "finished"
        except budget.OverBudget as err:
            outcome[name] = str(err)

    threads = [
        threading.Thread(target=read, args=(name, spin))
        for name, spin in [("slow", 60.0), ("quick", 0.05), ("second quick", 0.1)]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert outcome == {
        "slow": "over the cost budget: more than 0.3 s of CPU for one article",
        "quick": "finished",
        "second quick": "finished",
    }
