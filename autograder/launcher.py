"""Start a submission's worker process, talk to it, and stop it: the trusted side.

The worker (autograder/sandbox/worker.py) runs under bubblewrap when it is
available: no network, its own PID namespace (every process it starts dies with
it), a read-only view of only what it needs (the Python install, the virtual
environment, ``dlcourse/``, ``autograder/sandbox/`` and the released assignment
folder) and a private, size-limited ``/tmp``. It never sees the hidden tests,
the solutions, the gradebook, the output directory or other submissions: their
code reaches it as data on a pipe. Without bubblewrap (or with ``--no-sandbox``)
the same worker runs with the same resource limits but reduced isolation.

Each worker also gets a control group (autograder/cgroups.py) where the system
allows it: memory, process count and CPU limits on all of the submission's
processes together, on top of the per-process limits the worker sets itself.

Every read from the worker has a deadline and a size cap; the student's output
goes to its own pipe, of which the first ``output_kb`` KiB are kept.
"""

from __future__ import annotations

import json
import math
import os
import selectors
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import cgroups, paths
from .config import Limits, MiB
from .sandbox import codec, wire

WORKER = Path(__file__).resolve().parent / "sandbox" / "worker.py"
# Inside bubblewrap, fork each worker from a long-lived server that has NumPy loaded
# (see autograder/sandbox/worker.py) rather than start Python and bubblewrap each time.
USE_FORK_SERVER = True
BWRAP = "bwrap"
NOBODY = "65534"

THREAD_ENV = {
    # one thread each: workers already run in parallel, one per job
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
    "VECLIB_MAXIMUM_THREADS": "1",
    "TF_NUM_INTRAOP_THREADS": "1",
    "TF_NUM_INTEROP_THREADS": "1",
}


def gpu_devices(dev: Path = Path("/dev")) -> list[str]:
    """The NVIDIA device files (and the MIG capabilities folder) that CUDA opens."""
    return sorted(str(p) for p in dev.glob("nvidia*") if p.is_char_device() or p.is_dir())


def worker_env(home: str, gpu: bool = False) -> dict[str, str]:
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": home,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": os.path.join(home, ".matplotlib"),
        "KERAS_HOME": os.path.join(home, ".keras"),
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "CUDA_VISIBLE_DEVICES": "",
        **THREAD_ENV,
    }
    if gpu:
        del env["CUDA_VISIBLE_DEVICES"]
        # each process takes GPU memory as it needs it, not all of it: jobs share a GPU
        env["TF_FORCE_GPU_ALLOW_GROWTH"] = "true"
    return env


_TICK = os.sysconf("SC_CLK_TCK")


def proc_stat(pid: int) -> tuple[str, float] | None:
    """(state letter, CPU seconds of it and the children it waited for) of a process, from
    /proc (cheaper than psutil, and called after every request); None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except OSError:
        return None
    fields = data[data.rfind(b")") + 2 :].split()
    return fields[0].decode(), sum(int(x) for x in fields[11:15]) / _TICK


class WorkerFailure(Exception):
    """The worker did not answer: a limit stopped it, it crashed, or it broke the protocol.
    ``kind`` is one of timeout, cpu, memory, crash, exit, protocol, too_large."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


class GraderError(RuntimeError):
    """The grader itself could not start a worker (not the student's fault)."""


