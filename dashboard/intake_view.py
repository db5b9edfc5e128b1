"""The "Add your own articles" section of the page: widgets around dashboard.intake.

Kept apart from app.py so the page stays a composition; every decision (limits, reading,
building, joining) lives in dashboard.intake and is tested there without Streamlit. That module
and the readers of files and web pages behind it are imported once the section is opened: a
visit that only reads the timeline does not wait for them.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from .prepare import prepare

ADDED_KEY = "intake-added"
ARTICLES_KEY = "intake-articles"  # the articles behind ADDED_KEY's events, to keep or save
REPORT_KEY = "intake-report"
OPEN_KEY = "add-own"  # whether the reader has opened the section


def added_events() -> list:
    """Event tables this browser session added, already prepared for the views."""
    return st.session_state.get(ADDED_KEY, [])


def _run(frame, rejected, load_model) -> None:
    from . import intake

    bar = st.progress(0.0, text="Reading the articles…")

    def progress(done: int, total: int, _article: str) -> None:
        # The article id comes from the reader's file: counts only, never the name, in this Markdown
        # label.
        bar.progress(done / max(total, 1), text=f"Read {done} of {total} articles")

    model = load_model() if len(frame) else None
    result = (
        intake.build_articles(frame, rejected, model=model, progress=progress)
        if len(frame)
        else None
    )
    bar.progress(1.0, text="Done")
    if result is not None:
        report = result.report
        if len(result.events):
            st.session_state[ADDED_KEY] = added_events() + [prepare(result.events)]
            read = set(result.events["article_id"].astype(str))
            for sources in result.events["sources"]:
                read.update(map(str, sources))
            kept = frame[frame["article_id"].astype(str).isin(read)]
            st.session_state[ARTICLES_KEY] = st.session_state.get(ARTICLES_KEY, []) + [kept]
    else:
        from pipeline.build import rejection_report  # the pipeline loads only when it is used

        report = pd.DataFrame([rejection_report(r) for r in rejected])
    st.session_state[REPORT_KEY] = report
    if result is not None and len(result.events):
        st.rerun()  # the timeline above was drawn before these events existed


def is_local() -> bool:
    """Whether the page is served to this machine itself: only then may it write files of the
    reader's into the install's articles folder."""
    host = str(st.context.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
    return host in ("localhost", "127.0.0.1", "::1")


def keep_section(articles_dir, *, key: str = "intake") -> None:
    """The reader's articles beyond this session: a bundle to upload again after a reload,
    and on a local install, saving them into the articles folder for every later build."""
    frames = st.session_state.get(ARTICLES_KEY, [])
    if not frames:
        return
    from . import intake

    count = sum(len(f) for f in frames)
    st.caption(
        f"Your {count} {'article' if count == 1 else 'articles'} last until this page is "
        "reloaded. Download them as one file and upload it again to get them back: the page "
        "keeps nothing of yours on the server."
    )
    st.download_button(
        "Download my articles (.jsonl)",
        intake.bundle(frames),
        file_name=intake.BUNDLE_NAME,
        mime="application/jsonl",
        key=f"{key}-bundle",
    )
    if is_local():
        if st.button(f"Save them into {articles_dir}", key=f"{key}-save"):
            try:
                written = intake.save_to_folder(frames, articles_dir)
            except OSError as err:
                st.error(f"Could not save into the articles folder: {err.strerror or err}")
            else:
                st.success(
                    f"Saved {len(written)} new {'file' if len(written) == 1 else 'files'}; "
                    "the timeline is built with them from now on."
                )


def intake_section(*, load_model, articles_dir=None, key: str = "intake") -> None:
    """Upload or paste articles; the build report of the last batch stays on the page."""
    from . import intake

    st.caption(intake.limits_text() + " They join the timeline for this browser session only.")
    upload_tab, address_tab, paste_tab = st.tabs(
        ["Upload files", "Web addresses", "Paste an article"]
    )
    with upload_tab:
        with st.form(f"{key}-upload", clear_on_submit=True):
            files = st.file_uploader(
                "Article files",
                type=list(intake.UPLOAD_TYPES),
                accept_multiple_files=True,
                max_upload_size=intake.MAX_FILE_MB,
                key=f"{key}-files",
            )
            if st.form_submit_button("Add to the timeline") and files:
                uploads = [intake.Upload(f.name, f.getvalue()) for f in files]
                _run(*intake.read_uploads(uploads), load_model)
    with address_tab:
        # the rules are stated where the addresses are typed, from the limits that enforce them
        st.caption(intake.fetch_limits_text())
        with st.form(f"{key}-addresses", clear_on_submit=False):
            text = st.text_area("Addresses, one per line", height=120, key=f"{key}-addresses-text")
            if st.form_submit_button("Fetch and add to the timeline") and text.strip():
                bar = st.progress(0.0, text="Fetching the pages…")

                def fetched(done: int, total: int, _address: str) -> None:
                    # counts only: an address is the reader's text, never put in this label
                    bar.progress(done / max(total, 1), text=f"Fetched {done} of {total} pages")

                _run(*intake.read_addresses(text, progress=fetched), load_model)
    with paste_tab:
        with st.form(f"{key}-paste", clear_on_submit=False):
            text = st.text_area(
                "Article text", height=180, max_chars=intake.MAX_TEXT_CHARS, key=f"{key}-text"
            )
            left, right = st.columns(2)
            title = left.text_input("Title", key=f"{key}-title")
            outlet = right.text_input("Outlet", key=f"{key}-outlet")
            published = left.text_input("Published (YYYY-MM-DD)", key=f"{key}-published")
            url = right.text_input("Address (https://…)", key=f"{key}-url")
            if st.form_submit_button("Add to the timeline"):
                _run(
                    *intake.read_pasted(
                        text, title=title, outlet=outlet, url=url, published=published
                    ),
                    load_model,
                )
    report = st.session_state.get(REPORT_KEY)
    if report is not None and len(report):
        rejected = int((report["status"] == "rejected").sum())
        processed = len(report) - rejected
        if rejected:
            st.error(
                f"{rejected} of {len(report)} inputs could not be read; the table below names "
                "each and says why."
            )
        if processed:
            st.success(
                f"{processed} {'article' if processed == 1 else 'articles'} read and added to the "
                "timeline."
            )
        from pipeline.build import REPORT_COLUMNS  # a report exists: the pipeline has run

        # The source first: a reader looks for their file's name. st.dataframe shows cells as
        # plain text: file names and reasons are never rendered as markup.
        columns = ["source", *(c for c in REPORT_COLUMNS if c != "source")]
        st.dataframe(
            report[[c for c in columns if c in report.columns]],
            hide_index=True,
            key=f"{key}-report",
        )
    if articles_dir is not None:
        keep_section(articles_dir, key=key)


def own_articles_section(*, load_model, articles_dir=None) -> None:
    """The section behind one expander, worked out and sent only once the reader opens it: its
    uploader, forms and text boxes were a fifth of the page's elements, each with a script of
    its own to download, drawn on every visit for the few who add articles. Open, it stays
    open for the session, so a batch's report and the bundle to keep are there after a run."""
    section = st.expander(
        "Add your own articles", key=OPEN_KEY, on_change="rerun", icon=":material/add:"
    )
    if section.open:
        with section:
            intake_section(load_model=load_model, articles_dir=articles_dir)
