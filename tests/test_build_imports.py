"""The build stands on the pipeline alone: building and saving a table imports nothing of the
page, so a machine that only builds needs none of the page's code, and the page's code can
change without touching what a build writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_saving_a_table_with_its_view_columns_imports_nothing_of_the_dashboard(tmp_path):
    program = (
        "import sys\n"
        "import pipeline.__main__, pipeline.build\n"
        "from pipeline import table\n"
        "from tests.sample_events import sample_events\n"
        f"table.save_events(sample_events(), {str(tmp_path / 'events.parquet')!r})\n"
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] == 'dashboard')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert (tmp_path / "events.parquet").is_file()
    assert done.stdout.strip() == ""
