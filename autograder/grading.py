"""Grade submissions: one (``grade_submission``) or a batch (``grade_batch``).

A batch runs ``--jobs`` trusted grader processes; each takes one submission at a
time, reads its code, starts its worker (autograder/launcher.py), runs the hidden
tests against it (autograder/runner.py) and writes its results (autograder/results.py).
A submission whose results are current (autograder/cache.py) is not graded again.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.util
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import cgroups, paths
from .cache import cache_key
from .config import GradeConfig, Limits, MiB
from .launcher import GraderError, become_subreaper, close_fork_servers, gpu_devices, sandbox_problem
from .memo import MemoReference
from .reference import load_reference
from .results import (
    FEEDBACK,
    GRADES,
    RESULTS,
    atomic_write,
    feedback_html,
    read_results,
    remove_stale_temporaries,
    write_grades,
    write_submission,
)
from .runner import hidden_module, run_tests, test_title
from .sandboxed import SandboxStudent
from .submissions import Submission, SubmissionError, discover, read_program
from .summary import recognised_mistakes
from .testing import graded_tests

SANDBOXED = "bubblewrap sandbox"
REDUCED = "reduced: no sandbox"


def isolation_label(sandboxed: bool) -> str:
    """How student code is contained here: the sandbox, and what its limits count."""
    found = cgroups.layout()
    scope = f"limits per submission by {found.describe()}" if found else "limits per process"
    return f"{SANDBOXED if sandboxed else REDUCED}; {scope}"


class UnknownAssignment(ValueError):
    pass


@dataclass
class Row:
    """One submission's line in the batch report."""

    id: str
    score: float
    max_score: float
    status: str  # graded, unreadable, error
    cached: bool = False
    student: str | None = None
    course: str | None = None
    by_function: dict[str, list[float]] = field(default_factory=dict)
    path: str = ""
    message: str = ""
    mistakes: dict[str, list[str]] = field(default_factory=dict)  # function -> recognised mistakes


@dataclass
class BatchReport:
    assignment: str
    out: Path
    rows: list[Row]
    isolation: str
    isolation_note: str | None
    seconds: float
    gradebook: Any = None  # gradebook.RecordReport, when scores were recorded
    summary: Any = None  # summary.Summary

    @property
    def errors(self) -> list[Row]:
        return [r for r in self.rows if r.status == "error"]


def test_catalog(assignment: str) -> list[tuple[str, tuple[str, ...], float]]:
    """(title, functions, points) of every hidden test, in order."""
    return [(test_title(n, t), m.functions, m.points) for n, t, m in graded_tests(hidden_module(assignment))]


def by_function(tests: list[dict[str, Any]]) -> dict[str, list[float]]:
    """Points earned and available per primary function: what goes in nbgrader's
    grade cell ``test_<function>``."""
    out: dict[str, list[float]] = {}
    for test in tests:
        primary = test["tags"][0]
        earned, most = out.get(primary, [0.0, 0.0])
        out[primary] = [earned + test["score"], most + test["max_score"]]
    return out


def _test_entry(name: str, tags: tuple[str, ...], score: float, max_score: float, output: str) -> dict[str, Any]:
    return {
        "name": name,
        "score": score,
        "max_score": max_score,
        "status": "passed" if score == max_score else "failed",
        "tags": list(tags),
        "output": output,
        "visibility": "visible",
    }


def _results(
    assignment: str,
    submission: Submission,
    tests: list[dict[str, Any]],
    output: str,
    status: str,
    isolation: str,
    seconds: float,
    **extra: Any,
) -> dict[str, Any]:
    score = round(sum(t["score"] for t in tests), 6)
    max_score = round(sum(t["max_score"] for t in tests), 6)
    return {
        "score": score,
        "execution_time": round(seconds, 3),
        "output": output,
        "visibility": "visible",
        "tests": tests,
        "extra_data": {
            "id": submission.id,
            "assignment": assignment,
            "submission": submission.path.name,
            "student": submission.student,
            "max_score": max_score,
            "status": status,
            "isolation": isolation,
            "by_function": by_function(tests),
            "graded_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            **extra,
        },
    }


def not_graded(assignment: str, submission: Submission, reason: str, isolation: str, status: str) -> dict[str, Any]:
    """Results for a submission whose code could not be read (or graded): every test
    failed, with the reason."""
    if status == "unreadable":
        output = f"Your submission could not be graded: {reason}."
        per_test = "Not run: the submission could not be read (see above)."
    else:
        output = f"The grader failed on this submission ({reason}). Tell your instructor."
        per_test = "Not run: the grader failed (see above)."
    tests = [_test_entry(title, fns, 0.0, pts, per_test) for title, fns, pts in test_catalog(assignment)]
    return _results(assignment, submission, tests, output, status, isolation, 0.0)


