"""NameLexicon: list files, folding of diacritics, ambiguity, organisation and place phrases."""

from __future__ import annotations

from pathlib import Path

import pytest

from kkgpt.pii.recognizers.lexicon import LIST_FILES, NameLexicon, fold, phrase_words, read_list


def test_read_list_skips_comments_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "names.txt"
    path.write_text("# a comment\nAnne\n\n  Bo  # trailing comment\n", encoding="utf-8")
    assert read_list(path) == ["Anne", "Bo"]


@pytest.mark.parametrize(("word", "folded"), [("Yılmaz", "yilmaz"), ("Kovačević", "kovacevic"),
                                               ("Søren", "søren"), ("Åse", "åse"), ("Öztürk", "ozturk")])
def test_fold_keeps_danish_letters_and_drops_other_diacritics(word: str, folded: str) -> None:
    assert fold(word) == folded


def test_phrase_words_split_on_hyphens_and_dots() -> None:
    assert phrase_words("Børne- og Ungdomsforvaltningen") == ("børne", "og", "ungdomsforvaltningen")
    assert phrase_words("Kgs. Lyngby") == ("kgs", "lyngby")


def test_names_that_are_words_or_places_become_ambiguous() -> None:
    lexicon = NameLexicon.from_lists(first_names=["Per", "Sofia", "Maja"], common_words=["per"],
                                     places=["Sofia", "Valby"])
    assert "per" in lexicon.ambiguous and "sofia" in lexicon.ambiguous
    assert "maja" not in lexicon.ambiguous


def test_proper_words_are_common_words_too() -> None:
    lexicon = NameLexicon.from_lists(first_names=["June"], proper_words=["June", "Danish"])
    assert {"june", "danish"} <= lexicon.proper_words <= lexicon.common_words
    assert "june" in lexicon.ambiguous
    assert {"per", "hans"} <= lexicon.stop_words <= lexicon.common_words


def test_lookups_work_with_and_without_diacritics() -> None:
    lexicon = NameLexicon.from_lists(surnames=["Yılmaz"])
    assert {"yılmaz", "yilmaz"} <= lexicon.surnames


def test_phrase_length_matches_multiword_entries_and_genitives() -> None:
    lexicon = NameLexicon.from_lists(organisations=["Københavns Kommune", "Datatilsynet"], places=["Valby"])
    assert lexicon.phrase_length(["københavns", "kommune", "har"], 0) == 2
    assert lexicon.phrase_length(["datatilsynets", "vejledning"], 0) == 1
    assert lexicon.phrase_length(["valby"], 0) == 1
    assert lexicon.phrase_length(["københavns", "rådhus"], 0) == 0


def test_longest_phrase_says_which_table_holds_it() -> None:
    lexicon = NameLexicon.from_lists(organisations=["Georg"], eponyms=["Georg Jensen"])
    tables = (lexicon.organisations, lexicon.places, lexicon.eponyms)
    assert lexicon.longest_phrase(["georg", "jensen", "a/s"], 0, tables) == (2, 2)
    assert lexicon.longest_phrase(["georg", "hansen"], 0, tables) == (1, 0)
    assert lexicon.longest_phrase(["anne"], 0, tables) == (0, -1)
    assert lexicon.phrase_length(["georg", "jensen"], 0) == 1   # organisations and places only


def test_a_place_that_is_also_a_name_is_left_to_the_name_rules() -> None:
    lexicon = NameLexicon.from_lists(surnames=["Lund"], places=["Lund"])
    assert lexicon.phrase_length(["lund"], 0) == 0


def test_packaged_lists_are_large_enough(lexicon: NameLexicon) -> None:
    assert len(lexicon.first_names) > 2000
    assert len(lexicon.surnames) > 1500
    names = lexicon.first_names | lexicon.surnames
    assert {"hassan", "fatima", "mehmet", "olena", "agnieszka", "nguyen", "abdirahman"} <= names
    assert {"hans", "bo", "per"} <= lexicon.ambiguous


@pytest.mark.parametrize("filename", sorted(LIST_FILES.values()))
def test_list_files_have_one_entry_per_line_without_duplicates(filename: str) -> None:
    entries = read_list(Path(__file__).resolve().parents[3] / "kkgpt/pii/data" / filename)
    assert entries, filename
    assert all("," not in entry for entry in entries)
    assert len({e.lower() for e in entries}) == len(entries)


def test_every_name_list_section_states_its_origin() -> None:
    """Name lists have a stated, generic origin: each section of names opens with comment lines saying what
    kind of published list it reflects, never a list of names collected from evaluation misses."""
    from kkgpt.pii.recognizers.lexicon import default_data_dir

    for name in ("first_names.txt", "surnames.txt"):
        lines = (default_data_dir() / name).read_text(encoding="utf-8").splitlines()
        headers = [line for line in lines if line.startswith("#")]
        assert any("general knowledge" in line for line in headers[:3]), name
        origins = " ".join(headers)
        for source in ("Danmarks Statistik", "Hagstova", "Grønlands Statistik", "Turk", "PESEL"):
            assert source in origins, (name, source)


@pytest.mark.parametrize(
    "name",
    ["Jógvan í Líð", "Sigrid á Lakjuni", "Aputsiaq Kleist", "Nguyễn Thị Lan", "Tharshika Sivakumar",
     "Oleksandr Shevchenko", "Agnieszka Wróblewska", "Maricel dela Cruz", "Abdirahman Warsame Jama",
     "Gulalai Ahmadzai", "Şükrü Yıldırım", "Rebaz Barzani", "Mirsad Hodžić", "Wei Zhang", "Senait Tesfay"],
)
def test_names_from_the_whole_of_copenhagen(spans, name: str) -> None:
    assert spans(f"Indkald {name} til samtale i næste uge.", "PERSON") == [name]
