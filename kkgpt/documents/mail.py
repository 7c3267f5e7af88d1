"""E-mails: `.eml` with the standard library, Outlook `.msg` with olefile (its MAPI property streams).

The headers are written with Danish labels (`Fra:`, `Til:`, `Cc:`), which the PII shield reads as names of
people; then the plain body (or the HTML body's text). Attachments are listed by name, not opened.
"""

from __future__ import annotations

import email
import io
from email import policy
from email.message import EmailMessage

import olefile

from kkgpt.documents.limits import Extracted, Limits
from kkgpt.documents.plain import decode, html_to_text

_HEADERS = (("From", "Fra"), ("To", "Til"), ("Cc", "Cc"), ("Date", "Dato"), ("Subject", "Emne"))

# MAPI property ids of an Outlook message (MS-OXPROPS) and the label each gets.
_MSG_PROPERTIES = (("0C1A", "Fra"), ("0C1F", "Fra (adresse)"), ("0E04", "Til"), ("0E03", "Cc"),
                   ("0039", "Dato"), ("0037", "Emne"))
_MSG_BODY, _MSG_HTML = "1000", "1013"


def _headers(pairs: list[tuple[str, str]], body: str, attachments: list[str]) -> str:
    lines = [f"{label}: {' '.join(value.split())}" for label, value in pairs if value and value.strip()]
    if attachments:
        lines.append("Vedhæftet: " + ", ".join(attachments))
    return "\n".join(lines) + "\n\n" + body


def extract_eml(data: bytes, limits: Limits) -> Extracted:
    """Headers, the body (plain text preferred), and the names of attachments."""
    message: EmailMessage = email.message_from_bytes(data, policy=policy.default)  # type: ignore[assignment]
    pairs = [(label, str(message.get(name, ""))) for name, label in _HEADERS]
    part = message.get_body(preferencelist=("plain", "html"))
    body = ""
    if part is not None:
        content = part.get_content()
        text = content if isinstance(content, str) else decode(content)
        body = html_to_text(text) if part.get_content_subtype() == "html" else text
    attachments = [a.get_filename() or "" for a in message.iter_attachments()]
    limits.check_chars(len(body))
    return Extracted(_headers(pairs, body, [a for a in attachments if a]))


def _msg_string(ole: olefile.OleFileIO, path: str, property_id: str) -> str:
    """A string property: Unicode (type 001F, UTF-16) or 8-bit (001E, Windows-1252)."""
    for kind, encoding in (("001F", "utf-16-le"), ("001E", "cp1252")):
        stream = f"{path}__substg1.0_{property_id}{kind}"
        if ole.exists(stream):
            return ole.openstream(stream).read().decode(encoding, errors="replace").rstrip("\x00")
    return ""


def extract_msg(data: bytes, limits: Limits) -> Extracted:
    """Sender, recipients (names and addresses), subject and body of an Outlook message."""
    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        pairs = [(label, _msg_string(ole, "", pid)) for pid, label in _MSG_PROPERTIES]
        recipients = sorted({entry[0] for entry in ole.listdir(streams=False, storages=True)
                             if entry[0].startswith("__recip_version1.0_")})
        for storage in recipients:
            name = _msg_string(ole, f"{storage}/", "3001")
            address = _msg_string(ole, f"{storage}/", "39FE") or _msg_string(ole, f"{storage}/", "3003")
            pairs.append(("Modtager", f"{name} <{address}>" if address and address != name else name))
        body = _msg_string(ole, "", _MSG_BODY)
        if not body.strip():
            stream = f"__substg1.0_{_MSG_HTML}0102"
            if ole.exists(stream):
                body = html_to_text(decode(ole.openstream(stream).read()))
        attachments = sorted({entry[0] for entry in ole.listdir(streams=False, storages=True)
                              if entry[0].startswith("__attach_version1.0_")})
        names = [_msg_string(ole, f"{a}/", "3707") or _msg_string(ole, f"{a}/", "3704") for a in attachments]
    limits.check_chars(len(body))
    return Extracted(_headers(pairs, body, [n for n in names if n]))
