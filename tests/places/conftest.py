"""The project's gazetteer (built by `make gazetteer`) and small hand-made gazetteer sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasid.places.gazetteer import Gazetteer, load_gazetteer
from rasid.places.gazetteer_build import SUPPLEMENT_COLUMNS


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


CITY_COLUMNS = 19


def city_row(
    geonameid: int,
    name: str,
    arabic: str,
    lat: float,
    lon: float,
    country: str,
    admin1: str,
    population: int,
    code: str = "PPL",
) -> str:
    fields = [""] * CITY_COLUMNS
    fields[0], fields[1], fields[2], fields[3] = str(geonameid), name, name, f"{name},{arabic}"
    fields[4], fields[5], fields[6], fields[7] = str(lat), str(lon), "P", code
    fields[8], fields[10], fields[14] = country, admin1, str(population)
    return "\t".join(fields)


SUPPLEMENT_HEADER = "\t".join(SUPPLEMENT_COLUMNS)


@pytest.fixture()
def sources(tmp_path: Path) -> tuple[Path, Path]:
    """A tiny GeoNames folder and supplement: (geonames folder, supplement file)."""
    import lzma

    folder = tmp_path / "geonames"
    folder.mkdir()
    cities = [
        city_row(1, "Ar Raqqah", "الرقة", 35.95, 39.01, "SY", "04", 177636, "PPLA"),
        city_row(2, "Ar Riqqah", "الرقة", 29.14, 48.09, "KW", "05", 52068),
        city_row(3, "Tadmur", "تدمر", 34.56, 38.28, "SY", "12", 51015, "PPLA2"),
        city_row(4, "Marib", "Marib", 15.46, 45.32, "YE", "14", 16794, "PPLA"),
        # GeoNames lists Damascus's Arabic names with a spacing slip first.
        city_row(5, "Damascus", "د مشق,دمشق", 33.51, 36.29, "SY", "13", 1569394, "PPLC"),
        # ... and Tripoli's first as a spelling the news never uses.
        city_row(6, "Tripoli", "ترابلس,طرابلس", 34.43, 35.84, "LB", "09", 229398, "PPLA"),
    ]
    with lzma.open(folder / "cities500.txt.xz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(cities) + "\n")
    admin1 = [
        "SY.04\tAr Raqqah\tAr Raqqah\t172957",
        "SY.12\tHoms\tHoms\t169575",
        "SY.13\tDimashq\tDimashq\t170652",
        "LB.09\tNorth Governorate\tNorth Governorate\t6",
        "KW.05\tX\tX\t1",
        "YE.14\tMa'rib\tMarib\t2",
    ]
    with lzma.open(folder / "admin1CodesASCII.txt.xz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(admin1) + "\n")
    supplement = tmp_path / "supplement.tsv"
    supplement.write_text(
        "\n".join(
            [
                SUPPLEMENT_HEADER,
                "sy-bishri\tجبل البشري\tجبل بشري\tJebel Bishri\tmountain\tSY\tSY.04\t\t35.29\t39.22"
                "\t38.7,35.0,39.9,35.6\t\tWikipedia: Jebel Bishri",
                "ye-marib-city\tمأرب\tمارب\tMarib\tpopulated\tYE\tYE.14\t4\t15.46\t45.32\t\t\tcities500:4",
                "sy\tسوريا\tسورية\tSyria\tcountry\tSY\t\t\t35.0\t38.5\t35.7,32.3,42.4,37.3\t\tNatural Earth",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return folder, supplement
