"""Calling a student's functions from a hidden test.

Hidden tests call ``student.f(*args)``. Every implementation copies arguments and
results through the data-only codec, so a test sees the same thing in-process (for
the reference self-test and nbgrader's own autograde) as through the sandbox.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

from dlcourse.compare import Mismatch

from .sandbox import codec


class StudentError(Mismatch):
    """The student's code did not return a result: missing, raised, or stopped by a limit."""


def describe_exception(function: str, exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    detail = f": {text[0][:300]}" if text else ""
    return f"{function}(...) raised {type(exc).__name__}{detail}"


def driver(assignment: str, name: str) -> Callable[..., Any]:
    """A driver: trusted glue that runs beside the student's code (in the worker) for
    results that are not plain data, e.g. build the student's Keras model, set given
    weights and return its outputs. Drivers live in ``autograder/sandbox/drivers/
    <assignment>.py`` as ``def name(namespace, *args)``; they hold no expected values."""
    module = importlib.import_module(f"autograder.sandbox.drivers.{assignment}")
    return getattr(module, name)


class NamespaceStudent:
    """The functions of a namespace (a notebook's globals, a module) as a student.

    ``student.f(*args)`` calls the student's ``f``; ``student.drive(name, *args)``
    calls the assignment's driver ``name`` on the student's namespace.
    """

    def __init__(self, namespace: MutableMapping[str, Any], assignment: str | None = None) -> None:
        self._namespace = namespace
        self._assignment = assignment
        self._standins: Mapping[str, Callable[..., Any]] = {}

    def begin_test(self, name: str, standins: Mapping[str, Callable[..., Any]] | None = None) -> None:
        """In-process calls have no per-test limits to arm (the sandboxed student does);
        ``standins`` replace the student's callees during each call of this test."""
        self._standins = dict(standins or {})

    def end_test(self, name: str) -> None:
        self._standins = {}

    def drive(self, name: str, *args: Any) -> Any:
        run = driver(str(self._assignment), name)
        args = codec.decode(codec.encode(args))
        try:
            result = run(self._namespace, *args)
        except AssertionError:
            raise
        except Exception as exc:
            raise StudentError(describe_exception(name, exc)) from None
        return codec.decode(codec.encode(result))

    def signature_of(self, function: str) -> dict[str, Any]:
        """``{"parameters": [...], "defaults": {...}}`` of the student's ``function``."""
        from .sandbox.worker import signature_of

        f = self._namespace.get(function)
        if not callable(f):
            raise StudentError(f"There is no function named `{function}`: check its name and its cell.")
        return signature_of(f)

    def __getattr__(self, function: str) -> Callable[..., Any]:
        if function.startswith("_"):
            raise AttributeError(function)
        return lambda *args, **kwargs: self._call(function, args, kwargs)

    def _call(self, function: str, args: tuple, kwargs: dict) -> Any:
        f = self._namespace.get(function)
        if not callable(f):
            raise StudentError(f"There is no function named `{function}`: check its name and its cell.")
        args, kwargs = codec.decode(codec.encode((args, kwargs)))
        missing = object()
        saved = {callee: self._namespace.get(callee, missing) for callee in self._standins}
        self._namespace.update(self._standins)
        try:
            result = f(*args, **kwargs)
        except Exception as exc:
            raise StudentError(describe_exception(function, exc)) from None
        finally:
            for callee, own in saved.items():
                if own is missing:
                    self._namespace.pop(callee, None)
                else:
                    self._namespace[callee] = own
        try:
            return codec.decode(codec.encode(result))
        except codec.CodecError as exc:
            raise StudentError(f"{function}(...) returned something that is not plain data: {exc}") from None
