"""The file formats KK-GPT reads, declared once each: name, media type, extensions, a content check, an extractor.

`read_document` picks the format from the file name, checks that the content really is that format (a renamed
file is refused, not guessed at), and extracts plain text with the format's extractor. Every file is treated
as hostile: size, page, text and unpacked-size limits are checked before and during extraction, and any
failure of a parser becomes a `DocumentRejected` with a Danish message; nothing is stored by this module.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from kkgpt.documents import mail, office, pdf, plain
from kkgpt.documents.limits import Extracted, Limits
from kkgpt.errors import DocumentRejected

logger = logging.getLogger(__name__)

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class DocumentFormat:
    """One readable format: how to recognise it and how to get its text."""

    key: str
    media_type: str
    extensions: tuple[str, ...]
    looks_right: Callable[[bytes], bool]
    extract: Callable[[bytes, Limits], Extracted]
    label_da: str


def _zip_with(member: str) -> Callable[[bytes], bool]:
    """A content check for a zip-based office format: a zip whose directory names `member`."""
    def check(data: bytes) -> bool:
        return data.startswith(_ZIP_MAGIC) and member.encode() in data[-65_536:] + data[:4096]
    return check


FORMATS: tuple[DocumentFormat, ...] = (
    DocumentFormat("pdf", "application/pdf", (".pdf",), lambda d: d[:1024].lstrip().startswith(b"%PDF-"),
                   pdf.extract, "PDF"),
    DocumentFormat("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",),
                   _zip_with("word/document.xml"), office.extract_docx, "Word-dokument"),
    DocumentFormat("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",),
                   _zip_with("xl/workbook.xml"), office.extract_xlsx, "Excel-regneark"),
    DocumentFormat("odt", "application/vnd.oasis.opendocument.text", (".odt",), _zip_with("content.xml"),
                   office.extract_odt, "OpenDocument-tekst"),
    DocumentFormat("eml", "message/rfc822", (".eml",), plain.looks_like_text, mail.extract_eml, "e-mail"),
    DocumentFormat("msg", "application/vnd.ms-outlook", (".msg",), lambda d: d.startswith(_OLE_MAGIC),
                   mail.extract_msg, "Outlook-e-mail"),
    DocumentFormat("html", "text/html", (".html", ".htm"), plain.looks_like_text, plain.extract_html, "HTML"),
    DocumentFormat("md", "text/markdown", (".md", ".markdown"), plain.looks_like_text, plain.extract_text,
                   "Markdown"),
    DocumentFormat("csv", "text/csv", (".csv", ".tsv"), plain.looks_like_text, plain.extract_text, "CSV"),
    DocumentFormat("txt", "text/plain", (".txt", ".text", ".log"), plain.looks_like_text, plain.extract_text,
                   "tekst"),
)
_BY_EXTENSION = {ext: f for f in FORMATS for ext in f.extensions}

#: What the upload field's `accept` attribute lists.
ACCEPTED_EXTENSIONS = tuple(_BY_EXTENSION)

_UNUSABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACE_RUNS = re.compile(r"[ \t\u00a0]+\n")
_BLANK_RUNS = re.compile(r"\n{3,}")


def format_for(filename: str) -> DocumentFormat:
    """The format a file name says (by its extension); an extension KK-GPT does not read is refused (415)."""
    suffix = PurePath(filename).suffix.lower()
    found = _BY_EXTENSION.get(suffix)
    if found is None:
        raise DocumentRejected(
            "KK-GPT kan ikke læse den filtype. Brug PDF, Word (.docx), Excel (.xlsx), OpenDocument (.odt), "
            "e-mail (.eml, .msg), tekst, Markdown, CSV eller HTML.",
            code="document_unsupported", status_code=415, detail=suffix or "no extension")
    return found


def clean_text(text: str) -> str:
    """Text the rest of KK-GPT can hold: no control characters or lone surrogates, tidy line ends."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _UNUSABLE.sub("", text)
    return _BLANK_RUNS.sub("\n\n", _SPACE_RUNS.sub("\n", text)).strip()


def read_document(filename: str, data: bytes, limits: Limits) -> tuple[DocumentFormat, Extracted]:
    """Check and extract one uploaded file; raises `DocumentRejected` with the reason in Danish."""
    kind = format_for(filename)
    if not data:
        raise DocumentRejected("Filen er tom.", code="document_empty")
    limits.check_size(len(data))
    if not kind.looks_right(data):
        raise DocumentRejected(
            f"Filen hedder .{kind.extensions[0].lstrip('.')}, men indholdet er ikke {kind.label_da}. "
            "Gem den igen i det rigtige format, og prøv igen.",
            code="document_mislabelled", detail=kind.key)
    try:
        extracted = kind.extract(data, limits)
    except DocumentRejected:
        raise
    except (RecursionError, MemoryError) as exc:
        raise DocumentRejected(code="document_corrupt", detail=type(exc).__name__) from exc
    except Exception as exc:
        logger.info("could not read an uploaded %s: %s", kind.key, type(exc).__name__)
        raise DocumentRejected(
            f"Filen ser ud til at være beskadiget og kunne ikke læses som {kind.label_da}. "
            "Åbn og gem den igen, og prøv igen.", code="document_corrupt", detail=type(exc).__name__) from exc
    text = clean_text(extracted.text)
    limits.check_chars(len(text))
    if not text:
        raise DocumentRejected("Der er ingen tekst i filen.", code="document_no_text")
    return kind, Extracted(text, extracted.pages)
