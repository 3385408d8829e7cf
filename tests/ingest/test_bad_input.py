"""Bad input to the readers: each gets a clear error naming the file and the reason."""

from __future__ import annotations

import io
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from rasid.cli import main
from rasid.errors import InputError, InputTooLargeError, UnreadableSourceError, UnsupportedSourceError
from rasid.ingest import DEFAULT_READ_CONFIG, ReadConfig
from rasid.pipeline import read_document
from rasid.repair.language_model import LanguageModel


def blank_pdf(pages: int) -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    output = io.BytesIO()
    pdf.save(output)
    return output.getvalue()


def bomb_pdf(decompressed_bytes: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``decompressed_bytes`` of spaces."""
    import pikepdf

    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    compressed = b"".join(compressor.compress(chunk) for _ in range(decompressed_bytes >> 20)) + compressor.flush()
    pdf = pikepdf.new()
    pdf.add_blank_page()
    stream = pikepdf.Stream(pdf, compressed)
    stream.Filter = pikepdf.Name.FlateDecode
    pdf.pages[0].Contents = stream
    output = io.BytesIO()
    pdf.save(output, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return output.getvalue()


def process_address_space() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 2 << 30


def read(tmp_path: Path, name: str, data: bytes, model: LanguageModel, config: ReadConfig = DEFAULT_READ_CONFIG):
    path = tmp_path / name
    path.write_bytes(data)
    return read_document(path, model, config)


def test_corrupt_pdf(tmp_path: Path, model: LanguageModel) -> None:
    with pytest.raises(UnreadableSourceError, match=r"readable PDF|damaged") as excinfo:
        read(tmp_path, "corrupt.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40, model)
    assert str(tmp_path / "corrupt.pdf") in str(excinfo.value)


def test_truncated_pdf(tmp_path: Path, model: LanguageModel) -> None:
    whole = blank_pdf(3)
    with pytest.raises(UnreadableSourceError):
        read(tmp_path, "truncated.pdf", whole[: len(whole) // 3], model)


def test_encrypted_pdf(tmp_path: Path, model: LanguageModel) -> None:
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(blank_pdf(1)))
    output = io.BytesIO()
    pdf.save(output, encryption=pikepdf.Encryption(owner="owner", user="secret"))
    with pytest.raises(UnreadableSourceError, match="encrypted"):
        read(tmp_path, "encrypted.pdf", output.getvalue(), model)


def test_too_many_pages(tmp_path: Path, model: LanguageModel) -> None:
    with pytest.raises(InputTooLargeError, match="5,000 pages"):
        read(tmp_path, "long.pdf", blank_pdf(5000), model)


def test_decompression_bomb(tmp_path: Path, model: LanguageModel) -> None:
    config = replace(DEFAULT_READ_CONFIG, max_memory_bytes=process_address_space() + (300 << 20))
    with pytest.raises(InputTooLargeError, match="memory"):
        read(tmp_path, "bomb.pdf", bomb_pdf(1 << 30), model, config)


def test_time_limit(tmp_path: Path, model: LanguageModel) -> None:
    config = replace(DEFAULT_READ_CONFIG, timeout_seconds=0.0001)
    with pytest.raises(InputTooLargeError, match="longer than"):
        read(tmp_path, "slow.pdf", blank_pdf(40), model, config)


def test_web_page_without_an_article(tmp_path: Path, model: LanguageModel) -> None:
    page = b"<html><body><nav><a href='/'>home</a> | <a href='/a'>news</a></nav></body></html>"
    with pytest.raises(UnsupportedSourceError, match="no article"):
        read(tmp_path, "menu.html", page, model)


def test_unsupported_type(tmp_path: Path, model: LanguageModel) -> None:
    with pytest.raises(UnsupportedSourceError, match="image/png"):
        read(tmp_path, "picture.txt", b"\x89PNG\r\n\x1a\n" + bytes(100), model)


def test_too_large_file(tmp_path: Path, model: LanguageModel) -> None:
    with pytest.raises(InputTooLargeError):
        read(tmp_path, "big.txt", "نص ".encode() * 100, model, replace(DEFAULT_READ_CONFIG, max_bytes=50))


def test_missing_and_empty(tmp_path: Path, model: LanguageModel) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "absent.pdf", model)
    with pytest.raises(InputError, match="empty"):
        read(tmp_path, "empty.pdf", b"", model)


def test_cli_reads_the_good_files_and_lists_the_bad(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text("قال الوزير إن القوات استعادت السيطرة على المدينة.", encoding="utf-8")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7 broken")
    code = main(["read", str(bad), str(good), str(tmp_path / "absent.txt")])
    captured = capsys.readouterr()
    assert code == 1
    assert "قال الوزير" in captured.out
    assert "2 of 3 file(s) could not be read" in captured.err
    assert str(bad) in captured.err and "absent.txt" in captured.err
    assert "Traceback" not in captured.err
