"""Shared fixtures: the model and the sample build are made once per test session."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ACCEPTANCE = SHARED / "acceptance"
SAMPLE_ARTICLES = ROOT / "data" / "articles"


def read_acceptance(name: str) -> list[dict]:
    """Rows of an acceptance file, or an empty list when ../shared is not beside the checkout."""
    path = ACCEPTANCE / name
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def needs_acceptance(name: str):
    return pytest.mark.skipif(
        not (ACCEPTANCE / name).exists(),
        reason=(
            f"{ACCEPTANCE / name} is absent: acceptance data lives in ../shared beside the checkout"
        ),
    )


@pytest.fixture(scope="session")
def model():
    from pipeline import nlp

    return nlp.load()


@pytest.fixture(scope="session")
def sample_build(model):
    from pipeline import build

    return build.build([SAMPLE_ARTICLES], model=model)
