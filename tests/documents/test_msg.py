"""Outlook .msg files, made by the tests as real compound files (tests/documents/compound.py)."""

from __future__ import annotations

import pytest

from kkgpt.documents.formats import read_document
from kkgpt.documents.limits import Limits
from kkgpt.errors import DocumentRejected
from tests.documents import samples
from tests.documents.compound import compound_file

LIMITS = Limits(max_bytes=1_000_000, max_pages=10, max_chars=100_000, max_unpacked_bytes=10_000_000)


def test_an_outlook_message_gives_sender_recipients_subject_and_body() -> None:
    kind, extracted = read_document("mail.msg", samples.msg_file(), LIMITS)
    assert kind.key == "msg" and kind.media_type == "application/vnd.ms-outlook"
    assert extracted.text.startswith(f"Fra: {samples.FOOTER_NAME}\nFra (adresse): {samples.FOOTER_EMAIL}\n"
                                     f"Til: {samples.TABLE_NAME}\nEmne: Din ansøgning\n")
    assert f"Modtager: {samples.TABLE_NAME} <mette.joergensen@hotmail.com>" in extracted.text
    assert extracted.text.endswith(samples.BODY) and "\x00" not in extracted.text


def test_an_html_only_outlook_message_is_read_as_text() -> None:
    html = f"<html><body><p>Kære {samples.NAME}</p><script>x()</script></body></html>".encode()
    data = compound_file({"__substg1.0_0037001F": "Emne".encode("utf-16-le"), "__substg1.0_10130102": html})
    _, extracted = read_document("mail.msg", data, LIMITS)
    assert f"Kære {samples.NAME}" in extracted.text and "x()" not in extracted.text


@pytest.mark.parametrize(("data", "code"), [(samples.eml_file(), "document_mislabelled"),
                                            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "document_corrupt")])
def test_a_file_named_msg_that_is_no_outlook_message_is_refused(data: bytes, code: str) -> None:
    with pytest.raises(DocumentRejected) as caught:
        read_document("mail.msg", data, LIMITS)
    assert caught.value.code == code
