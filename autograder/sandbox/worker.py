"""The worker: runs one submission's code and serves calls to its functions.

Started by the grader (autograder/launcher.py) as ``python -I -S worker.py BOOT``,
inside bubblewrap when available. ``BOOT`` is JSON: the module search path, the
two protocol file descriptors, the resource limits and the assignment's name.
The worker

1. applies its limits (they cannot be raised again: no capabilities in the sandbox);
2. receives the submission's cells and runs them in order in one namespace,
   announcing each cell before it runs (so the grader can stop one that hangs
   and start again without it) and recording, not propagating, their errors;
3. answers calls ``{"op": "call", "name", "args", "kwargs"}``,
   ``{"op": "drive", "name", "args"}`` and ``{"op": "signature", "name"}`` (a function's
   parameters and defaults) with ``{"ok": result}`` or ``{"error": ...}``.
   A call may name ``"standins"``: graded functions the called one uses. For the
   length of that call each is replaced in the namespace by a :class:`StandIn`,
   which forwards its calls as ``{"event": "callback"}`` to the grader, where the
   reference answers them; afterwards the student's own function is back and the
   stand-in refuses every call. No reference code ever enters this process.

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


def describe(exc: BaseException, files: dict[str, str], sources: dict[str, str] | None = None) -> dict[str, Any]:
    """The exception as plain data: type, first line of its message, and where in the
    student's code (``files`` maps compiled file names to cell labels) it went wrong: the
    cell and line of the outermost frame of theirs (the function the grader called), with
    the line's text (from ``sources``), and of the innermost one where it differs."""
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
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name in files:
            frames.append((name, tb.tb_lineno))
        tb = tb.tb_next
    described: dict[str, Any] = {"type": kind, "message": message, "line": line, "cell": cell}
    if frames:
        (outer, outer_line), (inner, inner_line) = frames[0], frames[-1]
        described.update(line=outer_line, cell=files[outer])
        text = (sources or {}).get(outer, "").splitlines()
        if 0 < outer_line <= len(text):
            described["code"] = text[outer_line - 1].strip()[:200]
        if (inner, inner_line) != (outer, outer_line):
            described.update(inner_line=inner_line, inner_cell=files[inner])
    return described


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


def signature_of(function: Any) -> dict[str, Any]:
    """A function's parameters and their defaults, as data (a default that is not plain
    data travels as its repr)."""
    import inspect

    parameters = inspect.signature(function).parameters.values()
    defaults = {}
    for p in parameters:
        if p.default is not inspect.Parameter.empty:
            plain = isinstance(p.default, (bool, int, float, str, type(None)))
            defaults[p.name] = p.default if plain else repr(p.default)
    return {"parameters": [p.name for p in parameters], "defaults": defaults}


class StandIn:
    """A graded callee, answered by the grader's reference for the length of one call."""

    def __init__(self, worker: Worker, name: str) -> None:
        self._worker = worker
        self._name = name
        self._live = True

    def __repr__(self) -> str:
        return f"<{self._name}: the grader's stand-in>"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not self._live:
            raise RuntimeError(f"{self._name} is the grader's stand-in; it answers only during a test")
        self._worker.send({"event": "callback", "name": self._name, "args": list(args), "kwargs": kwargs})
        reply = self._worker.receive()
        if "ok" in reply:
            for key, state in dict(reply.get("rng") or {}).items():
                target = args[int(key)] if key.isdigit() else kwargs.get(key)
                if hasattr(target, "bit_generator") and hasattr(state, "bit_generator"):
                    target.bit_generator.state = state.bit_generator.state
            return reply["ok"]
        error = reply.get("error") or {}
        kind = getattr(builtins, str(error.get("type")), None)
        if not (isinstance(kind, type) and issubclass(kind, Exception)) or issubclass(kind, OSError):
            kind = RuntimeError
        raise kind(str(error.get("message", "")))


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
        self.sources: dict[str, str] = {}  # compiled file name -> its source

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
            self.sources[filename] = source
            try:
                exec(compile_cell(source, filename), ns)
            except BaseException as exc:  # the next cell runs anyway, as in the notebook
                errors.append({"index": index, **describe(exc, {filename: label}, {filename: source})})
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
        if request["op"] == "signature":
            return signature_of(function)
        missing = object()
        standins = [StandIn(self, str(callee)) for callee in request.get("standins", ())]
        saved = {s._name: self.namespace.get(s._name, missing) for s in standins}
        self.namespace.update({s._name: s for s in standins})
        try:
            return function(*args, **request.get("kwargs", {}))
        finally:
            for standin in standins:
                standin._live = False
                own = saved[standin._name]
                if own is missing:
                    self.namespace.pop(standin._name, None)
                else:
                    self.namespace[standin._name] = own

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
                    message = {"error": describe(exc, self.files, self.sources)}
            except self.codec.CodecError as exc:
                message = {"error": {"type": "CodecError", "message": str(exc)}}
            except BaseException as exc:
                message = {"error": describe(exc, self.files, self.sources)}
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


