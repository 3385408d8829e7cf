"""The typed values that pass between rasid's stages.

Every value here is a frozen dataclass: stages return new values and never
mutate what they were given. Offsets are code-point offsets into Python
strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rasid.repair.detect import GlyphLossReport


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range ``[start, end)`` of code points."""

    start: int
    end: int


#: Joins the rules of an edit that several passes folded together (``reorder_runs+restore_glyphs``).
REASON_SEPARATOR = "+"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``before`` at ``[start, end)`` by ``after``, for ``reason``, with ``confidence`` in [0, 1]."""

    start: int
    end: int
    before: str
    after: str
    reason: str
    confidence: float

    @property
    def reasons(self) -> tuple[str, ...]:
        """The rules this edit comes from: one, or each rule of passes folded into it."""
        return tuple(self.reason.split(REASON_SEPARATOR))

    def to_json(self) -> dict[str, object]:
        """The edit as a JSON object (the shape the CLI and API print)."""
        return {
            "start": self.start,
            "end": self.end,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "confidence": self.confidence,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One kind of damage a repair rule found in a text."""

    kind: str  # the rule's name, e.g. "fold_presentation_forms"
    count: int  # how many places it found
    confidence: float  # how sure the rule is that this is damage, in [0, 1]
    summary: str  # one line for a human
    examples: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """JSON form used by ``--json`` output."""
        return {
            "kind": self.kind,
            "count": self.count,
            "confidence": round(self.confidence, 4),
            "summary": self.summary,
            "examples": list(self.examples),
        }


@dataclass(frozen=True, slots=True)
class RuleResult:
    """What one repair rule did to its input text."""

    edits: tuple[Edit, ...] = ()
    finding: Finding | None = None


NO_CHANGE = RuleResult()