def grade_submission(
    assignment: str,
    submission: Submission,
    limits: Limits,
    sandboxed: bool,
    max_file_bytes: int = 50 * MiB,
) -> dict[str, Any]:
    """The results.json content for one submission. Never raises for a bad submission."""
    isolation = isolation_label(sandboxed)
    began = time.monotonic()
    try:
        program = read_program(submission.path, max_file_bytes)
    except SubmissionError as exc:
        return not_graded(assignment, submission, str(exc), isolation, "unreadable")
    student = SandboxStudent(assignment, program, limits, sandboxed)
    try:
        summary = student.load()
        outcomes = run_tests(assignment, student, reference=remembered_reference(assignment))
    finally:
        student.close()
    tests = [_test_entry(o.name, o.tags, o.score, o.max_score, o.output) for o in outcomes]
    lines = []
    if not program.cells:
        lines.append("The grader found no code to run in your submission.")
    if summary.problems:
        lines.append("Some of your code raised an error or was stopped (the code after it still ran):")
        lines += [f"- {p.message}" for p in summary.problems]
    if summary.output_dropped:
        lines.append(f"Your code printed more than {limits.output_kb} KiB while it ran; only the start is kept.")
    printed = summary.output
    return _results(
        assignment,
        submission,
        tests,
        "\n".join(lines),
        "graded",
        isolation,
        time.monotonic() - began,
        problems=[p.message for p in summary.problems],
        printed=printed,
        limits_hit=[kind for kind, _ in student.limit_events],
        cpu_seconds=round(student.cpu_spent(), 3),
    )


@cache
def remembered_reference(assignment: str) -> MemoReference:
    """The reference, its results kept for the next submissions (autograder/memo.py)."""
    return MemoReference(load_reference(assignment))


# -- batches ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    assignment: str
    submission: Submission
    out: Path
    limits: Limits
    sandboxed: bool
    max_file_bytes: int
    force: bool


def _row(results: dict[str, Any], submission: Submission, cached: bool) -> Row:
    extra = results.get("extra_data", {})
    return Row(
        id=submission.id,
        score=float(results.get("score", 0.0)),
        max_score=float(extra.get("max_score", 0.0)),
        status=str(extra.get("status", "graded")),
        cached=cached,
        student=submission.student if submission.primary else None,
        course=str(submission.course) if submission.course else None,
        by_function=extra.get("by_function", {}),
        path=str(submission.path),
        message=results.get("output", "") if extra.get("status") != "graded" else "",
        mistakes=recognised_mistakes(results.get("tests", [])),
    )


def run_task(task: Task) -> Row:
    """Grade one submission of a batch and write its files (or reuse current ones)."""
    sub = task.submission
    folder = task.out / sub.id
    remove_stale_temporaries(folder)
    isolation = isolation_label(task.sandboxed)
    try:
        content = sub.path.read_bytes() if sub.path.stat().st_size <= task.max_file_bytes else b""
    except OSError:
        content = b""
    key = cache_key(task.assignment, content + sub.path.suffix.encode(), task.limits, isolation)
    if not task.force:
        old = read_results(folder / RESULTS)
        if old is not None and old["extra_data"].get("cache_key") == key:
            if not (folder / FEEDBACK).is_file():
                atomic_write(folder / FEEDBACK, feedback_html(old))
            return _row(old, sub, cached=True)
    try:
        results = grade_submission(task.assignment, sub, task.limits, task.sandboxed, task.max_file_bytes)
        results["extra_data"]["cache_key"] = key
    except Exception as exc:  # the grader's own failure: reported, never cached
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        kind = "the sandbox could not start" if isinstance(exc, GraderError) else type(exc).__name__
        results = not_graded(task.assignment, sub, kind, isolation, "error")
        results["extra_data"]["grader_error"] = detail
    write_submission(folder, results)
    return _row(results, sub, cached=False)


