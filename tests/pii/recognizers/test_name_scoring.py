"""Scoring: the rule table from evidence to a rule and a score, one case per rule."""

from __future__ import annotations

import pytest

from kkgpt.pii.recognizers.name_evidence import Evidence
from kkgpt.pii.recognizers.name_scoring import RULES, decide
from kkgpt.pii.recognizers.name_words import AMBIGUOUS, FIRST, SUFFIX_SURNAME, SURNAME, UNKNOWN


def cap(*kinds: str, **facts) -> Evidence:
    return Evidence("capitalised", kinds=kinds, **facts)


CASES = [
    (cap(UNKNOWN, cue="strong", label_word=True, before_colon=True), "form_label", None),  # "Afbud:"
    (cap(UNKNOWN, cue="institution"), "institution", None),
    (cap(AMBIGUOUS, capitals=True), "capitals_unlisted", None),
    (cap(UNKNOWN, UNKNOWN, quoted=True), "quoted_title", None),
    (cap(AMBIGUOUS, capitals=True, function_word=True, cue="strong"), "capitals_function_word", None),
    (cap(FIRST, capitals=True, parenthesised=True, cue="strong"), "capitals_in_parentheses", None),
    (cap(AMBIGUOUS, other_column=True), "other_column", None),
    (cap(UNKNOWN, UNKNOWN, other_column=True), "other_column", None),  # "Status": Afventer Kulturarv
    (cap(FIRST, SURNAME), "full_name", 0.85),
    (cap(UNKNOWN, SUFFIX_SURNAME, cue="strong"), "cue", 0.85),
    (cap(UNKNOWN, AMBIGUOUS), "ambiguous_pair", 0.7),
    (cap(UNKNOWN, UNKNOWN, cue="strong"), "unknown_pair_cue", 0.8),
    (cap(UNKNOWN, UNKNOWN), "unknown_pair", 0.45),
    (cap(UNKNOWN, UNKNOWN, english=True, prose_cue=True), "unknown_pair_english_prose", 0.45),
    (cap(UNKNOWN, UNKNOWN, english=True), "unknown_pair_english", 0.3),
    (
        cap(AMBIGUOUS, cue="strong", cue_word="header", layout_cue=True, function_word=True),
        "layout_function_word",
        None,
    ),
    (cap(UNKNOWN, cue="strong", capitals=True), "cue", 0.85),
    (cap(AMBIGUOUS, before_colon=True), "field_label", None),  # "Dato: 14.09.2026"
    (cap(UNKNOWN, after_brand=True), "after_brand", None),
    (cap(UNKNOWN, genitive_relation=True), "genitive_relation", 0.7),
    (cap(FIRST, sentence_start=True), "first_start", 0.6),
    (cap(FIRST), "first", 0.75),
    (cap(SURNAME, sentence_start=True), "surname_start", 0.5),
    (cap(SURNAME), "surname", 0.6),
    (cap(SUFFIX_SURNAME, sentence_start=True), "suffix_surname_start", 0.35),
    (cap(SUFFIX_SURNAME), "suffix_surname", 0.5),
    (cap(AMBIGUOUS, sentence_start=True, self_named=True), "self_named", 0.7),
    (cap(UNKNOWN, sentence_start=True, acting=True), "unknown_acting", 0.5),
    (cap(AMBIGUOUS, sentence_start=True, acting=True), "ambiguous_acting", 0.5),
    (cap(AMBIGUOUS, sentence_start=True, signs_note=True), "signature", 0.6),  # "Ring til mig ... . Lone"
    (cap(AMBIGUOUS, sentence_start=True), "sentence_start", None),
    (cap(AMBIGUOUS, reads_as_word=True), "ambiguous_word", None),
    (cap(AMBIGUOUS, english=True), "ambiguous_english", 0.5),
    (cap(AMBIGUOUS), "ambiguous", 0.5),
    (cap(UNKNOWN, cue="weak"), "unknown_weak_cue", 0.45),
    (cap(UNKNOWN, cue="weak", english=True), "unknown", 0.35),
    (Evidence("lowercase_pair", pair_words=1), "lowercase_pair", 0.7),
    (Evidence("lowercase_pair", pair_words=2, cued_pair=True), "lowercase_pair", 0.7),
    (Evidence("lowercase", self_named=True), "self_named", 0.7),
    (Evidence("lowercase", ambiguous=True, acting=True, dated=True), "dated", None),  # "den 3. maj skrev"
    (Evidence("lowercase", determiner=True, indefinite=True, cue="strong"), "after_determiner", None),
    (Evidence("lowercase", determiner=True, ambiguous=True, cue="strong"), "after_determiner", None),
    # "det var en kirsten": someone of that name
    (Evidence("lowercase", determiner=True, indefinite=True, someone_named=True), "lowercase_first", 0.5),
    (Evidence("lowercase", determiner=True), "lowercase_first", 0.5),  # "den nye sebastian"
    (Evidence("lowercase", ambiguous=True, acting=True, word_like_context=True), "lowercase_acting", 0.6),
    (Evidence("lowercase", ambiguous=True, cue="strong", cue_word="addressed", word_like_context=True),
     "lowercase_addressed", 0.6),
    (Evidence("lowercase", cue="strong"), "lowercase_cue", 0.6),
    (Evidence("lowercase"), "lowercase_first", 0.5),
    (Evidence("lowercase", ambiguous=True, cue="strong"), "lowercase_cue", 0.6),
    (Evidence("lowercase", ambiguous=True, signs_note=True), "lowercase_signature", 0.6),
    (Evidence("lowercase", ambiguous=True, cue="strong", cue_word="onkel", word_like_context=True),
     "lowercase_role", 0.55),  # "hans onkel jan"
    (Evidence("lowercase", ambiguous=True, casual_name=True), "lowercase_casual", 0.45),  # "ravn og kaj"
    (Evidence("lowercase_surname", determiner=True), "after_determiner", None),
    (Evidence("lowercase_surname", cue="weak"), "lowercase_surname_cue", 0.6),
    (Evidence("lowercase_surname"), "lowercase_surname", 0.45),
    (Evidence("lowercase_unlisted_pair", cue="strong"), "lowercase_unlisted_pair", 0.6),
    (Evidence("lowercase_titled"), "lowercase_titled", 0.7),
    (Evidence("lowercase_unlisted_acting"), "lowercase_unlisted_acting", 0.6),
    (Evidence("username"), "username", 0.7),
    (Evidence("initials"), "initials", 0.6),
    (Evidence("people", cue="strong", cue_word="header"), "people", 0.8),
    (Evidence("initials_acting"), "initials_acting", 0.6),
]


