"""Control groups: limits on all of a submission's processes together.

``setrlimit`` limits each process on its own: a submission that forks gets a fresh
address space and CPU allowance in every child, and RLIMIT_NPROC does not bind
root. A control group counts the worker and everything it starts. For every worker
the grader makes one group with

- a memory limit (``memory_mb``, swap included), past which the kernel's OOM killer
  ends one of the submission's processes;
- a process limit (``processes``: processes and threads at once), so that a fork
  bomb gets ``BlockingIOError`` instead of the machine;
- a CPU quota (``cpu_cores`` cores at once) and CPU accounting, so the CPU budget
  counts every process of the submission, a detached one included;

moves the worker in before it runs any student code (autograder/launcher.py), and
kills every process in it and removes it when the worker ends.

Both kernel interfaces are supported: cgroup v1 (separate ``memory``, ``pids``,
``cpu`` and ``cpuacct`` hierarchies, the groups made under the grader's own) and
cgroup v2 (the groups made beside the grader's own group, in its parent, which must
be writable and delegate the ``memory`` and ``pids`` controllers). Where neither is
writable (no root and no delegation, macOS), :func:`problem` says why and grading
keeps the per-process limits.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import shlex
import signal
import time
from dataclasses import dataclass
from pathlib import Path

CONTROLLERS = ("memory", "pids", "cpu", "cpuacct")
REQUIRED = ("memory", "pids")
PERIOD_US = 100_000  # the CPU quota's period

_disabled = False


@dataclass(frozen=True)
class Spec:
    """What one group allows."""

    memory_bytes: int
    processes: int
    cpu_cores: float


@dataclass(frozen=True)
class Layout:
    """Where this grader process makes its groups: one folder per hierarchy (v1) or
    one folder (v2), created for this process and removed when it exits."""

    version: int
    homes: dict[str, Path]  # controller -> folder the groups go in
    controllers: tuple[str, ...]  # those that limit or count

    def describe(self) -> str:
        return f"cgroup v{self.version} ({', '.join(self.controllers)})"


def disable() -> None:
    """Use per-process limits only (``--no-cgroups``)."""
    global _disabled
    _disabled = True


def _cgroup_mounts(mounts: str) -> list[tuple[str, Path, set[str]]]:
    """(type, mount point, options) of the cgroup file systems in /proc/self/mounts."""
    found = []
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[2] in ("cgroup", "cgroup2"):
            found.append((fields[2], Path(fields[1]), set(fields[3].split(","))))
    return found


def _own_paths(membership: str) -> dict[str, str]:
    """controller -> this process's group, from /proc/self/cgroup ("" is cgroup v2)."""
    own: dict[str, str] = {}
    for line in membership.splitlines():
        _, controllers, path = line.split(":", 2)
        for name in controllers.split(",") if controllers else [""]:
            own[name] = path
    return own


