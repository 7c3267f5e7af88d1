"""PDF text with pypdf: the text layer of each page; no OCR, so a scanned PDF is refused with a reason."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

from kkgpt.documents.limits import Extracted, Limits
from kkgpt.errors import DocumentRejected

# A word split at a line end by the layout ("sags-\nbehandler"): joined again so the shield sees whole words.
_HYPHENATED = re.compile(r"(\w)-\n(\w)")
# Fewer characters than this per page on average: the pages are pictures (a scan), not text.
_SCANNED_CHARS_PER_PAGE = 20


def extract(data: bytes, limits: Limits) -> Extracted:
    """The text of every page, pages separated by a blank line."""
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        # A PDF locked only against editing opens with the empty password; one that needs a password does not.
        try:
            opened = reader.decrypt("")
        except (FileNotDecryptedError, NotImplementedError) as exc:
            raise _encrypted() from exc
        if not opened:
            raise _encrypted()
    pages = len(reader.pages)
    limits.check_pages(pages)
    texts: list[str] = []
    total = 0
    for page in reader.pages:
        text = page.extract_text() or ""
        total += len(text)
        limits.check_chars(total)  # a page that holds a whole novel stops the read early
        texts.append(text)
    text = _HYPHENATED.sub(r"\1\2", "\n\n".join(texts))
    if pages and len(text.strip()) < _SCANNED_CHARS_PER_PAGE * pages:
        raise DocumentRejected(
            "PDF-filen har ingen tekst, kun billeder af sider (den er nok scannet). KK-GPT læser ikke billeder; "
            "brug en PDF med tekst, eller kør tekstgenkendelse (OCR) på den først.",
            code="document_no_text", detail=f"{len(text.strip())} characters on {pages} pages")
    return Extracted(text, pages)


def _encrypted() -> DocumentRejected:
    return DocumentRejected(
        "PDF-filen er beskyttet med en adgangskode. Gem en kopi uden adgangskode, og prøv igen.",
        code="document_encrypted")
