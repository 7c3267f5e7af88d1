"""Regression gates on the sets written by engineers who had not seen the detector (benchmarks/data).

Both sets have since been used to find weaknesses, so their bounds guard against regressions; the figures
that speak for unseen prompts are those measured on a set the first time it was scored (see the commit that
added it and benchmarks/README.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kkgpt.pii.evaluation import format_report, load_lines, score

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"

# set -> (recall, precision, PERSON recall, most false alarms on lines without personal data)
BOUNDS = {
    "blind_pii.jsonl": (0.99, 0.99, 0.99, 0),
    "blind2_pii.jsonl": (0.99, 0.99, 0.99, 0),
    "blind3_pii.jsonl": (0.99, 0.99, 0.99, 0),
    "blind4_pii.jsonl": (0.99, 0.99, 0.99, 0),
    "blind5_pii.jsonl": (0.99, 0.99, 0.99, 0),
    "blind6_pii.jsonl": (0.99, 0.99, 0.99, 2),
    # blind7 leaves many staff initials unmarked ("Christina Lerche (CL)"), which the shield masks
    "blind7_pii.jsonl": (0.99, 0.98, 0.98, 1),
    # tuned on after their first scores (0.965, 0.970, 0.975); what is left is mostly lower-case names
    # that are also words with no cue, and initials with no cue
    "blind8_pii.jsonl": (0.99, 0.99, 0.985, 2),
    "blind9_pii.jsonl": (0.98, 0.985, 0.98, 7),
    "blind10_pii.jsonl": (0.985, 0.985, 0.99, 0),
    "blind11_pii.jsonl": (0.99, 0.99, 0.99, 2),
    "blind12_pii.jsonl": (0.965, 0.975, 0.965, 0),
    # scored once as written (0.958), then tuned on (user ids, initials under a header naming a year); its
    # writer marks three of the municipality's function mailboxes (byggeri@kk.dk), which the policy leaves
    # unmasked on purpose
    "blind14_pii.jsonl": (0.965, 0.985, 0.96, 0),
    # scored once as written (0.937), then tuned on (chat lines with the speaker's time, names in the
    # genitive, user ids of more shapes); left: lower-case names that are words with no cue, and initials.
    # A party's theme "sol og lykke" typed in lower case reads as two children coordinated: 2 false alarms
    "blind15_pii.jsonl": (0.965, 0.985, 0.955, 2),
    # scored once as written (0.931), then tuned on (rosters and columns of initials, dated notes' authors,
    # chat speakers as user ids, handles and lower-case initials, user ids of any shape)
    "blind17_pii.jsonl": (0.975, 0.97, 0.97, 5),
    # scored once as written (0.944, identity numbers 1 of 11), then tuned on: identity numbers by their
    # label, initials listed with names, before a task, under a teacher's column, lower-case names by age,
    # mood and arrival
    "blind19_pii.jsonl": (0.975, 0.985, 0.975, 4),
    # scored once as written (0.970, 0.965), then tuned on: staff initials and user ids by their roster, task,
    # pairing and column, identity labels of more countries, weekday rosters
    "blind21_pii.jsonl": (0.98, 0.985, 0.975, 3),
    "blind23_pii.jsonl": (0.97, 0.98, 0.965, 3),
    # scored once as written (0.964, 0.976), then tuned on: staff initials by a role in parentheses, a
    # deadline, "medarb." and "v/", names after verbs of contacting in more tenses, abbreviated attendee
    # labels; blind27 marks four meeting rooms named Rose, Lærke, Sten and Holm as no one
    "blind25_pii.jsonl": (0.975, 0.99, 0.97, 5),
    "blind27_pii.jsonl": (0.975, 0.98, 0.98, 6),
    # scored once as written (0.966), then tuned on: the responsible employee after "ansv:", a board
    # meeting's round of initials, identity labels of Ukraine and Sri Lanka, accounts in uneven groups,
    # institutions' addresses after their names; blind29 marks meeting rooms named Rose, Lærke and Skov
    "blind29_pii.jsonl": (0.98, 0.975, 0.99, 5),
    # scored once as written (0.973, precision 0.965), then tuned on: staff labels abbreviated or with a
    # role, a legend of initials, countries and regions as places, tazkira and CNIC numbers; its writer marks
    # meeting rooms and a conference named after words that are names ("Rose, Lærke og Sten") as no one
    "blind31_pii.jsonl": (0.98, 0.965, 0.98, 9),
    # scored once as written (0.964), then tuned on: CPR numbers with the serial left out, initials with
    # arrows, plates after their label in any case, passports in more languages, UK mobiles, accounts
    # after "konto er"; its writer names rooms and places after words that are names too
    "blind33_pii.jsonl": (0.98, 0.97, 0.97, 6),
    # scored once as written (0.967), then tuned on (account abbreviations, identity cards, Swedish street
    # endings, thoughts without "at"; registers' "Jensen, Birthe", colleagues by what they do, initials in
    # the genitive and on a weekday roster)
    "blind35_pii.jsonl": (0.98, 0.975, 0.975, 4),
    # scored once as written (0.971), then tuned on: Vietnamese names surname first, BSN, T.C. Kimlik and
    # Spanish NIE numbers, streets abroad opening with a direction, a UK flat, a bare postcode
    "blind37_pii.jsonl": (0.985, 0.98, 0.985, 3),
    # scored once as written (0.971), then tuned on: a lone initial after a name, registers with unlisted
    # surnames, initials after a role or "afsluttet af", driving licence and health card numbers
    "blind38_pii.jsonl": (0.98, 0.975, 0.975, 1),
    # scored once as written (0.969), then tuned on: residence cards, plural passport labels, French
    # addresses with the number first, initials from a unit or as a user name; its writer marks staff
    # user ids and payroll numbers as ID, which the shield leaves alone
    "blind39_pii.jsonl": (0.975, 0.98, 0.975, 3),
    # scored once as written (0.978, informal 0.96, precision 0.988), then tuned on a little
    "blind40_pii.jsonl": (0.98, 0.985, 0.98, 2),
    # scored once as written (0.960, informal 0.88) and not tuned on; its writer marks shared mailboxes
    "blind41_pii.jsonl": (0.955, 0.985, 0.955, 3),
    # scored once as written on 86d33db (0.975, 0.991 and 0.982; leaked 1.5, 0.6 and 0.96 %); blind42 and
    # blind44 then tuned on (minutes' line heads, initials, messages' senders, numbers read in pairs)
    "blind42_pii.jsonl": (0.985, 0.995, 0.985, 0),
    "blind43_pii.jsonl": (0.985, 0.99, 0.985, 0),
    "blind44_pii.jsonl": (0.99, 0.99, 0.99, 0),
    # scored once as written on the same shield (0.990 and 0.975; leaked 0.7 and 1.6 %); blind46 tuned on
    "blind45_pii.jsonl": (0.985, 0.99, 0.985, 1),
    "blind46_pii.jsonl": (0.985, 0.995, 0.985, 0),
    # scored once as written on a436a95 (0.988 and 0.983; leaked 0.55 and 1.07 %)
    "blind47_pii.jsonl": (0.985, 0.99, 0.98, 0),
    "blind48_pii.jsonl": (0.98, 0.985, 0.98, 0),
    # scored once as written on 6f376c5 (0.979 and 0.960; leaked 1.3 and 2.4 %; informal 0.91 and 0.90); each pair
    # from blind49 to blind58 was tuned on after its first score (see benchmarks/README.md)
    "blind49_pii.jsonl": (0.985, 0.99, 0.98, 1),
    "blind50_pii.jsonl": (0.99, 0.99, 0.99, 0),
    # scored once as written on 3c2f4a2, after tuning on blind49 and blind50 (0.956 and 0.967; leaked 2.6 and
    # 1.8 %; informal 0.85 and 0.91)
    "blind51_pii.jsonl": (0.965, 0.985, 0.96, 0),
    "blind52_pii.jsonl": (0.98, 0.985, 0.975, 1),
    # scored once as written on 985519b, after tuning on blind51 and blind52 (0.960 and 0.977; leaked 1.5 and
    # 0.77 %; informal 0.93 and 0.94)
    "blind53_pii.jsonl": (0.975, 0.99, 0.97, 0),
    "blind54_pii.jsonl": (0.985, 0.99, 0.985, 0),
    # scored once as written on 54100fb, after tuning on blind53 and blind54 (0.967 and 0.966; leaked 1.9 and
    # 2.2 %; informal 0.87 both)
    "blind55_pii.jsonl": (0.975, 0.985, 0.97, 0),
    "blind56_pii.jsonl": (0.97, 0.985, 0.965, 0),
    # scored once as written on ee7b1ab, after tuning on blind55 and blind56 (0.967 and 0.978; leaked 1.5 and
    # 1.9 %; informal 0.975 and 0.91)
    "blind57_pii.jsonl": (0.975, 0.99, 0.985, 0),
    "blind58_pii.jsonl": (0.975, 0.985, 0.97, 1),
    # scored once as written on c4b423e (0.974 and 0.967; leaked 1.9 and 1.4 %)
    # then tuned on a little (0.979 and 0.980)
    "blind59_pii.jsonl": (0.975, 0.98, 0.97, 0),
    "blind60_pii.jsonl": (0.975, 0.995, 0.97, 1),
    # first scores on 85b0148 (0.979 / 0.965 and 0.983 / 0.993); blind61's writer left 15 staff initials
    # after full names and 5 greeted first names unmarked
    "blind61_pii.jsonl": (0.975, 0.96, 0.975, 0),
    "blind62_pii.jsonl": (0.98, 0.99, 0.975, 0),
    # first scores on 7bcec18: 0.981 / 0.992 and 0.994 / 0.987 (blind64 meets every figure of the check)
    "blind63_pii.jsonl": (0.98, 0.99, 0.975, 1),
    "blind64_pii.jsonl": (0.99, 0.985, 0.99, 1),
    # first scores on 53f080a: 0.973 / 0.986 and 0.991 / 0.988 (blind66 meets every figure of the check)
    "blind65_pii.jsonl": (0.97, 0.985, 0.965, 1),
    "blind66_pii.jsonl": (0.99, 0.985, 0.985, 0),
    # first scores on 7ef4d69: 0.985 / 0.994 and 0.985 / 0.991
    "blind67_pii.jsonl": (0.985, 0.99, 0.985, 1),
    "blind68_pii.jsonl": (0.985, 0.99, 0.98, 0),
    # first scores on 518113b: 0.987 / 0.997 (every figure of the check met) and 0.981 / 0.996
    "blind69_pii.jsonl": (0.985, 0.995, 0.98, 1),
    "blind70_pii.jsonl": (0.98, 0.995, 0.98, 0),
    # first scores on 8b7357d: 0.986 / 0.992 and 0.982 / 0.994
    "blind71_pii.jsonl": (0.985, 0.99, 0.98, 3),
    "blind72_pii.jsonl": (0.98, 0.99, 0.975, 2),
    # first scores on 8b7357d, not tuned on: 0.973 / 0.994 and 0.974 / 0.991
    "blind73_pii.jsonl": (0.97, 0.99, 0.965, 1),
    "blind74_pii.jsonl": (0.97, 0.99, 0.965, 1),
}


@pytest.mark.parametrize("name", sorted(BOUNDS))
def test_blind_set(pii, name: str) -> None:
    recall, precision, person, neg = BOUNDS[name]
    result = score(load_lines(DATA / name), pii.analyze)
    report = format_report(result)
    assert result["recall"] >= recall, report
    assert result["precision"] >= precision, report
    assert result["per_type_recall"]["PERSON"] >= person, report
    assert result["neg_false_positives"] <= neg, report


# set of real files -> (recall, precision, most leaked share of personal-data characters); every kind of
# source at 0.95 or more unless `WEAKEST_KIND` says otherwise
FILE_BOUNDS = {
    # Its writer left the municipality's own addresses, mailboxes and switchboard numbers unmarked, and the
    # postcode and town of addresses split over columns; the shield leaves the town hall's and the function
    # mailboxes alone and masks the rest, which keeps its precision here below the other sets'.
    "blind13_files": (0.995, 0.96, 0.01),
    # scored once as written (0.934, leaked 6.1 %), then tuned on: postcode and town columns with the
    # street, plate columns, a header with an empty label, CPR labels before mistyped numbers
    "blind16_files": (0.995, 0.99, 0.01),
    # scored once as written (0.980, precision 0.952, leaked 3.5 %), then tuned on: the administrations'
    # published addresses, year-serial case numbers, doors after "dør", e-mail addresses broken over lines,
    # PDF tables read a row at a time with the values their narrow cells broke mid-word whole again
    "blind18_files": (0.99, 0.995, 0.02),
    # scored once as written (0.937, pdf 0.80, leaked 4.5 %), then tuned on: PDF tables read as rows of
    # cells, identity numbers by their label or column, nine-digit CPR cells, journal entries' authors
    "blind20_files": (0.995, 0.98, 0.01),
    # scored once as written (0.970, 0.975), then tuned on: columns without a header typed by their values,
    # staff user ids, CPR cells, switchboard numbers and institutions' addresses, spaced e-mail addresses
    "blind22_files": (0.985, 0.98, 0.01),
    "blind24_files": (0.97, 0.98, 0.04),
    # scored once as written (0.967, 0.979 with precision 0.962), then tuned on: initials in minutes, a
    # numbered list's "Nr." column no house number, header-less columns of streets and of postcodes and
    # towns, identity columns named in English, a bare floor between commas
    "blind26_files": (0.985, 0.98, 0.015),
    "blind28_files": (0.995, 0.99, 0.006),
    # met issue 14's check on its first score (0.990 / every kind 0.98 or more / leaked 0.45 % / 0.991)
    "blind30_files": (0.985, 0.985, 0.006),
}


# the least recall of a kind of source, for sets whose weakest kind is still below 0.95: PDF tables whose
# cells pypdf runs together without tabs (blind24)
WEAKEST_KIND = {"blind24_files": 0.92}


@pytest.mark.parametrize("name", sorted(FILE_BOUNDS))
def test_blind_set_of_real_files(pii, name: str) -> None:
    """150 real .docx, .pdf, .eml, .xlsx and .csv files, extracted as uploads are; every kind of source at
    0.95 or more (or its set's `WEAKEST_KIND`)."""
    from kkgpt.documents.labelled import labelled_lines
    from kkgpt.documents.limits import Limits

    recall, precision, leaked = FILE_BOUNDS[name]
    limits = Limits(max_bytes=20_000_000, max_pages=500, max_chars=2_000_000, max_unpacked_bytes=200_000_000)
    documents = labelled_lines(DATA / name / "manifest.jsonl", limits)
    assert len(documents.lines) == 150 and not documents.refused and not documents.not_found
    result = score(documents.lines, pii.analyze)
    report = format_report(result)
    assert result["recall"] >= recall, report
    assert result["precision"] >= precision, report
    assert result["leaked_char_share"] <= leaked, report
    weakest = WEAKEST_KIND.get(name, 0.95)
    assert all(recall >= weakest for recall in result["per_category_recall"].values()), report