@dataclass(frozen=True, slots=True)
class Source:
    """Where a text came from: a path, ``-`` for stdin, or a URL."""

    source_id: str
    media_type: str = "text/plain"


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """Everything repair found wrong with a text, and how sure it is."""

    damaged: bool
    findings: tuple[Finding, ...]
    glyph_loss: GlyphLossReport | None = None
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """JSON form used by ``--json`` output."""
        return {
            "damaged": self.damaged,
            "findings": [f.to_json() for f in self.findings],
            "glyph_loss": self.glyph_loss.to_json() if self.glyph_loss else None,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class RepairResult:
    """A repaired text, the original it came from, and every edit between them.

    ``edits`` are against ``original``: applying them gives ``text``, and
    :func:`rasid.repair.edits.revert_edits` undoes them.
    """

    original: str
    text: str
    edits: tuple[Edit, ...]
    diagnosis: Diagnosis
    steps: tuple[str, ...] = field(default=())

    def original_offset(self, offset: int) -> int:
        """Map an offset in the repaired text to the corresponding offset in the original."""
        shift = 0
        for edit in self.edits:
            start_in_text = edit.start + shift
            if offset < start_in_text:
                break
            if offset < start_in_text + len(edit.after):
                return edit.start + min(offset - start_in_text, len(edit.before))
            shift += len(edit.after) - len(edit.before)
        return offset - shift

    def to_json(self) -> dict[str, object]:
        """The ``--json`` shape: ``{text, edits, diagnosis}``."""
        return {
            "text": self.text,
            "edits": [edit.to_json() for edit in self.edits],
            "diagnosis": self.diagnosis.to_json(),
        }


@dataclass(frozen=True, slots=True)
class Block:
    """A piece of a page in reading order: a body paragraph, a header, a footer or a page number."""

    kind: str  # "body", "header", "footer" or "page_number"
    text: str
    bbox: tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points, origin bottom left
    column: int  # 1 = first column in reading order; 0 = outside the columns

    def to_json(self) -> dict[str, object]:
        """JSON form used by ``--json`` output."""
        return {"kind": self.kind, "text": self.text, "bbox": [round(v, 1) for v in self.bbox], "column": self.column}


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a document."""

    number: int
    blocks: tuple[Block, ...]
    needs_ocr: bool = False  # no text layer, only images
    from_ocr: bool = False  # the text came from OCR
    confidence: float = 1.0  # share of the page's letters read from the text layer or recovered surely

    def to_json(self) -> dict[str, object]:
        """JSON form used by ``--json`` output."""
        return {
            "number": self.number,
            "needs_ocr": self.needs_ocr,
            "from_ocr": self.from_ocr,
            "confidence": round(self.confidence, 4),
            "blocks": [block.to_json() for block in self.blocks],
        }


@dataclass(frozen=True, slots=True)
class RecoveredGlyph:
    """A glyph the PDF font gave no Unicode for, and the letter(s) rasid recovered for it."""

    font: str
    code: int
    letters: str
    form: str  # "isolated", "initial", "medial", "final" or "" when unknown
    method: str  # "glyph_name", "reference_font" or "decipher"
    confidence: float
    occurrences: int

    def to_json(self) -> dict[str, object]:
        """JSON form used by ``--json`` output."""
        return {
            "font": self.font,
            "code": self.code,
            "letters": self.letters,
            "form": self.form,
            "method": self.method,
            "confidence": round(self.confidence, 4),
            "occurrences": self.occurrences,
        }


@dataclass(frozen=True, slots=True)
class Extraction:
    """What a reader got out of a source, before text repair."""

    text: str  # body text, one paragraph per line
    pages: tuple[Page, ...] = ()
    title: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    encoding: str | None = None
    recovered_glyphs: tuple[RecoveredGlyph, ...] = ()
    notes: tuple[str, ...] = ()
    ocr_spans: tuple[tuple[int, int], ...] = ()  # the parts of ``text`` that OCR read


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry: one real place, where it is and how far it extends.

    ``kind`` is the coarse type (country, admin1, district, populated, terrain, water,
    facility, region); ``feature`` the fine one (a GeoNames feature code such as PPLA, or
    mountain, desert, crossing...). Areas keep their extent in ``bbox`` (west, south, east,
    north); points have none.
    """

    id: str
    name: str
    name_en: str
    kind: str
    feature: str
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    bbox: tuple[float, float, float, float] | None = None
    population: int = 0

    def to_json(self) -> dict[str, object]:
        """The place as a JSON object."""
        return {
            "id": self.id,
            "name": self.name,
            "name_en": self.name_en,
            "kind": self.kind,
            "feature": self.feature,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "bbox": list(self.bbox) if self.bbox else None,
            "population": self.population,
        }


@dataclass(frozen=True, slots=True)
class Alternative:
    """Another place a mention could name, with the probability the resolver gave it."""

    place_id: str
    name: str
    name_en: str
    country: str | None
    probability: float

    def to_json(self) -> dict[str, object]:
        """The alternative as a JSON object."""
        return {
            "place_id": self.place_id,
            "name": self.name,
            "name_en": self.name_en,
            "country": self.country,
            "probability": self.probability,
        }


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the repaired text: ``text[start:end]`` is ``surface``.

    ``confidence`` is the probability that this is a place and the chosen one;
    ``alternatives`` are the other candidates, most likely first; ``sentence`` is the
    span of the sentence the mention is in.
    """

    start: int
    end: int
    surface: str
    place: Place
    confidence: float
    alternatives: tuple[Alternative, ...] = ()
    sentence: Span = Span(0, 0)
    cue: str | None = None

    def to_json(self) -> dict[str, object]:
        """The mention as a JSON object."""
        return {
            "start": self.start,
            "end": self.end,
            "surface": self.surface,
            "place": self.place.to_json(),
            "confidence": self.confidence,
            "alternatives": [alternative.to_json() for alternative in self.alternatives],
            "sentence": {"start": self.sentence.start, "end": self.sentence.end},
            "cue": self.cue,
        }


@dataclass(frozen=True, slots=True)
class Document:
    """A source read and repaired: the unit that is stored, searched and shown.

    ``places`` are the places the repaired text names (empty until places are found).
    """

    source_id: str
    media_type: str
    extraction: Extraction
    repair: RepairResult
    places: tuple[PlaceMention, ...] = ()

    @property
    def text(self) -> str:
        """The repaired body text."""
        return self.repair.text

    def to_json(self) -> dict[str, object]:
        """The ``rasid read --json`` shape."""
        extraction = self.extraction
        return {
            "source": self.source_id,
            "media_type": self.media_type,
            "title": extraction.title,
            "author": extraction.author,
            "published": extraction.published,
            "url": extraction.url,
            "encoding": extraction.encoding,
            "text": self.text,
            "pages": [page.to_json() for page in extraction.pages],
            "recovered_glyphs": [glyph.to_json() for glyph in extraction.recovered_glyphs],
            "edits": [edit.to_json() for edit in self.repair.edits],
            "diagnosis": self.repair.diagnosis.to_json(),
            "places": [mention.to_json() for mention in self.places],
            "notes": list(extraction.notes),
        }
