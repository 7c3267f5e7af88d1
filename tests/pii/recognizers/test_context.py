"""DanishContextEnhancer: prefix and exact '=' words, negative context, nearest word wins, window size."""

from __future__ import annotations

import pytest
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult

from kkgpt.pii.nlp import DanishNlpEngine
from kkgpt.pii.recognizers.context import DanishContextEnhancer


def _recognizer() -> PatternRecognizer:
    recognizer = PatternRecognizer(supported_entity="NUMBER", supported_language="da",
                                   patterns=[Pattern("ten digits", r"\b\d{10}\b", 0.3)],
                                   context=["cpr", "=kr"])
    recognizer.negative_context = ["faktura", "p-nr"]
    return recognizer


def _score(text: str) -> float:
    recognizer = _recognizer()
    artifacts = DanishNlpEngine().process_text(text, "da")
    results = recognizer.analyze(text, ["NUMBER"], artifacts)
    for result in results:
        result.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY] = recognizer.id
    enhanced = DanishContextEnhancer().enhance_using_context(text, results, artifacts, [recognizer])
    (only,) = enhanced
    return only.score


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nummer 0101701234", 0.3),                       # no context word
        ("cpr-nr. 0101701234", 0.65),                     # "cpr" is a prefix of "cpr-nr"
        ("CPR: 0101701234", 0.65),
        ("kr 0101701234", 0.65),                          # '=kr' matches the whole token
        ("krogh 0101701234", 0.3),                        # ... and not a longer one
        ("fakturanr. 0101701234", 0.0),                   # negative context takes 0.35 off (not below 0)
        ("p-nr 0101701234", 0.0),
        ("cpr-nr 0101701234", 0.65),                      # "p-nr" is not a prefix of "cpr-nr"
        ("fakturanr 12, cpr 0101701234", 0.65),           # the nearest word decides
        ("cpr 12, fakturanr 0101701234", 0.0),
        ("cpr alfa beta gamma delta epsilon 0101701234", 0.3),  # more than five keywords away
    ],
)
def test_context_words_adjust_scores(text: str, expected: float) -> None:
    assert _score(text) == pytest.approx(expected)


def test_results_without_a_known_recognizer_are_left_alone() -> None:
    text = "cpr 0101701234"
    artifacts = DanishNlpEngine().process_text(text, "da")
    result = RecognizerResult("NUMBER", 4, 14, 0.3, recognition_metadata={
        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: "unknown"})
    (same,) = DanishContextEnhancer().enhance_using_context(text, [result], artifacts, [_recognizer()])
    assert same.score == 0.3


@pytest.mark.parametrize(
    ("pattern_score", "expected"),
    [
        (1.0, 0.65),   # checked by its digits (modulus 11): still above any threshold, unless labelled
        (0.6, 0.25),
        (0.4, 0.05),   # an unbroken CPR-like number: below the policy's 0.2, not on it
        (0.25, 0.0),   # never below zero
    ],
)
def test_negative_context_takes_a_fixed_step(pattern_score: float, expected: float) -> None:
    assert _score_after_ordre("ordrenummer for sagen 0101701234", pattern_score) == pytest.approx(expected)


@pytest.mark.parametrize("pattern_score", [1.0, 0.6, 0.25])
def test_a_negative_label_right_before_a_number_drops_it(pattern_score: float) -> None:
    assert _score_after_ordre("ordrenummer: 0101701234", pattern_score) == 0.0


def _score_after_ordre(text: str, pattern_score: float) -> float:
    """The context-enhanced score of the ten-digit number in `text`, with "ordre" as a negative word."""
    recognizer = PatternRecognizer(supported_entity="NUMBER", supported_language="da",
                                   patterns=[Pattern("ten digits", r"\b\d{10}\b", pattern_score)])
    recognizer.negative_context = ["ordre"]
    artifacts = DanishNlpEngine().process_text(text, "da")
    (result,) = recognizer.analyze(text, ["NUMBER"], artifacts)
    result.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY] = recognizer.id
    DanishContextEnhancer().enhance_using_context(text, [result], artifacts, [recognizer])
    return result.score