def _init_pool(assignment: str, sandboxed: bool, no_cgroups: bool = False, in_pool: bool = True) -> None:
    """A grader process of the pool: one BLAS thread (the pool is the parallelism), dies
    with the batch, and loads the hidden tests and the reference once."""
    if no_cgroups:
        cgroups.disable()
    if in_pool:
        try:
            import ctypes
            import signal

            ctypes.CDLL(None).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
        # when the pool ends, end this process's sandbox in order (not by its death):
        # bubblewrap then reaps it, so its CPU time is accounted to the grader
        multiprocessing.util.Finalize(None, close_fork_servers, exitpriority=10)
        # pool processes end without running atexit handlers
        multiprocessing.util.Finalize(None, cgroups.remove_folders, exitpriority=5)
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except ImportError:
        pass
    if not sandboxed:
        become_subreaper()
    # the reference's own warnings (a log of 0 in a test of extreme inputs) are not news
    warnings.simplefilter("ignore")
    hidden_module(assignment)
    remembered_reference(assignment)


def check_assignment(assignment: str) -> None:
    known = paths.assignments()
    if assignment not in known:
        listed = ", ".join(known) if known else "none yet"
        raise UnknownAssignment(f"unknown assignment {assignment!r}: the grader has hidden tests for {listed}")


def isolation_for(config: GradeConfig) -> tuple[bool, str | None]:
    """(sandboxed, note): the note says plainly when isolation is reduced, and why."""
    notes = []
    sandboxed = not config.no_sandbox and sandbox_problem() is None
    if config.no_sandbox:
        notes.append("isolation is reduced: --no-sandbox runs student code without bubblewrap")
    elif not sandboxed:
        notes.append(f"isolation is reduced: {sandbox_problem()}; student code runs with process limits only")
    if config.no_cgroups:
        cgroups.disable()
    if cgroups.problem() is not None:
        notes.append(f"limits apply to each process, not to a submission's processes together: {cgroups.problem()}")
    if config.gpu and not gpu_devices():
        notes.append("--gpu: this machine has no NVIDIA GPU (no /dev/nvidia*), so student code runs on the CPU")
    return sandboxed, "; ".join(notes) or None


def grade_batch(
    config: GradeConfig,
    on_result: Callable[[Row, int, int], None] | None = None,
    on_start: Callable[[int, int], None] | None = None,
) -> BatchReport:
    """Grade every submission of ``config``; write results, grades.csv and the summary.

    Raises UnknownAssignment or submissions.InputError before writing anything."""
    began = time.monotonic()
    check_assignment(config.assignment)
    subs = discover(list(config.submissions), config.assignment, config.student)
    if not subs:
        from .submissions import InputError

        raise InputError(
            f"no submissions found in {', '.join(map(str, config.submissions))}: a submitted/ "
            f"directory holds <student>/{config.assignment}/*.ipynb (to grade loose files, name "
            "them: DIR/*.ipynb)"
        )
    limits = config.limits()
    sandboxed, note = isolation_for(config)
    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)
    tasks = [Task(config.assignment, s, out, limits, sandboxed, config.max_file_mb * MiB, config.force) for s in subs]
    rows: dict[str, Row] = {}

    def done(row: Row) -> None:
        rows[row.id] = row
        if on_result is not None:
            on_result(row, len(rows), len(tasks))

    jobs = max(1, min(config.jobs, len(tasks)))
    if jobs == 1:
        _init_pool(config.assignment, sandboxed, config.no_cgroups, in_pool=False)
        if on_start is not None:
            on_start(len(tasks), jobs)
        try:
            for task in tasks:
                done(run_task(task))
        finally:
            close_fork_servers()
    else:
        context = multiprocessing.get_context("fork" if "tensorflow" not in sys.modules else "spawn")
        with ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_init_pool, initargs=(config.assignment, sandboxed, config.no_cgroups)
        ) as pool:
            # the first submit forks every grader process: before on_start may start a
            # progress bar's thread, which the forked processes must not inherit
            futures: dict[Future, Task] = {pool.submit(run_task, t): t for t in tasks}
            if on_start is not None:
                on_start(len(tasks), jobs)
            for future in as_completed(futures):
                task = futures[future]
                try:
                    done(future.result())
                except Exception as exc:  # the pool process itself died
                    results = not_graded(
                        config.assignment, task.submission, type(exc).__name__,
                        isolation_label(sandboxed), "error",
                    )  # fmt: skip
                    write_submission(out / task.submission.id, results)
                    done(_row(results, task.submission, cached=False))
    ordered = [rows[t.submission.id] for t in tasks]
    report = BatchReport(
        config.assignment, out, ordered, isolation_label(sandboxed), note,
        time.monotonic() - began,
    )  # fmt: skip
    if not config.no_db:
        from .gradebook import record_batch

        # the gradebook's scores (overrides, late penalty) go into the rows and files
        report.gradebook = record_batch(report, config.db)
    write_grades(out / GRADES, ordered, report.gradebook)
    from .summary import write_summary

    write_summary(report)
    return report
