"""Same detections before and after a change meant only to make the shield faster (a check, not a test).

Run: `.venv/bin/python benchmarks/pii_equivalence.py record FILE` on the base commit, then
`.venv/bin/python benchmarks/pii_equivalence.py compare FILE` on the branch. It runs the production shield
over every line of benchmarks/data/*_pii.jsonl, the extracted real files of benchmarks/data/*_files, the
development set (if `--dev` names it), the texts of benchmarks/pii_bench.py and the turn benchmark's
prompts, and records the analyzer's detections (type, start, end, score) and the shield's (after the
policy); `compare` prints every text whose detections differ and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

DATA = ROOT / "benchmarks" / "data"


def texts(dev: Path | None) -> Iterator[tuple[str, str]]:
    """(key, text) for every text checked."""
    from kkgpt.documents.labelled import labelled_lines
    from kkgpt.documents.limits import Limits
    from kkgpt.pii.evaluation import load_lines

    lines = sorted(DATA.glob("*_pii.jsonl")) + ([dev] if dev else [])
    for path in lines:
        for k, line in enumerate(load_lines(path)):
            yield f"{path.name}:{k}", line["text"]
    limits = Limits(max_bytes=20_000_000, max_pages=500, max_chars=2_000_000, max_unpacked_bytes=200_000_000)
    for folder in sorted(DATA.glob("*_files")):
        for k, line in enumerate(labelled_lines(folder / "manifest.jsonl", limits).lines):
            yield f"{folder.name}:{k}", line["text"]
    import pii_bench
    rng = random.Random(pii_bench.SEED)
    counts = {"300 B": 200, "1 KB": 200, "10 KB": 40, "100 KB": 8}
    for label, size in pii_bench.SIZES.items():
        for k in range(counts[label]):
            yield f"pii_bench {label}:{k}", pii_bench.make_text(size, rng)
    from tests.pii.adversarial import cases
    for label, text in cases(6_000):
        yield f"adversarial {label}", text
    from load import NAMES, PROMPT
    for k, name in enumerate(NAMES):
        yield f"turn prompt {k}", PROMPT.format(name=name, phone=f"{20 + k} 45 67 89")


def detections(dev: Path | None) -> dict[str, list]:
    """key -> [analyzer's detections, shield's detections]."""
    from kkgpt.pii import build_shield

    shield = build_shield()
    analyzer = shield._analyzer
    found = {}
    for key, text in texts(dev):
        found[key] = [[[d.entity_type, d.start, d.end, d.score] for d in analyzer.analyze(text)],
                      [[d.entity_type, d.start, d.end, d.score] for d in shield.analyze(text)]]
    return found


def main() -> None:
    """Record or compare."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("record", "compare"))
    parser.add_argument("file", type=Path)
    parser.add_argument("--dev", type=Path, help="a development set in the blind sets' format")
    args = parser.parse_args()
    found = detections(args.dev)
    if args.action == "record":
        args.file.write_text(json.dumps(found))
        print(f"{len(found)} texts, {sum(len(a) for a, _ in found.values())} detections recorded")
        return
    before = json.loads(args.file.read_text())
    differ = [key for key in before.keys() | found.keys() if before.get(key) != found.get(key)]
    for key in sorted(differ):
        print(f"{key}:\n  before {before.get(key)}\n  after  {found.get(key)}")
    print(f"{len(found)} texts, {len(differ)} differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
