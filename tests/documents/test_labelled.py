"""Labelled sets of real files: values are found in the extracted text however extraction broke them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kkgpt.documents.labelled import labelled_lines, mark
from kkgpt.documents.limits import Limits
from tests.documents import samples

_LIMITS = Limits(max_bytes=10_000_000, max_pages=100, max_chars=1_000_000, max_unpacked_bytes=50_000_000)


@pytest.mark.parametrize(
    ("text", "value", "found"),
    [
        ("Kære Anne Marie\nTornsbjerg,", "Anne Marie Tornsbjerg", "Anne Marie\nTornsbjerg"),
        ("bor på Roskilde-\nvej 84", "Roskildevej 84", "Roskilde-\nvej 84"),
        ("M A R I A   H O L M", "MARIA HOLM", "M A R I A   H O L M"),
        ("Kri\u00adstensen ringede", "Kristensen", "Kri\u00adstensen"),
        ("tlf. 31 84\n27 90", "31 84 27 90", "31 84\n27 90"),
        # the writer's line-end hyphen, joined away by the PDF extractor
        ("bor på Strandlodsvej 178, st. tv.", "Strandlods-\nvej 178, st. tv.", "Strandlodsvej 178, st. tv."),
        # a value in an attachment's file name, bounded by underscores
        ("Vedhæftet: Partshoering_2909845723.pdf", "2909845723", "2909845723"),
    ],
)
def test_a_value_is_found_where_extraction_broke_it(text: str, value: str, found: str) -> None:
    entities, missing = mark(text, [{"type": "X", "text": value}])
    assert [e["text"] for e in entities] == [found] and not missing


def test_values_are_whole_words_and_a_longer_value_wins() -> None:
    entities, missing = mark("Bo Holm bor i Borgergade. Bo ringede.",
                             [{"type": "PERSON", "text": "Bo"}, {"type": "PERSON", "text": "Bo Holm"},
                              {"type": "PERSON", "text": "Ida"}])
    assert [e["text"] for e in entities] == ["Bo Holm", "Bo"]
    assert missing == ["Ida"]


def test_a_manifest_of_real_files_becomes_a_labelled_set(tmp_path: Path, pii) -> None:
    from kkgpt.pii.evaluation import score

    (tmp_path / "brev.pdf").write_bytes(samples.pdf())
    (tmp_path / "brev.docx").write_bytes(samples.docx_file())
    (tmp_path / "tom.pdf").write_bytes(b"")
    values = [{"type": "PERSON", "text": samples.NAME}, {"type": "CPR", "text": samples.CPR},
              {"type": "EMAIL", "text": samples.FOOTER_EMAIL}, {"type": "PERSON", "text": "Ingen Steder"}]
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text("\n".join(json.dumps({"file": f, "source": s, "values": values})
                                  for f, s in [("brev.pdf", "pdf"), ("brev.docx", "word"), ("tom.pdf", "pdf")]))
    documents = labelled_lines(manifest, _LIMITS)
    assert [line["category"] for line in documents.lines] == ["pdf", "word"]
    assert documents.refused == [("tom.pdf", "document_empty")]
    assert documents.not_found == [("brev.pdf", "Ingen Steder"), ("brev.docx", "Ingen Steder")]
    assert all(len(line["entities"]) >= 3 for line in documents.lines)
    result = score(documents.lines, pii.analyze)
    assert result["recall"] == 1.0
