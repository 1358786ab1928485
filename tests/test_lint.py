"""ruff keeps the project's Python code clean (configuration in pyproject.toml): the test
runs exactly the ruff commands of `make lint` (`ruff check` and `ruff format --check`)."""

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def lint_commands() -> dict[str, list[str]]:
    """`make lint`'s ruff commands, expanded by make itself (-n: printed, not run)."""
    printed = subprocess.run(["make", "-s", "-n", "lint"], cwd=ROOT, capture_output=True, text=True, check=True)
    commands = {}
    for line in printed.stdout.splitlines():
        words = shlex.split(line)
        if words and words[0].endswith("/ruff"):
            commands[words[1]] = [str(Path(sys.executable).with_name("ruff")), *words[1:]]
    return commands


def test_the_lint_target_checks_and_format_checks_what_ships():
    commands = lint_commands()
    assert set(commands) == {"check", "format"} and "--check" in commands["format"]
    for command in commands.values():
        for path in (
            "autograder",
            "dlcourse",
            "book/_ext",
            "benchmarks",
            "tests",
            "solutions/deep_network/deep_network_checks.py",
        ):
            assert path in command, (path, command)
        assert command[-2:] == ["--extend-exclude", "tests/autograder/fixtures"]


@pytest.mark.parametrize("kind", ["check", "format"])
def test_ruff_finds_nothing(kind):
    result = subprocess.run(lint_commands()[kind], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
