"""Where the Danish PII dev set is: the shared copy beside the checkout when present, else the one in the repo."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "pii" / "dev.jsonl"
BUNDLED = ROOT / "kkgpt" / "pii" / "data" / "dev.jsonl"


def devset_path() -> Path:
    """The dev set to use."""
    return SHARED if SHARED.is_file() else BUNDLED


def devset_lines() -> list[dict]:
    """The dev set's lines, parsed."""
    return [json.loads(line) for line in devset_path().read_text(encoding="utf-8").splitlines() if line.strip()]
