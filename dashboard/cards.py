"""One card per event: what happened, when and why that date, and the evidence.

Article text is untrusted: a sentence may contain Markdown or HTML that would restyle the
page or smuggle a link. Everything taken from an article or derived from it goes through
st.text, which prints characters as they are; only fixed labels use Markdown. The date
expression is set apart by plain marks inside the one paragraph of the sentence, never by
markup.

A card is one text element (its lines, headline first) and the button to its article: every
element is a box the browser lays out and styles, and two dozen cards of half a dozen
elements each were most of what the page drew.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from pipeline.view_columns import date_text  # a card's date, as stored ones say it

from .filters import wall_clock

CARD_KEY_PREFIX = "card-"


def safe_link(url) -> str | None:
    """The address if it is a web address a button may open, else None (javascript:, data:...)."""
    if url is None or (not isinstance(url, (list, dict)) and pd.isna(url)):
        return None
    text = str(url).strip()
    parts = urlsplit(text)
    if (
        parts.scheme.lower() in ("http", "https")
        and parts.netloc
        and not any(c.isspace() for c in text)
    ):
        return text
    return None


def card_key(event_id: str, *, key: str) -> str:
    """A widget-safe key: Streamlit turns container keys into CSS classes."""
    return f"{key}-{CARD_KEY_PREFIX}" + re.sub(r"[^A-Za-z0-9_-]", "_", str(event_id))


def _run_script(html: str) -> None:
    """A fixed script in a frame as tall as its content (none), out of the Tab order."""
    st.iframe(html, height="content", tab_index=-1)


def scroll_to_card(key: str) -> None:
    """Bring the card with this widget key into view once it is drawn: the card a link or a
    click opened sits below the chart, often a screen or two down.

    The key is made by card_key (letters, digits, '-' and '_' only) and passed as a JSON
    string, so nothing from an article reaches the script.
    """
    selector = json.dumps(f".st-key-{key}")
    _run_script(
        "<script>\n"
        "const find = () => window.parent.document.querySelector(" + selector + ");\n"
        "let tries = 0;\n"
        "const go = () => { const card = find();\n"
        "  if (card) { card.scrollIntoView({block: 'start'}); card.setAttribute('tabindex', '-1');"
        " card.focus({preventScroll: true}); }\n"
        "  else if (tries++ < 50) setTimeout(go, 100); };\n"
        "go();\n"
        "</script>"
    )


def cards_reachable(key: str) -> None:
    """Make every card a stop of the Tab key, named for screen readers by its headline (the
    first line of its text).

    Streamlit's containers take no focus; the script gives each card tabindex 0 and the
    article role once drawn. It reads the name from the page itself, so no article text
    passes through this code.
    """
    selector = json.dumps(f'[class*="st-key-{key}-{CARD_KEY_PREFIX}"]')
    _run_script(
        "<script>\n"
        "const mark = () => { for (const card of window.parent.document.querySelectorAll("
        + selector
        + ")) {\n"
        "  if (card.getAttribute('tabindex') === '0') continue;\n"
        "  card.setAttribute('tabindex', '0'); card.setAttribute('role', 'article');\n"
        "  const first = card.querySelector('[data-testid=\"stText\"]');\n"
        "  if (first) card.setAttribute('aria-label', first.innerText.split('\\n')[0]); } };\n"
        "mark(); let n = 0; const again = setInterval(() => { mark(); if (++n > 30) "
        "clearInterval(again); }, 200);\n"
        "</script>"
    )


def split_on_expression(sentence: str, expression) -> tuple[str, str, str] | None:
    """The sentence as (before, expression, after), or None when the expression is not in it.

    Found case-insensitively because the pipeline may report 'Wednesday' for 'wednesday'.
    """
    if not sentence or expression is None or pd.isna(expression) or not str(expression).strip():
        return None
    found = str(sentence).casefold().find(str(expression).casefold())
    if found < 0:
        return None
    end = found + len(str(expression))
    return sentence[:found], sentence[found:end], sentence[end:]


def _present(value) -> bool:
    return (
        value is not None
        and not (isinstance(value, float) and value != value)
        and not (not isinstance(value, (list, dict, tuple)) and pd.isna(value))
    )


def reports_of(event) -> list[dict]:
    """The per-article readings of this event, or an empty list before the table carries them."""
    reports = event.get("reports") if hasattr(event, "get") else None
    if reports is None or isinstance(reports, float):
        return []
    return [dict(r) for r in list(reports) if isinstance(r, dict)]


def report_date(report: dict, timezone) -> str:
    """One article's date for the event, on the event's wall clock, with its precision."""
    zone = wall_clock(timezone)
    local = []
    for name in ("start", "end"):
        value = report.get(name)
        local.append(
            pd.Timestamp(value).tz_convert(zone).tz_localize(None)
            if value is not None and _present(value)
            else pd.NaT
        )
    granularity = str(report.get("granularity") or "unknown")
    return (
        f"{date_text({'granularity': granularity}, local[0], local[1])} ({granularity} precision)"
    )


def other_reports(event, articles: dict[str, str] | None = None) -> list[str]:
    """A line per other article reporting the event: from its own report when the table has
    one, else from its id in `sources`, named through `articles` (id → "Outlet: Title")."""
    articles = articles or {}
    lines, covered = [], {event["article_id"]}
    for report in reports_of(event):
        if report.get("article_id") in covered:
            continue
        covered.add(report.get("article_id"))
        named = [
            str(report[k])
            for k in ("outlet", "title")
            if _present(report.get(k)) and str(report[k]).strip()
        ]
        lines.append(
            ": ".join(named)
            or articles.get(str(report.get("article_id")), str(report.get("article_id")))
        )
    for article in event["sources"]:
        if article not in covered:
            covered.add(article)
            lines.append(articles.get(article, str(article)))
    return lines


def conflicting_dates(event) -> list[str]:
    """What each source says the date is, when they disagree: 'Outlet — date (precision)'."""
    if not bool(event["conflict"]):
        return []
    lines = []
    for report in reports_of(event):
        who = report.get("outlet") if _present(report.get("outlet")) else report.get("article_id")
        expression = f" from '{report['expression']}'" if _present(report.get("expression")) else ""
        lines.append(f"{who} — {report_date(report, event['timezone'])}{expression}")
    return lines


# The date expression is set apart inside the sentence by these marks: the sentence stays one
# paragraph of plain text, and no code element (nor the highlighter it loads) is needed.
MARK_OPEN, MARK_CLOSE = "⟦", "⟧"


def marked_sentence(sentence, expression) -> str:
    """The sentence with its date expression between marks, or as it is when not found."""
    parts = split_on_expression(str(sentence), expression)
    if parts is None:
        return str(sentence)
    before, found, after = parts
    return f"{before}{MARK_OPEN}{found}{MARK_CLOSE}{after}"


def how_dated(event) -> str:
    """The date's precision and how it was reached, in one line."""
    if str(event.get("date_basis")) == "publication":
        return (
            "No date in the sentence: all the article says is that it had happened by its "
            f"publication ({event['when']})."
        )
    return f"{str(event['granularity']).capitalize()} precision: {event['explanation']}"


