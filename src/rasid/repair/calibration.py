"""How far an edit's confidence can be trusted: confidences against outcomes.

Repair gives every edit a confidence. On text damaged on purpose the original is
known, so each edit is right or wrong, and the edits of a confidence band should
be right about as often as their confidence says. This module scores that: a
table by band, the expected calibration error and the log-loss. The benchmark
reports them on held-out text, and ``scripts/fit_confidence_temperature.py`` uses
them to set :attr:`RestoreConfig.confidence_temperature` on a development split.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rasid.model import RepairResult

_WORD = re.compile(r"\S+")

#: Upper edges of the bands a calibration table reports (the last band ends at 1 inclusive).
DEFAULT_EDGES = (0.5, 0.7, 0.9, 0.99, 0.999, 1.0)


class EditOutcome(NamedTuple):
    """One edit's confidence, and whether it was right."""

    confidence: float
    right: bool


def edit_outcomes(original: str, damaged: str, result: RepairResult, reason: str) -> list[EditOutcome]:
    """Every edit of ``result`` made for ``reason`` (alone or folded with other rules' edits, as
    :func:`rasid.repair.pipeline.hold_back` counts them), with whether it left its word as in
    ``original``.

    ``damaged`` is ``original`` with letters deleted and its whitespace untouched (glyph loss),
    and ``result`` its repair, so word ``i`` of each is word ``i`` of the others. An edit is
    right when the repaired word it falls in equals the original word. When repair moved
    the word boundaries (a word vanished or was put back), the text says nothing reliable
    and no outcome is returned for it.
    """
    originals, repaired = original.split(), result.text.split()
    starts = [match.start() for match in _WORD.finditer(damaged)]
    if not len(originals) == len(repaired) == len(starts):
        return []
    outcomes: list[EditOutcome] = []
    for edit in result.edits:
        if reason not in edit.reasons:
            continue
        word = bisect.bisect_right(starts, edit.start) - 1
        if word < 0:
            continue  # an edit in leading whitespace belongs to no word
        outcomes.append(EditOutcome(edit.confidence, repaired[word] == originals[word]))
    return outcomes


@dataclass(frozen=True, slots=True)
class CalibrationBand:
    """The edits whose confidence lies in [low, high) (the last band includes 1)."""

    low: float
    high: float
    edits: int
    mean_confidence: float
    right_share: float

    def to_json(self) -> dict[str, object]:
        """JSON form, as the benchmark writes it."""
        return {
            "low": self.low,
            "high": self.high,
            "edits": self.edits,
            "mean_confidence": round(self.mean_confidence, 4),
            "right": round(self.right_share, 4),
        }


def calibration_bands(outcomes: Iterable[EditOutcome], edges: Sequence[float] = DEFAULT_EDGES) -> list[CalibrationBand]:
    """The outcomes grouped into bands ending at ``edges`` (ascending, the last one 1.0); empty
    bands are left out."""
    if not edges or list(edges) != sorted(edges) or edges[-1] != 1.0:
        raise ValueError(f"edges must ascend and end at 1.0, not {list(edges)}")
    edits = [0] * len(edges)
    confidence_sums = [0.0] * len(edges)
    rights = [0] * len(edges)
    for confidence, right in outcomes:
        band = min(bisect.bisect_right(edges, confidence), len(edges) - 1)
        edits[band] += 1
        confidence_sums[band] += confidence
        rights[band] += right
    bands = []
    for index, count in enumerate(edits):
        if count:
            low = 0.0 if index == 0 else edges[index - 1]
            # A mean of confidences in [low, high) lies there too, but the float sum can fall an
            # ulp short (three edits at 0.99 average 0.9899999999999999): keep it in its band.
            mean = min(max(confidence_sums[index] / count, low), edges[index])
            bands.append(CalibrationBand(low, edges[index], count, mean, rights[index] / count))
    return bands


def expected_calibration_error(outcomes: Sequence[EditOutcome], bins: int = 20) -> float:
    """Mean gap between confidence and share right over ``bins`` equal-width bands, weighted by
    their edits (0 when there are no outcomes)."""
    edges = [(index + 1) / bins for index in range(bins)]
    bands = calibration_bands(outcomes, edges)
    total = sum(band.edits for band in bands)
    if not total:
        return 0.0
    return sum(band.edits * abs(band.mean_confidence - band.right_share) for band in bands) / total


def log_loss(outcomes: Sequence[EditOutcome], floor: float = 1e-6) -> float:
    """Mean negative log-likelihood, in nats, of the outcomes under their confidences
    (confidences are clipped to [floor, 1 - floor], so one sure mistake costs at most
    -log(floor)); 0 when there are no outcomes."""
    if not outcomes:
        return 0.0
    total = 0.0
    for confidence, right in outcomes:
        clipped = min(max(confidence, floor), 1.0 - floor)
        total -= math.log(clipped if right else 1.0 - clipped)
    return total / len(outcomes)
