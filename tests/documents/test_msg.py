"""Outlook .msg: the MAPI properties KK-GPT reads, from a compound file stand-in (olefile reads the real format)."""

from __future__ import annotations

import io

import pytest

from kkgpt.documents import mail
from kkgpt.documents.formats import read_document
from kkgpt.documents.limits import Limits
from tests.documents import samples

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FakeOle:
    """Streams by path, as `olefile.OleFileIO` serves them."""

    def __init__(self, streams: dict[str, bytes]) -> None:
        self.streams = streams

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass

    def exists(self, path: str) -> bool:
        return path in self.streams

    def openstream(self, path: str) -> io.BytesIO:
        return io.BytesIO(self.streams[path])

    def listdir(self, streams: bool = True, storages: bool = False) -> list[list[str]]:
        return [path.split("/") for path in self.streams if "/" in path]


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


@pytest.fixture
def outlook_message(monkeypatch: pytest.MonkeyPatch) -> None:
    streams = {
        "__substg1.0_0037001F": _utf16("Din ansøgning"),
        "__substg1.0_0C1A001F": _utf16(samples.FOOTER_NAME),
        "__substg1.0_0E04001F": _utf16(samples.TABLE_NAME),
        "__substg1.0_1000001F": _utf16(samples.BODY),
        "__recip_version1.0_#00000000/__substg1.0_3001001F": _utf16(samples.TABLE_NAME),
        "__recip_version1.0_#00000000/__substg1.0_39FE001F": _utf16("mette.joergensen@hotmail.com"),
        "__attach_version1.0_#00000000/__substg1.0_3707001F": _utf16("bilag.pdf"),
    }
    monkeypatch.setattr(mail.olefile, "OleFileIO", lambda data: FakeOle(streams))


def test_an_outlook_message_gives_sender_recipients_subject_and_body(outlook_message) -> None:
    limits = Limits(max_bytes=1_000_000, max_pages=10, max_chars=100_000, max_unpacked_bytes=10_000_000)
    kind, extracted = read_document("mail.msg", OLE_MAGIC + b"\x00" * 504, limits)
    assert kind.key == "msg"
    assert f"Fra: {samples.FOOTER_NAME}" in extracted.text
    assert f"Til: {samples.TABLE_NAME}" in extracted.text
    assert f"Modtager: {samples.TABLE_NAME} <mette.joergensen@hotmail.com>" in extracted.text
    assert "Emne: Din ansøgning" in extracted.text and "Vedhæftet: bilag.pdf" in extracted.text
    assert samples.CPR in extracted.text


def test_a_file_named_msg_that_is_no_outlook_message_is_refused() -> None:
    from kkgpt.errors import DocumentRejected

    limits = Limits(max_bytes=1_000_000, max_pages=10, max_chars=100_000, max_unpacked_bytes=10_000_000)
    with pytest.raises(DocumentRejected) as caught:
        read_document("mail.msg", samples.eml_file(), limits)
    assert caught.value.code == "document_mislabelled"
    with pytest.raises(DocumentRejected) as caught:
        read_document("mail.msg", OLE_MAGIC + b"\x00" * 100, limits)
    assert caught.value.code == "document_corrupt"