@cache
def sandbox_problem() -> str | None:
    """Why bubblewrap cannot be used here, or None when it works."""
    exe = shutil.which(BWRAP)
    if exe is None:
        return "bubblewrap (bwrap) is not installed"
    probe = [exe, *namespace_args(), *system_binds(), "--proc", "/proc", "--dev", "/dev", "/usr/bin/true"]
    try:
        done = subprocess.run(probe, capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap could not start ({exc})"
    if done.returncode != 0:
        return "bubblewrap does not work here: " + done.stderr.decode(errors="replace").strip()[:200]
    return None


def namespace_args() -> list[str]:
    return [
        "--unshare-all",  # network, PID, IPC, UTS, cgroup namespaces
        "--unshare-user",
        "--disable-userns",  # and the student cannot make new ones
        "--uid", NOBODY, "--gid", NOBODY,
        "--cap-drop", "ALL",
        "--die-with-parent",
        "--new-session",
    ]  # fmt: skip


def system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64"):
        top = Path("/") / name
        if top.is_symlink():
            args += ["--symlink", os.readlink(top), str(top)]
        elif top.is_dir():
            args += ["--ro-bind", str(top), str(top)]
    for f in ("/etc/ld.so.cache", "/etc/localtime"):
        args += ["--ro-bind-try", f, f]
    return args


def python_executable() -> str:
    """The real interpreter (not the venv's symlink): the worker sets its own path."""
    return os.path.realpath(getattr(sys, "_base_executable", sys.executable))


def module_path(assignment: str) -> list[str]:
    """The worker's sys.path: the repository root (for dlcourse and autograder.sandbox),
    the released assignment folder, the standard library and the environment's packages."""
    stdlib = sysconfig.get_paths()
    entries = [str(paths.CODE_ROOT), str(paths.release_dir(assignment))]
    entries += [p for p in sys.path if p.startswith(sys.base_prefix) and p != ""]
    for key in ("purelib", "platlib"):
        if stdlib[key] not in entries:
            entries.append(stdlib[key])
    return entries


def readable_binds(assignment: str) -> list[tuple[str, str]]:
    """(kind, path) pairs the sandbox sees, read-only, at the same place as outside."""
    code = paths.CODE_ROOT
    binds = [sys.base_prefix, sys.prefix]
    binds += [str(code / "dlcourse"), str(code / "autograder" / "__init__.py")]
    binds += [str(code / "autograder" / "sandbox")]
    release = paths.release_dir(assignment)
    if release.is_dir():
        binds.append(str(release))
    seen: list[str] = []
    for b in binds:
        if b not in seen and os.path.exists(b):
            seen.append(b)
    return [("--ro-bind", b) for b in seen]


def scratch_links(assignment: str) -> list[tuple[str, str]]:
    """The released assignment's files, linked into the scratch working directory so that
    relative paths work as they do next to the notebook."""
    release = paths.release_dir(assignment)
    if not release.is_dir():
        return []
    return [(str(p), p.name) for p in sorted(release.iterdir()) if not p.name.startswith(".")]


SANDBOX_HOME = "/tmp/work"
SCRATCH_MOUNTS = ("/tmp", "/dev/shm")


def scratch_top(path: str) -> str | None:
    """The folder right under a scratch mount that holds ``path``, if it is under one."""
    parts = Path(path).parts
    for mount in SCRATCH_MOUNTS:
        depth = len(Path(mount).parts)
        if parts[:depth] == Path(mount).parts and len(parts) > depth:
            return str(Path(*parts[: depth + 1]))
    return None


def sandbox_command(assignment: str, limits: Limits, info_fd: int, as_pid_1: bool = False) -> list[str]:
    """bubblewrap's arguments, up to the command it runs."""
    cmd = [shutil.which(BWRAP) or BWRAP, *namespace_args(), *system_binds()]
    if as_pid_1:
        cmd.append("--as-pid-1")
    size = str(limits.tmp_mb * MiB)
    cmd += ["--proc", "/proc", "--dev", "/dev", "--size", size, "--tmpfs", "/dev/shm"]
    if limits.gpu:
        for device in gpu_devices():
            cmd += ["--dev-bind", device, device]
    cmd += ["--size", size, "--tmpfs", "/tmp", "--dir", SANDBOX_HOME]
    # Binds come after the scratch file systems: bubblewrap mounts in order, so a checkout
    # or environment that lives under /tmp stays visible on top of the private /tmp. The
    # folders leading to such a bind get a tmpfs of their own, made read-only once the
    # binds are in, so they are neither writable nor left over for the next submission.
    binds = readable_binds(assignment)
    covers = sorted({top for _, path in binds if (top := scratch_top(path)) is not None})
    for top in covers:
        cmd += ["--tmpfs", top]
    for kind, path in binds:
        cmd += [kind, path, path]
    for top in covers:
        cmd += ["--remount-ro", top]
    for src, name in scratch_links(assignment):
        cmd += ["--symlink", src, f"{SANDBOX_HOME}/{name}"]
    # Only the two size-limited scratch areas stay writable: the sandbox's own root and
    # /dev are memory-backed file systems without a size limit.
    cmd += ["--remount-ro", "/dev", "--remount-ro", "/"]
    cmd += ["--chdir", SANDBOX_HOME, "--clearenv"]
    for key, value in worker_env(SANDBOX_HOME, limits.gpu).items():
        cmd += ["--setenv", key, value]
    return [*cmd, "--info-fd", str(info_fd)]


class ForkServer:
    """A sandbox that stays up for many submissions (see the fork server in
    autograder/sandbox/worker.py): one per grading process and assignment."""

    READY_SECONDS = 120.0
    REPLY_SECONDS = 60.0

    def __init__(self, assignment: str, limits: Limits) -> None:
        import socket

        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        info_r, info_w = os.pipe()
        boot = {
            "zygote": True,
            "control": theirs.fileno(),
            "path": module_path(assignment),
            "assignment": assignment,
            "home": SANDBOX_HOME,
            "links": [list(link) for link in scratch_links(assignment)],
            "scratch": ["/tmp", "/dev/shm"],
        }
        worker_args = [python_executable(), "-I", "-S", "-X", "utf8", str(WORKER), json.dumps(boot)]
        cmd = [*sandbox_command(assignment, limits, info_w, as_pid_1=True), "--", *worker_args]
        try:
            self.proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                pass_fds=(theirs.fileno(), info_w),
                start_new_session=True,
            )
        except OSError as exc:
            raise GraderError(f"could not start the sandbox: {exc}") from None
        finally:
            theirs.close()
            os.close(info_w)
        self.sock = ours
        try:
            self._reply(self.READY_SECONDS)
            info = json.loads(os.read(info_r, 65536) or b"{}")
            self.pid = int(info["child-pid"])  # PID 1 of the sandbox, as the grader sees it
        except (GraderError, ValueError, KeyError, OSError) as exc:
            said = ""
            if self.proc.poll() is not None and self.proc.stderr is not None:
                said = self.proc.stderr.read(2000).decode(errors="replace").strip()
            self.close()
            raise GraderError(f"the sandbox did not start ({exc}) {said}".strip()) from None
        finally:
            os.close(info_r)

    def alive(self) -> bool:
        return self.proc.poll() is None and self.sock.fileno() >= 0

    def _reply(self, seconds: float) -> dict[str, Any]:
        self.sock.settimeout(seconds)
        try:
            data = self.sock.recv(65536)
        except OSError as exc:
            self.close()
            raise GraderError(f"the sandbox stopped answering ({exc})") from None
        if not data:
            self.close()
            raise GraderError("the sandbox ended")
        return json.loads(data)

    def fork(self, boot: dict[str, Any], fds: list[int]) -> int:
        """A new worker, given its ends of the three pipes; its PID as the grader sees it."""
        import socket

        try:
            socket.send_fds(self.sock, [json.dumps({"op": "fork", "boot": boot}).encode()], fds)
        except OSError as exc:
            self.close()
            raise GraderError(f"the sandbox stopped answering ({exc})") from None
        inner = int(self._reply(self.REPLY_SECONDS)["pid"])
        import psutil

        for child in psutil.Process(self.pid).children():
            try:
                with open(f"/proc/{child.pid}/status", encoding="ascii") as f:
                    ids = next(line for line in f if line.startswith("NSpid:")).split()[1:]
            except (OSError, StopIteration):
                continue
            if ids and int(ids[-1]) == inner:
                return child.pid
        raise GraderError("the sandbox's new worker could not be found")

    def reap(self) -> int | None:
        """End every process of the sandbox but its server and empty its scratch areas;
        the exit code of the last worker (negative: the signal that ended it)."""
        try:
            self.sock.send(b'{"op": "reap"}')
        except OSError as exc:
            self.close()
            raise GraderError(f"the sandbox stopped answering ({exc})") from None
        code = self._reply(self.REPLY_SECONDS).get("code")
        return None if code is None else int(code)

    def close(self) -> None:
        self.sock.close()
        if self.proc.poll() is None:
            try:
                self.proc.wait(timeout=2)  # it exits when its socket closes
            except subprocess.TimeoutExpired:
                for pid in (getattr(self, "pid", None), self.proc.pid):
                    try:  # the sandbox's PID 1 (the server), then bubblewrap
                        os.kill(pid, signal.SIGKILL) if pid else None
                    except (ProcessLookupError, PermissionError):
                        pass
                self.proc.wait()
        if self.proc.stderr is not None:
            self.proc.stderr.close()


