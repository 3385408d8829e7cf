"""Find the text lines of a page image ourselves, so Tesseract only ever reads one line at a time.

Tesseract's own page layout (``--psm 3``) merges lines that touch: Amiri's tall letters and
the tight line spacing of news pages leave no blank row between lines, and a merged pair
comes out as garbage. Its result also swings with the render scale. Here the page is cut
into columns by whitespace (right column first, as Arabic is read), each column into lines
at the faintest row between two baselines (the baseline is the row where Arabic letters
join, by far the inkiest row of a line), and each line is recognised alone (``--psm 7``).

Everything is measured in line pitches (baseline to baseline distance), estimated from the
page, so no threshold depends on the resolution.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from PIL import Image

#: A box in pixels: left, top, right, bottom (right and bottom exclusive).
Box = tuple[int, int, int, int]

#: A column gutter is a blank vertical strip at least this many line pitches wide; justified
#: word spaces stay well under one pitch.
GUTTER_PITCHES = 0.9
#: Two baselines are at least this many pitches apart (ascenders reach about half a pitch
#: above the baseline, descenders a third below, so no other ink row can be this far away).
BASELINE_SEPARATION = 0.7
#: A row is a baseline candidate on the first pass if it has this share of its band's ink peak.
STRONG_BASELINE = 0.2
#: Bands of ink lower than this many pitches are dots and marks, not lines.
MARK_PITCHES = 0.25
#: Line images are scaled so that one pitch is this many pixels: Tesseract's line
#: recogniser is steadiest near this size whatever the page resolution.
TARGET_PITCH = 40
#: White margin (pixels) around each line image.
LINE_MARGIN = 12


@dataclass(frozen=True)
class LineLayout:
    """The lines of a page: the line pitch, the text blocks and the line boxes in reading order."""

    pitch: int
    blocks: tuple[Box, ...]
    lines: tuple[Box, ...]


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Dark pixels of a greyscale image, split from the paper by Otsu's threshold."""
    histogram = np.bincount(gray.ravel(), minlength=256).astype(float)
    weight = np.cumsum(histogram)
    mass = np.cumsum(histogram * np.arange(256))
    total, total_mass = weight[-1], mass[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (total_mass * weight - mass * total) ** 2 / (weight * (total - weight))
    if not np.isfinite(between).any():  # a blank (one-colour) image has no ink
        return np.zeros(gray.shape, dtype=bool)
    return np.asarray(gray < int(np.nanargmax(between)) + 1)


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """The (start, end) index ranges where a 1-d boolean array is true."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True))


def line_pitch(profile: np.ndarray, shortest: int = 6, longest: int = 400) -> int:
    """The line pitch in pixels: the first strong repeat of the row ink profile (autocorrelation).

    The first strong peak, not the highest, because multiples of the pitch also repeat.
    """
    centred = profile.astype(float) - profile.mean()
    correlation = np.correlate(centred, centred, mode="full")[len(centred) - 1 :]
    longest = max(shortest + 2, min(longest, len(centred) // 2))
    lag = shortest
    while lag + 1 < longest and correlation[lag + 1] < correlation[lag]:  # leave the central lobe
        lag += 1
    window = correlation[lag:longest]
    if len(window) < 3:
        return max(shortest, len(profile))
    strong = 0.6 * window.max()
    for i in range(1, len(window) - 1):
        if window[i] >= strong and window[i] >= window[i - 1] and window[i] >= window[i + 1]:
            return lag + i
    return lag + int(np.argmax(window))


def _gutters(band: np.ndarray, pitch: int) -> list[tuple[int, int]]:
    """Blank vertical strips inside a band of rows that are wide enough to separate columns."""
    columns = np.asarray(band.any(axis=0))
    inked = np.flatnonzero(columns)
    if len(inked) == 0:
        return []
    return [
        (start, end)
        for start, end in runs(~columns)
        if start > inked[0] and end <= inked[-1] and end - start >= GUTTER_PITCHES * pitch
    ]


def text_blocks(ink: np.ndarray, pitch: int, box: Box | None = None) -> list[Box]:
    """Text blocks in reading order: whitespace cuts, columns right to left.

    The region is cut into bands at blank rows. Consecutive bands that share a gutter (a
    blank strip with ink on both sides) form a column group, which is split at the gutter and
    read right column first; bands with no ink in the gutter (a column that ends early, a
    paragraph gap in one column) stay in the group. Everything else (headers, titles spanning
    the page, one-column text) forms plain blocks in top-to-bottom order.
    """
    x0, y0, x1, y1 = box or (0, 0, ink.shape[1], ink.shape[0])
    region = ink[y0:y1, x0:x1]
    bands = runs(np.asarray(region.any(axis=1)))
    # Low bands (a row of dots) cannot show a gutter: their ink is too sparse to tell.
    gutters = [_gutters(region[top:bottom], pitch) if bottom - top >= 0.5 * pitch else [] for top, bottom in bands]
    groups: list[tuple[int, int, tuple[int, int] | None]] = []
    i = 0
    while i < len(bands):
        top, bottom = bands[i]
        if not gutters[i]:
            if groups and groups[-1][2] is None:
                groups[-1] = (groups[-1][0], bottom, None)
            else:
                groups.append((top, bottom, None))
            i += 1
            continue
        gutter = max(gutters[i], key=lambda g: g[1] - g[0])
        j = i + 1
        while j < len(bands):
            shared = [g for g in gutters[j] if min(g[1], gutter[1]) > max(g[0], gutter[0])]
            if shared:
                widest = max(shared, key=lambda g: g[1] - g[0])
                gutter = (max(gutter[0], widest[0]), min(gutter[1], widest[1]))
            elif region[bands[j][0] : bands[j][1], gutter[0] : gutter[1]].any():
                break
            j += 1
        groups.append((top, bands[j - 1][1], gutter))
        i = j
    blocks: list[Box] = []
    for top, bottom, split in groups:
        if split is None:
            blocks.append((x0, y0 + top, x1, y0 + bottom))
        else:
            cut = x0 + (split[0] + split[1]) // 2
            blocks += text_blocks(ink, pitch, (cut, y0 + top, x1, y0 + bottom))  # the right column first
            blocks += text_blocks(ink, pitch, (x0, y0 + top, cut, y0 + bottom))
    return blocks


def _baselines(profile: np.ndarray, pitch: int) -> list[int]:
    """Baseline rows of a band of touching lines: the inkiest rows, at least most of a pitch apart.

    A second pass looks inside stretches too tall for the baselines found (a short last line
    has little ink on its baseline) for a row that stands over a clear valley and whose ink
    spans enough rows to be letters rather than a row of dots.
    """
    smooth = np.convolve(profile.astype(float), np.ones(3) / 3, mode="same")
    apart = BASELINE_SEPARATION * pitch
    peaks: list[int] = []
    for row in np.argsort(-smooth, kind="stable"):
        if smooth[row] < STRONG_BASELINE * smooth.max():
            break
        if all(abs(int(row) - peak) >= apart for peak in peaks):
            peaks.append(int(row))
    found = True
    while found:
        found = False
        bounds = [0, *sorted(peaks), len(smooth) - 1]
        for k, (low, high) in enumerate(pairwise(bounds)):
            at_edge = k in (0, len(bounds) - 2)  # only descenders below / ascenders above
            if high - low < (1.0 if at_edge else 1.6) * pitch:
                continue
            candidates = [
                row
                for row in range(max(1, low), min(len(smooth) - 1, high))
                if smooth[row] >= smooth[row - 1]
                and smooth[row] >= smooth[row + 1]
                and all(abs(row - peak) >= apart for peak in peaks)
            ]
            if not candidates:
                continue
            row = max(candidates, key=lambda r: smooth[r])
            nearest = min(peaks, key=lambda peak: abs(peak - row))
            valley = smooth[min(row, nearest) : max(row, nearest) + 1].min()
            top = bottom = row
            while top > 0 and smooth[top - 1] > 0.15 * smooth[row]:
                top -= 1
            while bottom < len(smooth) - 1 and smooth[bottom + 1] > 0.15 * smooth[row]:
                bottom += 1
            if smooth[row] >= 2.5 * valley + 1 and bottom - top + 1 >= 0.4 * pitch:
                peaks.append(row)
                found = True
    return sorted(peaks)


def split_lines(ink: np.ndarray, block: Box, pitch: int) -> list[Box]:
    """Line boxes of one text block, top to bottom.

    Bands of ink separated by blank rows are split further where lines touch: between two
    baselines, at the faintest row about 40% of the way down (dots below a baseline sit
    closer to it than the next line's ascenders). Bands of dots and marks join the nearest line.
    """
    x0, y0, x1, y1 = block
    region = ink[y0:y1, x0:x1]
    profile = region.sum(axis=1)
    bands = runs(profile > 0)
    letters = [band for band in bands if band[1] - band[0] >= MARK_PITCHES * pitch] or bands
    marks = [band for band in bands if band not in letters]
    extents: list[list[int]] = []
    for top, bottom in letters:
        band_profile = profile[top:bottom].astype(float)
        peaks = _baselines(band_profile, pitch)
        cuts = [0]
        for upper, lower in pairwise(peaks):
            gap = lower - upper
            low, high = upper + int(0.15 * gap), lower - int(0.3 * gap)
            rows = np.arange(low, high)
            # The faintest row; among equally faint rows the one nearest 40% of the way down.
            cost = band_profile[low:high] + 1e-3 * np.abs(rows - (upper + 0.4 * gap))
            cuts.append(low + int(np.argmin(cost)))
        cuts.append(bottom - top)
        extents += [[top + a, top + b] for a, b in pairwise(cuts)]
    for top, bottom in marks:
        middle = (top + bottom) / 2
        nearest = min(extents, key=lambda e: max(0.0, e[0] - middle, middle - e[1]))  # distance to the line
        nearest[0], nearest[1] = min(nearest[0], top), max(nearest[1], bottom)
    lines: list[Box] = []
    for top, bottom in extents:
        columns = np.flatnonzero(region[top:bottom].any(axis=0))
        if len(columns):
            lines.append((x0 + int(columns[0]), y0 + top, x0 + int(columns[-1]) + 1, y0 + bottom))
    return lines


def segment_lines(gray: np.ndarray) -> LineLayout:
    """The text lines of a greyscale page image, in reading order."""
    ink = ink_mask(gray)
    if not ink.any():
        return LineLayout(0, (), ())
    pitch = line_pitch(ink.sum(axis=1))
    blocks = text_blocks(ink, pitch)
    lines = [line for block in blocks for line in split_lines(ink, block, pitch)]
    return LineLayout(pitch, tuple(blocks), tuple(lines))


def line_texts(image: Image.Image, layout: LineLayout, language: str, timeout: float = 300) -> list[str]:
    """The text of each of ``layout.lines`` (empty where Tesseract reads nothing), in order.

    All line images go to one Tesseract run (a list file), so the model loads once.
    ``textord_noise_rejrows=0``: Tesseract otherwise drops whole lines it takes for noise
    (lines of large Arabic letters with many dots), returning nothing for a clean line.

    Raises:
        subprocess.CalledProcessError: Tesseract fails.
    """
    from PIL import Image as PILImage
    from PIL import ImageOps

    if not layout.lines:
        return []
    factor = TARGET_PITCH / layout.pitch
    with tempfile.TemporaryDirectory(prefix="rasid-ocr-") as folder:
        paths = []
        for number, box in enumerate(layout.lines):
            crop = image.crop(box)
            size = (max(1, round(crop.width * factor)), max(1, round(crop.height * factor)))
            crop = ImageOps.expand(crop.resize(size, PILImage.Resampling.LANCZOS), LINE_MARGIN, fill=255)
            path = Path(folder) / f"line{number:05d}.png"
            crop.save(path)
            paths.append(str(path))
        listing = Path(folder) / "lines.txt"
        listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
        completed = subprocess.run(
            ["tesseract", str(listing), "stdout", "-l", language, "--psm", "7", "-c", "textord_noise_rejrows=0"],
            capture_output=True,
            text=True,
            check=True,
            timeout=timeout,
        )
    # Tesseract ends each image's text with a form feed.
    texts = [" ".join(text.split()) for text in completed.stdout.split("\f")][: len(layout.lines)]
    return texts + [""] * (len(layout.lines) - len(texts))


def recognise_page(image: Image.Image, language: str, timeout: float = 300) -> str:
    """The whole image read with Tesseract's own layout analysis (``--psm 3``): the fallback
    for an image in which no line was found (a blank page gives an empty text).

    Raises:
        subprocess.CalledProcessError: Tesseract fails.
    """
    with tempfile.TemporaryDirectory(prefix="rasid-ocr-") as folder:
        path = Path(folder) / "page.png"
        image.save(path)
        completed = subprocess.run(
            ["tesseract", str(path), "stdout", "-l", language, "--psm", "3"],
            capture_output=True,
            text=True,
            check=True,
            timeout=timeout,
        )
    return "\n".join(" ".join(line.split()) for line in completed.stdout.splitlines() if line.strip())
