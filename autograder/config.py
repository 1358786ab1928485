"""The grader's configuration: every option, its type, default and description.

One frozen dataclass, :class:`GradeConfig`, declares every option of
``python -m autograder grade`` (in the spirit of otter-grader's configuration):
the command line is generated from it (autograder/cli.py), and library callers
build it directly::

    GradeConfig(assignment="logistic_regression", submissions=[Path("alice.ipynb")],
                out=Path("grading"), jobs=2)

A limit left at ``None`` takes the assignment's default from
:data:`ASSIGNMENT_LIMITS` (TensorFlow reserves far more address space and time
than NumPy), else :data:`DEFAULT_LIMITS`.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MiB = 1024 * 1024


def option(default: Any = dataclasses.MISSING, help: str = "", **extra: Any) -> Any:  # noqa: A002
    """A configuration field: its default and the description the CLI shows."""
    metadata = {"help": help, **extra}
    if callable(default) and not isinstance(default, type):
        return field(default_factory=default, metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class Limits:
    """The resource limits one submission runs under."""

    test_timeout: float = option(15.0, "wall-clock seconds one hidden test may spend in the student's code")
    cell_timeout: float = option(30.0, "wall-clock seconds one notebook cell (or .py statement) may take to run")
    cpu_seconds: float = option(120.0, "CPU seconds the student's code may use in all for one submission")
    submission_seconds: float = option(
        300.0, "wall-clock seconds one submission may take in all (its cells and every test)"
    )
    memory_mb: int = option(
        2048,
        "memory of the student's code, in MiB: the address space of each of its processes and, "
        "with control groups, the memory of all of them together",
    )
    processes: int = option(64, "processes and threads the student's code may run at once (with control groups)")
    cpu_cores: float = option(1.0, "CPU cores the student's code may keep busy at once (with control groups)")
    output_kb: int = option(64, "student output (print) kept for the feedback, in KiB")
    tmp_mb: int = option(64, "size of the student's private scratch directory, in MiB")
    max_result_mb: int = option(256, "largest result one call may send back, in MiB")
    gpu: bool = option(
        False,
        "the student's code may use the machine's NVIDIA GPUs (their device files are put in the "
        "sandbox, and TensorFlow's memory growth is on so that the jobs share them)",
    )


DEFAULT_LIMITS = Limits()

# Assignments that need more than the NumPy defaults: TensorFlow maps ~2 GiB of
# address space on import and builds models in the student's process.
_TENSORFLOW = {
    "memory_mb": 8192,
    "processes": 512,  # TensorFlow's thread pools
    "cell_timeout": 120.0,
    "test_timeout": 120.0,
    "cpu_seconds": 900.0,
    "submission_seconds": 1800.0,
}
ASSIGNMENT_LIMITS: dict[str, dict[str, Any]] = {
    "tensorflow_intro": _TENSORFLOW,
    "cnn_keras": _TENSORFLOW,
    "sequence_models": _TENSORFLOW,
}


def default_limits(assignment: str) -> Limits:
    return dataclasses.replace(DEFAULT_LIMITS, **ASSIGNMENT_LIMITS.get(assignment, {}))


def _limit(name: str, metavar: str) -> Any:
    """A command-line override of one of :class:`Limits`; None keeps the assignment's default.
    Its help is the limit's own, with the defaults of :data:`DEFAULT_LIMITS` and
    :data:`ASSIGNMENT_LIMITS` (so no number is written twice)."""
    spec = Limits.__dataclass_fields__[name]
    others = {value: [a for a, limits in ASSIGNMENT_LIMITS.items() if limits.get(name) == value] for value in
              {limits[name] for limits in ASSIGNMENT_LIMITS.values() if name in limits}}  # fmt: skip
    notes = "".join(f"; {value:g} for {', '.join(names)}" for value, names in sorted(others.items()))
    return option(None, f"{spec.metadata['help']} (default {spec.default:g}{notes})", limit=True, metavar=metavar)


@dataclass(frozen=True)
class GradeConfig:
    """Options of ``python -m autograder grade``."""

    assignment: str = option(
        help="the assignment to grade (see `python -m autograder list`)",
        positional=True,
        metavar="ASSIGNMENT",
    )
    submissions: list[Path] = option(
        help="notebooks (.ipynb), Python files (.py), or nbgrader submitted/ directories "
        "(every <student>/<ASSIGNMENT>/*.ipynb under one is a submission)",
        positional=True,
        nargs="+",
        metavar="SUBMISSION",
    )
    out: Path = option(help="directory for <id>/results.json, <id>/feedback.html, grades.csv", required=True)
    student: list[str] | None = option(
        None,
        "grade only this student's submission (an nbgrader student id, or a loose file's id); "
        "repeat for several; the other rows of grades.csv are kept",
        metavar="ID",
        action="append",
    )
    jobs: int = option(
        lambda: len(os.sched_getaffinity(0)),
        "submissions graded in parallel (default: the number of CPU cores)",
        metavar="N",
    )
    force: bool = option(False, "regrade every submission, even those whose cached result is current")
    db: str | None = option(
        None,
        "nbgrader gradebook URL where scores of a submitted/ directory are recorded "
        "(default: the course's db_url from its nbgrader_config.py)",
    )
    no_db: bool = option(False, "do not record scores in nbgrader's gradebook")
    no_sandbox: bool = option(
        False,
        "run student code without bubblewrap (process limits only: reduced isolation); "
        "also the fallback when bwrap is missing",
    )
    no_cgroups: bool = option(
        False,
        "do not put each submission in a control group (its memory, process and CPU limits then "
        "apply to each process on its own); also the fallback where control groups are not writable",
    )
    progress: bool | None = option(None, "show a progress bar (default: when standard error is a terminal)")
    quiet: bool = option(False, "print only the summary")
    test_timeout: float | None = _limit("test_timeout", "SECONDS")
    cell_timeout: float | None = _limit("cell_timeout", "SECONDS")
    cpu_seconds: float | None = _limit("cpu_seconds", "SECONDS")
    submission_seconds: float | None = _limit("submission_seconds", "SECONDS")
    memory_mb: int | None = _limit("memory_mb", "MIB")
    processes: int | None = _limit("processes", "N")
    cpu_cores: float | None = _limit("cpu_cores", "CORES")
    output_kb: int | None = _limit("output_kb", "KIB")
    tmp_mb: int | None = _limit("tmp_mb", "MIB")
    max_result_mb: int | None = _limit("max_result_mb", "MIB")
    gpu: bool = option(
        False,
        Limits.__dataclass_fields__["gpu"].metadata["help"]
        + "; by default it runs on the CPU, as the reference does, so results compare to float32 precision",
    )
    max_file_mb: int = option(50, "submission files larger than this are not graded, in MiB", metavar="MIB")

    def limits(self) -> Limits:
        """The limits for this assignment: its defaults, with the options given here on top."""
        chosen = {
            f.name: getattr(self, f.name) for f in dataclasses.fields(Limits) if getattr(self, f.name, None) is not None
        }
        return dataclasses.replace(default_limits(self.assignment), **chosen)
