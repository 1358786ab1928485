"""The worker: runs one submission's code and serves calls to its functions.

Started by the grader (autograder/launcher.py) as ``python -I -S worker.py BOOT``,
inside bubblewrap when available. ``BOOT`` is JSON: the module search path, the
two protocol file descriptors, the resource limits and the assignment's name.
The worker

1. applies its limits (they cannot be raised again: no capabilities in the sandbox);
2. receives the submission's cells and runs them in order in one namespace,
   announcing each cell before it runs (so the grader can stop one that hangs
   and start again without it) and recording, not propagating, their errors;
3. answers calls ``{"op": "call", "name", "args", "kwargs"}`` and
   ``{"op": "drive", "name", "args"}`` with ``{"ok": result}`` or ``{"error": ...}``.

Everything crosses the dedicated pipes as codec data (never pickle). The
student's stdout and stderr are a separate pipe that the grader caps. This file
imports only the standard library and NumPy (through the codec) before running
the student's code, to keep a worker cheap to start.
"""

from __future__ import annotations

import builtins
import json
import os
import re
import resource
import sys
from typing import Any

_MAGIC = re.compile(r"^(\s*)([%!].*)$", re.MULTILINE)


def _limit(which: int, soft: int) -> None:
    _, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(which, (soft, soft if which != resource.RLIMIT_CPU else soft + 1))


def apply_limits(limits: dict[str, int]) -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if limits.get("cpu"):
        # soft limit: SIGXCPU; one second later the hard limit kills even a process ignoring it
        _limit(resource.RLIMIT_CPU, int(limits["cpu"]))
    if limits.get("address_space"):
        _limit(resource.RLIMIT_AS, int(limits["address_space"]))
    if limits.get("file_size"):
        _limit(resource.RLIMIT_FSIZE, int(limits["file_size"]))


def die_with_parent() -> None:
    """Without bubblewrap, nothing else ends the worker if the grader dies."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def first_line(text: str, limit: int = 300) -> str:
    lines = text.strip().splitlines()
    return lines[0][:limit] if lines else ""


def describe(exc: BaseException, files: dict[str, str]) -> dict[str, Any]:
    """The exception as plain data: type, first line of its message, and the cell and line
    of the student's code (``files`` maps compiled file names to cell labels) where the
    last frame of theirs was."""
    try:
        kind = type(exc).__name__
        message = first_line(str(exc))
    except BaseException:  # a student exception whose __str__ misbehaves
        kind, message = "Exception", "(its message could not be read)"
    if isinstance(exc, SystemExit):
        message = "sys.exit() was called"
    line = cell = None
    if isinstance(exc, SyntaxError) and exc.filename in files:
        line, cell = exc.lineno, files[exc.filename]
        message = exc.msg if isinstance(exc.msg, str) else message
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name in files:
            line, cell = tb.tb_lineno, files[name]
        tb = tb.tb_next
    return {"type": kind, "message": message, "line": line, "cell": cell}


def compile_cell(source: str, filename: str) -> Any:
    try:
        return compile(source, filename, "exec", dont_inherit=True)
    except SyntaxError:
        if not _MAGIC.search(source):
            raise
    # IPython magics and shell escapes (%matplotlib inline, !pip ...) are not Python:
    # the grader skips them, as if they were comments, and keeps the line numbers.
    cleaned = _MAGIC.sub(r"\1pass", source)
    return compile(cleaned, filename, "exec", dont_inherit=True)


def display(*objects: Any, **_: Any) -> None:
    """Jupyter's ``display``, for code written for a notebook: print the objects."""
    for obj in objects:
        print(repr(obj))


def flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass


