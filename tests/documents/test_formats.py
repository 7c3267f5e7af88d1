"""Reading files: every format's text (tables, headers and footers included), and hostile files refused in Danish."""

from __future__ import annotations

import io
import zipfile

import pytest

from kkgpt.documents.formats import clean_text, read_document
from kkgpt.documents.limits import Limits
from kkgpt.errors import DocumentRejected
from tests.documents import samples

LIMITS = Limits(max_bytes=5_000_000, max_pages=50, max_chars=200_000, max_unpacked_bytes=50_000_000)

# What each sample must yield: the letter's text, and the values in its tables, headers and footers.
EXPECTED = {
    "brev.pdf": (samples.NAME, samples.CPR, samples.FOOTER_NAME, samples.FOOTER_EMAIL),
    "brev.docx": (samples.NAME, samples.CPR, samples.TABLE_NAME, samples.TABLE_PHONE, samples.FOOTER_NAME,
                  samples.FOOTER_EMAIL),
    "borgere.xlsx": (samples.NAME, samples.CPR, samples.TABLE_NAME, samples.TABLE_PHONE),
    "brev.odt": (samples.NAME, samples.CPR, samples.TABLE_NAME, samples.TABLE_PHONE, samples.FOOTER_NAME),
    "mail.eml": (samples.NAME, samples.CPR, f"Fra: {samples.FOOTER_NAME}", f"Til: {samples.TABLE_NAME}"),
    "mail.msg": (samples.NAME, samples.CPR, f"Fra: {samples.FOOTER_NAME}", f"Til: {samples.TABLE_NAME}",
                 f"Modtager: {samples.TABLE_NAME} <mette.joergensen@hotmail.com>", "Emne: Din ansøgning",
                 "Vedhæftet: bilag.pdf"),
    "side.html": (samples.NAME, samples.CPR, samples.TABLE_NAME, samples.FOOTER_NAME),
    "borgere.csv": (samples.NAME, samples.CPR, samples.TABLE_NAME),
    "notat.md": (samples.NAME, samples.TABLE_NAME, samples.FOOTER_EMAIL),
    "brev.txt": (samples.NAME, samples.CPR, "ansøgning", samples.FOOTER_NAME),
}


@pytest.mark.parametrize("name", sorted(samples.SAMPLES))
def test_each_format_yields_its_text(name: str) -> None:
    kind, extracted = read_document(name, samples.SAMPLES[name](), LIMITS)
    for value in EXPECTED[name]:
        assert value in extracted.text, (name, value)
    assert kind.extensions[0] in (name[name.rindex("."):], ".htm" if name.endswith(".html") else "")


def test_word_tables_become_markdown_tables_whose_header_names_the_column() -> None:
    _, extracted = read_document("brev.docx", samples.docx_file(), LIMITS)
    assert f"| Navn | Telefon |\n|---|---|\n| {samples.TABLE_NAME} | {samples.TABLE_PHONE} |" in extracted.text


def test_spreadsheet_rows_read_as_csv_under_the_sheet_name() -> None:
    _, extracted = read_document("borgere.xlsx", samples.xlsx_file(), LIMITS)
    assert extracted.text.startswith(f"Ark: Borgere\nNavn,CPR,Telefon\n{samples.NAME},{samples.CPR},")
    # a row whose last cells are empty keeps its columns, so the header still says what each value is
    assert extracted.text.endswith(f"\n{samples.TABLE_NAME},,")


def test_html_leaves_out_scripts() -> None:
    _, extracted = read_document("side.html", samples.html_file(), LIMITS)
    assert "var x" not in extracted.text


def test_pdf_counts_pages_and_joins_words_hyphenated_at_line_ends() -> None:
    data = samples.pdf(["Afgoerelsen er truffet efter en samlet vurdering, og sagsbehand-\nleren skriver igen.",
                        "Side to har ogsaa tekst nok til at taelle."])
    _, extracted = read_document("brev.pdf", data, LIMITS)
    assert extracted.pages == 2 and "vurdering, og sagsbehandleren skriver igen." in extracted.text


