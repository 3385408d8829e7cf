"""The language model's view of a text: token ids with sentence boundaries.

A newline between two tokens ends a sentence for the model; the stream is
padded with two boundary ids at each end so that every token has a five-word
window (see :meth:`LanguageModel.window_logprobs`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from rasid.repair.language_model import LanguageModel
from rasid.repair.model_build import END_ID, START_ID, UNKNOWN_ID
from rasid.repair.tokens import Token, iter_tokens, word_shape

PAD = 2


@dataclass(frozen=True, slots=True)
class TokenStream:
    """Tokens of a text and their positions in the padded id stream."""

    tokens: tuple[Token, ...]
    ids: npt.NDArray[np.int64]  # padded stream of word ids
    positions: npt.NDArray[np.int64]  # positions[k] = index in ``ids`` of tokens[k]
    shape_ids: npt.NDArray[np.int64]  # the same stream in the shape model's ids
    #: Which tokens are words, and their keys: detection and restoration look only at these.
    word_numbers: tuple[int, ...] = ()
    word_keys: tuple[str, ...] = ()


@lru_cache(maxsize=4)
def token_stream(text: str, model: LanguageModel) -> TokenStream:
    """Tokenise ``text`` and map it to model ids, with a sentence break at each newline.

    Cached: detection and restoration of one text share its stream.
    """
    tokens = tuple(iter_tokens(text))
    ids: list[int] = [START_ID] * PAD
    positions: list[int] = []
    index = model.index
    word_numbers: list[int] = []
    word_keys: list[str] = []
    previous_end = 0
    for number, token in enumerate(tokens):
        if number and "\n" in text[previous_end : token.start]:
            ids.extend((END_ID, START_ID))
        previous_end = token.end
        positions.append(len(ids))
        key = token.key
        ids.append(index.get(key, UNKNOWN_ID))
        if token.kind == "word":
            word_numbers.append(number)
            word_keys.append(key)
    ids.extend([END_ID] * PAD)
    word_ids = np.array(ids, dtype=np.int64)
    token_positions = np.array(positions, dtype=np.int64)
    shape_ids = model.shape_of_word[word_ids].astype(np.int64)
    for number in np.flatnonzero(word_ids[token_positions] == UNKNOWN_ID).tolist():
        shape_ids[positions[number]] = model.shapes.word_id(word_shape(tokens[number].key))
    return TokenStream(tokens, word_ids, token_positions, shape_ids, tuple(word_numbers), tuple(word_keys))
