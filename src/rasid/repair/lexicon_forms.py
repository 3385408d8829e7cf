"""The lexicon as a broken font would print it: each word's damaged form, per set of lost glyphs.

Restoration inverts this map (damaged form → the words that print as it) for every set of lost
classes that detection names, and detection names many: 67 different sets in the 1,412 held-out
articles with the seed's damage, most of them the seed's three classes plus or minus one. Damaging
every word that holds a lost glyph takes about 20 ms per set, so a set close to one already seen
is derived from it instead: only the words holding a glyph of a class in one set and not the
other can print differently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from rasid.repair.language_model import LanguageModel
from rasid.repair.shaping import (
    GlyphAnalysis,
    GlyphClass,
    analyse_glyphs,
    analysed_lost_positions,
    class_count,
    class_id,
    class_ids_of,
    delete_positions,
)

#: Damaged-form maps kept to derive others from (each is a few megabytes).
KEPT_FORMS = 8
#: A set is derived from a kept one when the words that may print differently are fewer than this
#: share of the words its own build would damage.
DERIVE_SHARE = 0.5

DamagedForms = dict[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True, eq=False)
class LexiconGlyphs:
    """The model's lexicon (special tokens left out) joined by newlines, where each word starts
    in the joined text, and the glyph analysis of that text: the part of every candidate index
    that does not depend on which glyphs were lost."""

    words: tuple[str, ...]
    joined: str
    starts: npt.NDArray[np.int64]
    line_lengths: npt.NDArray[np.int64]  # each word's length, plus one for its newline
    analysis: GlyphAnalysis
    #: The model's word ids, which follow the lexicon's order.
    ids: Mapping[str, int]
    #: Per glyph class: where its glyphs' letters are in ``joined`` (found on first use).
    class_positions: dict[GlyphClass, npt.NDArray[np.int64]] = field(default_factory=dict)
    #: Per glyph class: the number of the word each of its positions falls in (found on first use).
    class_owners: dict[GlyphClass, npt.NDArray[np.int64]] = field(default_factory=dict)
    #: Per glyph class: the numbers of the words that hold it (found on first use).
    class_words: dict[GlyphClass, npt.NDArray[np.int64]] = field(default_factory=dict)
    #: The damaged-form maps of the latest sets of lost classes, oldest first.
    kept: dict[frozenset[GlyphClass], DamagedForms] = field(default_factory=dict)

    def lost_positions(self, lost: frozenset[GlyphClass]) -> npt.NDArray[np.int64]:
        """:func:`analysed_lost_positions` of ``joined``. Detection names many sets of classes,
        each a new index; each class's positions are found once and merged per set."""
        cache = self.class_positions
        new = [glyph_class for glyph_class in lost if glyph_class not in cache]
        if new:
            # One pass over the lexicon's glyphs for every class not seen yet, then each class's
            # own positions from those few glyphs, as analysed_lost_positions finds them.
            analysis = self.analysis
            wanted = np.zeros(class_count(), dtype=bool)
            wanted[class_ids_of(new)] = True
            glyphs = np.flatnonzero(wanted[analysis.class_ids])
            classes = analysis.class_ids[glyphs]
            for glyph_class in new:
                mine = glyphs[classes == class_id(glyph_class)]
                cache[glyph_class] = analysed_lost_positions(
                    GlyphAnalysis(analysis.starts[mine], analysis.ends[mine], analysis.class_ids[mine]), [glyph_class]
                )
        if not lost:
            return analysed_lost_positions(self.analysis, lost)
        parts = [cache[glyph_class] for glyph_class in lost]
        return np.sort(np.concatenate(parts))

    def words_with(self, glyph_class: GlyphClass) -> npt.NDArray[np.int64]:
        """Numbers (indexes into ``words``) of the words that hold ``glyph_class``, ascending."""
        found = self.class_words.get(glyph_class)
        if found is None:
            found = self.class_words[glyph_class] = _distinct(self._class_owners(glyph_class))
        return found

    def _class_owners(self, glyph_class: GlyphClass) -> npt.NDArray[np.int64]:
        owners = self.class_owners.get(glyph_class)
        if owners is None:
            positions = self.lost_positions(frozenset([glyph_class]))
            owners = self.class_owners[glyph_class] = self._owners(positions)
        return owners

    def damaged_forms(self, lost: frozenset[GlyphClass]) -> DamagedForms:
        """Damaged form → the words (in lexicon order) that print as it when ``lost`` is lost, for
        every word that holds a lost glyph. The returned map is shared: do not change it."""
        forms = self.kept.get(lost)
        if forms is None:
            forms = self._derived(lost)
            if forms is None:
                numbers, damaged = self._damage(None, lost)
                forms = {}
                for word, form in zip((self.words[number] for number in numbers), damaged, strict=True):
                    # Most forms have one original: build the tuples directly, in lexicon order.
                    earlier = forms.get(form)
                    forms[form] = (word,) if earlier is None else (*earlier, word)
            if len(self.kept) >= KEPT_FORMS:
                del self.kept[next(iter(self.kept))]
        else:
            del self.kept[lost]  # kept again below, as the newest
        self.kept[lost] = forms
        return forms

    def _owners(self, positions: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The number of the word each position of ``joined`` falls in."""
        return np.searchsorted(self.starts, positions, side="right") - 1

    def _damage(
        self, numbers: npt.NDArray[np.int64] | None, lost: frozenset[GlyphClass]
    ) -> tuple[list[int], list[str]]:
        """The words that hold a glyph of ``lost`` (of those numbered ``numbers``, ascending, or of
        the whole lexicon), and what each prints as without those glyphs."""
        if not lost or (numbers is not None and numbers.size == 0):
            return [], []
        if numbers is None:
            positions = self.lost_positions(lost)
            owners = self._owners(positions)
        else:
            # Only the positions inside the words asked about, class by class.
            position_parts, owner_parts = [], []
            for glyph_class in lost:
                class_owners = self._class_owners(glyph_class)  # finds the class's positions too
                slot = np.minimum(np.searchsorted(numbers, class_owners), numbers.size - 1)
                inside = numbers[slot] == class_owners
                position_parts.append(self.class_positions[glyph_class][inside])
                owner_parts.append(class_owners[inside])
            positions = np.concatenate(position_parts)
            order = np.argsort(positions, kind="stable")
            positions, owners = positions[order], np.concatenate(owner_parts)[order]
        hit_numbers = _distinct(owners)
        hit = hit_numbers.tolist()
        if not hit:
            return [], []
        # A newline joins neither neighbour, so no glyph's form depends on another word: deleting
        # the lost letters from the hit words, joined, damages each as drop_glyphs does alone.
        # Their positions in that text: shifted by what the words before them, not joined, took up.
        lengths = self.line_lengths[hit_numbers]
        shift = self.starts[hit_numbers] - (np.cumsum(lengths) - lengths)
        owner = np.searchsorted(self.starts[hit_numbers], positions, side="right") - 1
        text = "\n".join([self.words[number] for number in hit])
        return hit, delete_positions(text, positions - shift[owner]).split("\n")

    def _derived(self, lost: frozenset[GlyphClass]) -> DamagedForms | None:
        """``lost``'s map derived from the closest kept one, or None when building it is cheaper."""
        best: tuple[int, frozenset[GlyphClass]] | None = None
        for other in self.kept:
            cost = sum(self.words_with(glyph_class).size for glyph_class in lost ^ other)
            if best is None or cost < best[0]:
                best = (cost, other)
        own = sum(self.words_with(glyph_class).size for glyph_class in lost)
        if best is None or best[0] >= DERIVE_SHARE * own:
            return None
        other = best[1]
        # Only words holding a class of one set and not the other can print differently.
        affected = np.unique(np.concatenate([self.words_with(glyph_class) for glyph_class in lost ^ other]))
        forms = dict(self.kept[other])
        words = self.words
        before_numbers, before = self._damage(affected, other)
        for number, form in zip(before_numbers, before, strict=True):
            word = words[number]
            rest = tuple(original for original in forms[form] if original != word)
            if rest:
                forms[form] = rest
            else:
                del forms[form]
        after_numbers, after = self._damage(affected, lost)
        for number, form in zip(after_numbers, after, strict=True):
            word = words[number]
            earlier = forms.get(form)
            if earlier is None:
                forms[form] = (word,)
            else:
                # Keep lexicon order: the words of a form are few, so a sort is cheap.
                forms[form] = tuple(sorted((*earlier, word), key=self.ids.__getitem__))
        return forms


def _distinct(sorted_numbers: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """``sorted_numbers`` without repeats (np.unique without its sort, which costs more)."""
    if sorted_numbers.size == 0:
        return sorted_numbers
    return sorted_numbers[np.concatenate(([True], sorted_numbers[1:] != sorted_numbers[:-1]))]


@lru_cache(maxsize=4)
def lexicon_glyphs(model: LanguageModel) -> LexiconGlyphs:
    """The model's :class:`LexiconGlyphs` (built on first use, then shared by every lost set)."""
    words = model.vocabulary[5:]
    joined = "\n".join(words)
    line_lengths = np.array([len(word) + 1 for word in words], dtype=np.int64)
    starts = np.cumsum([0, *line_lengths[:-1].tolist()])
    return LexiconGlyphs(words, joined, starts, line_lengths, analyse_glyphs(joined), model.index)
