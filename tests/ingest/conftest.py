"""PDF fixtures, typeset by the tests themselves with WeasyPrint and an installed Arabic font.

Every fixture is a real PDF made by a real shaping engine (HarfBuzz inside WeasyPrint),
then damaged at the PDF level with pikepdf where the fixture calls for it. Tests that
need the fonts are skipped, with the reason, when the Debian packages are missing
(``scripts/install_system_packages.sh`` installs them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rasid.ingest.glyph_recovery import installed_font_path
from rasid.repair.detect import parse_glyph_classes

ROOT = Path(__file__).resolve().parents[2]
SEED_READING = [
    p for p in (ROOT / "tests" / "repair" / "cases" / "seed_expected.txt").read_text(encoding="utf-8").split("\n") if p
]
SECOND_ARTICLE = [
    "أعلنت قيادة العمليات المشتركة في العراق أن القوات الأمنية أحبطت هجوما لخلايا تنظيم داعش على قرية في "
    "أطراف محافظة ديالى، وأن الاشتباكات استمرت حتى ساعة متأخرة من الليل قبل أن ينسحب المهاجمون باتجاه "
    "سلسلة جبال حمرين الوعرة.",
    "وقالت القيادة في بيان إن طائرة مسيرة رصدت تحركات المسلحين قرب الحدود الإدارية بين ديالى وصلاح الدين، "
    "وإن الطيران الحربي نفذ ضربة دقيقة استهدفت مخبأ يستخدمه التنظيم لتخزين الأسلحة والذخيرة والمواد الغذائية.",
    "وأضاف البيان أن عملية التفتيش في المنطقة ما زالت جارية، وأن القوات عثرت على كهف يضم كمية من العبوات "
    "الناسفة المعدة للتفجير، مشيرة إلى أن الوضع الأمني في القرية مستقر وأن الأهالي عادوا إلى منازلهم.",
]
TITLE = "داعش يعود إلى البادية"
SEED_LOSS = parse_glyph_classes(["kaf.medial", "yeh.final", "alef_maksura.final"])
OTHER_LOSS = parse_glyph_classes(["heh.medial", "teh_marbuta.final", "meem.initial"])


def require_typesetting() -> None:
    pytest.importorskip("weasyprint", reason="WeasyPrint is needed to typeset the test PDFs")
    if installed_font_path("Amiri") is None:
        pytest.skip(
            "the Amiri font (Debian fonts-hosny-amiri) is not installed; run scripts/install_system_packages.sh"
        )


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with one PDF per fixture kind."""
    require_typesetting()
    from rasid.ingest.pdf_damage import (
        article_html,
        drop_glyph_mappings,
        image_only,
        presentation_form_layer,
        render_pdf,
    )

    folder = tmp_path_factory.mktemp("pdfs")
    one = render_pdf(article_html(TITLE, SEED_READING, columns=1))
    two = render_pdf(article_html(TITLE, SEED_READING + SEED_READING[:2], columns=2))
    second = render_pdf(article_html(TITLE, SECOND_ARTICLE, columns=1))
    (folder / "one_column.pdf").write_bytes(one)
    (folder / "two_columns.pdf").write_bytes(two)
    (folder / "seed_cmap.pdf").write_bytes(drop_glyph_mappings(one, SEED_LOSS)[0])
    (folder / "other_cmap.pdf").write_bytes(drop_glyph_mappings(second, OTHER_LOSS)[0])
    (folder / "second_clean.pdf").write_bytes(second)
    (folder / "presentation_forms.pdf").write_bytes(presentation_form_layer(one)[0])
    (folder / "image_only.pdf").write_bytes(image_only(second))
    return folder
