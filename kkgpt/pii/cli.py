"""`kkgpt pii analyze` and `kkgpt pii eval`: the chat's own PII pipeline (default policy) on the command line.

`analyze` reads JSON Lines `{"text": ...}` and writes one JSON object per good line (Python string offsets;
the contract scripts rely on). With `--show` it writes for people instead: each hit with its type and text,
the special categories, and what the model would receive. Problems go to standard error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from kkgpt.documents.limits import Limits
    from kkgpt.pii.shield import PiiShield


def _shield(args: argparse.Namespace) -> PiiShield:
    from kkgpt.pii import build_shield

    return build_shield(policy_path=args.policy, nlp_model=args.nlp_model)


def analyze_lines(shield: PiiShield, source: TextIO, sink: TextIO, *, show: bool = False,
                  errors: TextIO | None = None) -> int:
    """Analyse each JSON line of `source`; write results to `sink` and problems to `errors` (stderr).

    Returns the number of lines that were not `{"text": str}`; they are reported and skipped.
    """
    errors = errors if errors is not None else sys.stderr
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
            errors.write(f"kkgpt pii analyze: line {number}: {exc}\n")
            continue
        sink.write(_shown(shield, number, text) if show else _json(shield, text))
        sink.flush()
    return failures


def _json(shield: PiiShield, text: str) -> str:
    entities = [{"type": d.entity_type, "start": d.start, "end": d.end, "score": round(d.score, 4)}
                for d in shield.analyze(text)]
    categories = list(shield.special_categories(text))
    return json.dumps({"entities": entities, "special_categories": categories}, ensure_ascii=False) + "\n"


def _shown(shield: PiiShield, number: int, text: str) -> str:
    """One block per line: every hit, the special categories, and the text the model would receive."""
    result = shield.preview(text, shield.load_vault(None))
    entities = shield.entities
    out = [f"line {number}: {len(result.spans)} hit(s)"]
    for span in result.spans:
        kind = entities.name(span.entity_type, "en")
        value = text[span.start:span.end].replace("\n", "\\n")
        out.append(f"  {kind:<22} {value!s:<40} {span.score:.2f}  {span.start}-{span.end}"
                   f"  -> {span.placeholder}")
    if result.special_categories:
        out.append(f"  special categories: {', '.join(result.special_categories)}")
    out.append("  blocked: " + ", ".join(result.block_reasons) if result.blocked
               else "  model sees: " + result.model_text.replace("\n", "\\n"))
    return "\n".join(out) + "\n\n"


def cmd_analyze(args: argparse.Namespace) -> int:
    """Detect personal data in JSON Lines from stdin, or in one document with `--file`."""
    if args.file is not None:
        return analyze_file(_shield(args), args.file, sys.stdout, show=args.show)
    failures = analyze_lines(_shield(args), sys.stdin, sys.stdout, show=args.show)
    return 1 if failures else 0


def analyze_file(shield: PiiShield, path: Path, sink: TextIO, *, show: bool = False,
                 errors: TextIO | None = None) -> int:
    """Extract `path` as an upload would be and report what the shield would mask in it: JSON by default,
    with `show` one line per distinct value and its count. A file that cannot be read exits 2."""
    from kkgpt.documents.formats import read_document
    from kkgpt.errors import DocumentRejected
    from kkgpt.pii.summary import masked_values, type_counts

    errors = errors if errors is not None else sys.stderr
    try:
        kind, extracted = read_document(path.name, path.read_bytes(), _document_limits())
    except OSError as exc:
        errors.write(f"kkgpt pii analyze: cannot read {path}: {exc.strerror}\n")
        return 2
    except DocumentRejected as exc:
        errors.write(f"kkgpt pii analyze: {path}: {exc}\n")
        return 2
    result = shield.preview(extracted.text, shield.load_vault(None))
    values = masked_values(result)
    if not show:
        sink.write(json.dumps({
            "file": str(path), "media_type": kind.media_type, "pages": extracted.pages,
            "characters": len(extracted.text), "masked": type_counts(values),
            "values": [{"type": v.entity_type, "count": v.count, "placeholder": v.placeholder} for v in values],
            "special_categories": list(result.special_categories),
        }, ensure_ascii=False) + "\n")
        return 0
    entities = shield.entities
    sink.write(f"{path}: {kind.media_type}, {len(extracted.text)} characters, {len(values)} distinct value(s), "
               f"{len(result.spans)} masked\n")
    for value in values:
        shown = " ".join(value.value.split())
        sink.write(f"  {entities.name(value.entity_type, 'en'):<22} {shown!s:<40} x{value.count:<4} "
                   f"-> {value.placeholder}\n")
    if result.special_categories:
        sink.write(f"  special categories: {', '.join(result.special_categories)}\n")
    return 0


def _document_limits() -> Limits:
    """The upload limits of the settings in the environment."""
    from kkgpt.documents.limits import Limits
    from kkgpt.settings import Settings

    settings = Settings()
    return Limits(max_bytes=settings.document_max_bytes, max_pages=settings.document_max_pages,
                  max_chars=settings.document_max_chars, max_unpacked_bytes=settings.document_max_unpacked_bytes)


def _documents(manifest: Path) -> list[dict[str, Any]]:
    """A manifest's files extracted as uploads are, with their values marked; what could not be used is
    reported on standard error."""
    from kkgpt.documents.labelled import labelled_lines

    documents = labelled_lines(manifest, _document_limits())
    for name, code in documents.refused:
        print(f"kkgpt pii eval: {name} was refused ({code}) and is not scored", file=sys.stderr)
    for name, value in documents.not_found:
        print(f"kkgpt pii eval: {name}: a listed value is not in the extracted text ({len(value)} characters)",
              file=sys.stderr)
    return documents.lines


def cmd_eval(args: argparse.Namespace) -> int:
    """Score the shield on a labelled set and print the figures as JSON."""
    from kkgpt.pii.evaluation import bundled_dev_set, format_report, load_lines, score

    path = args.path or bundled_dev_set()
    try:
        lines = _documents(path) if args.documents else load_lines(path)
    except OSError as exc:
        print(f"kkgpt pii eval: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    except (ValueError, KeyError) as exc:
        print(f"kkgpt pii eval: {path} is not a labelled JSON Lines set: {exc}", file=sys.stderr)
        return 2
    shield = _shield(args)
    report: dict[str, Any] = score(lines, shield.analyze, shield.entities)
    if args.show:
        print(format_report(report))
        return 0
    if not args.details:
        report = {k: v for k, v in report.items() if k not in ("misses", "false_positives")}
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


def add_pii_commands(commands: argparse._SubParsersAction) -> None:
    """Register `pii analyze` and `pii eval` on the main parser."""
    from kkgpt.pii.evaluation import bundled_dev_set

    pii = commands.add_parser("pii", help="run the PII shield on text from the command line")
    actions = pii.add_subparsers(dest="pii_command", metavar="ACTION", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--policy", type=Path, help="a policy file instead of the built-in one")
    common.add_argument("--nlp-model", help="an installed spaCy or transformers NER model to add to the rules")

    analyze = actions.add_parser(
        "analyze", parents=[common],
        help='read JSON Lines {"text": ...} from stdin, write {"entities": [...], '
             '"special_categories": [...]} per line (Python string offsets)',
        description='Reads JSON Lines {"text": ...} from standard input. Writes one JSON object per line: '
                    '{"entities": [{"type", "start", "end", "score"}], "special_categories": [...]}, '
                    "offsets as Python string indices. A line that is not such an object is reported on "
                    "standard error and skipped (exit code 1).",
    )
    analyze.add_argument("--show", action="store_true",
                         help="print each hit with its type and text, and what the model would receive "
                              "(with --file: one line per distinct value and its count)")
    analyze.add_argument("--file", type=Path, metavar="PATH",
                         help="extract a document (PDF, Word, Excel, mail, text...) as an upload would be and "
                              "show what would be masked in it, instead of reading stdin")
    analyze.set_defaults(handler=cmd_analyze)

    evaluate = actions.add_parser(
        "eval", parents=[common],
        help="score detections on a labelled JSON Lines set: recall, precision, F2, leaked share, per type",
    )
    evaluate.add_argument("path", type=Path, nargs="?",
                          help=f"the labelled set (default: the bundled dev set, {bundled_dev_set()})")
    evaluate.add_argument("--details", action="store_true", help="also list every miss and false positive")
    evaluate.add_argument("--show", action="store_true",
                          help="print a short report for people instead of JSON")
    evaluate.add_argument("--documents", action="store_true",
                          help="PATH is a manifest of real files ({file, source, values} per line): extract each "
                               "as an upload is and score the shield on the extracted text")
    evaluate.set_defaults(handler=cmd_eval)