@pytest.mark.parametrize(
    ("name", "data", "code", "status"),
    [
        ("brev.pdf", lambda: samples.pdf(encrypted=True), "document_encrypted", 422),
        ("scan.pdf", lambda: samples.pdf(["", "", ""]), "document_no_text", 422),
        ("bombe.docx", samples.zip_bomb_docx, "document_zip_bomb", 422),
        ("brev.pdf", samples.docx_file, "document_mislabelled", 422),
        ("brev.docx", lambda: samples.pdf(), "document_mislabelled", 422),
        ("program.txt", lambda: b"MZ\x90\x00\x03\x00\x00\x00" * 100, "document_mislabelled", 422),
        ("brev.docx", lambda: b"PK\x03\x04 word/document.xml og resten mangler", "document_corrupt", 422),
        ("brev.xlsx", lambda: samples.docx_file().replace(b"word/document.xml", b"xl/workbook.xml"),
         "document_corrupt", 422),
        ("brev.pdf", lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj trailer", "document_corrupt", 422),
        ("tom.txt", lambda: b"", "document_empty", 422),
        ("blank.txt", lambda: b"   \n\n  ", "document_no_text", 422),
        ("program.exe", lambda: b"MZ", "document_unsupported", 415),
        ("uden-endelse", lambda: b"tekst", "document_unsupported", 415),
        ("stor.txt", lambda: b"a" * 5_000_001, "document_too_large", 413),
        ("lang.txt", lambda: b"ord " * 60_000, "document_too_long", 413),
        ("mange.pdf", lambda: samples.pdf(["Side med tekst nok til at taelle."] * 51), "document_too_many_pages",
         413),
    ],
)
def test_hostile_and_unusable_files_are_refused_in_danish(name, data, code, status) -> None:
    with pytest.raises(DocumentRejected) as caught:
        read_document(name, data(), LIMITS)
    assert caught.value.code == code
    assert caught.value.status_code == status
    assert caught.value.message and "Traceback" not in caught.value.message
    assert any(word in caught.value.message for word in ("Filen", "fil", "PDF", "Dokumentet", "tekst"))


def test_a_zip_with_too_many_members_is_a_bomb() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for index in range(5_001):
            archive.writestr(f"x/{index}", "")
    with pytest.raises(DocumentRejected) as caught:
        read_document("mange.docx", out.getvalue(), LIMITS)
    assert caught.value.code == "document_zip_bomb"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("a\r\nb\rc", "a\nb\nc"), ("nul\x00tegn", "nultegn"), ("lone \ud800 surrogate", "lone  surrogate"),
     ("many\n\n\n\n\nblank", "many\n\nblank"), ("  trailing   \nspace", "trailing\nspace"),
     ("e\u0301", "é")],
)
def test_clean_text_keeps_only_what_the_database_and_the_model_can_hold(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_windows_1252_text_is_read_as_danish() -> None:
    _, extracted = read_document("brev.txt", "Kære Søren, æøå".encode("cp1252"), LIMITS)
    assert extracted.text == "Kære Søren, æøå"


@pytest.mark.parametrize(
    ("page", "flowed"),
    [
        # A wrapped paragraph becomes one line, so a name or number split by the layout is whole again.
        (("Sagsbehandler Karin Bjørnholm kan kontaktes på telefon 27 19\n38 46 eller på e-mail, hvis du har "
          "spørgs-\nmål til afgørelsen."),
         ("Sagsbehandler Karin Bjørnholm kan kontaktes på telefon 27 19 38 46 eller på e-mail, hvis du har "
          "spørgsmål til afgørelsen.")),
        # Short lines (an address block, a heading) keep their breaks.
        ("Jens Hansen\nElmegade 5\n2200 København N\n\nAfgørelse om boligstøtte efter lov om individuel boligstøtte",
         "Jens Hansen\nElmegade 5\n2200 København N\n\nAfgørelse om boligstøtte efter lov om individuel boligstøtte"),
        (("Borgeren Jens Hansen har den 3. marts søgt om hjælp til medicin, og kommunen har bevilget Jens\n"
          "Hansen hjælpen.\nMed venlig hilsen"),
         ("Borgeren Jens Hansen har den 3. marts søgt om hjælp til medicin, og kommunen har bevilget Jens "
          "Hansen hjælpen.\nMed venlig hilsen")),
        # A page number keeps its own line, so the shield reads the paragraph on over it to the next page.
        (("Borgeren Jens Hansen har den 3. marts søgt om hjælp til medicin, og kommunen har bevilget Jens\n"
          "Side 1 af 2"),
         ("Borgeren Jens Hansen har den 3. marts søgt om hjælp til medicin, og kommunen har bevilget Jens\n"
          "Side 1 af 2")),
    ],
)
def test_pdf_line_wraps_are_undone_so_the_shield_sees_whole_values(page: str, flowed: str) -> None:
    from kkgpt.documents.pdf import reflow

    assert reflow(page) == flowed


def test_a_phone_number_split_by_a_pdf_line_wrap_is_still_masked(pii) -> None:
    line = "Sagsbehandler Karin Bjørnholm kan kontaktes på telefon 27 19"
    data = samples.pdf([f"{line}\n38 46 eller på e-mail, hvis du har spørgsmål til afgørelsen om boligstøtte."])
    _, extracted = read_document("brev.pdf", data, LIMITS)
    shielded = pii.protect(extracted.text, pii.load_vault(None)).model_text
    assert "Bjørnholm" not in shielded and "38 46" not in shielded


def test_a_pdf_page_that_unpacks_to_hundreds_of_megabytes_is_refused_as_a_bomb() -> None:
    import zlib

    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, StreamObject

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    stream = StreamObject()
    stream._data = zlib.compress(b" " * 300_000_000, 9)
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    page[NameObject("/Contents")] = writer._add_object(stream)
    font = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                                                NameObject("/Subtype"): NameObject("/Type1"),
                                                NameObject("/BaseFont"): NameObject("/Helvetica")}))
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    out = io.BytesIO()
    writer.write(out)
    assert len(out.getvalue()) < 400_000
    with pytest.raises(DocumentRejected) as caught:
        read_document("bombe.pdf", out.getvalue(), LIMITS)
    assert caught.value.code == "document_zip_bomb"
