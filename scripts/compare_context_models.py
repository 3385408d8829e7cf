"""Compare context models on the corpus text their training held back (NumPy only, no PyTorch).

Usage:
    python scripts/compare_context_models.py ../shared/data/news/train.txt.xz \\
        src/rasid/data/context_model other/context_model

For each model (each member of an ensemble, such as the shipped pair), and for the mean of their
scores when there are several, prints the share of held-back tokens whose word scores above every
one of its confusable words: the figure ``scripts/train_context_model.py`` reports at the end of
training, measured here on the models as shipped (8-bit vectors). The held-back tokens are the
last ``--held-back`` share of the corpus, as in training; give the same corpus, ``--skip-every``
and ``--held-back`` the models were trained with, or the figures describe text a model saw. The
models must share one vocabulary (trained on the same corpus with the same ``--words`` and
``--shapes``).
The corpus's held-out split must never be given here.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from rasid.errors import ModelError
from rasid.repair.context_build import (
    ConfusableChoices,
    confusable_accuracy,
    confusable_choices,
    prepare_training_data,
    training_positions,
)
from rasid.repair.context_model import ContextModel, load_context


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="the corpus the models were trained on")
    parser.add_argument("models", nargs="+", type=Path, help="context model directories")
    parser.add_argument("--skip-every", type=int, default=0, help="as given to the training script")
    parser.add_argument("--held-back", type=float, default=0.01, help="as given to the training script")
    args = parser.parse_args(argv)
    try:
        # An ensemble counts as its members, so the mean below is the ensemble's score.
        models = [member for directory in args.models for member in load_context(directory).members]
    except ModelError as exc:
        parser.exit(2, f"error: {exc}\n")
    first = models[0]
    for model in models[1:]:
        if model.words != first.words or model.shapes != first.shapes:
            parser.exit(2, f"error: {model.directory} and {first.directory} have different vocabularies\n")
    began = time.monotonic()
    data = prepare_training_data(
        [args.corpus], word_limit=len(first.words), shape_limit=len(first.shapes), skip_every=args.skip_every
    )
    if data.words != first.words:
        parser.exit(2, f"error: {args.corpus} does not give the models' vocabulary; is it their training corpus?\n")
    window = max(model.window for model in models)
    _, held_back = training_positions(data, window, args.held_back)
    choices = confusable_choices(data, held_back)
    print(f"{choices.positions.size:,} held-back tokens with confusable words ({time.monotonic() - began:.0f} s)")
    # The stream in the ids' type scoring takes, converted once for all the models.
    word_ids, shape_ids = data.word_ids.astype(np.int64), data.shape_ids.astype(np.int64)
    shape_of_word = data.shape_of_word.astype(np.int64)
    total = np.zeros(choices.candidates.size)
    for model in models:
        scores = held_back_scores(model, word_ids, shape_ids, shape_of_word, choices)
        total += scores
        print(f"{confusable_accuracy(choices, scores):.2%}  {model.directory}")
    if len(models) > 1:
        print(f"{confusable_accuracy(choices, total / len(models)):.2%}  mean of the {len(models)} models' scores")
    return 0


def held_back_scores(
    model: ContextModel,
    word_ids: np.ndarray,
    shape_ids: np.ndarray,
    shape_of_word: np.ndarray,
    choices: ConfusableChoices,
) -> np.ndarray:
    """The model's score of every candidate of ``choices`` in its token's place."""
    queries = model.queries(word_ids, shape_ids, choices.positions)
    candidates = choices.candidates
    scores = model.candidate_scores(queries[choices.owner], candidates, shape_of_word[candidates])
    return scores.astype(np.float64)


if __name__ == "__main__":
    sys.exit(main())
