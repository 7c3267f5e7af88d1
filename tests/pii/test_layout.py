"""Layout: tables with their column labels, and the places that hold people, read from pasted text."""

from __future__ import annotations

import pytest

from kkgpt.pii.layout import read_layout


def _cells(text: str) -> list[tuple[str | None, str]]:
    return [(c.label, text[c.start : c.end]) for c in read_layout(text).cells if not c.header]


def test_a_header_rows_cells_are_marked_as_such() -> None:
    layout = read_layout("Navn;CPR\nMaja;010170-1234")
    assert [(c.header, c.label) for c in layout.cells] == [
        (True, "navn"),
        (True, "cpr"),
        (False, "navn"),
        (False, "cpr"),
    ]


def test_quoted_fields_keep_their_commas() -> None:
    text = (
        'Sagsnr,Adresse,Ansøger\n25-1,"Strandboulevarden 84A, 2100 København Ø",Jonas Lauridsen\n'
        '25-2,"Enghavevej 162, 2450 København SV",Aputsiaq Kuko\n'
    )
    assert _cells(text)[:3] == [
        ("sagsnr", "25-1"),
        ("adresse", "Strandboulevarden 84A, 2100 København Ø"),
        ("ansøger", "Jonas Lauridsen"),
    ]


def _people(text: str) -> list[tuple[str, str]]:
    return [(p.why, text[p.start : p.end]) for p in read_layout(text).people]


def test_a_csv_header_names_its_columns() -> None:
    text = 'navn,mail,mobil\nJens Hansen,jens@x.dk,27193846\nanne holm,"anne@y.dk",2719 3846\n'
    assert _cells(text) == [
        ("navn", "Jens Hansen"),
        ("mail", "jens@x.dk"),
        ("mobil", "27193846"),
        ("navn", "anne holm"),
        ("mail", "anne@y.dk"),
        ("mobil", "2719 3846"),
    ]


def test_markdown_tables_tabs_and_semicolons() -> None:
    assert _cells("| Navn | Tlf |\n|---|---|\n| Bo Ravn | 2719 3846 |") == [
        ("navn", "Bo Ravn"),
        ("tlf", "2719 3846"),
    ]
    assert _cells("Elev\tKlasse\nAyaan\t3.b\n") == [("elev", "Ayaan"), ("klasse", "3.b")]
    assert _cells("Navn;CPR\nMaja;010170-1234") == [("navn", "Maja"), ("cpr", "010170-1234")]


def test_rows_without_a_header_are_cells_without_labels() -> None:
    assert _cells("Jens Hansen;27193846\nAnne Holm;41526374") == [
        (None, "Jens Hansen"),
        (None, "27193846"),
        (None, "Anne Holm"),
        (None, "41526374"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Vi talte om økonomi, bolig og job.\nHun vil gerne have hjælp, men ikke nu, sagde hun.",  # prose commas
        "Kun én linje; med semikolon",
        # a letterhead and a long sentence with one comma each
        ("Københavns Kommune, Socialforvaltningen\n"
         "Vi har den 3. marts modtaget en henvendelse fra Anne Marie Tornsbjerg, som bor på Borgbjergsvej"),
    ],
)
def test_prose_is_no_table(text: str) -> None:
    assert read_layout(text).cells == ()


def test_columns_of_people_headers_lists_speakers_and_mentions() -> None:
    text = (
        "Fra: Anne Holm <anne@kk.dk>\nTil: per olsen; Mette Juul\nSendt: 3. marts\nEmne: Møde\n\n"
        "Deltagere:\n- Karen Bach Madsen (KBM)\n- JH\nAfbud: LP, Søren\n\n"
        "[09.05] Xiomara Quispe: hej\nAnne Holm 10:14\nBo Ravn (Ekstern): ok\n@Jens kan du svare?\n\n"
        "Elev,Klasse\nAyaan,3.b\n"
    )
    assert _people(text) == [
        ("header", "Anne Holm <anne@kk.dk>"),
        ("header", "per olsen; Mette Juul"),
        ("list", "Karen Bach Madsen (KBM)"),
        ("list", "JH"),
        ("list", "LP, Søren"),
        ("speaker", "Xiomara Quispe"),
        ("speaker", "Anne Holm"),
        ("speaker", "Bo Ravn"),
        ("mention", "Jens"),
        ("column", "Ayaan"),
    ]


