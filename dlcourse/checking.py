"""The scaffolding every public check shares: calling the student's function safely,
on copies of the public inputs, saying where it failed, and saying that it passed.

A check module (``solutions/<name>/<name>_checks.py``) writes only its inputs, hints and
logic; it calls the student's function through :func:`call`::

    grads = call("L_model_backward", L_model_backward, AL, Y, caches, hints=[
        Hint((KeyError, IndexError), "caches[l] holds layer l+1's cache: check your index."),
    ])
    ...
    passed("L_model_backward")

When the function raises, :func:`call` raises :class:`StudentError` (a
:class:`dlcourse.compare.Mismatch`) whose message names the student's own frame: the
outermost frame of the traceback that lies in the student's code (a notebook cell, or
any file outside ``dlcourse``, NumPy, site-packages and the standard library), with the
line's number and text, then the exception's type and message, and the first
:class:`Hint` that matches. A stub that still raises ``NotImplementedError`` reads the
same in every assignment (:data:`NOT_IMPLEMENTED`).
"""

from __future__ import annotations

import re
import sysconfig
import traceback
from collections.abc import Callable, Iterable, Mapping
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .compare import Mismatch, check_keys, check_shape, check_tuple

NOT_IMPLEMENTED = "✗ {function}: not implemented yet (it raises NotImplementedError). Write its body in the cell above."
HELPER_NOT_IMPLEMENTED = (
    "✗ {function}: it calls {helper}, which is not implemented yet (it raises NotImplementedError). "
    "Write {helper} first."
)

_NOTEBOOK_CELL = re.compile(r"(^|/)ipykernel_\d+/\d+\.py$|^<ipython-input-")
_PACKAGE = Path(__file__).resolve().parent
_NUMPY = Path(np.__file__).resolve().parent
_LIBRARY_DIRS = tuple(
    Path(p).resolve() for key in ("stdlib", "platstdlib", "purelib", "platlib") if (p := sysconfig.get_path(key))
)


class StudentError(Mismatch):
    """The student's function raised; the message says where, in their code, and why."""

    def __init__(self, message: str, original: BaseException | None = None) -> None:
        super().__init__(message)
        self.original = original


@dataclass(frozen=True)
class Hint:
    """Advice for a typical failure: shown when the exception is one of ``exceptions`` and,
    if given, its message matches the regular expression ``message`` and the student's
    line contains ``line``."""

    exceptions: type[BaseException] | tuple[type[BaseException], ...]
    text: str
    message: str | None = None
    line: str | None = None

    def matches(self, exc: BaseException, source_line: str) -> bool:
        if not isinstance(exc, self.exceptions):
            return False
        if self.message is not None and not re.search(self.message, str(exc)):
            return False
        return self.line is None or self.line in source_line


# Shape errors as NumPy words them (matmul, broadcasting, reshape, concatenation).
SHAPE_ERROR = r"shape|broadcast|mismatch|dimension|aligned"


def passed(function: str) -> None:
    print(f"✓ {function} passed its public checks")


def copy(value: Any) -> Any:
    """A deep copy of nested tuples, lists and dicts of arrays, so that no function the
    student writes can change the public inputs (or the expected values)."""
    if isinstance(value, Mapping):
        return {k: copy(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return type(value)(copy(v) for v in value)
    if isinstance(value, np.random.Generator):  # a generator in the same state: the same draws each call
        return deepcopy(value)
    return value.copy() if isinstance(value, np.ndarray) else value


def is_notebook_cell(filename: str) -> bool:
    return bool(_NOTEBOOK_CELL.search(filename))


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def is_student_code(filename: str, checks_file: str | None = None) -> bool:
    """True for a notebook cell, and for any real file outside this package, the checks
    module, NumPy, the standard library and installed packages."""
    if is_notebook_cell(filename):
        return True
    if filename.startswith("<") and filename.endswith(">"):  # <frozen ...>, <string>
        return False
    path = Path(filename).resolve()
    if checks_file is not None and path == Path(checks_file).resolve():
        return False
    return not any(_inside(path, d) for d in (_PACKAGE, _NUMPY, *_LIBRARY_DIRS))


def _where(frame: traceback.FrameSummary) -> str:
    if is_notebook_cell(frame.filename):
        return f"line {frame.lineno} of your cell, in {frame.name}"
    return f"{Path(frame.filename).name}, line {frame.lineno}, in {frame.name}"


def explain(function: str, exc: BaseException, hints: Iterable[Hint] = (), checks_file: str | None = None) -> str:
    """The message for a student's function that raised ``exc``."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if is_student_code(f.filename, checks_file)]
    if isinstance(exc, NotImplementedError):
        # frames[0] is the student's function itself; a deeper frame is a helper it calls
        if len(frames) < 2 or frames[-1].name in (frames[0].name, "<module>"):
            return NOT_IMPLEMENTED.format(function=function)
        return HELPER_NOT_IMPLEMENTED.format(function=function, helper=frames[-1].name)
    text = str(exc)
    lines = [f"✗ {function} raised {type(exc).__name__}" + (f": {text}" if text else "")]
    source = ""
    if frames:
        outer, inner = frames[0], frames[-1]
        source = (outer.line or "").strip()
        lines.append(f"  where: {_where(outer)}")
        if source:
            lines.append(f"      {source}")
        if inner is not outer:
            lines.append(f"  (the error itself was raised at {_where(inner)}: {(inner.line or '').strip()})")
    for hint in hints:
        if hint.matches(exc, source):
            lines.append(f"  hint: {hint.text}")
            break
    return "\n".join(lines)


def call(
    function: str,
    f: Callable[..., Any],
    *args: Any,
    hints: Iterable[Hint] = (),
    copy_args: bool = True,
    **kwargs: Any,
) -> Any:
    """``f(*args, **kwargs)`` on copies of the arguments (unless ``copy_args=False``, for a
    check that the function leaves its arguments alone); a :class:`StudentError` that says
    where and why if it raises. ``function`` is the name the student knows it by."""
    checks_file = traceback.extract_stack(limit=2)[0].filename
    if not callable(f):
        raise StudentError(f"✗ {function} should be a function, but it is a {type(f).__name__}.")
    try:
        return f(*copy(args), **copy(kwargs)) if copy_args else f(*args, **kwargs)
    except Exception as exc:  # anything the student's code raises is reported, not re-raised
        raise StudentError(explain(function, exc, hints, checks_file), exc) from None


def check_like(name: str, got: Any, expected: Any) -> Any:
    """``got`` has ``expected``'s structure: the same tuple lengths, dict keys and array
    shapes, all the way down (values are compared separately)."""
    if isinstance(expected, Mapping):
        check_keys(name, got, list(expected))
        return {k: check_like(f"{name}[{k!r}]", got[k], v) for k, v in expected.items()}
    if isinstance(expected, (tuple, list)):
        items = check_tuple(name, got, len(expected))
        return tuple(check_like(f"{name}[{i}]", g, e) for i, (g, e) in enumerate(zip(items, expected, strict=True)))
    if isinstance(expected, np.ndarray):
        return check_shape(name, got, expected.shape)
    return got