class Worker:
    def __init__(self, boot: dict[str, Any]) -> None:
        from autograder.sandbox import codec, wire

        self.codec = codec
        self.wire = wire
        self.rfd = int(boot["rfd"])
        self.wfd = int(boot["wfd"])
        self.assignment = str(boot["assignment"])
        self.namespace: dict[str, Any] = {}
        self.files: dict[str, str] = {}  # compiled file name -> cell label

    def send(self, message: dict[str, Any]) -> None:
        flush()  # the student's output so far belongs before this message
        try:
            payload = self.codec.encode(message)
        except self.codec.CodecError as exc:
            payload = self.codec.encode({"error": {"type": "CodecError", "message": str(exc)}})
        self.wire.send(self.wfd, payload.encode("utf-8"))

    def receive(self) -> dict[str, Any]:
        return self.codec.decode(self.wire.receive(self.rfd).decode("utf-8"))

    def load(self, request: dict[str, Any]) -> None:
        ns = self.namespace
        ns.update({"__name__": request.get("module_name", "__main__"), "__builtins__": builtins})
        ns["display"] = display
        skip = set(request.get("skip", []))
        errors = []
        for index, (label, source) in enumerate(request["cells"]):
            if index in skip:
                continue
            self.send({"event": "cell", "index": index})
            filename = f"<{label}>"
            self.files[filename] = label
            try:
                exec(compile_cell(source, filename), ns)
            except BaseException as exc:  # the next cell runs anyway, as in the notebook
                errors.append({"index": index, **describe(exc, {filename: label})})
        functions = sorted(k for k, v in ns.items() if not k.startswith("_") and callable(v))
        self.send({"event": "loaded", "errors": errors, "functions": functions})

    def call(self, request: dict[str, Any]) -> Any:
        name = request["name"]
        args = request.get("args", ())
        if request["op"] == "drive":
            import importlib

            module = importlib.import_module(f"autograder.sandbox.drivers.{self.assignment}")
            return getattr(module, name)(self.namespace, *args)
        function = self.namespace.get(name)
        if not callable(function):
            raise NameError(f"There is no function named `{name}`")
        return function(*args, **request.get("kwargs", {}))

    def serve(self) -> None:
        while True:
            try:
                request = self.receive()
            except self.wire.ConnectionClosed:
                return
            try:
                result = plain(self.call(request))
                message = {"ok": result}
                self.codec.encode(message)  # fails here, with the student's own message
            except MemoryError:
                message = {"error": {"type": "MemoryError", "message": ""}}
            except AssertionError as exc:
                if request["op"] == "drive":  # a driver's verdict on the student's object
                    message = {"assertion": first_line(str(exc), 1000) or "A check failed."}
                else:
                    message = {"error": describe(exc, self.files)}
            except self.codec.CodecError as exc:
                message = {"error": {"type": "CodecError", "message": str(exc)}}
            except BaseException as exc:
                message = {"error": describe(exc, self.files)}
            self.send(message)


def plain(obj: Any, depth: int = 0) -> Any:
    """``obj`` with subclasses of plain types (an ndarray subclass, a namedtuple, a float
    subclass with its own ``__eq__``) turned into the plain types the codec accepts.

    This runs on the student's side, so whatever their objects do happens here, and
    the grader only ever decodes plain data.
    """
    import numpy as np

    if depth > 64:
        return obj
    kind = type(obj)
    if obj is None or kind in (bool, int, float, str, np.ndarray):
        return obj
    if isinstance(obj, np.ndarray):
        return np.array(np.asarray(obj)).view(np.ndarray)
    if isinstance(obj, np.generic):
        return obj if kind.__module__ == "numpy" else np.asarray(obj).view(np.ndarray)
    if isinstance(obj, int):
        return int(obj)
    if isinstance(obj, float):
        return float(obj)
    if isinstance(obj, str):
        return str(obj)
    if isinstance(obj, tuple):
        return tuple(plain(x, depth + 1) for x in obj)
    if isinstance(obj, list):
        return [plain(x, depth + 1) for x in obj]
    if isinstance(obj, dict):
        return {plain(k, depth + 1): plain(v, depth + 1) for k, v in obj.items()}
    module = kind.__module__ or ""
    if module.startswith(("tensorflow", "keras")) and hasattr(obj, "numpy"):
        return plain(obj.numpy(), depth + 1)  # an eager tensor or a variable
    return obj


def main() -> None:
    boot = json.loads(sys.argv[1])
    apply_limits(boot.get("limits", {}))
    if not boot.get("sandboxed"):
        die_with_parent()
    sys.path[:] = boot["path"]
    sys.dont_write_bytecode = True
    sys.argv = ["submission"]
    for fd in (int(boot["rfd"]), int(boot["wfd"])):
        os.set_inheritable(fd, False)  # the student's subprocesses do not get the protocol
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(encoding="utf-8", errors="backslashreplace", line_buffering=False)
    worker = Worker(boot)
    worker.load(worker.receive())
    worker.serve()
    flush()
    os._exit(0)  # skip interpreter teardown: the student's atexit handlers and threads


if __name__ == "__main__":
    main()
