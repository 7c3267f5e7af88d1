"""Placeholders in stored scrubbed text read as labels named by the entity registry, in Danish and English."""

from __future__ import annotations

import pytest

from kkgpt.pii.entities import BUILTIN_ENTITIES, EntityKind
from kkgpt.web.markdown import MarkdownRenderer
from kkgpt.web.placeholders import labelled, labelled_html, placeholder_name, readable

KINDS = [pytest.param(kind, id=kind.name) for kind in BUILTIN_ENTITIES]


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_a_label_in_both_languages(kind: EntityKind, language: str) -> None:
    name = kind.names[language]
    label = placeholder_name(kind, language)
    assert label.lower() == name.lower() and label[1:] == name[1:], "the registry's own name, not a second list"
    assert readable(f"til <{kind.label}> i dag", BUILTIN_ENTITIES, language) == f"til [{label}] i dag"
    assert readable(f"<{kind.label}_2> og <{kind.label}_1>", BUILTIN_ENTITIES, language) == f"[{label} 2] og [{label} 1]"
    html = str(labelled(f"<{kind.label}>", BUILTIN_ENTITIES, language))
    assert html == f'<span class="placeholder" title="{name}">[{label}]</span>'


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("da", "Ring til <PERSON> på <PHONE>", "Ring til [navn] på [telefonnummer]"),
        ("da", "cpr <CPR>", "cpr [CPR-nummer]"),
        ("en", "cpr <CPR>", "cpr [CPR number]"),
        ("en", "Write to <PERSON_1>", "Write to [name 1]"),
        ("da", "IBAN <IBAN>", "IBAN [IBAN-nummer]"),
    ],
)
def test_readable_labels(language: str, text: str, expected: str) -> None:
    assert readable(text, BUILTIN_ENTITIES, language) == expected


def test_the_rest_of_the_text_stays_escaped_and_unknown_tags_stay_as_written() -> None:
    html = str(labelled("<script>x</script> <NOT_OURS> <PERSON> & <person>", BUILTIN_ENTITIES, "da"))
    assert html == ("&lt;script&gt;x&lt;/script&gt; &lt;NOT_OURS&gt; "
                    '<span class="placeholder" title="Navn">[navn]</span> &amp; &lt;person&gt;')


def test_a_registry_with_a_new_kind_labels_it_too() -> None:
    kind = EntityKind("DK_CASE_NUMBER", "CASE", {"da": "Sagsnummer", "en": "Case number"},
                      {"da": "sagsnumre", "en": "case numbers"})
    assert readable("sag <CASE_3>", BUILTIN_ENTITIES.with_kind(kind), "da") == "sag [sagsnummer 3]"
    assert readable("sag <CASE_3>", BUILTIN_ENTITIES, "da") == "sag <CASE_3>"


@pytest.mark.parametrize("kind", KINDS)
def test_an_answer_rendered_to_html_gets_the_same_labels(kind: EntityKind) -> None:
    html = MarkdownRenderer().render(f"Til <{kind.label}_3>, `<{kind.label}>` og <NOT_OURS> <script>")
    expected = str(labelled(f"<{kind.label}_3>|<{kind.label}>", BUILTIN_ENTITIES, "da")).split("|")
    assert str(labelled_html(html, BUILTIN_ENTITIES, "da")) == (
        f"<p>Til {expected[0]}, <code>{expected[1]}</code> og &lt;NOT_OURS&gt; &lt;script&gt;</p>\n")
