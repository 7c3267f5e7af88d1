"""PDF text with pypdf: the text layer of each page; no OCR, so a scanned PDF is refused with a reason."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, LimitReachedError

from kkgpt.documents import columns, tables
from kkgpt.documents.limits import Extracted, Limits
from kkgpt.errors import DocumentRejected

# A word split at a line end by the layout ("sags-" + "behandler"): joined again so the shield sees whole words.
_HYPHENATED = re.compile(r"\w-$")
# A page number on a line of its own ("Side 2 af 4", "Page 3", "- 2 -", "2/4"): page furniture, never the rest
# of a wrapped line, so the shield can read the paragraph on over it.
_PAGE_NUMBER = re.compile(r"(?:(?:side|page|s\.)\s*\d{1,4}(?:\s*(?:af|of|/)\s*\d{1,4})?|-\s*\d{1,4}\s*-|\d{1,4}\s*/\s*\d{1,4})",
                          re.IGNORECASE)
# A line at least this share of the page's longest line was wrapped by the layout, not ended by the writer ...
_WRAPPED_SHARE = 0.6
# ... when the longest line is longer than this (a column: this times its share of the page's width): a page of
# short lines only is an address block or a list, whose lines stay apart.
_PROSE_WIDTH = 40
# A column's lines hold fewer characters than the page's, but never fewer than this for a line to count as full.
_COLUMN_PROSE_WIDTH = 20
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
            total += len(text)
            limits.check_chars(total)  # a page that holds a whole novel stops the read early
            runs = columns.runs(page)
            parts = columns.read(runs) or tables.read(text, runs)
        except LimitReachedError as exc:  # pypdf's own guard against streams that unpack to gigabytes
            raise DocumentRejected(
                "En side i PDF-filen pakker sig ud til langt mere, end filen fylder, og bliver ikke læst (den kan "
                "være lavet til at overbelaste systemer). Gem PDF-filen igen, og prøv igen.",
                code="document_zip_bomb", detail="pypdf decompression limit") from exc
        texts.append(reflow(text) if parts is None else _reflow_parts(parts, _longest_line(text)))
    text = "\n\n".join(texts)
    if pages and len(text.strip()) < _SCANNED_CHARS_PER_PAGE * pages:
        raise DocumentRejected(
            "PDF-filen har ingen tekst, kun billeder af sider (den er nok scannet). KK-GPT læser ikke billeder; "
            "brug en PDF med tekst, eller kør tekstgenkendelse (OCR) på den først.",
            code="document_no_text", detail=f"{len(text.strip())} characters on {pages} pages")
    return Extracted(text, pages)


def _reflow_parts(parts: list[columns.Part], page_width: int) -> str:
    """A page read in columns or around a table, reflowed a part at a time: a column against its own longest
    line, the lines across the page against the page's, as a page read line by line is; a table's rows not."""
    return "\n".join(
        part.text if part.verbatim else
        reflow(part.text, page_width) if part.share >= 1 else
        reflow(part.text, None, max(_COLUMN_PROSE_WIDTH, round(_PROSE_WIDTH * part.share)))
        for part in parts)


def _longest_line(text: str) -> int:
    return max((len(line.rstrip()) for line in text.split("\n")), default=0)


def reflow(page: str, width: int | None = None, prose_width: int = _PROSE_WIDTH) -> str:
    """A page's text with the layout's line wraps undone: a line as long as the text column continues on the next.

    A PDF breaks lines where the column ends, so a name, a phone number or an address can be split across two
    lines, and the shield would see two halves ("Karin" + "Bjørnholm"). Short lines (headings, address blocks,
    the last line of a paragraph) keep their line break, which the shield reads as a boundary. A page (or a
    column) whose longest line is not longer than `prose_width` characters is not prose and keeps every break.
    `width` is the length of a full line, by default the longest line's.
    """
    lines = page.split("\n")
    width = _longest_line(page) if width is None else width
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
        joining = width > prose_width and len(line) >= _WRAPPED_SHARE * width
    return "\n".join(out)


def _encrypted() -> DocumentRejected:
    return DocumentRejected(
        "PDF-filen er beskyttet med en adgangskode. Gem en kopi uden adgangskode, og prøv igen.",
        code="document_encrypted")
