"""Reading web pages (rasid.ingest.html)."""

from __future__ import annotations

from pathlib import Path

from rasid.pipeline import read_document
from rasid.repair.language_model import LanguageModel

ARTICLE = """<html lang="ar" dir="rtl"><head><title>العراق: معارك في الأنبار</title>
<meta name="author" content="أحمد علي"><meta property="article:published_time" content="2015-07-21"></head>
<body><nav><a href="/">الرئيسية</a> | <a href="/x">أخبار</a> | <a href="/y">رياضة</a></nav>
<article><h1>معارك في الأنبار</h1>
<p>قالت مصادر عسكرية عراقية إن القوات الحكومية استعادت السيطرة على عدد من القرى في محافظة الأنبار غرب البلاد
بعد معارك عنيفة مع مسلحي تنظيم داعش استمرت ثلاثة أيام.</p>
<p>وأضافت المصادر أن طيران التحالف الدولي شارك في العمليات بعدة غارات استهدفت مواقع التنظيم قرب مدينة الرمادي.</p>
</article><footer>جميع الحقوق محفوظة لصحيفة الاختبار</footer></body></html>"""


def test_article_text_and_metadata(tmp_path: Path, model: LanguageModel) -> None:
    page = tmp_path / "article.html"
    page.write_text(ARTICLE, encoding="utf-8")
    document = read_document(page, model)
    assert document.media_type == "text/html"
    assert document.extraction.title == "معارك في الأنبار"
    assert document.extraction.author == "أحمد علي"
    assert document.extraction.published == "2015-07-21"
    assert document.text.startswith("قالت مصادر عسكرية عراقية")
    assert "طيران التحالف الدولي" in document.text
    for boilerplate in ("الرئيسية", "رياضة", "جميع الحقوق"):
        assert boilerplate not in document.text


def test_windows_1256_page(tmp_path: Path, model: LanguageModel) -> None:
    page = tmp_path / "old.htm"
    page.write_bytes(ARTICLE.replace('lang="ar"', 'lang="ar" data-x="1"').encode("cp1256", errors="replace"))
    document = read_document(page, model)
    assert "القوات الحكومية" in document.text
    assert document.extraction.encoding == "cp1256"
