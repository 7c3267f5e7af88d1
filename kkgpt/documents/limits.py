"""The limits an uploaded file must stay within, checked before and while it is read."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from kkgpt.errors import DocumentRejected

#: Most members a zip-based office file may hold (a real one has tens; a hostile one millions).
ZIP_MEMBERS_MAX = 5_000
#: Highest ratio of unpacked to packed size for a member over 1 MB: XML compresses 10-30 times, bombs 1000.
ZIP_RATIO_MAX = 200


@dataclass(frozen=True)
class Extracted:
    """The text of a file, and its pages when the format has them."""

    text: str
    pages: int | None = None


@dataclass(frozen=True)
class Limits:
    """Sizes one file may have: bytes uploaded, pages, characters of text, bytes unpacked from a zip."""

    max_bytes: int
    max_pages: int
    max_chars: int
    max_unpacked_bytes: int

    def check_size(self, size: int) -> None:
        """Refuse a file larger than `max_bytes` (413)."""
        if size > self.max_bytes:
            raise DocumentRejected(
                f"Filen er for stor: højst {_megabytes(self.max_bytes)} MB.", code="document_too_large",
                status_code=413, detail=f"{size} bytes")

    def check_pages(self, pages: int) -> None:
        """Refuse a document with more than `max_pages` pages (413)."""
        if pages > self.max_pages:
            raise DocumentRejected(
                f"Dokumentet har {pages} sider; KK-GPT kan højst læse {self.max_pages}. "
                "Del det op, og upload de dele, du har brug for.", code="document_too_many_pages",
                status_code=413, detail=f"{pages} pages")

    def check_chars(self, chars: int) -> None:
        """Refuse a document whose text is longer than `max_chars` (413)."""
        if chars > self.max_chars:
            raise DocumentRejected(
                f"Dokumentet indeholder for meget tekst: højst {self.max_chars:,} tegn.".replace(",", "."),
                code="document_too_long", status_code=413, detail=f"more than {self.max_chars} characters")

    def open_zip(self, data: bytes) -> zipfile.ZipFile:
        """Open a zip-based file after checking what it would unpack to (refusing zip bombs).

        The sizes checked are those the zip's directory declares; `zipfile` never unpacks a member beyond
        its declared size, so a directory that lies makes the read fail, not grow.
        """
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
        unpacked = sum(m.file_size for m in members)
        bomb = len(members) > ZIP_MEMBERS_MAX or unpacked > self.max_unpacked_bytes or any(
            m.file_size > 1_000_000 and m.file_size > ZIP_RATIO_MAX * max(m.compress_size, 1) for m in members)
        if bomb:
            archive.close()
            raise DocumentRejected(
                "Filen pakker sig ud til langt mere, end den fylder, og bliver ikke åbnet (den kan være "
                "lavet til at overbelaste systemer). Gem dokumentet igen fra Word eller Excel, og prøv igen.",
                code="document_zip_bomb", detail=f"{len(members)} members, {unpacked} bytes unpacked")
        return archive


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:g}".replace(".", ",")