_servers: dict[tuple[str, int, bool, str], ForkServer] = {}
_fork_server_started = False
_fork_server_failed = False  # the first fork server could not start (an older bubblewrap?)


def fork_server(assignment: str, limits: Limits) -> ForkServer:
    global _fork_server_started, _fork_server_failed
    key = (assignment, limits.tmp_mb, limits.gpu, str(paths.release_dir(assignment)))
    server = _servers.get(key)
    if server is None or not server.alive():
        try:
            server = _servers[key] = ForkServer(assignment, limits)
        except GraderError:
            _fork_server_failed = not _fork_server_started
            raise
        _fork_server_started = True
    return server


def close_fork_servers() -> None:
    while _servers:
        _, server = _servers.popitem()
        server.close()


class _Forked:
    """A worker forked by the fork server, with the part of Popen's interface we use."""

    def __init__(self, server: ForkServer, pid: int) -> None:
        self.server = server
        self.pid = pid
        self.returncode: int | None = None
        self._reaped = False
        self._polled_at = 0.0

    def poll(self, fresh: bool = False) -> int | None:
        if self._reaped:
            return self.returncode
        now = time.monotonic()
        if not fresh and now - self._polled_at < 0.05:
            return None  # it was running a moment ago: a dead worker also shows on its pipes
        self._polled_at = now
        stat = proc_stat(self.pid)
        if stat is not None and stat[0] not in "ZX":  # not a zombie yet
            return None
        self._reaped = True
        try:
            code = self.server.reap()
        except GraderError:
            code = None
        self.returncode = -signal.SIGKILL if code is None else code
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        ends = math.inf if timeout is None else time.monotonic() + timeout
        while (code := self.poll(fresh=True)) is None:
            if time.monotonic() >= ends:
                raise subprocess.TimeoutExpired("worker", timeout or 0)
            time.sleep(0.005)
        return code

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


