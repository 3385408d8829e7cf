"""rasid (راصد, "observer"): repair, read and map Arabic reporting on armed conflict.

The public API is what this module exports; everything else is internal and may change.

>>> import rasid
>>> "repair_text" in rasid.__all__
True
"""

from __future__ import annotations

from rasid.errors import (
    BinaryInputError,
    ConfigurationError,
    DecodingError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
    ModelError,
    PipelineError,
)
from rasid.model import Diagnosis, Edit, Finding, RepairResult
from rasid.repair.damage import PROFILES, DamageProfile, damage_text, parse_profile
from rasid.repair.detect import GlyphLossReport, detect_glyph_loss
from rasid.repair.edits import apply_edits, revert_edits
from rasid.repair.language_model import LanguageModel, load_language_model
from rasid.repair.model_build import build_language_model
from rasid.repair.pipeline import diagnose_text, hold_back, repair_chunks, repair_text
from rasid.repair.rules import RULE_ORDER, RepairConfig
from rasid.repair.shaping import Form, GlyphClass

__version__ = "0.1.0"

__all__ = [
    "PROFILES",
    "RULE_ORDER",
    "BinaryInputError",
    "ConfigurationError",
    "DamageProfile",
    "DecodingError",
    "Diagnosis",
    "Edit",
    "EmptyInputError",
    "Finding",
    "Form",
    "GlyphClass",
    "GlyphLossReport",
    "InputError",
    "InputTooLargeError",
    "LanguageModel",
    "ModelError",
    "PipelineError",
    "RepairConfig",
    "RepairResult",
    "__version__",
    "apply_edits",
    "build_language_model",
    "damage_text",
    "detect_glyph_loss",
    "diagnose_text",
    "hold_back",
    "load_language_model",
    "parse_profile",
    "repair_chunks",
    "repair_text",
    "revert_edits",
]
