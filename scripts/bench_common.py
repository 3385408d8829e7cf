"""What every benchmark script shares: the machine it ran on, and writing its table into the README."""

from __future__ import annotations

import os
import platform
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def machine(cores: bool = True, system: bool = False) -> str:
    """The CPU model (from /proc/cpuinfo where there is one), and optionally the core count and OS."""
    name = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                name = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    parts = [name]
    if cores:
        parts.append(f"{os.cpu_count()} cores")
    parts.append(f"Python {platform.python_version()}")
    if system:
        parts.append(platform.system())
    return ", ".join(parts)


def write_readme_section(marker: str, table: str) -> None:
    """Replace the README's text between ``<!-- MARKER:start -->`` and ``<!-- MARKER:end -->``."""
    text = README.read_text(encoding="utf-8")
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    if start not in text or end not in text:
        raise SystemExit(f"README.md has no {start} ... {end} markers")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    README.write_text(f"{head}{start}\n{table}\n{end}{tail}", encoding="utf-8")