def source_lines(event, articles: dict[str, str] | None = None) -> list[str]:
    """Every source with its own date for the event: 'Outlet: Title — date (precision)'."""
    articles = articles or {}
    lines, covered = [], set()
    for report in reports_of(event):
        covered.add(report.get("article_id"))
        named = [
            str(report[k])
            for k in ("outlet", "title")
            if _present(report.get(k)) and str(report[k]).strip()
        ]
        who = ": ".join(named) or articles.get(
            str(report.get("article_id")), str(report.get("article_id"))
        )
        lines.append(f"{who} — {report_date(report, event['timezone'])}")
    for article in event["sources"]:
        if article not in covered:
            lines.append(articles.get(article, str(article)))
    return lines


def _readings_side_by_side(event) -> None:
    """A conflict's readings in columns, each with its date, expression and sentence."""
    reports = reports_of(event)
    if not reports:
        return
    for column, report in zip(st.columns(len(reports)), reports, strict=True):
        with column.container(border=True):
            who = report.get("outlet") if _present(report.get("outlet")) else report["article_id"]
            st.text(str(who))
            st.text(report_date(report, event["timezone"]))
            if _present(report.get("sentence")):
                st.text(marked_sentence(report["sentence"], report.get("expression")))


def card_lines(event, articles: dict[str, str] | None = None) -> list[str]:
    """What a card says, line by line: the headline; the date, type, modality and wall clock;
    how the date was reached; the sentence with its expression marked; the address when no
    button may open it; then every source with its own date."""
    kind = " · ".join(str(v) for v in (event.get("event_type"), event["modality"]) if _present(v))
    lines = [
        str(event["headline"]),
        f"{event['when']} · {kind} · {event['timezone']} time",
        how_dated(event),
        marked_sentence(event["sentence"], event["expression"]),
    ]
    if not safe_link(event["url"]) and _present(event["url"]):
        lines.append(str(event["url"]))
    sources = source_lines(event, articles)
    if sources:
        lines.append("Source:" if len(sources) == 1 else f"Reported by {len(sources)} sources:")
        lines += [f"• {line}" for line in sources]
    return lines


def event_card(event, *, key: str, articles: dict[str, str] | None = None) -> None:
    """`event` is a row of a prepared table (dashboard/prepare.py): its headline and local date
    text were worked out once per table, not once per card and rerun."""
    with st.container(border=True, key=card_key(event["event_id"], key=key)):
        st.text("\n".join(card_lines(event, articles)))
        link = safe_link(event["url"])
        if link:
            st.link_button("Open article", link, key=card_key(event["event_id"], key=f"{key}-link"))
        if bool(event["conflict"]):
            st.warning("The articles reporting this event disagree on its date.", icon="⚠️")
            _readings_side_by_side(event)
