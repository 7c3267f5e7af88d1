"""Office formats: Word .docx (python-docx), Excel .xlsx (openpyxl) and OpenDocument .odt (the standard library).

Tables become Markdown tables, whose header row tells the PII shield what each column holds; headers and
footers are read too (letterheads and case numbers live there). Every zip is checked for bombs first.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from xml.etree import ElementTree

import docx
import openpyxl
from docx.table import Table
from docx.text.paragraph import Paragraph

from kkgpt.documents.limits import Extracted, Limits

_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODF_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODF_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"


def markdown_table(rows: Iterable[Iterable[str]]) -> str:
    """Rows of cells as a Markdown table (the first row is the header); pipes in cells escaped, and a cell's
    own lines kept apart by `<br>` as GitHub's Markdown writes them, so a letterhead cell's name, street and
    postcode stay separate values ("Ahmad Shah Wardak<br>Dronningensgade 92B, 2.")."""
    lines: list[str] = []
    for index, row in enumerate(rows):
        cells = ["<br>".join(" ".join(line.split()) for line in cell.splitlines() if line.strip()).replace("|", "\\|")
                 for cell in row]
        lines.append("| " + " | ".join(cells) + " |")
        if index == 0:
            lines.append("|" + "---|" * len(cells))
    return "\n".join(lines)


def _docx_blocks(container) -> Iterable[str]:
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            yield markdown_table([cell.text for cell in row.cells] for row in block.rows)


def extract_docx(data: bytes, limits: Limits) -> Extracted:
    """Body paragraphs and tables in order, then the distinct headers and footers of every section."""
    limits.open_zip(data).close()
    document = docx.Document(io.BytesIO(data))
    parts = list(_docx_blocks(document))
    margins: list[str] = []
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer, section.first_page_footer):
            if part.is_linked_to_previous:
                continue
            text = "\n".join(t for t in _docx_blocks(part) if t.strip())
            if text and text not in margins:
                margins.append(text)
    if margins:
        parts += ["", "Sidehoved og sidefod:", *margins]
    return Extracted("\n".join(parts))


def extract_xlsx(data: bytes, limits: Limits) -> Extracted:
    """Each sheet's rows as CSV (values, not formulas), under the sheet's name."""
    limits.open_zip(data).close()
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        out = io.StringIO()
        for sheet in workbook.worksheets:
            out.write(f"Ark: {sheet.title}\n")
            writer = csv.writer(out, lineterminator="\n")
            rows: list[list[str]] = []
            size = 0
            for row in sheet.iter_rows(values_only=True):
                cells = ["" if value is None else str(value) for value in row]
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    rows.append(cells)
                    size += sum(len(cell) + 1 for cell in cells)
                    limits.check_chars(out.tell() + size)
            # Rows of a table keep every column, also when their last cells are empty, so that each row has
            # as many fields as the header (title lines above the table's first row stay one field).
            width = max((len(cells) for cells in rows), default=0)
            table = False
            for cells in rows:
                table = table or len(cells) > 1
                writer.writerow(cells + [""] * (width - len(cells)) if table else cells)
            limits.check_chars(out.tell())
            out.write("\n")
    finally:
        workbook.close()
    return Extracted(out.getvalue())


def _odf_text(element: ElementTree.Element) -> str:
    """The text of an ODF paragraph, with its spaces, tabs and line breaks."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "s":
            parts.append(" " * int(child.get(f"{{{_ODF_TEXT}}}c", "1") or 1))
        elif tag == "tab":
            parts.append("\t")
        elif tag == "line-break":
            parts.append("\n")
        else:
            parts.append(_odf_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _odf_blocks(element: ElementTree.Element) -> Iterable[str]:
    for child in element:
        if child.tag in (f"{{{_ODF_TEXT}}}p", f"{{{_ODF_TEXT}}}h"):
            yield _odf_text(child)
        elif child.tag == f"{{{_ODF_TABLE}}}table":
            rows = child.iter(f"{{{_ODF_TABLE}}}table-row")
            yield markdown_table(["\n".join(_odf_blocks(cell)) for cell in row] for row in rows)
        else:
            yield from _odf_blocks(child)


def extract_odt(data: bytes, limits: Limits) -> Extracted:
    """The body's paragraphs, headings and tables, then the page styles' headers and footers."""
    with limits.open_zip(data) as archive:
        content = ElementTree.fromstring(archive.read("content.xml"))
        names = set(archive.namelist())
        styles = ElementTree.fromstring(archive.read("styles.xml")) if "styles.xml" in names else None
    body = content.find("{urn:oasis:names:tc:opendocument:xmlns:office:1.0}body")
    parts = list(_odf_blocks(body if body is not None else content))
    if styles is not None:
        margins = [text for tag in ("header", "footer") for element in styles.iter(f"{{{_ODF_STYLE}}}{tag}")
                   if (text := "\n".join(_odf_blocks(element)).strip())]
        if margins:
            parts += ["", "Sidehoved og sidefod:", *dict.fromkeys(margins)]
    return Extracted("\n".join(parts))
