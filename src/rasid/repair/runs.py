"""Put back the runs of a line that a PDF extractor emitted out of order.

Where a glyph had no Unicode mapping, extractors often break the line into
separate runs at that point, and some then emit the runs in left-to-right
page order, which for Arabic is the reverse of reading order. The seed's line
``ل الأطراف المتحاربة فأطرافها. ومع ذلك ... المصالح ل وعل`` is three runs
that read ``وعل[ى] أطرافها. ومع ذلك ... المصالح ل[ك]ل الأطراف المتحاربة ف[ي]``.

For each line that holds damaged fragments, the candidate run boundaries are
the places next to a fragment: a token that is much likelier a damaged form
than a word, or the first part of a word whose glyph vanished inside it (المح
of المحكمة, whose other part مة starts another run). The first boundary of the
line as emitted is unmarked: any gap, a token the lexicon lacks split in two, or
a word glued to the full stop before it. Every way of cutting the line at one to
three of them and reversing the runs is scored under glyph restoration, by the
trigram model and the context model (which sees three words on either side, so
it tells a sentence from runs that merely meet in a plausible trigram), together
with the end of the previous line and the start of the next. A line is rewritten
only when the best order beats the line as it stands by a clear margin, a wider
one for the first and last line of the text, which have a neighbour on one side
only. The whitespace between two runs stays with that pair of runs.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rasid.model import Edit, RuleResult
from rasid.repair.chars import SENTENCE_PUNCTUATION
from rasid.repair.edits import line_rewrites
from rasid.repair.restore import Restorer
from rasid.repair.tokens import Token, iter_tokens
from rasid.repair.wrap import is_hard_wrapped

REASON = "reorder_runs"
_LINE = re.compile(r"[^\n]+")
#: Marks that end a sentence or clause, Latin comma and semicolon included.
_SENTENCE_MARKS = frozenset(SENTENCE_PUNCTUATION + ",;")


@dataclass(frozen=True, slots=True)
class RunsConfig:
    """Settings of run reordering.

    Attributes:
        margin: nats by which the best order must beat the line as it stands...
        cut_penalty: ... plus this many nats per run boundary, so that more elaborate
            reorderings need more evidence.
        max_cut_points: candidate boundaries considered per line (the strongest fragments).
        max_cuts: at most this many boundaries per line (so at most ``max_cuts + 1`` runs).
        beam: cut sets kept at each step when searching for three or more cuts.
        fragment_gain: a token is a fragment when its likeliest restoration is at least this many
            nats more frequent than the token itself.
        context_tokens: tokens of the neighbouring lines scored with each candidate order.
        edge_margin: the margin for the first and last line of the text, which have a
            neighbour on one side only (None: leave them as they are).
        confidence_scale, confidence_shift: an edit's confidence is
            ``1 / (1 + exp(-(scale * L + shift)))``, where ``L`` is the chosen order's log-odds
            against every other order searched. ``L`` itself is far too sure: the search may
            miss the true order (a run cut inside a word it did not try), and the window scores
            count overlapping evidence. On the development split, edits whose ``L`` said 0.9–0.99
            were right 37% of the time, and those above 0.999 89%. The two values were fitted
            on half A by ``scripts/fit_runs_confidence.py``; on half B they take the edits' log-loss
            from 1.50 to 0.40 and their calibration error from 0.20 to 0.05.
    """

    # In nats of restoration's score, context model included: when its weight went from 0.351 to
    # 0.5 (RESTORE_WEIGHTS), margins of 5 and 7 wrongly reordered twice as many lines of the
    # development split (7 -> 15); 7.5 and 9.5 put back 887 of 1,398 scrambled lines and wrongly
    # reorder 7 of 11,061 in order, against 886 and 7 before the change. With the pair of context
    # models at 0.7, 8.5/10.5 and 9.5/11.5 changed neither count by more than 3 (902 and 9 at
    # 7.5/9.5); the lines wrongly reordered read as well either way, so the margins stayed.
    margin: float = 7.5
    cut_penalty: float = 2.0
    max_cut_points: int = 8
    beam: int = 32
    max_cuts: int = 3
    fragment_gain: float = 1.0
    context_tokens: int = 3
    edge_margin: float | None = 9.5
    confidence_scale: float = 0.115
    confidence_shift: float = -0.513


DEFAULT_RUNS_CONFIG = RunsConfig()


@dataclass(frozen=True, slots=True)
class ReorderedLine:
    """A line whose runs are put back: where it starts in the text, the line as written and as
    put back (both stripped), and the log-odds of the chosen order against every other order
    searched (its confidence before calibration)."""

    offset: int
    before: str
    after: str
    log_odds: float


def order_confidence(log_odds: float, config: RunsConfig = DEFAULT_RUNS_CONFIG) -> float:
    """The calibrated confidence of a reordering whose order has ``log_odds`` (see :class:`RunsConfig`)."""
    score = config.confidence_scale * log_odds + config.confidence_shift
    return 1.0 / (1.0 + math.exp(-score)) if score > -700 else 0.0


@dataclass(frozen=True, slots=True)
class Cut:
    """A candidate run boundary: the separator ``line[start:end]`` (empty inside a word)."""

    start: int
    end: int
    strength: float


def fragment_strength(key: str, restorer: Restorer) -> float:
    """How much likelier ``key`` is a damaged form than a word (log count ratio; 0 if not)."""
    model = restorer.model
    candidates = restorer.candidates(key)
    return _log_gain(max((model.count(c.key) for c in candidates if c.key != key), default=0), key, restorer)


def _log_gain(best: int, key: str, restorer: Restorer) -> float:
    """log of how much more frequent a reading seen ``best`` times is than ``key`` (0 if unseen)."""
    if best == 0:
        return 0.0
    return math.log(best + 1) - math.log(restorer.model.count(key) + 1)


def glue_strength(key: str, words: list[str], restorer: Restorer) -> float:
    """How much likelier ``key`` is the first part of a word than a word of its own: where a
    glyph vanished inside a word the extractor may end a run there (المح of المحكمة), and the
    word's other part starts another run of the same line. The best log count ratio of ``key``
    glued to any word of the line (as written, or a restoration of the glued form) over
    ``key`` alone; 0 when no gluing makes a word."""
    model = restorer.model
    damaged_forms = restorer.index.by_damaged_form
    best = 0
    for word in words:
        glued = key + word
        best = max(best, model.count(glued), *(model.count(original) for original in damaged_forms.get(glued, ())))
    return _log_gain(best, key, restorer)


def cut_points(
    line: str,
    restorer: Restorer,
    config: RunsConfig,
    restored: frozenset[str] = frozenset(),
    tokens: list[Token] | None = None,
) -> tuple[list[Cut], list[Cut]]:
    """Candidate run boundaries of one line: (free cuts, fragment cuts).

    The runs come out as ``R_k ... R_1`` (logical order ``R_1 ... R_k``). Every run but the
    last ends where a glyph vanished, so every boundary in the output except the first has
    a fragment on its left: a token that lost its final letter, or the first half of a word
    cut in two. The first boundary joins the line's logical end to the start of a run, and
    nothing marks it: it may be any gap (a "free" cut). ``restored`` holds the tokens that
    restoring the whole text changes; they count as fragments even when they are words.
    ``tokens``: the line's tokens, when the caller has them already.
    """
    if tokens is None:
        tokens = list(iter_tokens(line))
    model = restorer.model
    strengths = [
        max(fragment_strength(t.key, restorer), config.fragment_gain if t.key in restored else 0.0)
        if t.kind == "word"
        else 0.0
        for t in tokens
    ]
    words = [t.key for t in tokens if t.kind == "word"]
    free: list[Cut] = []
    fragments: list[Cut] = []
    for k in range(len(tokens) - 1):
        gap_start, gap_end = tokens[k].end, tokens[k + 1].start
        if gap_start == gap_end and tokens[k].key in _SENTENCE_MARKS and tokens[k + 1].kind == "word":
            # A word glued to the mark that ends a sentence (الأسبوع.عام): two runs with nothing
            # between them, as where a glyph vanished at a run's end.
            free.append(Cut(gap_start, gap_end, 0.0))
            continue
        if not line[gap_start:gap_end].isspace():
            continue
        free.append(Cut(gap_start, gap_end, 0.0))
        strength = strengths[k]
        if strength < config.fragment_gain and tokens[k].kind == "word":
            strength = glue_strength(tokens[k].key, words, restorer)
        if strength >= config.fragment_gain:
            fragments.append(Cut(gap_start, gap_end, strength))
    for token in tokens:
        # A token the lexicon lacks may be two runs glued together ("ف" + "أطرافها").
        if token.kind != "word" or token.key in model.index or len(token.key) != token.end - token.start:
            continue
        for split in range(1, len(token.key)):
            head, tail = token.key[:split], token.key[split:]
            head_strength = fragment_strength(head, restorer)
            cut = Cut(token.start + split, token.start + split, head_strength)
            if head_strength >= config.fragment_gain:
                fragments.append(cut)
            if model.count(head) >= 5 and model.count(tail) >= 5:
                free.append(cut)
    fragments = sorted(sorted(fragments, key=lambda cut: -cut.strength)[: config.max_cut_points], key=lambda c: c.start)
    return sorted(free, key=lambda cut: cut.start), fragments


def reverse_runs(line: str, cuts: tuple[Cut, ...]) -> str:
    """Reverse the order of the runs between ``cuts``, keeping each separator between its pair.

    >>> reverse_runs("A B C", (Cut(1, 2, 0.0), Cut(3, 4, 0.0)))
    'C B A'
    """
    runs: list[str] = []
    separators: list[str] = []
    position = 0
    for cut in cuts:
        runs.append(line[position : cut.start])
        separators.append(line[cut.start : cut.end])
        position = cut.end
    runs.append(line[position:])
    pieces = [runs[-1]]
    for run, separator in zip(reversed(runs[:-1]), reversed(separators), strict=True):
        pieces.append(separator)
        pieces.append(run)
    return "".join(pieces)


def _edge_tokens(text: str, count: int, from_end: bool) -> str:
    tokens = list(iter_tokens(text))
    chosen = tokens[-count:] if from_end else tokens[:count]
    if not chosen:
        return ""
    return text[chosen[0].start : chosen[-1].end]


def search_cuts(
    line: str, free: list[Cut], fragments: list[Cut], head: str, tail: str, restorer: Restorer, config: RunsConfig
) -> tuple[list[tuple[Cut, ...]], list[float]]:
    """Score cut sets by beam search: the line as it is, every free cut alone and with one
    fragment cut to its right, then the best few extended by one more fragment cut at a time,
    up to ``max_cuts``. Returns the sets (the empty set first) and their scores, each less
    ``cut_penalty`` per cut."""
    scored: dict[tuple[Cut, ...], float] = {}

    def score(combinations: list[tuple[Cut, ...]]) -> None:
        fresh = [combination for combination in dict.fromkeys(combinations) if combination not in scored]
        if not fresh:
            return
        texts = [f"{head} {reverse_runs(line, combination)} {tail}" for combination in fresh]
        for combination, value in zip(fresh, restorer.score_texts(texts), strict=True):
            scored[combination] = value - config.cut_penalty * len(combination)

    pairs = [(first, cut) for first in free for cut in fragments if cut.start > first.end]
    score([(), *((first,) for first in free), *pairs])
    for size in range(3, config.max_cuts + 1):
        frontier = [c for c in sorted(scored, key=scored.__getitem__, reverse=True) if len(c) == size - 1]
        score(
            [
                (*combination, cut)
                for combination in frontier[: config.beam]
                for cut in fragments
                if cut.start > combination[-1].end
            ]
        )
    combinations = list(scored)
    return combinations, [scored[combination] for combination in combinations]


def reorder_runs(text: str, restorer: Restorer, config: RunsConfig = DEFAULT_RUNS_CONFIG) -> RuleResult:
    """Find lines whose runs are out of order and put them back; one edit per line."""
    edits = tuple(
        Edit(
            line.offset,
            line.offset + len(line.before),
            line.before,
            line.after,
            REASON,
            round(order_confidence(line.log_odds, config), 4),
        )
        for line in reordered_lines(text, restorer, config)
    )
    return line_rewrites(edits, REASON, "{count} lines had runs out of order around lost glyphs")


def reordered_lines(text: str, restorer: Restorer, config: RunsConfig = DEFAULT_RUNS_CONFIG) -> list[ReorderedLine]:
    """The lines of ``text`` whose runs are out of order, each with its runs put back, in text
    order (each line is judged with the lines before it already put back)."""
    lines = [(match.start(), match.group()) for match in _LINE.finditer(text) if match.group().strip()]
    if not is_hard_wrapped([line for _, line in lines]):
        return []  # runs are pieces of printed lines; this text has none
    current = {start: line for start, line in lines}
    decoding = restorer.decode(text)
    restored = frozenset(
        decoding.stream.tokens[number].key
        for number, option, chosen in zip(decoding.token_numbers, decoding.options, decoding.chosen, strict=True)
        if option[chosen].key != decoding.stream.tokens[number].key
    )
    reordered: list[ReorderedLine] = []
    for number, (start, line) in enumerate(lines):
        stripped = line.strip()
        offset = start + line.index(stripped)
        tokens = list(iter_tokens(stripped))
        last = tokens[-1]
        words = [token.key for token in tokens if token.kind == "word"]
        if not (
            last.kind == "word"
            and (
                last.key in restored
                or fragment_strength(last.key, restorer) > 0
                or glue_strength(last.key, words, restorer) >= config.fragment_gain
            )
        ):
            # The runs come out as R_k ... R_1 and R_1 ends where a glyph vanished, so a
            # scrambled line ends in a fragment; one that does not is in order.
            continue
        edge = number == 0 or number + 1 == len(lines)
        if edge and config.edge_margin is None:
            # Without a line on each side there is little to anchor a new order to.
            continue
        # Only now the line's candidate boundaries: most lines stop at the checks above.
        free, fragments = cut_points(stripped, restorer, config, restored, tokens)
        previous = current[lines[number - 1][0]] if number else ""
        following = lines[number + 1][1] if number + 1 < len(lines) else ""
        head = _edge_tokens(previous, config.context_tokens, from_end=True)
        tail = _edge_tokens(following, config.context_tokens, from_end=False)
        combinations, penalised = search_cuts(stripped, free, fragments, head, tail, restorer, config)
        hypotheses = [reverse_runs(stripped, combination) for combination in combinations]
        best = max(range(len(hypotheses)), key=penalised.__getitem__)
        margin = config.edge_margin if edge and config.edge_margin is not None else config.margin
        if best == 0 or penalised[best] - penalised[0] < margin:
            continue
        top = penalised[best]
        # log(P(best) / P(any other)), from the others' scores relative to the best's (no overflow).
        others = sum(math.exp(score - top) for index, score in enumerate(penalised) if index != best)
        log_odds = -math.log(others) if others > 0 else math.inf
        reordered.append(ReorderedLine(offset, stripped, hypotheses[best], log_odds))
        current[start] = line.replace(stripped, hypotheses[best], 1)
    return reordered