def _readable(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def _v1_places(mounts: str, membership: str) -> dict[str, Path]:
    own = _own_paths(membership)
    places = {}
    for kind, point, options in _cgroup_mounts(mounts):
        if kind != "cgroup":
            continue
        for controller in options & set(CONTROLLERS):
            places[controller] = point / own.get(controller, "/").lstrip("/")
    return places


def _v2_parent(mounts: str, membership: str) -> Path | None:
    """The folder in which v2 groups can be made beside this process's group."""
    points = [point for kind, point, _ in _cgroup_mounts(mounts) if kind == "cgroup2"]
    own = _own_paths(membership).get("")
    if not points or own is None:
        return None
    mine = points[0] / own.lstrip("/")
    return mine if own == "/" else mine.parent


def _make_home(folder: Path) -> Path:
    home = folder / f"autograder-{os.getpid()}"
    home.mkdir(exist_ok=True)
    return home


def _sweep(folder: Path) -> None:
    """Remove groups that graders killed before they could clean up left behind."""
    for old in folder.glob("autograder-*"):
        pid = old.name.removeprefix("autograder-")
        if not pid.isdigit() or int(pid) == os.getpid() or Path(f"/proc/{pid}").exists():
            continue
        for group in sorted(old.glob("*/"), reverse=True):
            with contextlib.suppress(OSError):
                group.rmdir()
        with contextlib.suppress(OSError):
            old.rmdir()


def discover(mounts: str, membership: str) -> tuple[Layout | None, str | None]:
    """The layout to use, or why there is none. Makes this process's folders."""
    problems = []
    places = _v1_places(mounts, membership)
    if all(c in places for c in REQUIRED):
        homes: dict[str, Path] = {}
        try:
            for controller, folder in places.items():
                if controller not in homes:
                    _sweep(folder)
                    # co-mounted controllers (cpu,cpuacct) share a folder
                    for other, same in places.items():
                        if same == folder:
                            homes[other] = _make_home(folder)
            used = tuple(c for c in CONTROLLERS if c in homes)
            return Layout(1, homes, used), None
        except OSError as exc:
            problems.append(f"cgroup v1 is not writable here ({exc.strerror})")
            for home in set(homes.values()):
                with contextlib.suppress(OSError):
                    home.rmdir()
    parent = _v2_parent(mounts, membership)
    if parent is not None:
        delegated = set(_readable(parent / "cgroup.subtree_control").split())
        missing = [c for c in REQUIRED if c not in delegated]
        if missing:
            problems.append(f"cgroup v2 does not delegate {' and '.join(missing)} to {parent}")
        else:
            try:
                _sweep(parent)
                home = _make_home(parent)
                wanted = [c for c in ("memory", "pids", "cpu") if c in delegated]
                (home / "cgroup.subtree_control").write_text(" ".join(f"+{c}" for c in wanted))
                # v2 counts CPU time (cpu.stat) in every group, with or without the cpu controller
                return Layout(2, {c: home for c in CONTROLLERS}, (*wanted, "cpu.stat")), None
            except OSError as exc:
                problems.append(f"cgroup v2 is not writable at {parent} ({exc.strerror})")
    if not problems:
        problems.append("no cgroup file system with the memory and pids controllers is mounted")
    return None, "; ".join(problems)


_layouts: dict[int, tuple[Layout | None, str | None]] = {}


def _current() -> tuple[Layout | None, str | None]:
    """This process's layout (a grader process of the pool makes its own)."""
    pid = os.getpid()
    if pid not in _layouts:
        try:
            mounts = Path("/proc/self/mounts").read_text()
            membership = Path("/proc/self/cgroup").read_text()
        except OSError:
            _layouts[pid] = (None, "this system has no control groups (no /proc/self/cgroup)")
        else:
            _layouts[pid] = discover(mounts, membership)
            if _layouts[pid][0] is not None:
                atexit.register(remove_folders)
    return _layouts[pid]


def layout() -> Layout | None:
    return None if _disabled else _current()[0]


def problem() -> str | None:
    """Why submissions are not put in control groups, or None when they are."""
    if _disabled:
        return "--no-cgroups was given"
    return _current()[1]


def remove_folders() -> None:
    """Remove this process's groups and folders (when it ends)."""
    found = _layouts.get(os.getpid(), (None, None))[0]
    if found is None:
        return
    for group in list(Group.leftovers):
        group.remove()
    for home in set(found.homes.values()):
        with contextlib.suppress(OSError):
            home.rmdir()


class Group:
    """One worker's control group (a folder in each hierarchy)."""

    leftovers: set[Group] = set()  # removed later: a process in it was slow to die
    _numbers = itertools.count()

    def __init__(self, found: Layout, spec: Spec) -> None:
        self.version = found.version
        name = f"w{next(self._numbers)}"
        self.dirs = {c: home / name for c, home in found.homes.items()}
        self.spec = spec
        for folder in set(self.dirs.values()):
            folder.mkdir()
        try:
            self._configure()
        except OSError:
            self.remove()
            raise

    @classmethod
    def create(cls, spec: Spec) -> Group | None:
        """A new group for a worker, or None where control groups are not used."""
        for group in list(cls.leftovers):
            group.remove()
        found = layout()
        return None if found is None else cls(found, spec)

    def _write(self, controller: str, name: str, value: str, optional: bool = False) -> None:
        try:
            (self.dirs[controller] / name).write_text(value)
        except (OSError, KeyError):
            if not optional:
                raise

    def _read(self, controller: str, name: str) -> str:
        folder = self.dirs.get(controller)
        return _readable(folder / name) if folder is not None else ""

    def _configure(self) -> None:
        spec = self.spec
        memory, quota = str(spec.memory_bytes), str(max(1000, round(spec.cpu_cores * PERIOD_US)))
        if self.version == 1:
            self._write("memory", "memory.limit_in_bytes", memory)
            self._write("memory", "memory.memsw.limit_in_bytes", memory, optional=True)  # no swapping past it
            self._write("cpu", "cpu.cfs_period_us", str(PERIOD_US), optional=True)
            self._write("cpu", "cpu.cfs_quota_us", quota, optional=True)
        else:
            self._write("memory", "memory.max", memory)
            self._write("memory", "memory.swap.max", "0", optional=True)
            self._write("cpu", "cpu.max", f"{quota} {PERIOD_US}", optional=True)
        self._write("pids", "pids.max", str(spec.processes))

    def _procs_files(self) -> list[Path]:
        return [folder / "cgroup.procs" for folder in sorted(set(self.dirs.values()))]

    def add(self, pid: int) -> None:
        """Move a process in (its children, made from now on, are in too)."""
        for procs in self._procs_files():
            procs.write_text(str(pid))

    def join_command(self) -> list[str]:
        """A prefix for a command that moves it in before it starts (no window in which
        it runs outside): ``sh -c 'echo $$ > .../cgroup.procs; exec "$@"'``."""
        moves = "; ".join(f"echo $$ > {shlex.quote(str(p))}" for p in self._procs_files())
        return ["/bin/sh", "-c", f'{moves} && exec "$@"', "autograder-worker"]

    def cpu_seconds(self) -> float | None:
        """CPU time of every process that has been in the group, living or ended."""
        if self.version == 1:
            text = self._read("cpuacct", "cpuacct.usage").strip()
            return int(text) / 1e9 if text else None
        for line in self._read("cpu", "cpu.stat").splitlines():
            key, _, value = line.partition(" ")
            if key == "usage_usec":
                return int(value) / 1e6
        return None

    def _counter(self, controller: str, name: str, key: str) -> int:
        for line in self._read(controller, name).splitlines():
            field, _, value = line.partition(" ")
            if field == key and value.strip().isdigit():
                return int(value)
        return 0

    def oom_kills(self) -> int:
        """Processes the OOM killer ended for the group's memory limit."""
        name = "memory.oom_control" if self.version == 1 else "memory.events"
        return self._counter("memory", name, "oom_kill")

    def refused_forks(self) -> int:
        """New processes or threads refused for the group's process limit."""
        return self._counter("pids", "pids.events", "max")

    def pids(self) -> list[int]:
        return [int(p) for p in self._read("pids", "cgroup.procs").split()]

    def kill(self) -> None:
        """End every process in the group: no new one can start (``pids.max`` 0), then
        each is sent SIGKILL until none is left."""
        self._write("pids", "pids.max", "0", optional=True)
        if self.version == 2:
            self._write("pids", "cgroup.kill", "1", optional=True)
        for _ in range(100):
            pids = self.pids()
            if not pids:
                return
            for pid in pids:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.002)

    def remove(self) -> None:
        """Remove the group's folders; a group that still holds a process is kept in
        :attr:`leftovers` and removed by a later call."""
        self.leftovers.discard(self)
        for folder in sorted(set(self.dirs.values())):
            for _ in range(50):
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    self.kill()
                    time.sleep(0.01)
            else:
                self.leftovers.add(self)
