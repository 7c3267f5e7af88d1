"""The public API of kkgpt.pii: what `__all__` promises can be imported, and importing it is cheap."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import kkgpt.pii


@pytest.mark.parametrize("name", kkgpt.pii.__all__)
def test_every_name_in_all_is_importable(name: str) -> None:
    module = importlib.import_module("kkgpt.pii")
    assert getattr(module, name) is not None


def test_all_has_no_duplicates() -> None:
    assert len(kkgpt.pii.__all__) == len(set(kkgpt.pii.__all__))


def test_star_import_gives_exactly_all() -> None:
    namespace: dict[str, object] = {}
    exec("from kkgpt.pii import *", namespace)
    assert set(namespace) - {"__builtins__"} == set(kkgpt.pii.__all__)


def test_submodules_are_not_shadowed() -> None:
    # `restore` is deliberately not exported: as a package attribute it would hide kkgpt.pii.restore.
    import kkgpt.pii.restore

    assert hasattr(kkgpt.pii.restore, "StreamRestorer")


def test_importing_the_package_loads_no_nlp_stack() -> None:
    code = (
        "import sys, kkgpt.pii; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'spacy', 'presidio_analyzer'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
