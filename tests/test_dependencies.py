"""pyproject.toml declares what the code imports and nothing more; the lock files and the image agree with it.

Imports are read from the source with `ast` and mapped to distributions with the installed metadata
(`importlib.metadata.packages_distributions`), so `import yaml` counts for PyYAML.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"
RUNTIME_LOCK = ROOT / "requirements" / "runtime.txt"
REGENERATE = "bash requirements/compile.sh"

# Declared but imported nowhere, and needed all the same: say who needs each one.
USED_INDIRECTLY = {
    "httptools": "uvicorn parses HTTP with it instead of the pure-Python h11 (less CPU per request)",
    "uvloop": "uvicorn's event loop when installed (loop=auto): less CPU per request and stream",
    "python-multipart": "FastAPI parses the Form(...) fields of the login, language and guidelines forms with it",
    "aiosqlite": "SQLAlchemy's driver for sqlite+aiosqlite:// database URLs",
    "asyncpg": "SQLAlchemy's driver for postgresql+asyncpg:// database URLs",
    "itsdangerous": "Starlette's SessionMiddleware signs the session cookie (which carries the session token) with it",
    "tzdata": "zoneinfo's Europe/Copenhagen (the statistics' calendar) where the system has no time zone data",
    "pytest-asyncio": "pytest plugin that runs the async tests (asyncio_mode = auto)",
    "pytest-socket": "pytest plugin behind --disable-socket in addopts",
}

# Imported only under `try: ... except ImportError`, so kkgpt works without them.
OPTIONAL_IMPORTS = {
    "azure": "azure-identity, the `azure` extra: Entra ID sign-in to Azure OpenAI",
    "httpx2": "the openai SDK's HTTP client from 3.x; kkgpt.transport also catches its errors when present",
    "transformers": "Hugging Face NER models (KKGPT_NLP_MODEL=hf:...), installed only where one is used",
}


@dataclass(frozen=True)
class Import:
    """One top-level module name imported by one file."""

    name: str
    path: Path
    guarded: bool  # inside `try:` with an `except ImportError` (or ModuleNotFoundError) handler


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    caught = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(c, ast.Name) and c.id in {"ImportError", "ModuleNotFoundError"} for c in caught)


def _imports_of(path: Path) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    guarded: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(_catches_import_error(h) for h in node.handlers):
            guarded.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [Import(name.partition(".")[0], path, id(node) in guarded) for name in names]
    return found


def third_party_imports(*folders: str) -> list[Import]:
    """Imports of packages that are neither the standard library nor our own code."""
    files = [path for folder in folders for path in sorted((ROOT / folder).rglob("*.py"))]
    local = {"kkgpt", "tests", "benchmarks"} | {path.stem for path in files}
    return [
        imp
        for path in files
        for imp in _imports_of(path)
        if imp.name not in sys.stdlib_module_names and imp.name not in local
    ]


@cache
def _distributions_of() -> dict[str, frozenset[str]]:
    return {
        name: frozenset(canonicalize_name(dist) for dist in dists)
        for name, dists in importlib.metadata.packages_distributions().items()
    }


def distributions(module: str) -> frozenset[str]:
    """The installed distributions that provide a top-level module (empty when none is installed)."""
    return _distributions_of().get(module, frozenset())


def _names(requirements: Iterable[str]) -> set[str]:
    return {canonicalize_name(Requirement(r).name) for r in requirements}


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
RUNTIME = _names(PROJECT["dependencies"])
EXTRAS = {extra: _names(reqs) for extra, reqs in PROJECT["optional-dependencies"].items()}


def _undeclared(imports: list[Import], declared: set[str]) -> list[str]:
    return sorted(
        {
            f"{imp.path.relative_to(ROOT)} imports {imp.name!r} "
            f"({', '.join(sorted(distributions(imp.name))) or 'no installed distribution provides it'})"
            for imp in imports
            if not imp.guarded and not distributions(imp.name) & declared
        }
    )


def test_kkgpt_imports_only_declared_runtime_dependencies() -> None:
    assert _undeclared(third_party_imports("kkgpt"), RUNTIME) == []


def test_tests_and_benchmarks_import_only_declared_dependencies() -> None:
    assert _undeclared(third_party_imports("tests", "benchmarks"), RUNTIME | EXTRAS["test"]) == []


def test_optional_imports_are_listed_and_still_used() -> None:
    imports = third_party_imports("kkgpt", "tests", "benchmarks")
    guarded = {imp.name for imp in imports if imp.guarded}
    declared = RUNTIME.union(*EXTRAS.values())
    unlisted = {
        name for name in guarded if name not in OPTIONAL_IMPORTS and not distributions(name) & declared
    }
    assert unlisted == set(), (
        "guarded imports of undeclared packages: declare them or list them in OPTIONAL_IMPORTS"
    )
    assert set(OPTIONAL_IMPORTS) - guarded == set(), "stale OPTIONAL_IMPORTS entries"


def _imported_distributions(*folders: str) -> set[str]:
    return set().union(*(distributions(imp.name) for imp in third_party_imports(*folders)))


def test_every_runtime_dependency_is_imported_or_explained() -> None:
    unused = RUNTIME - _imported_distributions("kkgpt") - set(USED_INDIRECTLY)
    assert unused == set(), "declared but never imported by kkgpt/: remove, or explain in USED_INDIRECTLY"


def test_every_test_dependency_is_imported_or_explained() -> None:
    unused = EXTRAS["test"] - _imported_distributions("tests", "benchmarks") - set(USED_INDIRECTLY)
    assert unused == set(), "test extra never imported by tests/: remove, or explain in USED_INDIRECTLY"


def test_used_indirectly_lists_only_declared_packages_nobody_imports() -> None:
    declared = RUNTIME.union(*EXTRAS.values())
    assert set(USED_INDIRECTLY) <= declared
    assert set(USED_INDIRECTLY) & _imported_distributions("kkgpt", "tests", "benchmarks") == set()


@dataclass
class Pin:
    """One package in a lock file: its exact version and how many file hashes it carries."""

    version: Version
    hashes: int = 0


def read_lock(path: Path) -> dict[str, Pin]:
    """Parse a `pip-compile --generate-hashes` file: `name==version \\` lines, each followed by hashes."""
    pins: dict[str, Pin] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.strip().removesuffix("\\").strip()
        if not text or text.startswith("#"):
            continue
        if not line[0].isspace():
            requirement = Requirement(text)
            [specifier] = requirement.specifier
            assert specifier.operator == "==", f"{path.name}: {text} is not pinned exactly"
            current = canonicalize_name(requirement.name)
            pins[current] = Pin(Version(specifier.version))
        elif text.startswith("--hash=sha256:") and current is not None:
            pins[current].hashes += 1
    return pins


LOCKS = {LOCK: ("test", "azure"), RUNTIME_LOCK: ("azure",)}


@pytest.mark.parametrize("lock", LOCKS, ids=lambda path: path.name)
def test_lock_pins_every_package_with_hashes(lock: Path) -> None:
    pins = read_lock(lock)
    assert pins, f"{lock.name} is empty"
    assert [name for name, pin in pins.items() if pin.hashes == 0] == []
    assert REGENERATE in lock.read_text(encoding="utf-8")[:400], "the header must say how to regenerate it"


@pytest.mark.parametrize("lock", LOCKS, ids=lambda path: path.name)
def test_lock_satisfies_pyproject(lock: Path) -> None:
    pins = read_lock(lock)
    declared = list(PROJECT["dependencies"])
    for extra in LOCKS[lock]:
        declared += PROJECT["optional-dependencies"][extra]
    problems = []
    for text in declared:
        requirement = Requirement(text)
        pin = pins.get(canonicalize_name(requirement.name))
        if pin is None:
            problems.append(f"{requirement.name} is declared but not locked")
        elif not requirement.specifier.contains(pin.version, prereleases=True):
            problems.append(f"{requirement.name}=={pin.version} is outside {requirement.specifier}")
    assert problems == [], f"{lock.name} disagrees with pyproject.toml; run {REGENERATE}"


def test_runtime_lock_is_the_full_lock_without_test_packages() -> None:
    full, runtime = read_lock(LOCK), read_lock(RUNTIME_LOCK)
    assert set(runtime) - set(full) == set()
    assert {
        name: str(pin.version) for name, pin in runtime.items() if full[name].version != pin.version
    } == {}
    # Some test extras (packaging) are runtime dependencies of dependencies; the test tools are not.
    assert {"pytest", "playwright", "hypothesis", "respx"} & set(runtime) == set()


def test_dockerfile_base_images_are_pinned_by_digest() -> None:
    bases = re.findall(r"^FROM\s+(\S+)", (ROOT / "Dockerfile").read_text(encoding="utf-8"), re.MULTILINE)
    assert bases
    assert [base for base in bases if not re.fullmatch(r"[\w./:-]+@sha256:[0-9a-f]{64}", base)] == []


def test_dockerfile_installs_from_the_runtime_lock() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements/runtime.txt" in dockerfile
