"""Read the article in a web page: its main text, title, author and date (with trafilatura).

Navigation, menus, footers and comments are dropped; a page with no article text
(a home page, a menu) is refused with a clear reason rather than returning its
boilerplate.
"""

from __future__ import annotations

from rasid.errors import UnsupportedSourceError
from rasid.ingest.text import decode_text
from rasid.model import Extraction

#: A page is an article only if at least one of its lines has this many words.
MIN_SENTENCE_WORDS = 8


def read_html(data: bytes, source_id: str, url: str | None = None) -> Extraction:
    """Extract the main article of an HTML page.

    Raises:
        UnsupportedSourceError: the page holds no article text.
    """
    import trafilatura

    decoded = decode_text(data, source_id)
    document = trafilatura.bare_extraction(
        decoded.text, url=url, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True
    )
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    # What is left of a menu or a home page is a few short, link-like lines, not prose.
    prose = [line for line in text.split("\n") if len(line.split()) >= MIN_SENTENCE_WORDS and line.count("|") < 2]
    if not prose:
        raise UnsupportedSourceError(
            "no article text found in this web page (is it a menu or home page?)", source_id=source_id
        )
    title = getattr(document, "title", None)
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if title and lines and lines[0] == title.strip():
        lines = lines[1:]  # the headline is kept as the title, not repeated in the body
    return Extraction(
        text="\n".join(lines),
        title=title,
        author=getattr(document, "author", None),
        published=getattr(document, "date", None),
        url=getattr(document, "url", None) or url,
        encoding=decoded.encoding,
    )
