"""The `reports` column: each source's own account of an event, kept through Parquet."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline import merge, schema, table


def _row(article: str, day: str | None, **extra) -> dict:
    start = pd.Timestamp(day, tz="Asia/Jerusalem") if day else None
    row = {
        "event_id": f"{article}-depart",
        "article_id": article,
        "title": "Delegation leaves",
        "outlet": None,
        "url": None,
        "sentence": "Ron Dermer departed for Cairo late Wednesday.",
        "char_start": 4,
        "char_end": 50,
        "action": "depart for Cairo",
        "actors": ["Ron Dermer"],
        "participants": [{"name": "Ron Dermer", "role": "agent", "kind": "person"}],
        "venue": "Cairo",
        "start": start,
        "end": start + pd.Timedelta(days=1) if day else None,
        "timezone": "Asia/Jerusalem",
        "granularity": "day" if day else "unknown",
        "modality": "happened",
        "date_basis": "expression",
        "expression": "late Wednesday" if day else None,
        "timex_value": None,
        "event_type": "depart",
        "event_class": "happening",
        "position": "body",
        "reported_event": None,
        "explanation": "test",
        "confidence": 0.9,
        "sources": [article],
        "conflict": False,
    }
    row.update(extra)
    return row


def test_schema_documents_reports():
    described = schema.describe().set_index("column")
    assert "reports" in described.index and "source article" in described.loc["reports", "meaning"]


def test_a_row_gets_its_own_report_with_utc_times():
    [own] = schema.conform([_row("a1", "2025-10-01")])["reports"].iloc[0]
    assert own["start"] == pd.Timestamp("2025-09-30T21:00Z") and str(own["start"].tz) == "UTC"
    assert (
        own["outlet"] is None and own["char_start"] == 4 and own["expression"] == "late Wednesday"
    )


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda reports: [], id="no-report"),
        pytest.param(
            lambda reports: [{k: v for k, v in reports[0].items() if k != "sentence"}],
            id="missing-key",
        ),
        pytest.param(lambda reports: [{**reports[0], "actors": []}], id="extra-key"),
        pytest.param(
            lambda reports: [{**reports[0], "article_id": "elsewhere"}], id="not-a-source"
        ),
        pytest.param(lambda reports: [{**reports[0], "start": "2025-10-01"}], id="text-date"),
        pytest.param(
            lambda reports: [{**reports[0], "start": pd.Timestamp("2025-10-01")}], id="naive-date"
        ),
        pytest.param(lambda reports: "a1", id="not-a-list"),
    ],
)
def test_validate_rejects_malformed_reports(damage):
    frame = schema.conform([_row("a1", "2025-10-01")])
    frame.at[0, "reports"] = damage(frame.at[0, "reports"])
    with pytest.raises(schema.SchemaError):
        schema.validate(frame)


def test_merged_reports_survive_parquet(tmp_path):
    events = merge.merge_events(
        schema.conform(
            [
                _row("a1", "2025-10-01"),
                _row("a2", "2025-10-05", char_start=90, outlet="Wire"),
                _row("a3", None, char_start=7, action="arrive in Egypt"),
            ]
        )
    )
    back = table.load_events(table.save_events(events, tmp_path / "events.parquet"))
    assert back["reports"].tolist() == events["reports"].tolist()
    merged_row = back[back["sources"].map(len) == 2].iloc[0]
    assert merged_row["conflict"]
    assert all(
        isinstance(r, dict) and isinstance(r["start"], pd.Timestamp) and str(r["start"].tz) == "UTC"
        for r in merged_row["reports"]
    )
    assert back[back["sources"].map(len) == 1].iloc[0]["reports"][0]["start"] is None


def test_an_empty_table_survives_parquet(tmp_path):
    back = table.load_events(table.save_events(schema.empty_events(), tmp_path / "empty.parquet"))
    assert back.empty and list(back.columns) == list(schema.COLUMN_NAMES)
