"""Fit the weights that restoration gives its models' scores (rasid.repair.restore.ScoreWeights).

Usage:
    python scripts/fit_score_weights.py --model DIR --dev FILE [--limit N]

``DIR`` must hold a language model (and its ``context`` model) built without the
articles of ``FILE``: the scores of text a model was trained on are not the scores
it gives new text. The project's development split is every 40th article of the
training corpus (``rasid build-model`` on the rest; ``scripts/train_context_model.py
--skip-every 40``). Never give the held-out split here.

Each article is damaged with every glyph profile of the benchmark; for every token
with more than one candidate, each candidate is scored in the article's true context
by each model, and the weights are those that maximise the probability of the right
candidate (a conditional log-linear model, the word trigram model's weight fixed at 1).
The weights printed go into ``RESTORE_WEIGHTS``.

The fit scores each candidate among its true neighbours, while restoration chooses among
neighbours that are themselves uncertain. ``--decode-context 0.35,0.5,...`` checks the context
model's weight the way restoration uses it: every article, damaged with each profile, is repaired
by the whole pipeline (detection included) with each weight in turn, and the words restored,
undamaged words changed and words wrong are printed per profile (slow: about a minute per
weight per profile for 350 articles).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from bench_repair import Tally
from rasid.repair.context_model import UNKNOWN_ID as CONTEXT_UNKNOWN_ID
from rasid.repair.context_model import context_scores, vocabulary_map
from rasid.repair.corpus import iter_articles
from rasid.repair.damage import PROFILES, lose_glyphs
from rasid.repair.language_model import LanguageModel, load_language_model
from rasid.repair.pipeline import repair_text
from rasid.repair.restore import RESTORE_WEIGHTS, Restorer
from rasid.repair.rules import DEFAULT_REPAIR_CONFIG
from rasid.repair.stream import token_stream
from rasid.repair.tokens import iter_tokens

PROFILE_NAMES = ("seed-glyphs", "heh-medial", "teh-marbuta-final", "meem-medial", "lam-alef")
FEATURES = ("shape", "context", "context_unknown", "bias")
#: Fitted, unless ``--fit`` says otherwise. The shape model's weight comes out slightly negative once
#: the context model (which sees shapes too) is weighed, and leaving it out changes nothing
#: measurable on the development split, while saving its lookups: it is held at 0.
DEFAULT_FITTED = ("context", "context_unknown", "bias")


def features(model: LanguageModel, articles: list[str], profile: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows of (trigram window score, then FEATURES), each row's token number, and whether
    the row is the right candidate."""
    lost = PROFILES[profile].lost
    restorer = Restorer(model, lost)
    context = model.context
    if context is None:
        raise SystemExit(f"no context model goes with {model.directory}")
    mapping = vocabulary_map(context, model)
    columns: list[np.ndarray] = []
    groups: list[np.ndarray] = []
    truths: list[np.ndarray] = []
    token_number = 0
    for article in articles:
        damaged = lose_glyphs(article, lost)
        originals, damages = list(iter_tokens(article)), list(iter_tokens(damaged))
        if len(originals) != len(damages):  # a word vanished whole: the tokens no longer align
            continue
        stream = token_stream(article, model)
        positions, ids, shapes, biases, group, truth = [], [], [], [], [], []
        for number, (original, token) in enumerate(zip(originals, damages, strict=True)):
            if token.kind != "word":
                continue
            candidates = restorer.candidates(token.key)
            if len(candidates) < 2 or original.key not in {c.key for c in candidates}:
                continue
            for candidate in candidates:
                positions.append(stream.positions[number])
                ids.append(candidate.word_id)
                shapes.append(candidate.shape_id)
                biases.append(candidate.bias)
                group.append(token_number)
                truth.append(candidate.key == original.key)
            token_number += 1
        if not positions:
            continue
        at, word_ids, shape_ids = np.array(positions), np.array(ids), np.array(shapes)
        known = mapping.words[word_ids] != CONTEXT_UNKNOWN_ID
        neural = context_scores(context, mapping, stream.ids, stream.shape_ids, at, word_ids, shape_ids)
        columns.append(
            np.stack(
                (
                    model.window_logprobs(stream.ids, at, word_ids),
                    model.shapes.window_logprobs(stream.shape_ids, at, shape_ids),
                    np.where(known, neural, 0.0),
                    np.where(known, 0.0, neural),
                    np.array(biases),
                ),
                axis=1,
            )
        )
        groups.append(np.array(group))
        truths.append(np.array(truth))
    return np.concatenate(columns), np.concatenate(groups), np.concatenate(truths)


