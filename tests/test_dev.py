"""dev.py: the stdlib-only front of the README's two commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import dev
from spbe.settings import PROJECT_ROOT


def _dev(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "dev.py"), *args], capture_output=True, text=True, timeout=120
    )


def test_help_and_unknown_commands() -> None:
    shown = _dev("--help")
    assert shown.returncode == 0 and "python3 dev.py up" in shown.stdout
    unknown = _dev("deploy")
    assert unknown.returncode == 2 and "usage: python3 dev.py" in unknown.stderr


def test_passes_arguments_and_exit_status_through() -> None:
    result = _dev("spbe", "migrate", "--help")
    assert result.returncode == 0
    assert "usage: spbe migrate" in result.stdout
    assert _dev("spbe", "no-such-command").returncode == 2


def test_reinstalls_only_when_pyproject_changes(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    venv_dir = tmp_path / ".venv"
    (venv_dir / "bin").mkdir(parents=True)
    assert dev.needs_install(tmp_path, venv_dir)  # never installed
    (venv_dir / "bin" / "spbe").write_text("")
    (venv_dir / ".spbe-installed").write_text(dev.install_stamp(tmp_path) + "\n")
    assert not dev.needs_install(tmp_path, venv_dir)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\nversion = '2'\n")
    assert dev.needs_install(tmp_path, venv_dir)


def test_reinstalls_when_the_constraints_change(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (tmp_path / "constraints.txt").write_text("orjson==3.10.0\n")
    venv_dir = tmp_path / ".venv"
    (venv_dir / "bin").mkdir(parents=True)
    (venv_dir / "bin" / "spbe").write_text("")
    (venv_dir / ".spbe-installed").write_text(dev.install_stamp(tmp_path) + "\n")
    assert not dev.needs_install(tmp_path, venv_dir)
    (tmp_path / "constraints.txt").write_text("orjson==3.11.0\n")
    assert dev.needs_install(tmp_path, venv_dir)


def test_installs_what_constraints_txt_pins(tmp_path: Path) -> None:
    command = dev.install_command(Path("/venv/bin/python"), PROJECT_ROOT)
    assert command[:3] == ["/venv/bin/python", "-m", "pip"]
    assert command[command.index("-c") + 1] == str(PROJECT_ROOT / "constraints.txt")
    assert command[-2:] == ["-e", ".[dev]"]
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert "-c" not in dev.install_command(Path("/venv/bin/python"), tmp_path)  # no file: no pins
