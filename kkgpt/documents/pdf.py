"""PDF text with pypdf: the text layer of each page; no OCR, so a scanned PDF is refused with a reason."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, LimitReachedError

from kkgpt.documents.limits import Extracted, Limits
from kkgpt.errors import DocumentRejected

# A word split at a line end by the layout ("sags-" + "behandler"): joined again so the shield sees whole words.
_HYPHENATED = re.compile(r"\w-$")
# A page number on a line of its own ("Side 2 af 4", "Page 3", "- 2 -", "2/4"): page furniture, never the rest
# of a wrapped line, so the shield can read the paragraph on over it.
_PAGE_NUMBER = re.compile(r"(?:(?:side|page|s\.)\s*\d{1,4}(?:\s*(?:af|of|/)\s*\d{1,4})?|-\s*\d{1,4}\s*-|\d{1,4}\s*/\s*\d{1,4})",
                          re.IGNORECASE)
# A line at least this share of the page's longest line was wrapped by the layout, not ended by the writer.
_WRAPPED_SHARE = 0.6
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
        try:
            text = page.extract_text() or ""
        except LimitReachedError as exc:  # pypdf's own guard against streams that unpack to gigabytes
            raise DocumentRejected(
                "En side i PDF-filen pakker sig ud til langt mere, end filen fylder, og bliver ikke læst (den kan "
                "være lavet til at overbelaste systemer). Gem PDF-filen igen, og prøv igen.",
                code="document_zip_bomb", detail="pypdf decompression limit") from exc
        total += len(text)
        limits.check_chars(total)  # a page that holds a whole novel stops the read early
        texts.append(text)
    text = "\n\n".join(reflow(t) for t in texts)
    if pages and len(text.strip()) < _SCANNED_CHARS_PER_PAGE * pages:
        raise DocumentRejected(
            "PDF-filen har ingen tekst, kun billeder af sider (den er nok scannet). KK-GPT læser ikke billeder; "
            "brug en PDF med tekst, eller kør tekstgenkendelse (OCR) på den først.",
            code="document_no_text", detail=f"{len(text.strip())} characters on {pages} pages")
    return Extracted(text, pages)


def reflow(page: str) -> str:
    """A page's text with the layout's line wraps undone: a line as long as the text column continues on the next.

    A PDF breaks lines where the column ends, so a name, a phone number or an address can be split across two
    lines, and the shield would see two halves ("Karin" + "Bjørnholm"). Short lines (headings, address blocks,
    the last line of a paragraph) keep their line break, which the shield reads as a boundary.
    """
    lines = page.split("\n")
    width = max((len(line.rstrip()) for line in lines), default=0)
    out: list[str] = []
    joining = False
    for line in lines:
        line = line.rstrip()
        if joining and line.strip() and not _PAGE_NUMBER.fullmatch(line.strip()):
            previous = out[-1]
            out[-1] = (previous[:-1] + line.lstrip() if _HYPHENATED.search(previous) and line.lstrip()[:1].islower()
                       else previous + " " + line.lstrip())
        else:
            out.append(line)
        joining = width > 40 and len(line) >= _WRAPPED_SHARE * width
    return "\n".join(out)


def _encrypted() -> DocumentRejected:
    return DocumentRejected(
        "PDF-filen er beskyttet med en adgangskode. Gem en kopi uden adgangskode, og prøv igen.",
        code="document_encrypted")
