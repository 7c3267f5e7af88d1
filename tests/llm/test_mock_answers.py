"""What the mock model server answers: markers, modes, scripts, faults and how answers are chunked."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kkgpt.llm.base import TITLE_INSTRUCTIONS
from kkgpt.llm.mock import quote_reply
from kkgpt.llm.mock_answers import Answerer, chunks, load_script, parse_script, prompt_tokens, tokens


def _user(text: str) -> list[dict]:
    return [{"role": "system", "content": "s"}, {"role": "user", "content": text}]


@pytest.mark.parametrize("text", ["", "Hej med dig", "  indrykket\n\nlinje  ", "<PERSON_1>s bil"])
def test_tokens_join_back_to_the_text(text: str) -> None:
    assert "".join(tokens(text)) == text


@pytest.mark.parametrize(
    ("text", "answer", "fault"),
    [
        ("Hej", "echo", None),
        ("Hej [[mock:long]]", "long", None),
        ("[[mock:long]] og [[mock:cut]]", "long", "cut"),
        ("[[mock:busy]]", "echo", "429"),
        ("[[mock:error]]", "echo", "500"),
        ("[[mock:timeout]] [[mock:500]]", "echo", "timeout"),
        ("[[mock:ukendt]]", "echo", None),
    ],
)
def test_markers_choose_answer_and_fault(text: str, answer: str, fault: str | None) -> None:
    reply = Answerer(answer_tokens=30).reply(_user(text))
    assert reply.fault == fault
    expected = tokens(quote_reply(text)) if answer == "echo" else Answerer(answer_tokens=30)._long
    assert reply.tokens == expected


def test_long_answer_has_exactly_the_tokens_asked_for() -> None:
    for count in (1, 13, 1000, 5000):
        assert len(Answerer(mode="long", answer_tokens=count).reply(_user("x")).tokens) == count


def test_content_parts_and_the_last_user_message_count() -> None:
    messages = [{"role": "user", "content": "først"}, {"role": "assistant", "content": "svar"},
                {"role": "user", "content": [{"type": "text", "text": "Hej "}, {"type": "text", "text": "igen"}]}]
    assert "".join(Answerer().reply(messages).tokens) == quote_reply("Hej igen")
    assert prompt_tokens(messages) == 3 + (3 + 1) + (3 + 1) + (3 + 2)


def test_fault_rate_picks_a_share_of_requests() -> None:
    answerer = Answerer(fault="500", fault_rate=0.25, rng=random.Random(7))
    faults = [answerer.reply(_user("Hej")).fault for _ in range(2000)]
    assert 400 < faults.count("500") < 600 and faults.count(None) == 2000 - faults.count("500")


def test_split_greets_a_placeholder_and_cuts_it() -> None:
    reply = Answerer(fault="split").reply(_user("Ring til <TELEFON_2> i morgen"))
    pieces = chunks(reply.tokens, 4, split_placeholders=True)
    text = "".join(p for p, _ in pieces)
    assert text.startswith("Kære <TELEFON_2>,") and text.count("<TELEFON_2>") == 2
    assert not any("<TELEFON_2>" in p for p, _ in pieces)
    assert sum(count for _, count in pieces) == len(reply.tokens)
    assert Answerer(fault="split").reply(_user("Ingen")).tokens[0] == "Kære <PERSON_1>,\n\n"


def test_chunks_group_tokens() -> None:
    assert chunks(["a ", "b ", "c"], 2) == [("a b ", 2), ("c", 1)]


def test_a_script_file(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("- when: 'hej|goddag'\n  answer: Goddag!\n- when: fejl\n  fault: error\n  answer: x\n",
                    encoding="utf-8")
    rules = load_script(path)
    answerer = Answerer(mode="scripted", script=rules)
    assert "".join(answerer.reply(_user("GODDAG")).tokens) == "Goddag!"
    assert answerer.reply(_user("en fejl")).fault == "500"
    assert "".join(answerer.reply(_user("andet")).tokens) == quote_reply("andet")
    assert answerer.reply(_user("hej [[mock:long]]")).tokens == answerer._long, "a marker wins over the script"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"when": "x"}, "expected a list"),
        ([], "expected a list"),
        (["x"], "rule 1: needs `when:`"),
        ([{"when": "x"}], "rule 1: needs `answer:` or `fault:`"),
        ([{"when": "x", "answer": "a"}, {"when": "(", "answer": "b"}], "rule 2: `when:` is not a valid"),
        ([{"when": "x", "fault": "418"}], "unknown fault '418'"),
        ([{"when": "x", "answer": 3}], "must be text"),
        ([{"when": "x", "answer": "a", "svar": "b"}], "unknown keys ['svar']"),
    ],
)
def test_script_errors_say_what_is_wrong(data, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace("[", r"\[")):
        parse_script(data)


def test_answerer_refuses_bad_settings() -> None:
    with pytest.raises(ValueError, match="unknown mode"):
        Answerer(mode="poem")
    with pytest.raises(ValueError, match="needs a script"):
        Answerer(mode="scripted")
    with pytest.raises(ValueError, match="unknown fault"):
        Answerer(fault="418")


def test_a_title_request_gets_a_title() -> None:
    messages = [{"role": "system", "content": TITLE_INSTRUCTIONS},
                {"role": "user", "content": "skriv et brev til <PERSON_1> om boligstøtte. Tak"}]
    assert "".join(Answerer().reply(messages).tokens) == "Skriv et brev til <PERSON_1> om"
