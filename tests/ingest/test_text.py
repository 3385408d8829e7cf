"""Reading text files in the encodings Arabic arrives in (rasid.ingest.text)."""

from __future__ import annotations

import pytest

from rasid.errors import BinaryInputError, EmptyInputError
from rasid.ingest.text import decode_text

TEXT = "قال الوزير في بيان إن العراق سيعمل مع التحالف الدولي عام 2019."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256", "iso8859_6"])
def test_decodes(encoding: str) -> None:
    decoded = decode_text(TEXT.encode(encoding))
    assert decoded.text == TEXT
    assert decoded.encoding.replace("-", "").replace("_", "")[:5] == encoding.replace("-", "").replace("_", "")[:5]


def test_mojibake_is_left_for_repair() -> None:
    mangled = TEXT.encode("utf-8").decode("cp1256")
    assert decode_text(mangled.encode("utf-8")).text == mangled


def test_refuses_binary_and_empty() -> None:
    with pytest.raises(BinaryInputError):
        decode_text(bytes(range(256)) * 4)
    with pytest.raises(EmptyInputError):
        decode_text(b"  \n\t ")
