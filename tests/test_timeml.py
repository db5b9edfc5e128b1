"""TimeML in and out: the offsets the TempEval scores depend on, and output other tools can read."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest

from pipeline import timeml

TEMPEVAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "tempeval3"
TRAIN = TEMPEVAL / "train"
needs_tempeval = pytest.mark.skipif(
    not TRAIN.exists(),
    reason=f"{TRAIN} is absent: TempEval-3 data lives in ../shared beside the checkout",
)

SMALL = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" \
value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>
AT&amp;T <EVENT eid="e1" class="OCCURRENCE">said</EVENT> on \
<TIMEX3 tid="t9" type="DATE" value="1998-01-07">Wednesday</TIMEX3> that profits &lt;rose&gt; \
<SIGNAL sid="s1">after</SIGNAL> \
<TIMEX3 tid="t10" type="DURATION" value="P2Y" mod="MORE_THAN">more than two years</TIMEX3>.
</TEXT>
<TLINK lid="l1" relType="BEFORE" eventInstanceID="ei1" relatedToTime="t9"/>
</TimeML>
"""


def span(text: str, part: str, **attrs):
    start = text.index(part)
    return SimpleNamespace(
        start_char=start,
        end_char=start + len(part),
        **{"type": "DATE", "value": "1998-01-07", "mod": None, **attrs},
    )


def test_reads_plain_text_offsets_and_gold():
    doc = timeml.read(SMALL)
    assert doc.docid == "TEST001" and doc.dct == "1998-01-08"
    assert doc.text.startswith(
        "\nAT&T said on Wednesday that profits <rose> after more than two years."
    )
    wed, dur = doc.timexes
    assert doc.text[wed.start : wed.end] == wed.text == "Wednesday"
    assert (wed.tid, wed.type, wed.value, wed.mod) == ("t9", "DATE", "1998-01-07", None)
    assert doc.text[dur.start : dur.end] == "more than two years" and dur.mod == "MORE_THAN"


def test_write_replaces_gold_keeps_everything_else_and_reads_back():
    doc = timeml.read(SMALL)
    mine = [
        span(doc.text, "Wednesday", value="1998-01-07"),
        span(
            doc.text, "profits <rose", type="DATE", value='x"&<'
        ),  # escaping in text and attribute
        span(doc.text, "two years", type="DURATION", value="P2Y", mod="EQUAL_OR_LESS"),
    ]
    out, skipped = timeml.write(doc, mine)
    ET.fromstring(out)  # well-formed
    assert skipped == []
    assert out.split("<TEXT>")[0] == SMALL.split("<TEXT>")[0]  # DOCID, DCT untouched
    assert out.split("</TEXT>")[1] == SMALL.split("</TEXT>")[1]  # links untouched
    assert (
        '<EVENT eid="e1" class="OCCURRENCE">said</EVENT>' in out
        and '<SIGNAL sid="s1">after</SIGNAL>' in out
    )
    assert 'tid="t9"' not in out and 'tid="t10"' not in out
    assert "AT&amp;T" in out and 'value="x&quot;&amp;&lt;">profits &lt;rose</TIMEX3>&gt;' in out
    back = timeml.read(out)
    assert back.text == doc.text and back.dct == doc.dct
    got = [(t.tid, t.text, t.type, t.value, t.mod) for t in back.timexes]
    assert got == [
        ("t1", "Wednesday", "DATE", "1998-01-07", None),
        ("t2", "profits <rose", "DATE", 'x"&<', None),
        ("t3", "two years", "DURATION", "P2Y", "EQUAL_OR_LESS"),
    ]
    for t in back.timexes:
        assert back.text[t.start : t.end] == t.text


def test_write_skips_crossing_spans_and_keeps_outer_of_nested():
    doc = timeml.read(SMALL)
    for crossing in (
        span(doc.text, "T sa"),
        span(doc.text, "id on"),
    ):  # one end inside <EVENT>said</EVENT>
        out, skipped = timeml.write(doc, [crossing])
        assert skipped == [crossing] and timeml.read(out).timexes == []
    outer = span(doc.text, "said on Wednesday")  # contains the whole EVENT: fine
    inner = span(doc.text, "Wednesday")
    touching = span(doc.text, "after more")  # contains the SIGNAL
    out, skipped = timeml.write(doc, [inner, outer, touching])
    assert skipped == []
    back = timeml.read(out)
    assert [t.text for t in back.timexes] == ["said on Wednesday", "after more"]
    assert (
        '<TIMEX3 tid="t1" type="DATE" value="1998-01-07"><EVENT eid="e1" '
        'class="OCCURRENCE">said</EVENT> on Wednesday</TIMEX3>' in out
    )
    assert (
        '<TIMEX3 tid="t2" type="DATE" value="1998-01-07"><SIGNAL sid="s1">after</SIGNAL> '
        "more</TIMEX3>" in out
    )


