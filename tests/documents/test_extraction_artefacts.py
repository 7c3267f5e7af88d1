"""What extraction does to personal data, through the document API: values a PDF broke across lines,
hyphenated, letter-spaced or split by the next column's text, and a Word table with typed columns, a ligature,
a soft hyphen and non-breaking spaces. None of the values reaches the model in any spacing."""

from __future__ import annotations

import io
import unicodedata

import docx
import httpx

from tests.documents import samples

# A wrapped paragraph breaks a name, an address and a phone number at its line ends, hyphenates a street and
# runs over a page break (page number and running header in between); a form's fields are letter-spaced.
LETTER = [
    ("Københavns Kommune, Socialforvaltningen\n"
     "Vi har den 3. marts modtaget en henvendelse fra Anne Marie\n"
     "Tornsbjerg, som bor på Borgbjergsvej\n"
     "112, 3. tv., 2450 København SV, og som kan træffes på telefon 31 84\n"
     "27 90 på hverdage. Hendes bror bor på Roskilde-\n"
     "vej 84 i Valby, og han har kontakt med Per Ulrik\n"
     "Side 1 af 2"),
    ("Københavns Kommune, Socialforvaltningen\n"
     "Damgaard, der er hans bisidder.\n\n"
     "C P R :  1 2 0 3 8 4 - 1 5 8 3\n\n"
     "N a v n :  M A R I A   H O L M\n\n"
     "Side 2 af 2"),
]
# Every value of the letter and the table, as the parts a reader could still put together.
LETTER_PARTS = ("Anne", "Marie", "Tornsbjerg", "Borgbjergsvej", "31842790", "Roskildevej", "Ulrik", "Damgaard",
                "1203841583", "MARIA", "HOLM")
# A newsletter in two columns that pypdf reads line by line across both: a name broken over two lines of the
# left column and a phone number over two lines of the right have the other column's text in their middle
# (read so, the shield masked the name's halves, but the phone number's halves reached the model).
NEWSLETTER_PARTS = ("Anne", "Marie", "Tornsbjerg", "Borgbjergsvej", "3184", "2790")
TABLE_PARTS = ("Sofie", "Lindberg", "28419317", "0507921234", "Ebbe", "Kjærsgaard", "60177204", "2102880119")


def _word_table() -> bytes:
    """A Word table whose header says what each column holds; the values as Word keeps them: a ligature in a
    name, a soft hyphen in another, non-breaking spaces in a phone number, CPR numbers without their dash."""
    document = docx.Document()
    document.add_paragraph("Deltagere i forløbet:")
    rows = [("Fornavn", "Efternavn", "Mobil", "CPR"),
            ("So\ufb01e", "Lind\u00adberg", "28\u00a041\u00a093\u00a017", "0507921234"),
            ("Ebbe", "Kjærs\u00adgaard", "60177204", "2102880119")]
    table = document.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _skeleton(text: str) -> str:
    """The text with every spacing, hyphen and compatibility form removed, in one case."""
    plain = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return "".join(ch for ch in plain if ch.isalnum()).casefold()


async def _model_input(client: httpx.AsyncClient, name: str, data: bytes) -> str:
    cid = (await client.post("/api/v1/conversations")).json()["id"]
    uploaded = await client.post(f"/api/v1/conversations/{cid}/documents", files={"file": (name, data)})
    assert uploaded.status_code == 201, uploaded.text
    reply = await client.post(f"/api/v1/conversations/{cid}/messages",
                              json={"text": "Lav et resumé.", "documents": [uploaded.json()["id"]]})
    assert reply.status_code == 200, reply.text
    return reply.json()["model_input"]


async def test_values_a_pdf_broke_across_lines_or_spaced_out_never_reach_the_model(
    user_client: httpx.AsyncClient,
) -> None:
    seen = _skeleton(await _model_input(user_client, "brev.pdf", samples.pdf(LETTER)))
    assert "modtagetenhenvendelsefra" in seen and "hansbisidder" in seen
    leaked = [part for part in LETTER_PARTS if _skeleton(part) in seen]
    assert leaked == []


async def test_values_a_pdf_column_broke_across_lines_never_reach_the_model(user_client: httpx.AsyncClient) -> None:
    seen = _skeleton(await _model_input(user_client, "nyhedsbrev.pdf", samples.newsletter()))
    assert "tilborgermødetden4april" in seen and "kontakteospåtlf" in seen
    leaked = [part for part in NEWSLETTER_PARTS if _skeleton(part) in seen]
    assert leaked == []


async def test_a_word_tables_typed_columns_never_reach_the_model(user_client: httpx.AsyncClient) -> None:
    seen = _skeleton(await _model_input(user_client, "deltagere.docx", _word_table()))
    assert "deltagereiforløbet" in seen and "fornavn" in seen
    leaked = [part for part in TABLE_PARTS if _skeleton(part) in seen]
    assert leaked == []
