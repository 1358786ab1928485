"""A student whose code runs in a worker process: what the hidden tests call.

``SandboxStudent`` has the interface of :class:`autograder.student.NamespaceStudent`
(``student.f(*args)``, ``student.drive(name, *args)``), but every call crosses to
the submission's worker as codec data (autograder/launcher.py). It applies the
limits: a call gets at most what is left of its test's wall time; when a limit
stops the worker, that test fails with a message naming the limit and the next
test starts a fresh worker (re-running the submission's cells), until the
submission's CPU budget is spent.
"""

from __future__ import annotations

import builtins
import difflib
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dlcourse import failures
from dlcourse.checking import NOT_IMPLEMENTED
from dlcourse.compare import Mismatch

from .config import Limits
from .launcher import GraderError, LoadReport, WorkerFailure, WorkerProcess
from .student import StudentError

STARTUP_SECONDS = 60.0  # Python, NumPy and the worker itself, on a loaded machine


@dataclass(frozen=True)
class Cell:
    label: str  # grade_id, "cell N", or "line N" of a .py file
    source: str


@dataclass
class Program:
    """A submission's code, in the order it runs."""

    cells: list[Cell]
    kind: str  # "notebook" or "python"
    module_name: str = "__main__"

    def where(self, cell: str | None, line: int | None) -> str:
        if cell is None:
            return ""
        if self.kind == "python":
            return f"line {line}" if line else cell
        return f"cell `{cell}`" + (f", line {line}" if line else "")


@dataclass
class CellProblem:
    label: str
    message: str


@dataclass
class LoadSummary:
    """What the student is told about running their code (before any test)."""

    problems: list[CellProblem] = field(default_factory=list)
    functions: list[str] = field(default_factory=list)
    output: str = ""
    output_dropped: int = 0


LIMIT_ADVICE = {
    "timeout": "look for an infinite loop, or a loop over every element that NumPy could do at once",
    "cpu": "the code uses far more computation than the assignment needs",
    "memory": "look for an array far larger than the inputs (an outer product, a growing list)",
}