def test_an_expression_without_a_value_is_not_written_and_does_not_hide_one_inside_it():
    doc = timeml.read(SMALL)
    unread = span(doc.text, "said on Wednesday", value=None)
    inner = span(doc.text, "Wednesday")
    out, skipped = timeml.write(doc, [unread, inner])
    assert skipped == []
    assert [(t.text, t.value) for t in timeml.read(out).timexes] == [("Wednesday", "1998-01-07")]
    assert "<TIMEX3" not in out.split("<TEXT>")[1].replace(
        '<TIMEX3 tid="t1" type="DATE" value="1998-01-07">Wednesday', ""
    )


def test_exact_event_span_nests_inside_the_timex():
    doc = timeml.read(SMALL)
    out, skipped = timeml.write(doc, [span(doc.text, "said")])
    assert not skipped
    assert (
        '<TIMEX3 tid="t1" type="DATE" value="1998-01-07"><EVENT eid="e1" '
        'class="OCCURRENCE">said</EVENT></TIMEX3>' in out
    )


def test_clock_values_compare_with_or_without_seconds_or_minutes():
    assert timeml.normalise_value("2025-10-07T19:00:00") == timeml.normalise_value(
        "2025-10-07T19:00"
    )
    assert timeml.normalise_value("1989-10-27T24") == timeml.normalise_value("1989-10-27T24:00")
    assert (
        timeml.normalise_value("1989-11-06T17")
        == "1989-11-06T17:00"
        != timeml.normalise_value("1989-11-06T05")
    )
    assert timeml.normalise_value("2025-10-07") == "2025-10-07"
    assert timeml.normalise_value("2025-10-07TEV") == "2025-10-07TEV"


@pytest.mark.parametrize(
    "written, iso",
    [
        ("2000-W6", "2000-W06"),
        ("2000-W6-WE", "2000-W06-WE"),
        ("2000-W06", "2000-W06"),
        ("2000-W41", "2000-W41"),
        ("1989-WXX", "1989-WXX"),
        ("P6W", "P6W"),
    ],
)
def test_one_digit_week_numbers_compare_as_iso_weeks(written, iso):
    assert timeml.normalise_value(written) == iso


def test_malformed_markup_is_refused():
    with pytest.raises(ValueError):
        timeml.read(SMALL.replace("</EVENT>", "", 1))


@needs_tempeval
@pytest.mark.parametrize("corpus, docs, timexes", [("timebank", 183, 1243), ("aquaint", 73, 579)])
def test_tempeval_train_reads_with_one_dct_and_the_documented_counts(corpus, docs, timexes):
    paths = sorted((TRAIN / corpus).glob("*.tml"))
    assert len(paths) == docs
    total = 0
    for path in paths:
        doc = timeml.read_file(path)  # raises unless exactly one DCT
        assert len(doc.dct) >= 10 and doc.docid
        assert all(doc.text[t.start : t.end] == t.text for t in doc.timexes)
        total += len(doc.timexes)
    assert total == timexes


@needs_tempeval
def test_timeml_command_annotates_real_files(model, tmp_path):
    from pipeline.__main__ import run_timeml

    source = tmp_path / "in"
    source.mkdir()
    names = ["ABC19980108.1830.0711.tml", "APW19980807.0261.tml"]
    for name, corpus in zip(
        names, ["timebank", "aquaint"], strict=True
    ):  # read from ../shared, written only to tmp_path
        (source / name).write_text(
            (TRAIN / corpus / name).read_text(encoding="utf-8"), encoding="utf-8"
        )
    out = []
    assert run_timeml(source, tmp_path / "out", model, out=SimpleNamespace(write=out.append)) == 0
    assert out and out[0].startswith("2 of 2 TimeML files written (0 skipped):")
    for name in names:
        original = timeml.read_file(source / name)
        written = tmp_path / "out" / name
        ET.parse(written)
        back = timeml.read_file(written)
        assert back.dct == original.dct and back.text == original.text
        assert all(t.tid != "t0" for t in back.timexes)
    assert any(timeml.read_file(tmp_path / "out" / n).timexes for n in names)


# --- the timeml command on a folder with bad files: skip each with its reason, write the rest --

