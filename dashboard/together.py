"""Who appears with whom: pairs of actors named in the same events, from the rows in view.

Read from the same rows as the timeline, so narrowing the view narrows the pairs too.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import pandas as pd


def co_occurrence(events: pd.DataFrame, top: int = 30) -> pd.DataFrame:
    """The pairs of actors sharing the most events, with how many: columns actor, with, events.

    A pair is counted once per event, its names in alphabetical order, so (A, B) and (B, A)
    are one pair.
    """
    pairs: Counter[tuple[str, str]] = Counter()
    for names in events["actors"]:
        pairs.update(combinations(sorted(set(map(str, names))), 2))
    ranked = sorted(pairs.items(), key=lambda item: (-item[1], item[0]))[:top]
    return pd.DataFrame(
        [(a, b, n) for (a, b), n in ranked], columns=["actor", "with", "events"]
    ).astype({"events": "int64"})
