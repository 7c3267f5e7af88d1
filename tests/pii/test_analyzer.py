"""DanishAnalyzer: build, thresholds, overlap resolution, extensions, Danish and English, threads."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given
from hypothesis import strategies as st
from presidio_analyzer import Pattern, PatternRecognizer

from kkgpt.pii.analyzer import DanishAnalyzer, build_analyzer, resolve_overlaps
from kkgpt.pii.entities import BUILTIN_ENTITIES
from kkgpt.pii.types import Detection


def D(entity_type: str, start: int, end: int, score: float = 0.8) -> Detection:
    return Detection(entity_type, start, end, score)


@pytest.mark.parametrize(
    ("candidates", "kept"),
    [
        ([D("DK_CPR", 10, 20, 1.0), D("DK_BANK_ACCOUNT", 5, 20, 0.9)], [D("DK_BANK_ACCOUNT", 5, 20, 0.9)]),
        ([D("PERSON", 0, 11, 0.85), D("DK_ADDRESS", 0, 17, 0.7)], [D("DK_ADDRESS", 0, 17, 0.7)]),
        ([D("PERSON", 0, 10, 0.5), D("DK_ADDRESS", 5, 20, 0.9)], [D("DK_ADDRESS", 5, 20, 0.9)]),
        ([D("PERSON", 0, 10, 0.9), D("DK_ADDRESS", 5, 12, 0.9)], [D("PERSON", 0, 10, 0.9)]),  # longer wins
        ([D("PERSON", 0, 10, 0.9), D("DK_CPR", 0, 10, 0.9)], [D("DK_CPR", 0, 10, 0.9)]),      # type priority
        ([D("PERSON", 0, 10, 0.9), D("PERSON", 0, 10, 0.6)], [D("PERSON", 0, 10, 0.9)]),
        ([D("PHONE_NUMBER", 30, 40), D("PERSON", 0, 5)], [D("PERSON", 0, 5), D("PHONE_NUMBER", 30, 40)]),
        ([D("PERSON", 0, 5), D("PERSON", 5, 9)], [D("PERSON", 0, 5), D("PERSON", 5, 9)]),     # touching
        ([], []),
    ],
)
def test_resolve_overlaps(candidates: list[Detection], kept: list[Detection]) -> None:
    assert resolve_overlaps(candidates) == kept
    assert resolve_overlaps(reversed(candidates)) == kept


_spans = st.builds(
    lambda t, s, n, score: Detection(t, s, s + n, score),
    st.sampled_from(BUILTIN_ENTITIES.names()), st.integers(0, 200), st.integers(1, 40),
    st.sampled_from([0.3, 0.5, 0.85, 1.0]),
)


@given(st.lists(_spans, max_size=40))
def test_resolved_spans_are_sorted_disjoint_and_drawn_from_the_input(candidates: list[Detection]) -> None:
    kept = resolve_overlaps(candidates)
    # each kept span is a candidate, or partly overlapping addresses joined: covered by addresses end to end
    addresses = [c for c in candidates if c.entity_type == "DK_ADDRESS"]
    for k in set(kept) - set(candidates):
        assert k.entity_type == "DK_ADDRESS"
        assert {c.start for c in addresses} >= {k.start} and {c.end for c in addresses} >= {k.end}
        assert all(any(c.start <= i < c.end for c in addresses) for i in range(k.start, k.end))
    assert all(a.end <= b.start for a, b in zip(kept, kept[1:], strict=False))
    assert resolve_overlaps(list(reversed(candidates))) == kept
    # Every dropped span overlaps a kept one: nothing is lost without a reason.
    assert all(any(c.overlaps(k) for k in kept) for c in candidates if c not in kept)


def test_an_address_read_two_ways_is_kept_whole() -> None:
    by_floor = Detection("DK_ADDRESS", 0, 22, 0.6)  # "Lersø Parkallé 21 2 tv"
    by_postcode = Detection("DK_ADDRESS", 6, 27, 0.75)  # "Parkallé 21 2 tv 2100"
    name = Detection("PERSON", 0, 5, 0.5)  # "Lersø" inside it
    assert resolve_overlaps([by_floor, by_postcode, name]) == [Detection("DK_ADDRESS", 0, 27, 0.75)]


def test_a_part_of_a_joined_address_is_kept_when_the_join_loses() -> None:
    """Two readings of an address joined lose to a CPR number over the first one's start; the second reading,
    clear of the number, is still kept (a property-test find)."""
    cpr = Detection("DK_CPR", 19, 59, 1.0)
    first, second = Detection("DK_ADDRESS", 54, 90, 0.3), Detection("DK_ADDRESS", 78, 98, 0.3)
    assert resolve_overlaps([cpr, first, second]) == [cpr, second]


def test_analyze_returns_sorted_disjoint_detections(analyzer: DanishAnalyzer) -> None:
    text = ("Borgeren Hassan Ali (cpr 120391-2456) bor på Peter Bangs Vej 5, 2000 Frederiksberg, "
            "tlf. 27 19 38 46, mail hassan.ali@gmail.com, konto reg. 4180 konto 0003712649.")
    found = analyzer.analyze(text)
    assert [(d.entity_type, text[d.start:d.end]) for d in found] == [
        ("PERSON", "Hassan Ali"), ("DK_CPR", "120391-2456"),
        ("DK_ADDRESS", "Peter Bangs Vej 5, 2000 Frederiksberg"), ("PHONE_NUMBER", "27 19 38 46"),
        ("EMAIL_ADDRESS", "hassan.ali@gmail.com"), ("DK_BANK_ACCOUNT", "reg. 4180 konto 0003712649"),
    ]
    assert all(isinstance(d, Detection) for d in found)


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_blank_text_has_no_detections(analyzer: DanishAnalyzer, text: str) -> None:
    assert analyzer.analyze(text) == []


def test_english_and_danish_go_through_one_analyzer(analyzer: DanishAnalyzer) -> None:
    english = "Please write to Mrs Olsen at Tagensvej 85C, 2200 København N, phone +45 29 11 02 33."
    danish = "Skriv til fru Olsen på Tagensvej 85C, 2200 København N, tlf. +45 29 11 02 33."
    for text in (english, danish):
        types = [d.entity_type for d in analyzer.analyze(text)]
        assert types == ["PERSON", "DK_ADDRESS", "PHONE_NUMBER"], text


def test_threshold_is_a_default_that_each_call_can_override(analyzer: DanishAnalyzer) -> None:
    text = "Sagen drejer sig om Xoqomara Vuispek."   # an unlisted name scores 0.45
    assert analyzer.analyze(text) and not analyzer.analyze(text, score_threshold=0.8)
    strict = build_analyzer(score_threshold=0.8)
    assert strict.score_threshold == 0.8 and strict.analyze(text) == []


def test_extra_recognizers_are_added(analyzer: DanishAnalyzer) -> None:
    employee = PatternRecognizer(supported_entity="EMPLOYEE_ID", supported_language="da",
                                 patterns=[Pattern("employee", r"\bMA-\d{6}\b", 0.9)])
    extended = build_analyzer(extra_recognizers=[employee])
    text = "Medarbejder MA-123456 har orlov."
    assert [d.entity_type for d in extended.analyze(text)] == ["EMPLOYEE_ID"]
    assert analyzer.analyze(text) == []


def test_extra_recognizers_must_speak_danish() -> None:
    english_only = PatternRecognizer(supported_entity="X", supported_language="en",
                                     patterns=[Pattern("x", r"x", 0.9)])
    with pytest.raises(ValueError, match="supports 'en'"):
        build_analyzer(extra_recognizers=[english_only])


def test_only_danish_recognizers_run(analyzer: DanishAnalyzer) -> None:
    names = {type(r).__name__ for r in analyzer.engine.registry.recognizers}
    assert "UsSsnRecognizer" not in names and "PhoneRecognizer" not in names
    assert {"DkCprRecognizer", "DanishPersonRecognizer", "DkEmailRecognizer", "DkIbanRecognizer"} <= names


def test_explain_gives_presidio_decision_process(analyzer: DanishAnalyzer) -> None:
    (result,) = [r for r in analyzer.explain("cpr 120391-2456") if r.entity_type == "DK_CPR"]
    assert result.analysis_explanation is not None
    assert result.analysis_explanation.recognizer == "DkCprRecognizer"


def test_build_is_fast() -> None:
    start = time.perf_counter()
    build_analyzer().analyze("Anne Jensen, 010170-1234")
    assert time.perf_counter() - start < 2.0


def test_concurrent_calls_give_the_same_answers(analyzer: DanishAnalyzer) -> None:
    texts = [f"Borger nr. {i}: Mette Holm, tlf. 2{i % 10} 45 67 89, bor på Jagtvej {i + 1}."
             for i in range(40)]
    expected = [analyzer.analyze(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(analyzer.analyze, texts)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A form typed in capitals: every field's value, typed as the form has it
        (("ANSØGNING OM HJÆLPEMIDLER\nNAVN: BIRTHE K. STORM\nCPR: 1203491236\n"
          "ADRESSE: FREDERIKSSUNDSVEJ 112, 3. TV, 2400 KØBENHAVN NV\nTLF: 31 42 53 64"),
         [("PERSON", "BIRTHE K. STORM"), ("DK_CPR", "1203491236"),
          ("DK_ADDRESS", "FREDERIKSSUNDSVEJ 112, 3. TV, 2400 KØBENHAVN NV"), ("PHONE_NUMBER", "31 42 53 64")]),
        # A letter's header: the name line, the street and the postcode line below it
        ("Oddvar Brekke\nFensmarkgade 4, 2. th.\n2200 København N\n\nKære Oddvar\nTak for dit brev.",
         [("PERSON", "Oddvar Brekke"), ("DK_ADDRESS", "Fensmarkgade 4, 2. th.\n2200 København N"),
          ("PERSON", "Oddvar")]),
    ],
)
def test_forms_and_letter_headers_are_masked_field_by_field(analyzer: DanishAnalyzer, text: str,
                                                            expected: list[tuple[str, str]]) -> None:
    assert [(d.entity_type, text[d.start:d.end]) for d in analyzer.analyze(text)] == expected
