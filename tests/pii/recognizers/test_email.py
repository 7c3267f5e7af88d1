"""EMAIL_ADDRESS: addresses with a known public suffix, checked offline."""

from __future__ import annotations

import pytest

from kkgpt.pii.recognizers.email import DkEmailRecognizer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Skriv til mette.holm@kk.dk om mødet.", ["mette.holm@kk.dk"]),
        ("Hans mail er ali_k84@hotmail.com.", ["ali_k84@hotmail.com"]),
        ("Send det til j.moeller+sag@sub.domain.co.uk i dag.", ["j.moeller+sag@sub.domain.co.uk"]),
        ("E-mail: soren.ostergaard@outlook.dk, tlf. følger", ["soren.ostergaard@outlook.dk"]),
        ("Kontakt sekretariat@socialforvaltningen.kk.dk eller hr@kk.dk",
         ["sekretariat@socialforvaltningen.kk.dk", "hr@kk.dk"]),
    ],
)
def test_email_addresses_are_found(spans, text: str, expected: list[str]) -> None:
    assert spans(text, "EMAIL_ADDRESS") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Skriv @kk.dk efter brugernavnet.",
        "Filen hedder rapport@v2.docxx i mappen.",      # .docxx is no public suffix
        "Brug @-tegnet i Teams for at nævne en kollega.",
    ],
)
def test_non_addresses_are_not_found(spans, text: str) -> None:
    assert spans(text, "EMAIL_ADDRESS") == []


def test_domain_check_uses_the_bundled_suffix_list_without_network() -> None:
    # pytest-socket disables sockets for the whole test run: a network fetch would raise here.
    recognizer = DkEmailRecognizer()
    assert recognizer.validate_result("anne@kk.dk") is True
    assert recognizer.validate_result("anne@localhost.invalidtld") is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("skriv til navn (at) gmail dot com i dag", "navn (at) gmail dot com"),
        ("mail: anne.holm[at]hotmail.com", "anne.holm[at]hotmail.com"),
        ("jens snabel-a mail punktum dk", "jens snabel-a mail punktum dk"),
        ("anne @ kk . dk", "anne @ kk . dk"),
        ("hans mail er per at gmail dot com", "per at gmail dot com"),
        ("send til borger(at)kk.dk", "borger(at)kk.dk"),
        ("info [at] firma [dot] dk", "info [at] firma [dot] dk"),
        ("JENS AT GMAIL DOT COM", "JENS AT GMAIL DOT COM"),
        ("Mail til Merete: merete.h[at]hotmail.com. Fakturanr. er 12", "merete.h[at]hotmail.com"),
    ],
)
def test_obfuscated_addresses_are_found_whole(pii, text: str, expected: str) -> None:
    assert [text[d.start:d.end] for d in pii.analyze(text) if d.entity_type == "EMAIL_ADDRESS"] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "prøv at ringe. Dk-nummeret står i brevet",      # "at" and a sentence's end are no address
        "jeg håber at se dig. Tak for sidst",
        "mødet er kl 10 at kk.dk",
        "skriv navn (at) noget dot ukendtendelse",      # no public suffix
    ],
)
def test_words_that_look_obfuscated_are_not_addresses(pii, text: str) -> None:
    assert [d for d in pii.analyze(text) if d.entity_type == "EMAIL_ADDRESS"] == []


def test_deobfuscate_rebuilds_the_address() -> None:
    from kkgpt.pii.recognizers.obfuscated_email import deobfuscate

    assert deobfuscate("jens (at) kk dot dk") == "jens@kk.dk"
    assert deobfuscate("anne snabel-a mail punktum dk") == "anne@mail.dk"
