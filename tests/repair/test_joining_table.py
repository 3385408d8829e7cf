"""The committed joining-type table is exactly what its script generates."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_committed_table_matches_the_script() -> None:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_joining_table.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