NESTED = SMALL.replace(
    '<TIMEX3 tid="t9" type="DATE" value="1998-01-07">Wednesday</TIMEX3>',
    '<TIMEX3 tid="t9" type="DATE" value="1998-01-07"><TIMEX3 tid="t8" type="DATE" '
    'value="1998-01-07">Wednesday</TIMEX3></TIMEX3>',
)
NO_DCT = SMALL.replace(SMALL[SMALL.index("<DCT>") : SMALL.index("</DCT>") + 7], "")
BLANK_DCT = SMALL.replace('value="1998-01-08" functionInDocument', "functionInDocument")
WORD_DCT = SMALL.replace('value="1998-01-08"', 'value="PRESENT_REF"', 1)


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("broken.tml", SMALL.replace("</EVENT>", "", 1).encode(), "not well-formed XML"),
        ("nested.tml", NESTED.encode(), "nested TIMEX3"),
        ("no_dct.tml", NO_DCT.encode(), "expected one creation time (DCT TIMEX3), found 0"),
        ("blank_dct.tml", BLANK_DCT.encode(), "creation time (DCT) '' is not a YYYY-MM-DD date"),
        ("word_dct.tml", WORD_DCT.encode(), "'PRESENT_REF' is not a YYYY-MM-DD date"),
        ("latin1.tml", SMALL.replace("AT&amp;T", "Caf\xe9").encode("latin-1"), "not UTF-8 text"),
        ("empty.tml", b"", "empty file"),
        ("blank.tml", b"  \n\n", "empty file"),
    ],
)
def test_timeml_command_skips_a_bad_file_names_it_and_writes_the_others(
    model, tmp_path, name, content, reason
):
    from pipeline.__main__ import TIMEML_SOME_SKIPPED, run_timeml

    source, target = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    (source / "a_good.tml").write_text(SMALL, encoding="utf-8")
    (source / name).write_bytes(content)
    (source / "z_good.tml").write_text(SMALL.replace("TEST001", "TEST002"), encoding="utf-8")
    out, err = [], []
    status = run_timeml(
        source,
        target,
        model,
        out=SimpleNamespace(write=out.append),
        err=SimpleNamespace(write=err.append),
    )
    assert status == TIMEML_SOME_SKIPPED != 0
    assert sorted(p.name for p in target.iterdir()) == ["a_good.tml", "z_good.tml"]
    assert [timeml.read_file(target / n).docid for n in ("a_good.tml", "z_good.tml")] == [
        "TEST001",
        "TEST002",
    ]
    assert len(err) == 1 and err[0].startswith(f"  skipped  {name}: ")
    assert reason in err[0]
    assert out[0].startswith("2 of 3 TimeML files written (1 skipped):")


@pytest.mark.parametrize(
    "name, printed",
    [
        ("red\x1b[31mtext.tml", "red\\x1b[31mtext.tml"),  # a terminal escape sequence
        ("over\rwrite.tml", "over\\rwrite.tml"),  # a carriage return hides what came before
        ("rtl\u202egnp.tml", "rtl\\u202egnp.tml"),  # a bidirectional override reverses text
        (os.fsdecode(b"bytes\xff.tml"), "bytes\\udcff.tml"),  # a name that is not UTF-8
    ],
)
def test_timeml_command_prints_a_skipped_name_with_control_characters_escaped(
    model, tmp_path, name, printed
):
    from pipeline.__main__ import run_timeml

    source = tmp_path / "in"
    source.mkdir()
    (source / name).write_bytes(b"<TimeML>")
    err: list[str] = []
    status = run_timeml(
        source,
        tmp_path / "out",
        model,
        out=SimpleNamespace(write=lambda _: None),
        err=SimpleNamespace(write=err.append),
    )
    assert status != 0
    assert err == [
        f"  skipped  {printed}: not well-formed XML: no element found: line 1, column 8\n"
    ]
    assert all(c.isprintable() for c in err[0].rstrip("\n"))


@pytest.mark.parametrize(
    "files, status",
    [
        ({"a.tml": SMALL.encode()}, 0),
        ({"a.tml": SMALL.encode(), "b.tml": b""}, 3),
        ({"a.tml": b"", "b.tml": NESTED.encode()}, 1),
        ({}, 1),
    ],
)
def test_timeml_command_exit_status_says_whether_files_were_skipped(
    model, tmp_path, files, status, capsys
):
    from pipeline.__main__ import main

    source = tmp_path / "in"
    source.mkdir()
    for name, content in files.items():
        (source / name).write_bytes(content)
    assert main(["timeml", str(source), "-o", str(tmp_path / "out")]) == status
    printed = capsys.readouterr()
    assert printed.err.count("skipped  ") == sum(1 for c in files.values() if c != SMALL.encode())
