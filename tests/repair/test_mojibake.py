"""Mojibake repair (rasid.repair.mojibake)."""

from __future__ import annotations

import pytest

from rasid.repair.damage import to_mojibake
from rasid.repair.edits import apply_edits
from rasid.repair.mojibake import fix_mojibake

TEXT = "قال الوزير في بيان إن العراق سيعمل مع التحالف الدولي، وذلك في 2019 (UN)."


@pytest.mark.parametrize("code_page", ["cp1252", "cp1256"])
def test_undoes_mojibake(code_page: str) -> None:
    mangled = to_mojibake(TEXT, code_page)
    assert apply_edits(mangled, fix_mojibake(mangled).edits) == TEXT


@pytest.mark.parametrize("text", [TEXT, "café crème à Paris", "Ünïcödé ÄÖÜ ß", "ليبيا، سوريا، مصر"])
def test_leaves_real_text_alone(text: str) -> None:
    assert fix_mojibake(text).edits == ()
