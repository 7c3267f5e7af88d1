#!/usr/bin/env bash
# Regenerate the hashed lock files from pyproject.toml with pip-tools, resolving against PyPI only.
#   bash requirements/compile.sh                          keep the locked versions that still fit
#   bash requirements/compile.sh --upgrade                newest versions pyproject.toml allows
#   bash requirements/compile.sh --upgrade-package NAME   move one package (and what it needs)
# lock.txt: runtime + test + azure extras (CI, development). runtime.txt: runtime + azure (the image),
# resolved from lock.txt's pins so both files agree. Both are for CPython 3.11 on Linux, as CI and the image.
set -euo pipefail
cd "$(dirname "$0")/.."

# This machine's pip configuration (local mirrors, find-links, constraints) must not leak into the lock:
# the hashes have to be those of the files PyPI serves, or a clean machine cannot install them.
export PIP_CONFIG_FILE=/dev/null
unset PIP_FIND_LINKS PIP_EXTRA_INDEX_URL PIP_INDEX_URL PIP_CONSTRAINT PIP_REQUIRE_HASHES

tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
"${PYTHON:-python3.11}" -m venv "$tools"
"$tools/bin/pip" install -q --index-url https://pypi.org/simple 'pip-tools>=7.4,<8'

export CUSTOM_COMPILE_COMMAND="bash requirements/compile.sh"
compile() {
  "$tools/bin/pip-compile" -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
    --index-url https://pypi.org/simple \
    "$@" pyproject.toml
}
compile --extra test --extra azure --output-file requirements/lock.txt "$@"
cp requirements/lock.txt requirements/runtime.txt
compile --extra azure --output-file requirements/runtime.txt
