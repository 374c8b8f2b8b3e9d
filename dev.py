#!/usr/bin/env python3
"""Developer entry point: ``python3 dev.py up`` starts SPBE Graph, ``python3 dev.py test`` tests it.

Standard library only, so it runs on a fresh machine with nothing but Python 3.11+. It:

1. creates the virtual environment ``.venv`` if it is missing;
2. runs ``pip install -c constraints.txt -e '.[dev]'`` whenever ``pyproject.toml`` or
   ``constraints.txt`` differs from the one last installed (their sha256 is kept in
   ``.venv/.spbe-installed``): ``constraints.txt`` pins every package at the version CI tested;
3. for ``up``, installs the explorer's locked GraphiQL assets (``npm ci --prefix tools/explorer``)
   once, when npm is there (without them http://127.0.0.1:4000/explorer says how);
4. replaces itself with the real command, passing any extra arguments through:

   ``python3 dev.py up [ARGS]``    -> ``.venv/bin/spbe up [ARGS]``
   ``python3 dev.py test [ARGS]``  -> ``.venv/bin/pytest [ARGS]``
   ``python3 dev.py lint``         -> ``ruff check`` and ``mypy`` over the project
   ``python3 dev.py spbe ARGS``    -> ``.venv/bin/spbe ARGS`` (any other subcommand)
   ``python3 dev.py lock``         -> rewrite ``constraints.txt`` from ``.venv`` (``pip freeze``);
                                      to upgrade: delete it, ``python3 dev.py lock``, run the tests
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".spbe-installed"
CONSTRAINTS = "constraints.txt"
USAGE = "usage: python3 dev.py {up,test,lint,spbe,lock} [ARGS...]"
_LOCK_HEADER = """\
# Every package CI tested, at the version it tested (pip constraints: dev.py and .ci/run install
# with -c constraints.txt, and so does the Dockerfile). Made by `python3 dev.py lock` from .venv;
# to upgrade: delete this file, run `python3 dev.py lock`, then the tests.
"""


def _say(message: str) -> None:
    print(f"dev.py: {message}", file=sys.stderr, flush=True)


def ensure_venv() -> Path:
    """Create ``.venv`` unless it exists; return its Python."""
    python = BIN / "python"
    if python.exists():
        return python
    _say(f"creating the virtual environment in {VENV}")
    try:
        venv.EnvBuilder(with_pip=True, upgrade_deps=False).create(VENV)
    except (subprocess.CalledProcessError, OSError) as exc:
        _say(f"could not create {VENV}: {exc}")
        _say("on Debian/Ubuntu install the venv module first: apt-get install python3-venv")
        sys.exit(1)
    return python


def install_stamp(root: Path = ROOT) -> str:
    """What ``.venv/.spbe-installed`` holds after installing ``root``'s pyproject.toml with its
    constraints.txt (when there is one)."""
    digest = hashlib.sha256((root / "pyproject.toml").read_bytes())
    constraints = root / CONSTRAINTS
    if constraints.exists():
        digest.update(b"\0" + constraints.read_bytes())
    return digest.hexdigest()


def install_command(python: Path, root: Path = ROOT) -> list[str]:
    """The pip command that installs the project and its dev dependencies, pinned by
    ``constraints.txt`` when there is one."""
    command = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    if (root / CONSTRAINTS).exists():
        command += ["-c", str(root / CONSTRAINTS)]
    return [*command, "-e", ".[dev]"]


def needs_install(root: Path = ROOT, venv_dir: Path = VENV) -> bool:
    """Whether pyproject.toml or constraints.txt changed since the last install into ``venv_dir``
    (or none happened)."""
    stamp = venv_dir / STAMP.name
    if not stamp.exists() or not (venv_dir / BIN.name / "spbe").exists():
        return True
    return stamp.read_text().strip() != install_stamp(root)


def ensure_installed(python: Path) -> None:
    """Install the project and its dev dependencies if pyproject.toml or constraints.txt changed
    since last time."""
    if not needs_install():
        return
    wanted = install_stamp()
    _say("installing the project and its dependencies into .venv (new, or its pins changed)")
    result = subprocess.run(install_command(python), cwd=ROOT, check=False)
    if result.returncode != 0:
        _say("pip install failed; see the messages above")
        sys.exit(result.returncode)
    STAMP.write_text(wanted + "\n")


def ensure_explorer_assets(root: Path = ROOT) -> None:
    """``npm ci`` in tools/explorer unless its node_modules exists; optional: skipped without npm,
    and a failure only says so (docs/explorer.md)."""
    tool = root / "tools" / "explorer"
    npm = shutil.which("npm")
    if npm is None or (tool / "node_modules").exists() or not (tool / "package-lock.json").exists():
        return
    _say("installing the explorer's assets (npm ci --prefix tools/explorer)")
    command = [npm, "ci", "--prefix", str(tool), "--no-audit", "--no-fund", "--loglevel=error"]
    if subprocess.run(command, cwd=root, check=False).returncode != 0:
        _say("npm ci failed; the explorer's page will say how to install its assets")


def lock(python: Path, root: Path = ROOT) -> int:
    """Write ``constraints.txt``: ``pip freeze`` of ``.venv`` (without the project itself)."""
    freeze = [str(python), "-m", "pip", "freeze", "--exclude-editable", "--disable-pip-version-check"]
    result = subprocess.run(freeze, cwd=root, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        _say(f"pip freeze failed: {result.stderr.strip()}")
        return result.returncode
    pins = sorted((line for line in result.stdout.splitlines() if "==" in line), key=str.lower)
    (root / CONSTRAINTS).write_text(_LOCK_HEADER + "\n".join(pins) + "\n")
    STAMP.write_text(install_stamp(root) + "\n")
    _say(f"wrote {len(pins)} pins to {CONSTRAINTS}")
    return 0


def _exec(program: str, args: list[str]) -> None:
    path = BIN / program
    os.chdir(ROOT)
    os.execv(path, [str(path), *args])


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip() + "\n\n" + USAGE)
        return 0 if argv else 2
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be run by an older python3
        _say(f"Python 3.11 or newer is needed, this is {sys.version.split()[0]}")
        return 1
    command, rest = argv[0], argv[1:]
    if command not in ("up", "test", "lint", "spbe", "lock"):
        print(USAGE, file=sys.stderr)
        return 2
    python = ensure_venv()
    ensure_installed(python)
    if command == "up":
        ensure_explorer_assets()
        _exec("spbe", ["up", *rest])
    elif command == "spbe":
        _exec("spbe", rest)
    elif command == "test":
        _exec("pytest", rest)
    elif command == "lock":
        return lock(python)
    else:
        paths = rest or ["spbe", "gateway", "subgraphs", "tests", "dev.py"]
        ruff = subprocess.run([str(BIN / "ruff"), "check", *paths], cwd=ROOT, check=False).returncode
        mypy = subprocess.run([str(BIN / "mypy"), *paths], cwd=ROOT, check=False).returncode
        return ruff or mypy
    return 0  # not reached: exec replaced this process


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