def prepare(boot: dict[str, Any]) -> None:
    """The process setup every worker needs before it reads its first request."""
    sys.path[:] = boot["path"]
    sys.dont_write_bytecode = True
    sys.argv = ["submission"]
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)


def serve(boot: dict[str, Any]) -> None:
    """Run one submission: its cells, then calls, until the grader closes the pipe."""
    for fd in (int(boot["rfd"]), int(boot["wfd"])):
        os.set_inheritable(fd, False)  # the student's subprocesses do not get the protocol
    # fresh streams on descriptors 1 and 2 (in a forked worker they are new pipes)
    sys.stdout = sys.__stdout__ = open(1, "w", encoding="utf-8", errors="backslashreplace", closefd=False)
    sys.stderr = sys.__stderr__ = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)
    worker = Worker(boot)
    worker.load(worker.receive())
    worker.serve()
    flush()
    os._exit(0)  # skip interpreter teardown: the student's atexit handlers and threads


# -- the fork server ----------------------------------------------------------------------
#
# Inside bubblewrap, one long-lived process per grading job imports NumPy and the codec
# once and forks a fresh worker for each submission: starting Python and importing
# NumPy is most of a worker's cost. It runs as PID 1 of the sandbox's PID namespace, so
# the student's processes can neither signal nor trace it, and between two submissions
# it kills every other process of the namespace and empties the scratch directories.
# The submission's code reaches only the forked worker, on that worker's own pipes.


def _reap_all(child: int | None) -> int | None:
    """Kill every process of the namespace but this one (PID 1), reap them all, and
    return the exit code of ``child`` (negative: the signal that ended it)."""
    import signal
    import time

    code = None
    while True:
        try:
            os.kill(-1, signal.SIGKILL)  # from PID 1: every other process of the namespace
        except ProcessLookupError:
            pass
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return code
            if pid == 0:
                break
            if pid == child:
                code = os.waitstatus_to_exitcode(status)
        time.sleep(0.001)


def _empty(folder: str) -> None:
    import shutil

    def unlock(function: Any, path: str, _: Any) -> None:
        # a student may have made a directory unwritable; we are the same user
        os.chmod(os.path.dirname(path) or "/", 0o700)
        os.chmod(path, 0o700) if os.path.isdir(path) and not os.path.islink(path) else None
        function(path)

    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if os.path.ismount(path):
            continue  # the read-only folders that lead to a checkout under /tmp
        try:
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, onerror=unlock)
            else:
                os.unlink(path)
        except OSError:
            pass


def _fresh_scratch(boot: dict[str, Any]) -> None:
    for folder in boot.get("scratch", []):
        if os.path.isdir(folder):
            _empty(folder)
    home = boot["home"]
    os.makedirs(home, exist_ok=True)
    os.chdir(home)
    for source, name in boot.get("links", []):
        os.symlink(source, os.path.join(home, name))


def _forked(request: dict[str, Any], fds: list[int], control: Any) -> None:
    """In the forked child: become the submission's worker."""
    control.close()
    to_r, from_w, out_w = fds
    os.dup2(out_w, 1)
    os.dup2(out_w, 2)
    os.close(out_w)
    os.setsid()
    apply_limits(request["limits"])
    serve({**request, "rfd": to_r, "wfd": from_w})


def zygote(boot: dict[str, Any]) -> None:
    import ctypes
    import signal
    import socket

    # PID 1 ignores signals it has no handler for: drop Python's SIGINT handler
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(4, 0)  # PR_SET_DUMPABLE 0: no ptrace, no /proc/1/mem
    except (OSError, AttributeError):
        pass
    control = socket.socket(fileno=int(boot["control"]))
    import numpy  # noqa: F401  (what every submission imports: once, here)

    from autograder.sandbox import codec, wire  # noqa: F401

    _fresh_scratch(boot)
    control.sendall(b'{"ready": true}')
    child = None
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(control, 1 << 16, 3)
        except OSError:
            data, fds = b"", []
        if not data:
            return  # the grader is done (or gone): the sandbox ends with this process
        request = json.loads(data)
        if request["op"] == "fork" and len(fds) == 3:
            _reap_all(None)  # nothing of an earlier submission may see this one
            pid = os.fork()
            if pid == 0:
                try:
                    _forked(request["boot"], fds, control)
                except BaseException:
                    import traceback

                    traceback.print_exc()  # to the worker's output: a grader bug, shown in its error
                finally:
                    os._exit(70)
            for fd in fds:
                os.close(fd)
            child = pid
            reply = {"pid": pid}
        elif request["op"] == "reap":
            code = _reap_all(child)
            _fresh_scratch(boot)
            child = None
            reply = {"code": code}
        else:
            for fd in fds:
                os.close(fd)
            reply = {"error": "unknown request"}
        control.sendall(json.dumps(reply).encode())


def main() -> None:
    boot = json.loads(sys.argv[1])
    if boot.get("zygote"):
        prepare(boot)
        zygote(boot)
        os._exit(0)
    apply_limits(boot.get("limits", {}))
    if not boot.get("sandboxed"):
        die_with_parent()
    prepare(boot)
    serve(boot)


if __name__ == "__main__":
    main()
