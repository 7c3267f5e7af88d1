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
    assert results[1] == {"entities": [], "special_categories": []}
    third = {e["type"]: texts[2][e["start"]:e["end"]] for e in results[2]["entities"]}
    assert third == {"DK_CPR": "010170-1234", "EMAIL_ADDRESS": "a.b@kk.dk"}, "Python string offsets past an emoji"


def test_analyze_reports_bad_lines_on_stderr_and_keeps_going(pii) -> None:
    sink, errors = io.StringIO(), io.StringIO()
    source = io.StringIO('not json\n{"txt": 1}\n{"text": "Hej Jens Hansen"}\n')
    failures = analyze_lines(pii, source, sink, errors=errors)
    (only,) = [json.loads(line) for line in sink.getvalue().splitlines()]
    assert failures == 2 and only["entities"]
    assert errors.getvalue().splitlines()[0].startswith("kkgpt pii analyze: line 1:")
    assert "line 2:" in errors.getvalue()


def test_analyze_reports_special_categories(pii) -> None:
    sink = io.StringIO()
    analyze_lines(pii, io.StringIO('{"text": "Jens Hansen har diabetes"}\n'), sink)
    assert json.loads(sink.getvalue())["special_categories"] == ["health"]


def test_analyze_show_is_for_people(pii) -> None:
    sink = io.StringIO()
    text = "Ring til Jens Hansen, cpr 010170-1234, om hans diabetes"
    analyze_lines(pii, io.StringIO(json.dumps({"text": text}) + "\n"), sink, show=True)
    shown = sink.getvalue()
    assert "Name" in shown and "Jens Hansen" in shown and "-> <PERSON_1>" in shown
    assert "CPR number" in shown and "010170-1234" in shown and "-> <CPR>" in shown
    assert "special categories: health" in shown
    assert "model sees: Ring til <PERSON_1>, cpr <CPR>, om hans diabetes" in shown


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


def test_eval_names_the_bundled_dev_set_and_reads_it_by_default(tmp_path: Path) -> None:
    from kkgpt.pii.evaluation import bundled_dev_set

    exe = str(Path(sys.executable).parent / "kkgpt")
    help_text = subprocess.run([exe, "pii", "eval", "--help"], capture_output=True, text=True, check=True).stdout
    assert str(bundled_dev_set()) in " ".join(help_text.split()).replace("/ ", "/")
    assert bundled_dev_set().is_file()
    report = json.loads(subprocess.run([exe, "pii", "eval"], capture_output=True, text=True, timeout=120,
                                       check=True).stdout)
    assert report["marked"] > 0
    missing = subprocess.run([exe, "pii", "eval", str(tmp_path / "nope.jsonl")], capture_output=True, text=True)
    assert missing.returncode == 2 and missing.stdout == "" and "cannot read" in missing.stderr


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    """`kkgpt pii eval --show | head -1`: the pipe closes before the report is written."""
    exe = str(Path(sys.executable).parent / "kkgpt")
    process = subprocess.Popen([exe, "pii", "eval", "--show"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # closed before the CLI has even loaded the analyzer
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0
    assert b"Traceback" not in stderr


def test_analyze_a_file_shows_each_value_once_with_its_count(pii, tmp_path: Path) -> None:
    """`kkgpt pii analyze --file`: a Word letter is read as an upload is, and every personal value in its
    body, table, header and footer is listed once, with how often it occurs."""
    from kkgpt.pii.cli import analyze_file
    from tests.documents import samples

    path = tmp_path / "brev.docx"
    path.write_bytes(samples.docx_file())
    shown = io.StringIO()
    assert analyze_file(pii, path, shown, show=True) == 0
    lines = shown.getvalue().splitlines()
    assert lines[0].startswith(f"{path}: application/vnd.openxmlformats")
    for value in (samples.NAME, samples.TABLE_NAME, samples.TABLE_PHONE, samples.FOOTER_NAME, samples.FOOTER_EMAIL):
        assert sum(value in line for line in lines[1:]) == 1, value
    as_json = io.StringIO()
    assert analyze_file(pii, path, as_json) == 0
    report = json.loads(as_json.getvalue())
    assert {m["type"] for m in report["masked"]} >= {"PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS"}
    assert samples.NAME not in as_json.getvalue()  # the JSON names kinds and counts, not values


def test_analyze_a_file_that_cannot_be_read_says_why_on_stderr(pii, tmp_path: Path) -> None:
    from kkgpt.pii.cli import analyze_file

    renamed = tmp_path / "brev.pdf"
    renamed.write_bytes(b"just text, not a PDF")
    errors = io.StringIO()
    assert analyze_file(pii, renamed, io.StringIO(), errors=errors) == 2
    assert "brev.pdf" in errors.getvalue()
    assert analyze_file(pii, tmp_path / "missing.docx", io.StringIO(), errors=errors) == 2


def test_eval_scores_a_manifest_of_real_files(tmp_path: Path) -> None:
    """`kkgpt pii eval --documents MANIFEST`: each file extracted as an upload is, scored per source."""
    from tests.documents import samples

    (tmp_path / "brev.pdf").write_bytes(samples.pdf())
    (tmp_path / "brev.docx").write_bytes(samples.docx_file())
    values = [{"type": "PERSON", "text": samples.NAME}, {"type": "CPR", "text": samples.CPR},
              {"type": "PERSON", "text": "Ingen Steder"}]
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text("\n".join(json.dumps({"file": f, "source": s, "values": values})
                                  for f, s in [("brev.pdf", "pdf"), ("brev.docx", "word")]))
    exe = str(Path(sys.executable).parent / "kkgpt")
    done = subprocess.run([exe, "pii", "eval", "--documents", "--show", str(manifest)], capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.startswith("recall 1.000")
    assert "per category: pdf 1.00, word 1.00" in done.stdout
    assert done.stderr.count("a listed value is not in the extracted text") == 2
    assert "Ingen Steder" not in done.stderr  # the value itself is personal data