def test_a_speaker_without_a_time_counts_when_someone_speaks_twice() -> None:
    chat = "Mahad: er du der?\nLinnea: ja\nMahad: godt\n"
    assert [who for _, who in _people(chat)] == ["Mahad", "Linnea", "Mahad"]
    form = "Dato: 3. marts\nEmne: Møde\nSted: Rådhuset\n"
    assert _people(form) == []


def test_log_lines_have_no_speakers() -> None:
    log = "[2024-05-14 08:32:11] ERROR AuthService: token refresh failed\n[08:33] WARN proxy: timeout\n"
    assert _people(log) == []


def test_the_line_after_a_sign_off_is_the_writer() -> None:
    assert _people("Tak for hjælpen.\nMvh\nanne holm\nSocialrådgiver") == [("signature", "anne holm")]
    assert _people("Kind regards,\n\nKofi Mensah") == [("signature", "Kofi Mensah")]
    assert _people("Tak.\nDet var alt") == [("signature", "Det var alt")]  # read, then judged word by word


def test_a_time_stamp_alone_with_a_name_is_a_speaker() -> None:
    assert _people("[10:14] Linnea Brask\nHej alle\n") == [("speaker", "Linnea Brask")]


def test_a_two_column_form_labels_each_value_by_its_row() -> None:
    form = ("| Borger | Vũ Thị Thu Hà |\n|---|---|\n| CPR | 270365-3619 |\n| Dato | 18-08-2025 |\n"
            "| Hidtidig adresse | Sjælør Boulevard 150A |")
    assert _cells(form) == [
        ("borger", "Vũ Thị Thu Hà"),
        ("cpr", "270365-3619"),
        ("dato", "18-08-2025"),
        ("hidtidig adresse", "Sjælør Boulevard 150A"),
    ]
    # a table of two labelled columns stays a table
    assert _cells("| Navn | Telefon |\n|---|---|\n| Anne Holm | 52174830 |\n| Bo Ask | 61937452 |") == [
        ("navn", "Anne Holm"), ("telefon", "52174830"), ("navn", "Bo Ask"), ("telefon", "61937452"),
    ]


def test_the_labels_of_a_form_are_no_names(spans) -> None:
    form = ("| Borger | Vũ Thị Thu Hà |\n|---|---|\n| CPR | 270365-3619 |\n| Dato | 18-08-2025 |\n"
            "| Hidtidig adresse | Sjælør Boulevard 150A, st. th., 2450 København SV |")
    assert spans(form, "PERSON") == ["Vũ Thị Thu Hà"]


def test_a_form_of_labels_with_colons_and_tabs(spans) -> None:
    form = ("Ansøger:\tSigne Hvidtfeldt\nCPR-nr.:\t150900-4958\nÆgtefælle:\tUjarak Kleist\n"
            "Månedlig ydelse:\t13.536,75 kr.\nFradrag for indtægt:\t1.043,75 kr.\nUdbetales fra:\t31.07.2025")
    assert spans(form, "PERSON") == ["Signe Hvidtfeldt", "Ujarak Kleist"]
    staff = ("| Navn | Mette Sørensen |\n|---|---|\n| Adresse | Hvidovrevej 40, kl., 2650 Hvidovre |\n"
             "| Mobil | 22004743 |\n| Stilling | Pædagogisk assistent |\n| Tiltrædelse | 22. februar 2025 |")
    assert spans(staff, "PERSON") == ["Mette Sørensen"]


def test_a_table_a_pdf_wrote_with_spaces_labels_its_phone_numbers(spans) -> None:
    table = ("Deltagerliste – Jobklub Amager\nNavn Mobil CPR Hold\n"
             "Rêber Hawrami 60185704 040450-1364 Hold A\nGuled Mohamed 29 66 25 40 010203-1234 Hold B\n\n"
             "Budget 2025: 12345678 kr.")
    assert spans(table, "PHONE_NUMBER") == ["60185704", "29 66 25 40"]


def test_punctuation_alone_on_a_line_is_no_header(spans) -> None:
    assert spans("Navn Mobil\n. : -\nBo Ask 60185704\n:\n", "PHONE_NUMBER") == ["60185704"]