class SandboxStudent:
    def __init__(self, assignment: str, program: Program, limits: Limits, sandboxed: bool) -> None:
        self._assignment = assignment
        self._program = program
        self._limits = limits
        self._sandboxed = sandboxed
        self._worker: WorkerProcess | None = None
        self._skip: set[int] = set()
        self._summary: LoadSummary | None = None
        self._cpu_spent = 0.0  # by workers that have ended
        self._deadline = math.inf
        self._ends_at = time.monotonic() + limits.submission_seconds
        self._test_failure: str | None = None
        self._problems: list[CellProblem] = []  # of the first run of the cells
        self._fatal: str | None = None  # why nothing can run any more
        self.limit_events: list[tuple[str, str]] = []  # (kind, message), for the instructor
        self._standins: dict[str, Callable[..., Any]] = {}  # callee -> reference, during a test

    # -- the runner's hooks -------------------------------------------------------------

    def begin_test(self, name: str, standins: dict[str, Callable[..., Any]] | None = None) -> None:
        self._deadline = time.monotonic() + self._limits.test_timeout
        self._test_failure = None
        self._standins = dict(standins or {})

    def end_test(self, name: str) -> None:
        self._deadline = math.inf
        self._standins = {}

    def _answer(self, message: dict[str, Any]) -> dict[str, Any]:
        """A stand-in's call, forwarded by the worker while a call of this test runs: the
        reference's result as data, or its error's type and first line. Any other name is
        refused, so the worker can reach only this test's callees, and only meanwhile."""
        name = str(message.get("name"))
        function = self._standins.get(name)
        if function is None:
            return {"error": {"type": "NameError", "message": f"`{name}` is not available here"}}
        args, kwargs = message.get("args", []), message.get("kwargs", {})
        if not isinstance(args, list) or not isinstance(kwargs, dict):
            return {"error": {"type": "TypeError", "message": "malformed call"}}
        try:
            result = function(*args, **kwargs)
        except Exception as exc:
            text = str(exc).strip().splitlines()
            return {"error": {"type": type(exc).__name__, "message": text[0][:300] if text else ""}}
        # the caller's generator goes on from where the callee left it, as in one process
        drawn = {str(k): v for k, v in [*enumerate(args), *kwargs.items()] if isinstance(v, np.random.Generator)}
        return {"ok": result, "rng": drawn} if drawn else {"ok": result}

    # -- loading ------------------------------------------------------------------------

    def load(self) -> LoadSummary:
        """Run the submission's cells (once) and say what happened."""
        if self._summary is None:
            try:
                self._start_worker()
            except StudentError as exc:  # its cells used up the submission's time or CPU
                self._fatal = str(exc)
                self._summary = LoadSummary([*self._problems, CellProblem("", self._fatal)])
        assert self._summary is not None
        return self._summary

    def cpu_spent(self) -> float:
        worker = self._worker
        return self._cpu_spent + (worker.cpu_seen if worker is not None else 0.0)

    def _retire(self, worker: WorkerProcess, died: bool, graceful: bool = False) -> None:
        worker.stop(graceful=graceful)
        used = min(worker.cpu_upper_bound(), worker.cpu_limit) if died else worker.cpu_seen
        self._cpu_spent += used
        if self._worker is worker:
            self._worker = None

    def _out_of_time(self) -> str:
        return (
            f"Not run: the submission used up its time ({self._limits.submission_seconds:g} s for "
            "its code and all tests) in earlier tests."
        )

    def _start_worker(self) -> WorkerProcess:
        first = self._summary is None
        problems = self._problems if first else []
        while True:
            if time.monotonic() >= self._ends_at:
                raise StudentError(self._out_of_time())
            budget = self._limits.cpu_seconds - self._cpu_spent
            if budget < 0.5:
                raise StudentError(
                    f"Not run: the submission used up its CPU time ({self._limits.cpu_seconds:g} s "
                    "for all tests) in earlier tests."
                )
            worker = WorkerProcess(self._assignment, self._limits, self._sandboxed, budget, self._program.module_name)
            startup = min(time.monotonic() + STARTUP_SECONDS + self._limits.cell_timeout, self._ends_at)
            cells = [(c.label, c.source) for c in self._program.cells]
            try:
                report, index, failure = worker.start(cells, self._skip, startup, self._ends_at)
            except GraderError:
                if time.monotonic() >= self._ends_at:
                    raise StudentError(self._out_of_time()) from None
                raise
            if report is not None:
                break
            assert index is not None and failure is not None
            self._retire(worker, died=failure.kind != "timeout")
            self._skip.add(index)
            label = self._program.cells[index].label
            what = self._program.where(label, None) or label
            if failure.kind == "timeout":
                text = (
                    f"{what} ran longer than {self._limits.cell_timeout:g} s, the time limit "
                    "of one cell, and was stopped; the grader ran the rest without it."
                )
            else:
                text = f"{what}: {failure.message.replace(chr(10), ' ')}; the grader ran the rest without it."
            problems.append(CellProblem(label, text))
        self._worker = worker
        worker.stop_capturing()
        if first:
            self._summary = summarize(report, problems, self._program, worker)
        return worker

    # -- calls --------------------------------------------------------------------------

    def drive(self, name: str, *args: Any) -> Any:
        return self._call("drive", name, args, {})

    def signature_of(self, function: str) -> dict[str, Any]:
        """``{"parameters": [...], "defaults": {...}}`` of the student's ``function``."""
        return self._call("signature", function, (), {})

    def __getattr__(self, function: str) -> Callable[..., Any]:
        if function.startswith("_"):
            raise AttributeError(function)
        return lambda *args, **kwargs: self._call("call", function, args, kwargs)

    def _missing(self, function: str) -> str:
        summary = self.load()
        message = f"There is no function named `{function}`: check its name and its cell."
        close = difflib.get_close_matches(function, summary.functions, n=1, cutoff=0.75)
        if close:
            message += f" (There is a `{close[0]}`: is it misspelled?)"
        defines = re.compile(rf"^\s*def\s+{re.escape(function)}\s*\(", re.MULTILINE)
        sources = {c.label: c.source for c in self._program.cells}
        for problem in summary.problems:
            if problem.label == function or defines.search(sources.get(problem.label, "")):
                message += f" The code that defines it did not run: {problem.message}"
                break
        return message

    def _call(self, op: str, name: str, args: tuple, kwargs: dict) -> Any:
        if self._test_failure is not None:
            raise StudentError(self._test_failure)
        if time.monotonic() >= self._ends_at:
            raise StudentError(self._out_of_time())
        summary = self.load()
        if self._fatal is not None:
            raise StudentError(self._fatal)
        if op in ("call", "signature") and name not in summary.functions:
            raise StudentError(self._missing(name))
        worker = self._worker if self._worker is not None and self._worker.alive() else None
        if worker is None:
            if self._worker is not None:
                self._retire(self._worker, died=True)
            began = time.monotonic()
            worker = self._start_worker()
            self._deadline += time.monotonic() - began  # re-running the cells is not the test's time
        if math.isinf(self._deadline):  # called outside a test
            self._deadline = time.monotonic() + self._limits.test_timeout
        during = f"{name}(...)"
        request = {"op": op, "name": name, "args": list(args), "kwargs": kwargs}
        if op == "call" and self._standins:
            request["standins"] = sorted(self._standins)
        try:
            answer = self._answer if "standins" in request else None
            reply = worker.request(request, min(self._deadline, self._ends_at), during, answer)
        except WorkerFailure as failure:
            self._retire(worker, died=failure.kind != "timeout")
            if failure.kind == "timeout" and time.monotonic() >= self._ends_at:
                failure = WorkerFailure(
                    "timeout",
                    f"{during} was stopped when the submission reached its total time limit "
                    f"({self._limits.submission_seconds:g} s for its code and all tests)",
                )
            message = self._with_process_note(self._limit_message(failure), worker)
            self._test_failure = message
            self.limit_events.append((failure.kind, message))
            raise StudentError(message) from None
        if "ok" in reply:
            return reply["ok"]
        if "assertion" in reply:
            raise Mismatch(str(reply["assertion"]))
        error = reply.get("error") or {}
        kind = str(error.get("type", "Exception"))
        if kind == "MemoryError":
            self._retire(worker, died=False)  # a fresh process for the next test
            message = (
                f"{during} ran out of memory: the limit is {self._limits.memory_mb} MiB. "
                + LIMIT_ADVICE["memory"][0].upper()
                + LIMIT_ADVICE["memory"][1:]
                + "."
            )
            self.limit_events.append(("memory", message))
            raise StudentError(message)
        if kind == "CodecError":
            raise StudentError(f"{during} returned something that is not plain data: {error.get('message')}")
        raise StudentError(self._with_process_note(self._error_message(name, during, kind, error), worker))

    def _error_message(self, function: str, during: str, kind: str, error: dict[str, Any]) -> str:
        """What the student reads when their function raised: where in their own code (the
        outermost frame, with its line, and the innermost where it differs), and the hint of
        a typical failure (dlcourse.failures)."""
        if kind == "NotImplementedError" and not error.get("inner_cell"):
            return NOT_IMPLEMENTED.format(function=function)
        detail = str(error.get("message") or "")
        message = f"{during} raised {kind}" + (f": {detail}" if detail else "")
        where = self._program.where(error.get("cell"), error.get("line"))
        code = str(error.get("code") or "")
        if where:
            message += f" ({where}" + (f": `{code}`" if code else "") + ")"
        inner = self._program.where(error.get("inner_cell"), error.get("inner_line"))
        if inner:
            message += f"; the error itself was raised at {inner}"
        exception = getattr(builtins, kind, None)
        if not (isinstance(exception, type) and issubclass(exception, Exception)):
            exception = Exception
        try:
            stand_in = exception(detail)
        except Exception:
            stand_in = Exception(detail)
        for hint in failures.for_function(self._assignment, function):
            if hint.matches(stand_in, code):
                return f"{message}. Hint: {hint.text}"
        return message

    def _with_process_note(self, message: str, worker: WorkerProcess) -> str:
        """``message``, and that the process limit refused to start a process or thread,
        when it did (a fork bomb, or code that starts a pool of workers)."""
        refused = worker.group.refused_forks() if worker.group is not None else worker.refused_forks
        if not refused:
            return message
        return (
            f"{message.rstrip('.')}; the code also tried to run more than {self._limits.processes} processes "
            "and threads at once, the limit for a submission."
        )

    def _limit_message(self, failure: WorkerFailure) -> str:
        message = failure.message
        if failure.kind == "timeout":
            message = message.replace("the time limit", f"the time limit of one test ({self._limits.test_timeout:g} s)")
        advice = LIMIT_ADVICE.get(failure.kind)
        return message + (f": {advice}." if advice else ".")

    def close(self) -> None:
        if self._worker is not None:
            alive = self._worker.alive()
            self._retire(self._worker, died=not alive, graceful=alive)


def summarize(report: LoadReport, problems: list[CellProblem], program: Program, worker: WorkerProcess) -> LoadSummary:
    labels = [c.label for c in program.cells]
    for error in report.errors:
        label = labels[int(error["index"])]
        where = program.where(error.get("cell") or label, error.get("line"))
        detail = f": {error['message']}" if error.get("message") else ""
        problems.append(CellProblem(label, f"{where} raised {error['type']}{detail}"))
    order = {label: i for i, label in enumerate(labels)}
    problems.sort(key=lambda p: order.get(p.label, 0))
    output = bytes(worker.capture).decode("utf-8", errors="replace")
    return LoadSummary(problems, report.functions, output, worker.dropped)
