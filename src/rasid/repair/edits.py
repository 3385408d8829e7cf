"""Edits: the record of every change repair makes, and their algebra.

An :class:`Edit` replaces ``text[start:end]`` (``before``) by ``after``. A list
of non-overlapping edits, sorted by position, turns one text into another, and
can be undone. Repair runs in passes, each producing edits against its own
input; :func:`compose_edits` folds them into one list against the original
text, so that a user always sees offsets into what they gave us.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from rasid.errors import PipelineError
from rasid.model import REASON_SEPARATOR, Edit, Finding, RuleResult


def check_edits(text: str, edits: Sequence[Edit]) -> None:
    """Raise if the edits do not fit ``text``: out of range, overlapping, unsorted or wrong ``before``."""
    position = 0
    for edit in edits:
        if not (position <= edit.start <= edit.end <= len(text)):
            raise PipelineError(f"edit {edit} is out of order or out of range", stage="repair")
        if text[edit.start : edit.end] != edit.before:
            raise PipelineError(f"edit {edit} does not match the text it replaces", stage="repair")
        position = edit.end


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply sorted, non-overlapping edits to ``text``.

    >>> apply_edits("abc", [Edit(1, 2, "b", "XY", "demo", 1.0)])
    'aXYc'
    """
    check_edits(text, edits)
    pieces: list[str] = []
    position = 0
    for edit in edits:
        pieces.append(text[position : edit.start])
        pieces.append(edit.after)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def revert_edits(edited: str, edits: Sequence[Edit]) -> str:
    """Undo ``edits`` on the text they produced, giving back the original text."""
    pieces: list[str] = []
    position = 0
    shift = 0
    for edit in edits:
        start = edit.start + shift
        pieces.append(edited[position:start])
        pieces.append(edit.before)
        position = start + len(edit.after)
        shift += len(edit.after) - len(edit.before)
    pieces.append(edited[position:])
    return "".join(pieces)


def map_spans(spans: Sequence[tuple[int, int]], edits: Sequence[Edit]) -> tuple[tuple[int, int], ...]:
    """Where the spans of a text are once ``edits`` (sorted, against that text) are applied; an
    edit that overlaps a span is taken in whole.

    >>> map_spans([(4, 8)], [Edit(0, 1, "a", "xyz", "demo", 1.0), Edit(6, 7, "b", "", "demo", 1.0)])
    ((6, 9),)
    """
    starts = [edit.start for edit in edits]
    # shifts[k]: how much the first k edits lengthened the text
    shifts = [0]
    for edit in edits:
        shifts.append(shifts[-1] + len(edit.after) - (edit.end - edit.start))

    def moved(position: int, side: str) -> int:
        # The edits wholly before ``position`` shift it; one around it stretches it to its own edge.
        if side == "start":
            k = bisect.bisect_right(starts, position)
            if k and edits[k - 1].end > position:
                return edits[k - 1].start + shifts[k - 1]
            return position + shifts[k]
        k = bisect.bisect_left(starts, position)
        if k and edits[k - 1].end > position:
            return edits[k - 1].start + shifts[k - 1] + len(edits[k - 1].after)
        return position + shifts[k]

    mapped = ((moved(start, "start"), moved(end, "end")) for start, end in spans)
    # An empty span where text was inserted stays empty, after the insertion.
    return tuple((start, max(start, end)) for start, end in mapped)


def within_spans(edits: Sequence[Edit], spans: Sequence[tuple[int, int]] | None) -> tuple[Edit, ...]:
    """The edits that lie wholly inside one of ``spans`` (all of them when ``spans`` is None)."""
    if spans is None:
        return tuple(edits)
    return tuple(edit for edit in edits if any(start <= edit.start and edit.end <= end for start, end in spans))


def _merge_reasons(*reasons: str) -> str:
    seen: list[str] = []
    for reason in reasons:
        for part in reason.split(REASON_SEPARATOR):
            if part and part not in seen:
                seen.append(part)
    return REASON_SEPARATOR.join(seen)


