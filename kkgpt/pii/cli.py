"""`kkgpt pii analyze` and `kkgpt pii eval`: the chat's own PII pipeline (default policy) on the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO


def _shield(args: argparse.Namespace):
    from kkgpt.pii import build_shield

    return build_shield(policy_path=args.policy, nlp_model=args.nlp_model)


def analyze_lines(shield: Any, source: TextIO, sink: TextIO) -> int:
    """One output line per input line, in order; a line that is not `{"text": str}` gets an error object."""
    failures = 0
    for number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text = record["text"] if isinstance(record, dict) else None
            if not isinstance(text, str):
                raise ValueError('expected an object with a string "text"')
        except (ValueError, KeyError) as exc:
            failures += 1
            sink.write(json.dumps({"error": f"line {number}: {exc}"}) + "\n")
            continue
        entities = [
            {"type": d.entity_type, "start": d.start, "end": d.end, "score": round(d.score, 4)}
            for d in shield.analyze(text)
        ]
        sink.write(json.dumps({"entities": entities}, ensure_ascii=False) + "\n")
        sink.flush()
    return failures


def cmd_analyze(args: argparse.Namespace) -> int:
    """Detect personal data in JSON Lines from stdin."""
    failures = analyze_lines(_shield(args), sys.stdin, sys.stdout)
    return 1 if failures else 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Score the shield on a labelled set and print the figures as JSON."""
    from kkgpt.pii.evaluation import load_lines, score

    shield = _shield(args)
    report = score(load_lines(args.path), shield.analyze)
    if not args.details:
        report = {k: v for k, v in report.items() if k not in ("misses", "false_positive_spans")}
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


def add_pii_commands(commands: argparse._SubParsersAction) -> None:
    """Register `pii analyze` and `pii eval` on the main parser."""
    pii = commands.add_parser("pii", help="run the PII shield on text from the command line")
    actions = pii.add_subparsers(dest="pii_command", metavar="ACTION", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--policy", type=Path, help="a policy file instead of the built-in one")
    common.add_argument("--nlp-model", help="an installed spaCy or transformers NER model to add to the rules")

    analyze = actions.add_parser(
        "analyze", parents=[common],
        help='read JSON Lines {"text": ...} from stdin, write {"entities": [...]} per line (Python string offsets)',
    )
    analyze.set_defaults(handler=cmd_analyze)

    evaluate = actions.add_parser(
        "eval", parents=[common],
        help="score detections on a labelled JSON Lines set: recall, precision, F2, leaked share, per-type recall",
    )
    evaluate.add_argument("path", type=Path, help="the labelled set, e.g. ../shared/pii/dev.jsonl")
    evaluate.add_argument("--details", action="store_true", help="also list every miss and false positive")
    evaluate.set_defaults(handler=cmd_eval)
