"""A small hand-made event table shaped like the pipeline's output.

It lets the view be developed and tested without spaCy or a build: the rows cover what the
dashboard must handle (several actors, a clock time, a day in another time zone, a month,
a week, an event with no venue, one with no actor, one undated, one far in the past).
"""

from __future__ import annotations

from pipeline.schema import conform

_BASE = {
    "title": "Negotiators head to Egypt for Gaza ceasefire talks",
    "outlet": "Example Wire",
    "url": "https://example.org/news/gaza-talks",
    "char_start": 0,
    "char_end": 10,
    "modality": "happened",
    "date_basis": "expression",
    "confidence": 0.8,
    "conflict": False,
    "timex_value": None,
}


def _row(event_id, article_id, sentence, action, actors, venue, start, end, tz, granularity,
         expression, explanation, **extra) -> dict:
    row = dict(_BASE)
    row.update(
        event_id=event_id, article_id=article_id, sentence=sentence, action=action,
        actors=actors, venue=venue, start=start, end=end, timezone=tz,
        granularity=granularity, expression=expression, explanation=explanation,
        sources=[article_id],
    )
    row["char_end"] = len(sentence)
    row.update(extra)
    return row


def sample_rows() -> list[dict]:
    return [
        _row("ev-witkoff-kushner-cairo", "a1",
             "Steve Witkoff and Jared Kushner are set to join the talks in Cairo on Wednesday.",
             "join talks", ["Steve Witkoff", "Jared Kushner"], "Cairo",
             "2025-10-07T21:00:00Z", "2025-10-08T21:00:00Z", "Africa/Cairo", "day",
             "on Wednesday", "'Wednesday' after publication on Mon 6 Oct 2025 → Wed 8 Oct 2025",
             modality="scheduled", timex_value="2025-10-08"),
        _row("ev-dermer-departs", "a1",
             "Ron Dermer departed for Cairo on Tuesday evening, an Israeli official said.",
             "depart for Cairo", ["Ron Dermer"], "Cairo",
             "2025-10-07T15:00:00Z", "2025-10-07T19:00:00Z", "Asia/Jerusalem", "part-of-day",
             "Tuesday evening", "'Tuesday evening' → evening of Tue 7 Oct 2025 (Israel time)",
             timex_value="2025-10-07TEV"),
        _row("ev-witkoff-sharm", "a2",
             "Witkoff arrived in Sharm El-Sheikh at 2 p.m. on Wednesday.",
             "arrive in Sharm El-Sheikh", ["Steve Witkoff"], "Sharm El-Sheikh",
             "2025-10-08T11:00:00Z", "2025-10-08T11:01:00Z", "Africa/Cairo", "time",
             "2 p.m. on Wednesday", "'2 p.m. on Wednesday' → Wed 8 Oct 2025 14:00 (Cairo time)",
             timex_value="2025-10-08T14:00"),
        _row("ev-hostage-square", "a3",
             "Thousands rallied at Hostage Square in Tel Aviv on August 2, 2025.",
             "rally", ["Hostages and Missing Families Forum"], "Hostage Square",
             "2025-08-01T21:00:00Z", "2025-08-02T21:00:00Z", "Asia/Jerusalem", "day",
             "August 2, 2025", "explicit date 'August 2, 2025'", timex_value="2025-08-02"),
        _row("ev-trump-plan", "a2",
             "Donald Trump unveiled his 20-point plan in Washington in September.",
             "unveil plan", ["Donald Trump"], "Washington",
             "2025-09-01T04:00:00Z", "2025-10-01T04:00:00Z", "America/New_York", "month",
             "in September", "'in September' before publication in Oct 2025 → September 2025",
             timex_value="2025-09"),
        _row("ev-hamas-response", "a2",
             "Hamas is expected to respond to the plan later this week.",
             "respond to plan", ["Hamas"], None,
             "2025-10-05T21:00:00Z", "2025-10-12T21:00:00Z", "Asia/Jerusalem", "week",
             "later this week", "'this week' of publication → week of Mon 6 Oct 2025",
             modality="expected", timex_value="2025-W41"),
        _row("ev-ceasefire-effect", "a3",
             "The ceasefire took effect in Gaza at noon local time.",
             "take effect", [], "Gaza",
             "2025-10-10T09:00:00Z", "2025-10-10T09:01:00Z", "Asia/Gaza", "time",
             "at noon", "'noon' on the day of publication, Fri 10 Oct 2025 (Gaza time)",
             timex_value="2025-10-10T12:00"),
        _row("ev-egypt-host", "a1",
             "Egypt will host a signing ceremony, officials said, without giving a date.",
             "host ceremony", ["Egypt"], "Egypt", None, None, "Africa/Cairo", "unknown",
             None, "no date expression could be resolved", date_basis="publication",
             confidence=0.3),
        _row("ev-1967-war", "a3",
             "Israel captured Gaza in the 1967 war.",
             "capture Gaza", ["Israel"], "Gaza",
             "1967-01-01T00:00:00Z", "1968-01-01T00:00:00Z", "UTC", "year",
             "1967", "explicit year '1967'", timex_value="1967"),
    ]


def sample_events():
    return conform(sample_rows())