def compose_edits(original: str, first: Sequence[Edit], second: Sequence[Edit]) -> list[Edit]:
    """Fold two passes into one list of edits against ``original``.

    ``first`` turns ``original`` into an intermediate text; ``second`` edits that
    intermediate text. Where a second-pass edit touches text the first pass
    wrote, the two become one edit whose ``before`` is the original text and
    whose reason names both passes (confidence: the lower of the two).

    >>> a = [Edit(0, 1, "a", "bb", "one", 1.0)]
    >>> compose_edits("ac", a, [Edit(1, 3, "bc", "d", "two", 0.5)])
    [Edit(start=0, end=2, before='ac', after='bd', reason='one+two', confidence=0.5)]
    """
    if not second:
        return list(first)
    if not first:
        # Nothing to fold into (the usual case: one pass). check_edits makes the edits sorted
        # and disjoint, so each would be a cluster of its own below; build those directly.
        check_edits(original, second)
        return [Edit(e.start, e.end, e.before, e.after, _merge_reasons(e.reason), e.confidence) for e in second]
    intermediate = apply_edits(original, first)
    check_edits(intermediate, second)
    # Where each first-pass edit's output sits in the intermediate text, and the
    # length change accumulated before it.
    out_starts: list[int] = []
    out_ends: list[int] = []
    shift_before = [0]
    intervals: list[tuple[int, int, int, int]] = []  # (start, end, pass, index) in intermediate coordinates
    shift = 0
    for index, edit in enumerate(first):
        out_start = edit.start + shift
        shift += len(edit.after) - len(edit.before)
        out_starts.append(out_start)
        out_ends.append(out_start + len(edit.after))
        shift_before.append(shift)
        intervals.append((out_start, out_start + len(edit.after), 0, index))
    intervals.extend((edit.start, edit.end, 1, index) for index, edit in enumerate(second))
    intervals.sort(key=lambda item: (item[0], item[1], item[2]))

    # Both are valid for positions not strictly inside a first-pass output. They differ
    # only at an empty output (a deletion): a range starting there begins after the
    # deleted text, a range ending there ends before it.
    def start_in_original(position: int) -> int:
        return position - shift_before[bisect.bisect_right(out_ends, position)]

    def end_in_original(position: int) -> int:
        return position - shift_before[bisect.bisect_left(out_starts, position)]

    clusters: list[list[tuple[int, int, int, int]]] = []
    high = -1
    for interval in intervals:
        if clusters and interval[0] < high:
            clusters[-1].append(interval)
            high = max(high, interval[1])
        else:
            clusters.append([interval])
            high = interval[1]

    combined: list[Edit] = []
    for cluster in clusters:
        firsts = [first[index] for _, _, kind, index in cluster if kind == 0]
        seconds = [second[index] for _, _, kind, index in cluster if kind == 1]
        if not seconds:
            combined.extend(firsts)
            continue
        low = min(item[0] for item in cluster)
        high = max(item[1] for item in cluster)
        start = min([start_in_original(low)] + [edit.start for edit in firsts])
        end = max([end_in_original(high) if high > low else start] + [edit.end for edit in firsts])
        segment_edits = [Edit(e.start - low, e.end - low, e.before, e.after, e.reason, e.confidence) for e in seconds]
        after = apply_edits(intermediate[low:high], segment_edits)
        edits = firsts + seconds
        combined.append(
            Edit(
                start,
                end,
                original[start:end],
                after,
                _merge_reasons(*(e.reason for e in edits)),
                min(e.confidence for e in edits),
            )
        )
    combined.sort(key=lambda e: (e.start, e.end))
    return combined


def compose_all(original: str, passes: Sequence[Sequence[Edit]]) -> list[Edit]:
    """Compose any number of passes (each against the previous pass's output)."""
    combined: list[Edit] = []
    for edits in passes:
        combined = compose_edits(original, combined, edits)
    return combined


def line_rewrites(edits: Sequence[Edit], reason: str, summary: str) -> RuleResult:
    """A rule's result for ``edits`` that each rewrite one whole line: its finding counts them
    (``summary`` with ``{count}`` in it says what was found), is as sure as the least sure of them,
    and shows how the first three lines began. No edits, no finding."""
    if not edits:
        return RuleResult()
    finding = Finding(
        reason,
        len(edits),
        min(edit.confidence for edit in edits),
        summary.format(count=len(edits)),
        tuple(edit.before[:40] for edit in edits[:3]),
    )
    return RuleResult(tuple(edits), finding)
