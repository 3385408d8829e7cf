"""The command line (rasid.cli): commands, output shapes, and bad input."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from rasid.cli import EXIT_ERROR, EXIT_OK, main
from rasid.repair.edits import apply_edits


def run(
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
    stdin: bytes | None = None,
    monkeypatch: pytest.MonkeyPatch | None = None,
) -> tuple[int, str, str]:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_repair_prints_the_repaired_text(capsys: pytest.CaptureFixture[str], seed_text: str) -> None:
    from conftest import SEED_PATH

    code, out, err = run(["repair", "--summary", str(SEED_PATH)], capsys)
    assert code == EXIT_OK
    assert "سنتين على هزيمة تنظيم «داعش» في آخر معاقله" in out
    assert "restore_glyphs" in err and "kaf.medial" in err


def test_repair_json_has_text_edits_and_diagnosis(capsys: pytest.CaptureFixture[str], seed_text: str) -> None:
    from conftest import SEED_PATH

    code, out, _ = run(["repair", "--json", str(SEED_PATH)], capsys)
    assert code == EXIT_OK
    payload = json.loads(out)
    assert set(payload) == {"text", "edits", "diagnosis"}
    edits = payload["edits"]
    assert edits and set(edits[0]) == {"start", "end", "before", "after", "reason", "confidence"}
    for edit in edits:
        assert seed_text[edit["start"] : edit["end"]] == edit["before"]
    assert payload["diagnosis"]["glyph_loss"]["lost_classes"]


def test_repair_holds_back_edits_less_sure_than_asked(capsys: pytest.CaptureFixture[str], seed_text: str) -> None:
    from conftest import SEED_PATH

    code, out, err = run(["repair", "--json", "--summary", "--min-confidence", "0.999", str(SEED_PATH)], capsys)
    assert code == EXIT_OK
    payload = json.loads(out)
    assert set(payload) == {"text", "edits", "held_back", "diagnosis"}
    applied, held = payload["edits"], payload["held_back"]
    calibrated = {"restore_glyphs", "reorder_runs"}
    assert held and all(edit["confidence"] < 0.999 and calibrated & set(edit["reason"].split("+")) for edit in held)
    assert all(edit["confidence"] >= 0.999 for edit in applied if calibrated & set(edit["reason"].split("+")))
    for edit in applied + held:
        assert seed_text[edit["start"] : edit["end"]] == edit["before"]
    assert f"{len(held)} edit(s) held back, less sure than 0.999" in err


def test_repair_reads_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["repair", "-"], capsys, "جلس عل الكرسي ف الغرفة".encode(), monkeypatch)
    assert code == EXIT_OK
    assert out.strip()  # too short to detect loss; it must still answer


def test_repair_with_known_loss(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(
        ["repair", "--lost", "yeh.final,alef_maksura.final", "-"],
        capsys,
        "جلس عل الكرسي ف الغرفة".encode(),
        monkeypatch,
    )
    assert code == EXIT_OK
    assert out == "جلس على الكرسي في الغرفة"


def test_diagnose_reports_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import SEED_PATH

    code, out, _ = run(["diagnose", str(SEED_PATH)], capsys)
    assert code == EXIT_OK
    assert "yeh.final" in out and "expected" in out and "observed" in out
    code, out, _ = run(["diagnose", "--json", str(SEED_PATH)], capsys)
    assert json.loads(out)["damaged"] is True


def test_diagnose_names_suspicious_classes_and_how_to_repair_them() -> None:
    from rasid.cli import format_diagnosis
    from rasid.model import Diagnosis
    from rasid.repair.detect import ClassEvidence, GlyphLossReport
    from rasid.repair.shaping import GlyphClass

    def evidence(name: str, lost: bool, examples: tuple[tuple[str, str], ...]) -> ClassEvidence:
        return ClassEvidence(GlyphClass.parse(name), 4.0, 0, 0.02, len(examples), examples, lost, 0.9, 2.0)

    report = GlyphLossReport(
        300,
        "arabic",
        (evidence("yeh.final", True, (("ف", "في"),)),),
        (evidence("kaf.final", False, (("تل", "تلك"), ("ذل", "ذلك"))),),
        40,
        100,
        "strong",
        "",
    )
    out = format_diagnosis("text", Diagnosis(True, (), report, ()))
    assert "worth a look: kaf.final" in out and "e.g. تل→تلك, ذل→ذلك" in out
    assert out.splitlines()[-1].endswith("rasid repair --lost yeh.final,kaf.final")
    quiet = format_diagnosis("text", Diagnosis(True, (), replace(report, suspicious=()), ()))
    assert "--lost" not in quiet


def test_damage_then_repair_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text(
        "وقال الوزير في بيان إن القوات العراقية استعادت السيطرة على المدينة التي كانت تحت سيطرة التنظيم.",
        encoding="utf-8",
    )
    damaged = tmp_path / "damaged.txt"
    assert run(["damage", "--profile", "seed-glyphs", str(clean), "-o", str(damaged)], capsys)[0] == EXIT_OK
    assert "ف بيان" in damaged.read_text(encoding="utf-8")
    _, out, _ = run(["repair", "--lost", "kaf.medial,yeh.final,alef_maksura.final", str(damaged)], capsys)
    assert out == clean.read_text(encoding="utf-8")


def test_large_input_is_streamed_in_chunks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, seed_text: str
) -> None:
    monkeypatch.setenv("RASID_CHUNK_CHARS", "3000")
    big = tmp_path / "big.txt"
    text = (seed_text.strip() + "\n") * 6
    big.write_text(text, encoding="utf-8")
    code, out, err = run(["repair", "--json", str(big)], capsys)
    assert code == EXIT_OK
    assert "repaired" in err  # progress on stderr
    payload = json.loads(out)
    for edit in payload["edits"]:
        assert text[edit["start"] : edit["end"]] == edit["before"]
    assert payload["text"].count("سنتين على هزيمة") == 6


BAD_INPUTS = {
    "not UTF-8": "قال الوزير".encode("cp1256"),
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "empty": b"",
    "only whitespace": b" \n\t\n",
    "truncated UTF-8": "قال".encode()[:-1],
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
@pytest.mark.parametrize("command", ["repair", "diagnose", "damage"])
def test_bad_input_gets_a_clear_error_and_no_output(
    name: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "input.txt"
    source.write_bytes(BAD_INPUTS[name])
    output = tmp_path / "out.txt"
    argv = [command, str(source)] + (["-o", str(output)] if command != "diagnose" else [])
    code, out, err = run(argv, capsys)
    assert code == EXIT_ERROR
    assert err.startswith("rasid: error: ") and str(source) in err
    assert "Traceback" not in err
    assert out == ""
    assert not output.exists()
    assert list(tmp_path.iterdir()) == [source]  # no partial or temporary file left behind


@pytest.mark.parametrize(
    "argv",
    [
        ["repair", "/no/such/file.txt"],
        ["repair", "/"],
        ["repair", "--max-bytes", "10", "{seed}"],
        ["repair", "--rules", "no_such_rule", "{seed}"],
        ["repair", "--lost", "kaf.middle", "{seed}"],
        ["repair", "--model", "/no/such/model", "{seed}"],
        ["repair", "--min-confidence", "1.5", "{seed}"],
        ["repair", "--min-confidence", "-0.1", "{seed}"],
        ["damage", "--profile", "no-such-profile", "{seed}"],
    ],
)
def test_bad_options_get_a_clear_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import SEED_PATH

    code, out, err = run([arg.replace("{seed}", str(SEED_PATH)) for arg in argv], capsys)
    assert code == EXIT_ERROR
    assert err.startswith("rasid: error: ")
    assert out == ""


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(["no-such-command"])
    assert excinfo.value.code == 2


def test_edits_replay(capsys: pytest.CaptureFixture[str], seed_text: str) -> None:
    from conftest import SEED_PATH
    from rasid.model import Edit

    payload = json.loads(run(["repair", "--json", str(SEED_PATH)], capsys)[1])
    edits = [Edit(**edit) for edit in payload["edits"]]
    assert apply_edits(seed_text, edits) == payload["text"]


def test_a_bug_is_reported_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from conftest import SEED_PATH

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("rasid.cli.repair_text", broken)
    monkeypatch.delenv("RASID_DEBUG", raising=False)
    code, _, err = run(["repair", str(SEED_PATH)], capsys)
    assert code == 70
    assert "internal error: RuntimeError: boom" in err and "Traceback" not in err


def test_ingest_then_search(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from conftest import ROOT, SEED_PATH

    monkeypatch.setenv("RASID_DATABASE_URL", f"sqlite:///{tmp_path / 'nested' / 'rasid.db'}")
    samples = ROOT / "samples" / "documents"
    code, _, err = run(["ingest", str(SEED_PATH), str(samples / "*.txt"), str(samples)], capsys)
    assert code == EXIT_OK, err
    assert "stored 4 new document(s), 0 already stored, 0 failed" in err
    code, _, err = run(["ingest", str(SEED_PATH)], capsys)
    assert code == EXIT_OK and "stored 0 new document(s), 1 already stored" in err

    code, out, _ = run(["search", "بالكهوف"], capsys)
    assert code == EXIT_OK
    assert out.startswith("1 document(s) match") and "[[الكهوف]]" in out
    code, out, _ = run(["search", "--json", "--limit", "2", "الفرات"], capsys)
    payload = json.loads(out)
    assert payload["total"] >= 2 and len(payload["items"]) == 2
    assert all("[[" in item["snippet"] for item in payload["items"])


def test_ingest_lists_failures_and_keeps_the_rest(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from conftest import SEED_PATH

    database = f"sqlite:///{tmp_path / 'rasid.db'}"
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF-1.4 not really")
    code, _, err = run(["ingest", "--db", database, str(binary), str(SEED_PATH), str(tmp_path / "none*.txt")], capsys)
    assert code == EXIT_ERROR
    assert "stored 1 new document(s), 0 already stored, 2 failed" in err
    assert f"error: {binary}" in err and "none*.txt" in err
    code, out, _ = run(["search", "--db", database, "داعش"], capsys)
    assert out.startswith("1 document(s) match")


def test_ingest_refuses_an_unknown_database(capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import SEED_PATH

    code, _, err = run(["ingest", "--db", "mysql://x/y", str(SEED_PATH)], capsys)
    assert code == EXIT_ERROR and "unknown database URL" in err


def test_search_needs_a_positive_limit(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(["search", "--db", str(tmp_path / "x.db"), "--limit", "0", "حلب"], capsys)
    assert code == EXIT_ERROR and "--limit" in err


def test_serve_says_when_the_port_is_taken(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, err = run(["serve", "--db", str(tmp_path / "x.db"), "--port", str(port)], capsys)
    assert code == EXIT_ERROR and f"cannot listen on 127.0.0.1:{port}" in err
    code, _, err = run(["serve", "--port", "70000"], capsys)
    assert code == EXIT_ERROR and "--port" in err


def test_build_model_takes_a_word_list_or_refuses_a_bad_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("قال الوزير إن الغارات استهدفت المدينة.\nالغارات تواصلت.\n", encoding="utf-8")
    bad = tmp_path / "bad.tsv"
    bad.write_text("البادية\t3\nالتحالف\n", encoding="utf-8")
    out = tmp_path / "model"
    code, _, err = run(["build-model", str(corpus), "--out", str(out), "--word-list", str(bad)], capsys)
    assert code == EXIT_ERROR and "bad.tsv, line 2" in err and "Traceback" not in err
    assert not out.exists()  # refused before anything was written
    good = tmp_path / "good.tsv"
    good.write_text("البادية\t3\nالتحالف\t1\n", encoding="utf-8")
    code, _, err = run(["build-model", str(corpus), "--out", str(out), "--word-list", str(good)], capsys)
    assert code == EXIT_OK, err
    assert (out / "word_list" / "words.txt").read_text(encoding="utf-8").split() == ["البادية", "التحالف"]
    code, _, err = run(["build-model", str(corpus), "--out", str(out), "--word-list", "none"], capsys)
    assert code == EXIT_OK, err
    assert not (out / "word_list").exists()
