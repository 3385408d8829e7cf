"""Fuzzing what parses input: arbitrary bytes through the command line never crash it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasid.cli import EXIT_ERROR, EXIT_OK, main
from rasid.textio import open_text_input

ARABIC_BYTES = "قال الوزير في بيان عل ف الت «داعش» ﻻ Ø§Ù„ 2019\n".encode()


@st.composite
def inputs(draw: st.DrawFn) -> bytes:
    """Random bytes, random text, and mutations of real Arabic."""
    kind = draw(st.sampled_from(["bytes", "text", "mutated"]))
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    if kind == "text":
        return draw(st.text(max_size=200)).encode("utf-8", "surrogatepass")
    data = bytearray(ARABIC_BYTES * draw(st.integers(1, 3)))
    for _ in range(draw(st.integers(0, 5))):
        position = draw(st.integers(0, len(data) - 1))
        data[position] = draw(st.integers(0, 255))
    return bytes(data)


FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(inputs())
def test_cli_never_crashes(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes) -> None:
    source = tmp_path / "fuzz.txt"
    source.write_bytes(data)
    for command in ("repair", "diagnose"):
        code = main([command, str(source)])
        captured = capsys.readouterr()
        assert code in (EXIT_OK, EXIT_ERROR), captured.err
        assert "Traceback" not in captured.err
        if code == EXIT_ERROR:
            assert captured.out == "" and captured.err.startswith("rasid: error: ")


@FUZZ
@given(st.binary(max_size=400))
def test_input_validation_accepts_exactly_nonempty_utf8(tmp_path: Path, data: bytes) -> None:
    source = tmp_path / "fuzz.txt"
    source.write_bytes(data)
    try:
        text = data.decode("utf-8-sig")
        valid = bool(text.strip().strip("\ufeff")) and "\x00" not in text
    except UnicodeDecodeError:
        valid = False
    try:
        opened = open_text_input(str(source), 10_000)
    except Exception as error:  # the test classifies any failure
        assert not valid, error
        assert type(error).__module__ == "rasid.errors"
    else:
        assert valid
        assert opened.read_text() == data.decode("utf-8-sig")


def test_stdin_is_spooled_and_removed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO("جلس عل الكرسي".encode())))
    assert main(["repair", "--lost", "alef_maksura.final", "-"]) == EXIT_OK
    assert capsys.readouterr().out == "جلس على الكرسي"
    assert list(tmp_path.iterdir()) == []


@FUZZ
@given(inputs())
def test_word_lists_are_read_or_refused_clearly(tmp_path: Path, data: bytes) -> None:
    from rasid.errors import InputError
    from rasid.repair.word_list import read_word_list

    source = tmp_path / "words.tsv"
    source.write_bytes(data)
    try:
        listed = read_word_list(source)
    except InputError as error:
        assert str(source.name) in str(error)
    else:
        assert listed.frequencies and all(frequency > 0 for frequency in listed.frequencies.values())
