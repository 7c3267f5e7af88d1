"""Small documents of every format, made by the tests, with personal data in text, tables, headers and footers."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage

import docx
import openpyxl

# Made-up people: valid-looking CPR numbers (modulus 11 is not required for 1 January 1970 ones in use).
NAME = "Jens Hansen"
CPR = "010170-1234"
ADDRESS = "Elmegade 5, 2200 København N"
TABLE_NAME = "Mette Frederiksen Jørgensen"
TABLE_PHONE = "27 19 38 46"
FOOTER_NAME = "Karin Bjørnholm"
FOOTER_EMAIL = "karin.bjoernholm@gmail.com"

#: Every personal value a sample holds; none of them may reach the model.
PERSONAL_VALUES = (NAME, CPR, "Elmegade 5", TABLE_NAME, TABLE_PHONE, FOOTER_NAME, FOOTER_EMAIL)

BODY = (f"Kære {NAME}\n\nVi har modtaget din ansøgning om boligstøtte. Dit cpr-nr. er {CPR}, "
        f"og du bor på {ADDRESS}.\nSagen behandles inden for fire uger.")


def pdf(pages: list[str] | None = None, *, encrypted: bool = False) -> bytes:
    """A PDF whose pages show the given lines in Helvetica (the default: the letter on one page)."""
    streams = []
    for text in pages if pages is not None else [BODY + f"\n\n{FOOTER_NAME}, {FOOTER_EMAIL}"]:
        ops = ["BT", "/F1 10 Tf", "12 TL", "40 800 Td"]
        ops.extend(f"({_escaped(line)}) Tj T*" for line in text.splitlines() or [""])
        streams.append([*ops, "ET"])
    return _pdf(streams, encrypted=encrypted)


def positioned_pdf(runs: list[tuple[float, float, str]], *, text_object_per_run: bool = False,
                   matrix: str = "1 0 0 1 {x} {y} Tm") -> bytes:
    """A one-page PDF that draws each (x, y, text) run at its place in the order given (as a generator does
    that writes a page row by row across its columns), in one text object or one per run."""
    shown = [f"{matrix.format(x=x, y=y)} ({_escaped(text)}) Tj" for x, y, text in runs]
    if text_object_per_run:
        return _pdf([[op for line in shown for op in ("BT", "/F1 10 Tf", line, "ET")]])
    return _pdf([["BT", "/F1 10 Tf", *shown, "ET"]])


# A newsletter page in two columns: a name broken over two lines of the left column, a phone number over two
# lines of the right, a heading above and a footer below across the page.
HEADING = "Nyt fra Valby Lokaludvalg - april 2026: borgermøde, nye medlemmer og kontakt"
LEFT = ["Til borgermødet den 4. april taler Anne Marie",
        "Tornsbjerg, som bor på Borgbjergsvej 112 og har",
        "været med i lokaludvalget siden 2019. Hun fortæller",
        "om årets arbejde, og bagefter er der kaffe og kage.",
        "Alle er velkomne, også dem, der ikke bor i Valby,",
        "og der er gratis adgang til mødet."]
RIGHT = ["Du kan kontakte os på tlf 31 84", "27 90 eller skrive til os på", "valby@lokaludvalg.dk, så svarer",
         "vi inden for en uge."]
FOOTER = "Valby Lokaludvalg, Valby Langgade 14, 2500 Valby, lokaludvalg@valby.dk, www.valby-lokaludvalg.dk"


def newsletter(*, objects: str = "one") -> bytes:
    """The newsletter page drawn row by row across both columns, as pypdf then reads it line by line."""
    runs = [(40, 800, HEADING)]
    for row in range(len(LEFT)):
        runs.append((40, 770 - 12 * row, LEFT[row]))
        if row < len(RIGHT):
            runs.append((330, 770 - 12 * row, RIGHT[row]))
    runs += [(40, 52, FOOTER), (280, 40, "Side 1 af 1")]
    return positioned_pdf(runs, text_object_per_run=objects == "per run")


def _escaped(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _pdf(streams: list[list[str]], *, encrypted: bool = False) -> bytes:
    """A PDF with one A4 page per content stream (operators as lines), Helvetica as /F1."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"), NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    }))
    for ops in streams:
        page = writer.add_blank_page(595, 842)
        stream = DecodedStreamObject()
        stream.set_data("\n".join(ops).encode("cp1252"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject({
            NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    if encrypted:
        writer.encrypt(user_password="hemmelig", owner_password="hemmelig", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_file() -> bytes:
    """A Word letter: the body, a table of people, and a name and e-mail in the header and footer."""
    document = docx.Document()
    for paragraph in BODY.split("\n"):
        document.add_paragraph(paragraph)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Navn", "Telefon"
    table.cell(1, 0).text, table.cell(1, 1).text = TABLE_NAME, TABLE_PHONE
    section = document.sections[0]
    section.header.paragraphs[0].text = f"Sagsbehandler: {FOOTER_NAME}"
    section.footer.paragraphs[0].text = f"Kontakt: {FOOTER_EMAIL}"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_file() -> bytes:
    """A workbook with a sheet of citizens (name, CPR, phone) under a header row."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Borgere"
    sheet.append(["Navn", "CPR", "Telefon"])
    sheet.append([NAME, CPR, TABLE_PHONE])
    sheet.append([TABLE_NAME, None, None])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def odt_file() -> bytes:
    """An OpenDocument text: the letter, a table, and a footer with a name, zipped by hand."""
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    style = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
    paragraphs = "".join(f"<text:p>{line}</text:p>" for line in BODY.split("\n"))
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{office}" '
               f'xmlns:text="{text}" xmlns:table="{table}"><office:body><office:text>{paragraphs}'
               f'<table:table><table:table-row><table:table-cell><text:p>Navn</text:p></table:table-cell>'
               f'<table:table-cell><text:p>Telefon</text:p></table:table-cell></table:table-row>'
               f'<table:table-row><table:table-cell><text:p>{TABLE_NAME}</text:p></table:table-cell>'
               f'<table:table-cell><text:p>{TABLE_PHONE}</text:p></table:table-cell></table:table-row>'
               f'</table:table></office:text></office:body></office:document-content>')
    styles = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles xmlns:office="{office}" '
              f'xmlns:text="{text}" xmlns:style="{style}"><office:master-styles><style:master-page>'
              f'<style:footer><text:p>{FOOTER_NAME}, {FOOTER_EMAIL}</text:p></style:footer>'
              f'</style:master-page></office:master-styles></office:document-styles>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
        archive.writestr("styles.xml", styles)
    return out.getvalue()


def eml_file() -> bytes:
    """An e-mail from one named person to another, with the letter as its body."""
    message = EmailMessage()
    message["From"] = f"{FOOTER_NAME} <{FOOTER_EMAIL}>"
    message["To"] = f"{TABLE_NAME} <mette.joergensen@hotmail.com>"
    message["Subject"] = "Din ansøgning"
    message.set_content(BODY)
    return bytes(message)


def msg_file() -> bytes:
    """An Outlook message: sender, recipient (name and address), subject, the letter as body, an attachment."""
    from tests.documents.compound import compound_file

    def text(value: str) -> bytes:
        return value.encode("utf-16-le")

    return compound_file({
        "__substg1.0_0037001F": text("Din ansøgning"),
        "__substg1.0_0C1A001F": text(FOOTER_NAME),
        "__substg1.0_0C1F001F": text(FOOTER_EMAIL),
        "__substg1.0_0E04001F": text(TABLE_NAME),
        "__substg1.0_1000001F": text(BODY),
        "__recip_version1.0_#00000000/__substg1.0_3001001F": text(TABLE_NAME),
        "__recip_version1.0_#00000000/__substg1.0_39FE001F": text("mette.joergensen@hotmail.com"),
        "__attach_version1.0_#00000000/__substg1.0_3707001F": text("bilag.pdf"),
    })


def html_file() -> bytes:
    """A web page with the letter, a table and a script that must not be read."""
    return (f"<html><head><title>Brev</title><script>var x = 1;</script></head><body><p>{BODY}</p>"
            f"<table><tr><th>Navn</th><th>Telefon</th></tr><tr><td>{TABLE_NAME}</td><td>{TABLE_PHONE}</td></tr>"
            f"</table><footer>{FOOTER_NAME}, {FOOTER_EMAIL}</footer></body></html>").encode()


def csv_file() -> bytes:
    """A CSV export with a header row."""
    return f"navn,cpr,telefon\n{NAME},{CPR},{TABLE_PHONE}\n{TABLE_NAME},,\n".encode()


def md_file() -> bytes:
    """A Markdown note with a table."""
    return (f"# Notat\n\n{BODY}\n\n| Navn | Telefon |\n|---|---|\n| {TABLE_NAME} | {TABLE_PHONE} |\n\n"
            f"{FOOTER_NAME}, {FOOTER_EMAIL}\n").encode()


def txt_file() -> bytes:
    """The letter as plain text in Windows-1252, as older Danish files are."""
    return (BODY + f"\n\nMed venlig hilsen\n{FOOTER_NAME}\n{FOOTER_EMAIL}\n").encode("cp1252")


def zip_bomb_docx() -> bytes:
    """A .docx whose one member unpacks from a few kilobytes to far more than any letter."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * 20_000_000 + b"</w:document>")
    return out.getvalue()


#: File name and bytes of every format, for tests that run through them all.
SAMPLES = {
    "brev.pdf": pdf, "brev.docx": docx_file, "borgere.xlsx": xlsx_file, "brev.odt": odt_file,
    "mail.eml": eml_file, "mail.msg": msg_file, "side.html": html_file, "borgere.csv": csv_file, "notat.md": md_file,
    "brev.txt": txt_file,
}