def fit(
    rows: np.ndarray, groups: np.ndarray, truth: np.ndarray, fitted: tuple[str, ...], rounds: int = 50
) -> np.ndarray:
    """Weights of FEATURES maximising the log-probability of the right candidates (Newton's
    method; the trigram score's weight is 1, and features not ``fitted`` have weight 0)."""
    chosen = [FEATURES.index(name) for name in fitted]
    weights = np.array([1.0 if FEATURES[index] == "bias" else 0.0 for index in chosen])
    count = int(groups.max()) + 1
    base, extra = rows[:, 0], rows[:, 1:][:, chosen]
    for _ in range(rounds):
        score = base + extra @ weights
        top = np.full(count, -np.inf)
        np.maximum.at(top, groups, score)
        odds = np.exp(score - top[groups])
        total = np.zeros(count)
        np.add.at(total, groups, odds)
        share = odds / total[groups]
        mean = np.zeros((count, extra.shape[1]))
        np.add.at(mean, groups, share[:, None] * extra)
        centred = extra - mean[groups]
        gradient = centred[truth].sum(axis=0)
        hessian = (share[:, None, None] * centred[:, :, None] * centred[:, None, :]).sum(axis=0)
        step = np.linalg.solve(hessian + 1e-6 * np.eye(hessian.shape[0]), gradient)
        weights += step
        if np.abs(step).max() < 1e-6:
            break
    full = np.zeros(len(FEATURES))
    full[chosen] = weights
    return full


def accuracy(rows: np.ndarray, groups: np.ndarray, truth: np.ndarray, weights: np.ndarray) -> float:
    """Share of tokens whose best-scored candidate is the right one."""
    score = rows[:, 0] + rows[:, 1:] @ weights
    order = np.lexsort((-score, groups))
    first = np.concatenate(([True], groups[order][1:] != groups[order][:-1]))
    return float(truth[order[first]].mean())


def decode_context(model: LanguageModel, articles: list[str], profiles: list[str], weights: list[float]) -> None:
    """Print, per context weight and profile, what repairing the damaged articles gives."""
    for weight in weights:
        restore = replace(DEFAULT_REPAIR_CONFIG.restore, weights=replace(RESTORE_WEIGHTS, context=weight))
        config = replace(DEFAULT_REPAIR_CONFIG, restore=restore)
        total = 0.0
        for name in profiles:
            tally = Tally()
            lost = PROFILES[name].lost
            for article in articles:
                damaged = lose_glyphs(article, lost)
                tally.add(article, damaged, repair_text(damaged, config, model).text)
            total += tally.wrong_share()
            print(
                f"context={weight:.3f} {name:18s} restored {tally.restored_share():.2f}%  "
                f"undamaged changed {tally.changed_share():.3f}%  words wrong {tally.wrong_share():.3f}%",
                flush=True,
            )
        print(f"context={weight:.3f} words wrong, summed over the profiles: {total:.3f}%", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True, help="models built without the dev articles")
    parser.add_argument("--dev", type=Path, required=True, help="the development articles")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--profiles", default=",".join(PROFILE_NAMES))
    parser.add_argument("--fit", default=",".join(DEFAULT_FITTED), help=f"features to fit, of {', '.join(FEATURES)}")
    parser.add_argument(
        "--decode-context",
        default=None,
        metavar="W,W,...",
        help="instead of fitting, repair the articles with each of these context weights",
    )
    args = parser.parse_args(argv)
    model = load_language_model(args.model)
    articles = ["\n".join(paragraphs) for paragraphs in iter_articles([args.dev])][: args.limit]
    if args.decode_context:
        weights = [float(value) for value in args.decode_context.split(",")]
        decode_context(model, articles, args.profiles.split(","), weights)
        return 0
    parts = [features(model, articles, name) for name in args.profiles.split(",")]
    offset, pieces = 0, []
    for rows, groups, truth in parts:
        pieces.append((rows, groups + offset, truth))
        offset += int(groups.max()) + 1
    rows = np.concatenate([piece[0] for piece in pieces])
    groups = np.concatenate([piece[1] for piece in pieces])
    truth = np.concatenate([piece[2] for piece in pieces])
    before = np.array([0.5, 0.0, 0.0, 1.0])
    weights = fit(rows, groups, truth, tuple(args.fit.split(",")))
    print(f"{offset:,} tokens with a choice, {rows.shape[0]:,} candidates")
    print(f"trigram models alone: {accuracy(rows, groups, truth, before):.4%} of tokens right")
    print(f"fitted weights:       {accuracy(rows, groups, truth, weights):.4%} of tokens right")
    fitted = ", ".join(f"{name}={value:.3f}" for name, value in zip(FEATURES, weights, strict=True))
    print(f"ScoreWeights({fitted})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
