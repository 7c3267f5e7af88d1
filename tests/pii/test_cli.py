"""`kkgpt pii analyze` and `kkgpt pii eval`: the chat's pipeline on the command line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from kkgpt.pii.cli import analyze_lines
from tests.devset import devset_path


def test_analyze_writes_one_line_per_input_in_order(pii) -> None:
    texts = ["Ring til Jens Hansen på 27 19 38 46.", "Hvad er klokken?", "Født 010170-1234 🎉, mail: a.b@kk.dk"]
    source = io.StringIO("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts))
    sink = io.StringIO()
    assert analyze_lines(pii, source, sink) == 0
    results = [json.loads(line) for line in sink.getvalue().splitlines()]
    assert len(results) == 3
    first = results[0]["entities"]
    assert [(e["type"], texts[0][e["start"]:e["end"]]) for e in first] == [
        ("PERSON", "Jens Hansen"), ("PHONE_NUMBER", "27 19 38 46")]
    assert all(set(e) == {"type", "start", "end", "score"} and 0 < e["score"] <= 1 for e in first)
    assert results[1] == {"entities": []}
    third = {e["type"]: texts[2][e["start"]:e["end"]] for e in results[2]["entities"]}
    assert third == {"DK_CPR": "010170-1234", "EMAIL_ADDRESS": "a.b@kk.dk"}, "Python string offsets past an emoji"


def test_analyze_reports_bad_lines_and_keeps_going(pii) -> None:
    sink = io.StringIO()
    failures = analyze_lines(pii, io.StringIO('not json\n{"txt": 1}\n{"text": "Hej Jens Hansen"}\n'), sink)
    lines = [json.loads(line) for line in sink.getvalue().splitlines()]
    assert failures == 2 and "error" in lines[0] and "error" in lines[1] and lines[2]["entities"]


def test_the_console_commands(tmp_path: Path) -> None:
    exe = str(Path(sys.executable).parent / "kkgpt")
    analyzed = subprocess.run([exe, "pii", "analyze"], input='{"text": "Skriv til Jens Hansen"}\n',
                              capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(analyzed.stdout)["entities"][0]["type"] == "PERSON"
    evaluated = subprocess.run([exe, "pii", "eval", str(devset_path())], capture_output=True, text=True,
                               timeout=120, check=True)
    report = json.loads(evaluated.stdout)
    for key in ("recall", "precision", "f2", "leaked_char_share", "per_type_recall"):
        assert key in report
    assert report["recall"] >= 0.97 and "misses" not in report
