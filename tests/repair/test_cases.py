"""Golden repair cases (tests/repair/cases/*.json), in the style of ftfy's test cases.

Each case has ``label``, ``comment``, ``original``, ``expected`` and ``expect``
("pass" or "known_failure"); optionally ``lost`` (glyph classes to assume
instead of detecting them) and ``steps`` (the rules that should fire). Every
passing case is also replayed: running only its ``steps`` must give
``expected`` too, and its edits must turn ``original`` into ``expected`` and
back.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from rasid.repair.detect import parse_glyph_classes
from rasid.repair.edits import apply_edits, revert_edits
from rasid.repair.language_model import LanguageModel
from rasid.repair.pipeline import repair_text
from rasid.repair.rules import DEFAULT_REPAIR_CONFIG, RepairConfig

CASES_DIR = Path(__file__).parent / "cases"
FILES = ("in_the_wild.json", "synthetic.json", "negative.json", "known_failures.json")


def load_cases() -> list[Any]:
    cases = []
    for name in FILES:
        for case in json.loads((CASES_DIR / name).read_text(encoding="utf-8")):
            cases.append(pytest.param(case, id=f"{name.removesuffix('.json')}: {case['label']}"))
    return cases


def config_for(case: dict[str, Any]) -> RepairConfig:
    config = DEFAULT_REPAIR_CONFIG
    if "lost" in case:
        config = replace(config, lost_classes=parse_glyph_classes(case["lost"]))
    return config


def test_case_files_are_well_formed() -> None:
    for name in FILES:
        for case in json.loads((CASES_DIR / name).read_text(encoding="utf-8")):
            assert {"label", "comment", "original", "expected", "expect"} <= case.keys(), case
            assert case["expect"] in ("pass", "known_failure")
            if name == "negative.json":
                assert case["original"] == case["expected"], case["label"]
            if name == "known_failures.json":
                assert case["expect"] == "known_failure", case["label"]


@pytest.mark.parametrize("case", load_cases())
def test_golden_case(case: dict[str, Any], model: LanguageModel) -> None:
    config = config_for(case)
    result = repair_text(case["original"], config, model)
    if case["expect"] == "known_failure":
        if result.text == case["expected"]:
            pytest.fail(f"known failure now passes; move it to a passing file: {case['label']}")
        pytest.xfail(case["comment"])
    assert result.text == case["expected"]
    assert apply_edits(case["original"], result.edits) == case["expected"]
    assert revert_edits(result.text, result.edits) == case["original"]
    if "steps" in case:
        assert list(result.steps) == case["steps"]
        replayed = repair_text(case["original"], replace(config, rules=tuple(case["steps"])), model)
        assert replayed.text == case["expected"]