@pytest.mark.parametrize(
    ("evidence", "rule", "score"), CASES, ids=[f"{c[1]}-{i}" for i, c in enumerate(CASES)]
)
def test_each_rule(evidence: Evidence, rule: str, score: float | None) -> None:
    first = next(r for r in RULES[evidence.source] if r.applies(evidence))
    assert first.name == rule
    assert decide(evidence) == (None if score is None else (rule, score))


def test_every_rule_is_exercised() -> None:
    named = {(source, rule.name) for source, rules in RULES.items() for rule in rules}
    tested = {(e.source, rule) for e, rule, _ in CASES}
    assert named == tested


@pytest.mark.parametrize(
    "evidence",
    [
        Evidence("lowercase_pair", pair_words=2),  # "sol og regn"
        Evidence("lowercase", ambiguous=True),  # "storm" alone
        Evidence("lowercase", ambiguous=True, cue="strong", word_like_context=True, word_follows=True),  # "søn bo hjemme"
        Evidence("lowercase", ambiguous=True, cue="strong", cue_word="hej", word_like_context=True,
                 function_word=True),  # "hej alle"
        Evidence("lowercase_unlisted_pair"),  # "skal nielsen" without a cue
        Evidence("somewhere else"),
    ],
)
def test_no_rule_no_name(evidence: Evidence) -> None:
    assert decide(evidence) is None


def test_a_contacted_word_that_reads_as_a_word_stays_a_word() -> None:
    """"send til kat 3": a word after it shows the everyday word, whatever the verb before."""
    assert decide(Evidence("lowercase", ambiguous=True, cue="strong", cue_word="addressed",
                           word_like_context=True, word_follows=True)) is None
