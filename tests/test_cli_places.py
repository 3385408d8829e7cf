"""The place commands (rasid.cli_places): places, export-places, build-gazetteer, ingest --refresh-places."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasid.cli import EXIT_ERROR, EXIT_OK, main

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "documents"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_places_prints_each_mention(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["places", str(SAMPLES / "deir-ez-zor-clashes.txt")], capsys)
    assert code == EXIT_OK
    assert "دير الزور" in out and "Deir ez-Zor" in out and "terrain" in out


def test_places_json_and_geojson(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty-of-places.txt"
    empty.write_text("كان الجو جميلا والناس سعداء في الحديقة العامة صباح اليوم.\n", encoding="utf-8")
    code, out, _ = run(["places", "--json", str(SAMPLES / "marib-front.txt"), str(empty)], capsys)
    assert code == EXIT_OK
    first, second = (json.loads(line) for line in out.splitlines())
    assert any(m["place"]["name_en"] == "Ma'rib" for m in first["places"])
    assert second["places"] == []  # no places is an empty result, not an error
    code, out, _ = run(["places", "--geojson", "--min-confidence", "0.9", str(SAMPLES / "marib-front.txt")], capsys)
    collection = json.loads(out)
    assert collection["type"] == "FeatureCollection"
    assert all(f["properties"]["confidence"] >= 0.9 for f in collection["features"])


def test_places_refuses_bad_options_and_lists_failures(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(["places", "--min-confidence", "2", str(SAMPLES / "marib-front.txt")], capsys)
    assert code == EXIT_ERROR and "--min-confidence" in err
    code, out, err = run(["places", str(tmp_path / "missing.txt"), str(SAMPLES / "marib-front.txt")], capsys)
    assert code == EXIT_ERROR and "missing.txt" in err and "مأرب" in out


def test_ingest_stores_places_and_export_writes_geojson(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'rasid.db'}"
    code, _, err = run(["ingest", "--db", database, "--no-places", str(SAMPLES)], capsys)
    assert code == EXIT_OK, err
    out_file = tmp_path / "places.geojson"
    run(["export-places", "--db", database, "-o", str(out_file)], capsys)
    assert json.loads(out_file.read_text(encoding="utf-8"))["features"] == []
    code, _, err = run(["ingest", "--db", database, "--refresh-places"], capsys)
    assert code == EXIT_OK and "place mention(s)" in err
    code, out, _ = run(["export-places", "--db", database], capsys)
    features = json.loads(out)["features"]
    assert len(features) > 30
    assert {f["properties"]["document"]["source"] for f in features} == {str(p) for p in SAMPLES.iterdir()}


def test_ingest_needs_files_or_refresh(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(["ingest", "--db", str(tmp_path / "x.db")], capsys)
    assert code == EXIT_ERROR and "--refresh-places" in err


def test_build_gazetteer_names_the_bad_row(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    supplement = tmp_path / "supplement.tsv"
    header = (ROOT / "data" / "gazetteer" / "supplement.tsv").read_text(encoding="utf-8").splitlines()[0]
    supplement.write_text(header + "\nsy-x\tقرية\t\tX\ttown\tSY\t\t\t95\t38\t\t\tsource\n", encoding="utf-8")
    out = tmp_path / "gazetteer.json"
    geonames = ROOT.parent / "shared" / "data" / "gazetteer"
    code, _, err = run(["build-gazetteer", str(geonames), str(supplement), "--out", str(out)], capsys)
    assert code == EXIT_ERROR
    assert "supplement.tsv:2 (sy-x, قرية): latitude 95.0 is out of range" in err
    assert not out.exists()


def test_a_missing_gazetteer_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("RASID_GAZETTEER", str(tmp_path / "absent.json"))
    code, _, err = run(["places", str(SAMPLES / "marib-front.txt")], capsys)
    assert code == EXIT_ERROR and "make gazetteer" in err


def test_places_reads_standard_input(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    text = "قالت قوات سوريا الديمقراطية إن حماة الديار في حماة يدافعون عن المدينة.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    code, out, _ = run(["places", "--json", "-"], capsys)
    assert code == EXIT_OK
    result = json.loads(out)
    assert result["source"] == "-"
    assert [m["surface"] for m in result["places"]] == ["حماة"]  # the city, not the defenders or the SDF
