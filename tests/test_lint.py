"""House style is enforced, not hoped for: ruff and mypy (strict on src/) run with the tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff() -> None:
    completed = run("ruff", "check", "src", "tests", "scripts")
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_mypy_strict() -> None:
    completed = run("mypy")
    assert completed.returncode == 0, completed.stdout + completed.stderr
