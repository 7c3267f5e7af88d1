"""Special categories of personal data (GDPR art. 9 and 10) from the packaged word lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from kkgpt.pii.special_categories import (
    SPECIAL_CATEGORIES,
    CategoryMatch,
    SpecialCategoryFindings,
    TermListDetector,
    default_word_list_dir,
    parse_word_list,
    term_pattern,
)


@pytest.fixture(scope="module")
def detector() -> TermListDetector:
    """The packaged word lists."""
    return TermListDetector.from_directory()


@pytest.mark.parametrize(
    ("text", "categories"),
    [
        # health: diagnoses, medication, inflections and compounds
        ("Borgeren har diabetes og skal have tjek af blodsukker.", {"health"}),
        ("Hun har sukkersyge.", {"health"}),
        ("Han er diabetiker.", {"health"}),
        ("Opsummér: borgeren har en depression og tager antidepressiva.", {"health"}),
        ("Patienten er diagnosticeret med skizofreni.", {"health"}),
        ("Hvordan skriver jeg til en borger om hendes medicin?", {"health"}),
        ("Hun har fået konstateret brystkræft.", {"health"}),
        ("Han er sygemeldt med stress.", {"health"}),
        ("Borgeren sidder i kørestol efter en blodprop.", {"health"}),
        ("Skriv et notat om borgerens type 2-diabetes.", {"health"}),
        ("Beboeren har haft feber i nat; opdatér plejeplanen.", {"health"}),
        ("Han er visiteret til fleksjob efter en hjerneskade.", {"health"}),
        ("The client has been diagnosed with schizophrenia.", {"health"}),
        ("She is on sick leave and takes antidepressants.", {"health"}),
        # ethnic origin
        ("Familien har anden etnisk baggrund.", {"ethnic_origin"}),
        ("Please note his ethnicity in the report.", {"ethnic_origin"}),
        # religion
        ("Borgeren er muslim og spiser kun halal.", {"religion"}),
        ("Familien er kristne og vil have en præst.", {"religion"}),
        ("He is Jewish.", {"religion"}),
        # political opinion
        ("Han er medlem af Enhedslisten.", {"political_opinion"}),
        ("Hendes politiske holdninger fylder meget i samtalen.", {"political_opinion"}),
        ("He is a party member.", {"political_opinion"}),
        # trade union
        ("Medarbejderen er medlem af 3F.", {"union_membership"}),
        ("Hun har kontaktet sin fagforening.", {"union_membership"}),
        ("He is a trade union member.", {"union_membership"}),
        # sexual orientation / sex life
        ("Han fortalte, at han er homoseksuel.", {"sexual_orientation"}),
        ("She mentioned she is bisexual.", {"sexual_orientation"}),
        # genetic and biometric data
        ("Der er taget en gentest.", {"genetic_biometric"}),
        ("Adgang sker med fingeraftryk.", {"genetic_biometric"}),
        # criminal offences (art. 10)
        ("Borgeren er dømt for vold.", {"criminal"}),
        ("Han er sigtet for tyveri.", {"criminal"}),
        ("Vi har indhentet straffeattest.", {"criminal"}),
        ("Sønnen er involveret i bandekriminalitet.", {"criminal"}),
        ("He was convicted last year and has a criminal record.", {"criminal"}),
        # social case
        ("Skolen har sendt en underretning om barnet.", {"social_case"}),
        ("Vi har modtaget en bekymringsunderretning.", {"social_case"}),
        ("Drengen er anbragt uden for hjemmet; anbringelsen fortsætter.", {"social_case"}),
        ("Der er iværksat en børnefaglig undersøgelse efter § 50.", {"social_case"}),
        ("Faren har et alkoholmisbrug.", {"social_case"}),
        ("The family is in foster care after a report of concern.", {"social_case"}),
        # several at once
        ("Han er dømt og har et stofmisbrug og en depression.", {"criminal", "social_case", "health"}),
    ],
)
def test_flags(detector: TermListDetector, text: str, categories: set[str]) -> None:
    assert set(detector.detect(text).categories) == categories


@pytest.mark.parametrize(
    "text",
    [
        # Ordinary municipal prompts: the organisation, a law or a service named alone.
        "Socialforvaltningen skal svare efter lov om social service.",
        "Skriv en pressemeddelelse fra Sundheds- og Omsorgsforvaltningen om nye åbningstider.",
        "Hvor bestiller man et nyt sundhedskort?",
        "Hvordan søger en borger om hjemmepleje?",
        "Lav en dagsorden til mødet i Borgerrepræsentationen; Socialdemokratiet og Venstre deltager.",
        "Skriv en venlig påmindelse om at tiltale borgeren med fulde navn.",
        "Vi sigter mod at svare inden for 14 dage.",
        "Projektet har et ubetinget krav om dokumentation.",
        "Konverter filen til PDF.",
        "Hvor mange kræfter skal vi bruge på det?",
        "Han dementerede rygtet.",
        "Mødet holdes på Kirkegaard-skolen.",  # a surname, not a church
        "Christian Hansen har ringet om sin parkeringstilladelse.",  # a first name, not a religion
        "Rejsen går til Islamabad.",  # exception in the religion list
        "Summarise the council meeting and add a paragraph about the budget.",
        "Lav en tabel over budgettet for 2025.",
    ],
)
def test_ordinary_prompts_are_not_flagged(detector: TermListDetector, text: str) -> None:
    assert detector.detect(text).categories == ()


def test_matches_carry_spans(detector: TermListDetector) -> None:
    text = "Han har diabetes og er dømt."
    found = detector.detect(text)
    assert [(m.category, text[m.start : m.end]) for m in found.matches] == [
        ("health", "diabetes"),
        ("criminal", "dømt"),
    ]


def test_every_packaged_list_is_a_known_category(detector: TermListDetector) -> None:
    assert set(detector.categories) == set(SPECIAL_CATEGORIES)
    assert {p.stem for p in default_word_list_dir().glob("*.txt")} == set(SPECIAL_CATEGORIES)


def test_categories_are_listed_once_in_display_order() -> None:
    findings = SpecialCategoryFindings(
        (
            CategoryMatch("social_case", 0, 3),
            CategoryMatch("health", 4, 6),
            CategoryMatch("custom", 7, 9),
            CategoryMatch("health", 10, 12),
        )
    )
    assert findings.categories == ("health", "social_case", "custom")


@pytest.mark.parametrize(
    ("term", "hits", "misses"),
    [
        ("diabet*", ["diabetes", "Diabetiker", "DIABETISK"], ["prædiabetes", "diabe"]),
        ("*misbrug*", ["misbrug", "alkoholmisbruget", "stofmisbrug"], ["misbru"]),
        ("*kræft", ["kræft", "brystkræft"], ["kræfter"]),
        ("3F", ["3F", "3f"], ["13F", "3F2"]),
        ("§ 50", ["§ 50", "§  50"], ["§ 500", "§ 5"]),
        (
            "børnefaglig* undersøgelse*",
            ["børnefaglig undersøgelse", "børnefaglige\nundersøgelser"],
            ["undersøgelse"],
        ),
    ],
)
def test_word_list_syntax(term: str, hits: list[str], misses: list[str]) -> None:
    pattern = term_pattern([term])
    assert pattern is not None
    for word in hits:
        assert pattern.search(f"x {word}."), word
    for word in misses:
        assert not pattern.search(f"x {word}."), word


def test_parse_word_list() -> None:
    content = "# comment\n\ndiabet*   # trailing comment\n!diabetesforeningen\nsukkersyge\n"
    assert parse_word_list(content) == (["diabet*", "sukkersyge"], ["diabetesforeningen"])


def test_exceptions_suppress_a_match() -> None:
    detector = TermListDetector({"health": (["diabet*"], ["diabetesforeningen"])})
    assert detector.detect("Diabetesforeningen holder møde").categories == ()
    assert detector.detect("Han har diabetes").categories == ("health",)


def test_lists_load_from_another_directory(tmp_path: Path) -> None:
    (tmp_path / "health.txt").write_text("hovedpine*\n", encoding="utf-8")
    (tmp_path / "local_topic.txt").write_text("# nothing yet\n", encoding="utf-8")
    detector = TermListDetector.from_directory(tmp_path)
    assert detector.categories == ("health",)  # an empty list flags nothing and is left out
    assert detector.detect("Hun har hovedpine").categories == ("health",)


def test_a_directory_without_lists_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        TermListDetector.from_directory(tmp_path)


def test_a_term_of_only_wildcards_is_refused() -> None:
    with pytest.raises(ValueError, match="no letters"):
        term_pattern(["**"])


def _every_regex(detector: TermListDetector, text: str) -> SpecialCategoryFindings:
    """The detector's answer with every category's regex run (no skipping of categories)."""
    matches = []
    for category, rules in detector._rules.items():
        for m in rules.terms.finditer(text):
            if rules.exceptions is None or not rules.exceptions.fullmatch(m.group()):
                matches.append(CategoryMatch(category, m.start(), m.end()))
    return SpecialCategoryFindings(tuple(sorted(matches, key=lambda m: (m.start, m.end, m.category))))


def test_skipping_categories_finds_what_every_regex_finds(detector: TermListDetector) -> None:
    """Categories none of whose words occur are skipped; on the blind sets' texts nothing is lost by it."""
    import json

    root = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
    texts = [json.loads(line)["text"] for path in sorted(root.glob("blind*_pii.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += ["DIABETES og Alkoholmisbrug", "ØKONOMISK KRÆFT?", "sag efter § 50 og barnets lov § 20"]
    flagged = 0
    for text in texts:
        found = detector.detect(text)
        assert found == _every_regex(detector, text), text[:80]
        flagged += bool(found.matches)
    assert flagged > 50  # the texts do exercise the lists


def test_letters_that_fold_to_latin_ones_still_match() -> None:
    """IGNORECASE matches 'ſ' (long s) as 's' and the Kelvin sign as 'k': such text is not skipped."""
    detector = TermListDetector({"health": (["psykose", "kol"], [])})
    assert detector.detect("han har en pſykose").categories == ("health",)
    assert detector.detect("diagnosen er \u212aOL").categories == ("health",)