@dataclass
class LoadReport:
    """What happened when the submission's cells ran."""

    errors: list[dict[str, Any]] = field(default_factory=list)  # index, type, message, cell, line
    functions: list[str] = field(default_factory=list)  # the callables the cells defined


class WorkerProcess:
    """One running worker. ``start`` runs the cells; ``request`` sends one call."""

    def __init__(
        self,
        assignment: str,
        limits: Limits,
        sandboxed: bool,
        cpu_budget: float,
        module_name: str = "__main__",
    ) -> None:
        self.assignment = assignment
        self.limits = limits
        self.sandboxed = sandboxed
        self.cpu_limit = max(1, math.ceil(cpu_budget))
        self.module_name = module_name
        self.proc: subprocess.Popen | _Forked | None = None
        self._scratch: str | None = None
        self._to_worker = self._from_worker = self._output = -1
        self._info = -1
        self._buffer = bytearray()
        self._selector: selectors.BaseSelector | None = None
        self._started_at = 0.0
        self.cpu_seen = 0.0  # CPU seconds of the worker's processes, last sampled
        self._sampled_at = 0.0
        self._python_pid: int | None = None
        self._init_pid: int | None = None
        self._info_w = -1
        self.group: cgroups.Group | None = None
        self.refused_forks = 0  # new processes the group's process limit refused
        self.capture = bytearray()
        self.dropped = 0
        self._capturing = True

    # -- process ------------------------------------------------------------------------

    def _command(self, boot: dict[str, Any]) -> tuple[list[str], dict[str, str] | None, str | None]:
        worker_args = [python_executable(), "-I", "-S", "-X", "utf8", str(WORKER), json.dumps(boot)]
        if not self.sandboxed:
            self._scratch = tempfile.mkdtemp(prefix="autograder-")
            for src, name in scratch_links(self.assignment):
                os.symlink(src, os.path.join(self._scratch, name))
            return worker_args, worker_env(self._scratch, self.limits.gpu), self._scratch
        cmd = sandbox_command(self.assignment, self.limits, self._info_w)
        return [*cmd, "--", *worker_args], {}, None

    def _make_group(self) -> None:
        spec = cgroups.Spec(self.limits.memory_mb * MiB, self.limits.processes, self.limits.cpu_cores)
        try:
            self.group = cgroups.Group.create(spec)
        except OSError as exc:
            raise GraderError(f"could not make the worker's control group: {exc}") from None

    def spawn(self) -> None:
        self._make_group()
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()
        out_r, out_w = os.pipe()
        info_r, self._info_w = os.pipe() if self.sandboxed else (-1, -1)
        boot = {
            "path": module_path(self.assignment),
            "rfd": to_r,
            "wfd": from_w,
            "assignment": self.assignment,
            "sandboxed": self.sandboxed,
            "limits": {
                "cpu": self.cpu_limit,
                "address_space": self.limits.memory_mb * MiB,
                "file_size": self.limits.tmp_mb * MiB,
            },
        }
        server = None
        if self.sandboxed and USE_FORK_SERVER and not _fork_server_failed:
            try:
                server = fork_server(self.assignment, self.limits)
            except GraderError:
                server = None  # none could start here: start each worker on its own
        if server is not None:
            boot["sandboxed"] = True
            try:
                self.proc = _Forked(server, server.fork(boot, [to_r, from_w, out_w]))
            except BaseException:
                for fd in (to_w, from_r, out_r):
                    os.close(fd)
                raise
            finally:
                for fd in (to_r, from_w, out_w, info_r, self._info_w):
                    os.close(fd)
            self._opened(to_w, from_r, out_r, -1)
            if self.group is not None:
                # the new worker waits for its first request: nothing of the student's
                # has run yet, and what it starts from now on is in the group too
                try:
                    self.group.add(self.proc.pid)
                except OSError as exc:
                    self.stop()
                    raise GraderError(f"could not move the worker into its control group: {exc}") from None
            return
        cmd, env, cwd = self._command(boot)
        if self.group is not None:
            cmd = [*self.group.join_command(), *cmd]
        keep = [to_r, from_w] + ([self._info_w] if self.sandboxed else [])
        try:
            self.proc = subprocess.Popen(  # type: ignore[assignment]
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=out_w,
                stderr=out_w,
                pass_fds=keep,
                env=env,
                cwd=cwd,
                start_new_session=True,
            )
        except OSError as exc:
            raise GraderError(f"could not start the worker: {exc}") from None
        finally:
            for fd in (*keep, out_w):
                os.close(fd)
        self._opened(to_w, from_r, out_r, info_r)

    def _opened(self, to_w: int, from_r: int, out_r: int, info_r: int) -> None:
        self._started_at = time.monotonic()
        self._to_worker, self._from_worker, self._output, self._info = to_w, from_r, out_r, info_r
        for fd in (from_r, out_r, to_w):
            os.set_blocking(fd, False)
        self._selector = selectors.DefaultSelector()
        self._selector.register(from_r, selectors.EVENT_READ, "protocol")
        self._selector.register(out_r, selectors.EVENT_READ, "output")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def _worker_pid(self) -> int | None:
        """The worker's Python process (inside bubblewrap, the child of its PID 1)."""
        if self._python_pid is not None or self.proc is None:
            return self._python_pid
        if not self.sandboxed or isinstance(self.proc, _Forked):
            self._python_pid = self.proc.pid
            return self._python_pid
        import psutil

        try:
            if self._info >= 0:
                info = json.loads(os.read(self._info, 65536) or b"{}")
                os.close(self._info)
                self._info = -1
                self._init_pid = int(info["child-pid"])
            if self._init_pid is None:
                return None
            # the worker is the first child of bubblewrap's PID 1 (orphans of the student's
            # own processes become its children later)
            children = psutil.Process(self._init_pid).children()
            first = min(children, key=lambda p: p.create_time(), default=None)
            self._python_pid = first.pid if first is not None else None
        except (OSError, ValueError, KeyError, AttributeError, psutil.Error):
            return None
        return self._python_pid

    def sample_cpu(self, every: float = 0.0) -> float:
        """CPU seconds used by the worker (and the children it waited for) so far; with
        ``every``, the last sample if it is that recent."""
        if every and time.monotonic() - self._sampled_at < every:
            return self.cpu_seen
        used = self.group.cpu_seconds() if self.group is not None else None
        if used is not None:  # every process of the submission, a detached one included
            self.cpu_seen = max(self.cpu_seen, used)
            self._sampled_at = time.monotonic()
            return self.cpu_seen
        pid = self._worker_pid()
        stat = proc_stat(pid) if pid is not None else None
        if stat is None:
            return self.cpu_seen
        self.cpu_seen = max(self.cpu_seen, stat[1])
        self._sampled_at = time.monotonic()
        return self.cpu_seen

    def cpu_upper_bound(self) -> float:
        """At most this many CPU seconds used: the last sample plus the wall time since."""
        since = self._sampled_at or self._started_at
        return self.cpu_seen + max(0.0, time.monotonic() - since)

    def stop(self, graceful: bool = False) -> None:
        """End the worker: ``graceful`` first closes its request pipe, on which it exits
        by itself (so the CPU it used is accounted to the grader), then kills it anyway."""
        if self.proc is None:
            if self.group is not None:  # the process could not be started
                self.group.remove()
                self.group = None
            return
        if graceful and self.proc.poll() is None and self._to_worker >= 0:
            self.sample_cpu()
            os.close(self._to_worker)
            self._to_worker = -1
            try:
                self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
        if self.group is not None:
            self.sample_cpu()
            self.refused_forks = self.group.refused_forks()
            self.group.kill()
        if self.sandboxed and not isinstance(self.proc, _Forked):
            self._worker_pid()  # learns the PID of the sandbox's PID 1
            if self._init_pid is not None:
                # killing a PID namespace's first process ends every process in it (a
                # detached daemon included); bubblewrap itself then exits
                try:
                    os.kill(self._init_pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        if self.proc.poll() is None:
            self.sample_cpu()
            try:
                # the worker's session (without bubblewrap, its processes that did not detach)
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                self.proc.kill()
            except ProcessLookupError:
                pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self._drain_output()
        if self.group is not None:
            self.group.remove()
            self.group = None
        if not self.sandboxed:
            reap_orphans(self._started_at)
        for fd in (self._to_worker, self._from_worker, self._output, self._info):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._to_worker = self._from_worker = self._output = self._info = -1
        if self._selector is not None:
            self._selector.close()
            self._selector = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    # -- output -------------------------------------------------------------------------

    def _take_output(self, data: bytes) -> None:
        room = self.limits.output_kb * 1024 - len(self.capture)
        if self._capturing and room > 0:
            self.capture += data[:room]
            self.dropped += max(0, len(data) - room)
        else:
            self.dropped += len(data)

    def _drain_output(self) -> None:
        if self._output < 0:
            return
        for _ in range(64):  # what is left in the pipe, at most 4 MiB
            try:
                data = os.read(self._output, 65536)
            except (BlockingIOError, OSError):
                return
            if not data:
                return
            self._take_output(data)

    def stop_capturing(self) -> None:
        """Output from now on (during hidden tests) is read and dropped, never shown."""
        self._drain_output()
        self._capturing = False

    # -- protocol -----------------------------------------------------------------------

    def _died(self, during: str) -> WorkerFailure:
        assert self.proc is not None
        try:
            code = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        self.sample_cpu()
        cpu = self.cpu_upper_bound()
        grouped = self.group is not None
        oom_killed = grouped and self.group.oom_kills() > 0  # type: ignore[union-attr]
        self.stop()
        return classify_exit(code, cpu, self.cpu_limit, self.limits, during, grouped, oom_killed)

    def read_message(self, deadline: float, during: str) -> dict[str, Any]:
        """The next message from the worker, or WorkerFailure (the worker is then stopped)."""
        assert self._selector is not None
        cap = self.limits.max_result_mb * MiB
        while True:
            if len(self._buffer) >= wire.HEADER.size:
                (size,) = wire.HEADER.unpack_from(self._buffer)
                if size > cap:
                    self.stop()
                    raise WorkerFailure(
                        "too_large",
                        f"{during} returned a result larger than {self.limits.max_result_mb} MiB",
                    )
                end = wire.HEADER.size + size
                if len(self._buffer) >= end:
                    payload = bytes(self._buffer[wire.HEADER.size : end])
                    del self._buffer[:end]
                    try:
                        message = codec.decode(payload)
                        if not isinstance(message, dict):
                            raise codec.CodecError("not a message")
                    except codec.CodecError:
                        self.stop()
                        raise WorkerFailure(
                            "protocol",
                            f"the worker sent something that is not a valid reply while {during} "
                            "ran (did the code write to the grader's pipe?)",
                        ) from None
                    return message
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.stop()
                raise WorkerFailure("timeout", f"{during} was stopped by the time limit")
            if self.group is not None and self.sample_cpu(every=0.2) >= self.cpu_limit:
                # RLIMIT_CPU counts each process on its own; the group counts them all
                self.stop()
                raise cpu_failure(during, self.limits)
            for key, _ in self._selector.select(timeout=min(remaining, 0.25 if self.group else 1.0)):
                fd = key.fd
                try:
                    data = os.read(fd, 1 << 20)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                if key.data == "output":
                    if data:
                        self._take_output(data)
                    else:
                        self._selector.unregister(fd)
                    continue
                if not data:
                    raise self._died(during)
                self._buffer += data

    def send(self, message: dict[str, Any], deadline: float, during: str) -> None:
        """Write a request. The worker may be stuck (a thread holding the GIL) and not
        reading, so a request larger than the pipe waits with the reply's deadline."""
        data = memoryview(wire.frame(codec.encode(message).encode("utf-8")))
        writable: selectors.BaseSelector | None = None
        try:
            while data:
                try:
                    n = os.write(self._to_worker, data)
                except BlockingIOError:
                    n = 0
                except OSError:
                    raise self._died(during) from None
                data = data[n:]
                if not data:
                    break
                if writable is None:
                    writable = selectors.DefaultSelector()
                    writable.register(self._to_worker, selectors.EVENT_WRITE)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self.stop()
                    raise WorkerFailure("timeout", f"{during} was stopped by the time limit")
                writable.select(timeout=min(remaining, 1.0))
        finally:
            if writable is not None:
                writable.close()

    def start(
        self,
        cells: list[tuple[str, str]],
        skip: set[int],
        startup_deadline: float,
        ends_at: float = math.inf,
    ) -> tuple[LoadReport | None, int | None, WorkerFailure | None]:
        """Run the cells. Returns (report, None, None) when all ran, or (None, index, failure)
        when cell ``index`` hung or ended the worker (then start again skipping it)."""
        try:
            self.spawn()
        except GraderError:
            self.stop()
            raise
        current: int | None = None
        deadline = startup_deadline
        request = {"op": "load", "cells": [list(c) for c in cells], "skip": sorted(skip)}
        request["module_name"] = self.module_name
        try:
            self.send(request, deadline, "the notebook's code")
        except WorkerFailure as failure:
            self.stop()
            raise GraderError(f"the worker did not start: {failure.message}") from None
        while True:
            try:
                message = self.read_message(deadline, "the notebook's code")
            except WorkerFailure as failure:
                if current is None:
                    said = bytes(self.capture[:500]).decode(errors="replace").strip()
                    self.stop()
                    raise GraderError(f"the worker did not start: {failure.message}; {said}") from None
                return None, current, failure
            if message.get("event") == "cell":
                current = int(message["index"])
                deadline = min(time.monotonic() + self.limits.cell_timeout, ends_at)
                continue
            if message.get("event") == "loaded":
                self.sample_cpu()
                report = LoadReport(
                    errors=list(message.get("errors", [])),
                    functions=[str(f) for f in message.get("functions", [])],
                )
                return report, None, None
            self.stop()
            return None, current, WorkerFailure("protocol", "the worker sent an unexpected message")

    def request(
        self,
        message: dict[str, Any],
        deadline: float,
        during: str,
        answer: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """Send a request and return its reply. Until the reply comes, each stand-in call
        the worker forwards (``{"event": "callback"}``) is answered by ``answer``; with no
        ``answer``, such a message is a protocol error. The time the grader spends answering
        is not the student's: the deadline moves by it, at most by the time first given."""
        began = time.monotonic()
        spare = max(0.0, deadline - began)
        self.send(message, deadline, during)
        while True:
            reply = self.read_message(deadline, during)
            if reply.get("event") != "callback":
                break
            if answer is None:
                self.stop()
                raise WorkerFailure("protocol", f"the worker sent an unexpected message while {during} ran")
            start = time.monotonic()
            self.send(answer(reply), deadline, during)
            moved = min(time.monotonic() - start, spare)
            deadline, spare = deadline + moved, spare - moved
        self.sample_cpu(every=0.1)
        return reply


def cpu_failure(during: str, limits: Limits) -> WorkerFailure:
    return WorkerFailure(
        "cpu",
        f"{during} was stopped by the CPU time limit ({limits.cpu_seconds:g} s for the whole submission)",
    )


def classify_exit(
    code: int | None,
    cpu: float,
    cpu_limit: int,
    limits: Limits,
    during: str,
    grouped: bool = False,
    oom_killed: bool = False,
) -> WorkerFailure:
    """Why the worker ended, from its exit status (bubblewrap reports 128 + signal) and,
    in a control group (``grouped``), whether the OOM killer ended a process of it."""
    sig = None
    if code is not None and code < 0:
        sig = -code
    elif code is not None and code > 128:
        sig = code - 128
    if sig == signal.SIGXCPU or (sig == signal.SIGKILL and cpu >= cpu_limit - 1):
        return cpu_failure(during, limits)
    if oom_killed:
        return WorkerFailure(
            "memory",
            f"{during} was stopped by the memory limit ({limits.memory_mb} MiB for all the "
            "submission's processes together)",
        )
    if sig == signal.SIGSEGV:
        return WorkerFailure("crash", f"{during} crashed the Python interpreter (segmentation fault)")
    if sig == signal.SIGABRT:
        return WorkerFailure("crash", f"{during} aborted the Python interpreter (os.abort or a fatal error)")
    if sig == signal.SIGKILL and not grouped:  # in a group, the OOM killer would have said so
        return WorkerFailure(
            "memory",
            f"{during} was killed, most likely for using too much memory (limit {limits.memory_mb} MiB)",
        )
    if sig is not None:
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        return WorkerFailure("crash", f"{during} ended the Python process with signal {name}")
    return WorkerFailure(
        "exit",
        f"{during} ended the Python process (exit status {code}): remove calls to exit(), sys.exit() or os._exit()",
    )


def reap_orphans(since: float) -> None:
    """Without bubblewrap, kill the processes a worker left behind (a daemon that
    detached from its session): the grader is a child subreaper, so they are its
    children now; those started after ``since`` belong to the worker."""
    import psutil

    # a fork server (and what runs in it) started just before the worker is not its
    # leftover: its sandbox ends its own processes
    spared = {os.getpid()}
    for server in list(_servers.values()):
        try:
            spared.add(server.proc.pid)
            spared.update(p.pid for p in psutil.Process(server.proc.pid).children(recursive=True))
        except psutil.Error:
            pass
    me = psutil.Process()
    boot = time.time() - time.monotonic()
    for child in me.children(recursive=True):
        try:
            if child.pid not in spared and child.create_time() >= boot + since - 1:
                child.kill()
        except psutil.Error:
            pass


def become_subreaper() -> None:
    """Orphaned descendants become the grader's children (see reap_orphans)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass
