"""The README documents every command, option, rule, profile and setting (sqlite-utils style)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from rasid.cli import build_parser
from rasid.config import ENVIRONMENT
from rasid.repair.damage import PROFILES
from rasid.repair.rules import RULE_ORDER

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no subcommands")


def test_every_command_is_documented() -> None:
    for name in subcommands():
        assert f"rasid {name}" in README, name


def test_every_option_is_documented() -> None:
    for name, parser in subcommands().items():
        for action in parser._actions:
            longs = [option for option in action.option_strings if option.startswith("--")]
            if longs and longs[0] != "--help":
                assert re.search(rf"(?<![\w-]){re.escape(longs[0])}\b", README), f"{name} {longs[0]}"


def test_every_rule_profile_and_setting_is_documented() -> None:
    for rule in RULE_ORDER:
        assert f"`{rule}`" in README, rule
    for profile in PROFILES:
        assert f"`{profile}`" in README, profile
    for variable in ENVIRONMENT:
        assert f"`{variable}`" in README, variable


def test_quick_start_is_two_commands() -> None:
    block = README.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make demo", "make test"]
