"""Control groups: a submission's memory, process and CPU limits count all of its
processes together (autograder/cgroups.py), in the sandbox and without it."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import psutil
import pytest

from autograder import cgroups
from autograder.grading import grade_batch
from autograder.student import StudentError

from .conftest import FIXTURES, MODES, fast_config, fixture_source

needs_cgroups = pytest.mark.skipif(cgroups.problem() is not None, reason=f"no cgroups: {cgroups.problem()}")

MiB = 1024 * 1024


# -- finding where groups can be made (on a folder tree standing in for /sys/fs/cgroup) --


def test_v1_groups_go_under_the_graders_own_in_each_hierarchy(tmp_path):
    mounts = "\n".join(
        [
            f"cgroup {tmp_path}/memory cgroup rw,relatime,memory 0 0",
            f"cgroup {tmp_path}/pids cgroup rw,relatime,pids 0 0",
            f"cgroup {tmp_path}/cpu,cpuacct cgroup rw,relatime,cpu,cpuacct 0 0",
            f"cgroup2 {tmp_path}/unified cgroup2 rw 0 0",
        ]
    )
    membership = "5:memory:/job/42\n4:pids:/\n3:cpu,cpuacct:/\n0::/\n"
    for folder in ("memory/job/42", "pids", "cpu,cpuacct"):
        (tmp_path / folder).mkdir(parents=True)
    found, problem = cgroups.discover(mounts, membership)
    assert problem is None and found is not None and found.version == 1
    me = f"autograder-{os.getpid()}"
    assert found.homes["memory"] == tmp_path / "memory/job/42" / me
    assert found.homes["cpu"] == found.homes["cpuacct"] == tmp_path / "cpu,cpuacct" / me
    group = cgroups.Group(found, cgroups.Spec(512 * MiB, 16, 1.5))
    folder = group.dirs["memory"]
    assert (folder / "memory.limit_in_bytes").read_text() == str(512 * MiB)
    assert (folder / "memory.memsw.limit_in_bytes").read_text() == str(512 * MiB)  # swap counts too
    assert (group.dirs["pids"] / "pids.max").read_text() == "16"
    assert (group.dirs["cpu"] / "cpu.cfs_quota_us").read_text() == "150000"
    assert (group.dirs["cpu"] / "cpu.cfs_period_us").read_text() == "100000"
    (group.dirs["cpuacct"] / "cpuacct.usage").write_text("2500000000\n")
    (folder / "memory.oom_control").write_text("oom_kill_disable 0\nunder_oom 0\noom_kill 3\n")
    (group.dirs["pids"] / "pids.events").write_text("max 7\n")
    assert (group.cpu_seconds(), group.oom_kills(), group.refused_forks()) == (2.5, 3, 7)
    prefix = group.join_command()
    assert prefix[:2] == ["/bin/sh", "-c"] and str(group.dirs["pids"] / "cgroup.procs") in prefix[2]


def test_v2_groups_go_beside_the_graders_own_in_a_delegated_parent(tmp_path):
    parent = tmp_path / "user.slice"
    parent.mkdir()
    (parent / "cgroup.subtree_control").write_text("cpu memory pids\n")
    found, problem = cgroups.discover(f"cgroup2 {tmp_path} cgroup2 rw 0 0", "0::/user.slice/session-1.scope\n")
    assert problem is None and found is not None and found.version == 2
    home = parent / f"autograder-{os.getpid()}"
    assert found.homes["memory"] == home
    assert (home / "cgroup.subtree_control").read_text() == "+memory +pids +cpu"
    group = cgroups.Group(found, cgroups.Spec(256 * MiB, 8, 1.0))
    folder = group.dirs["memory"]
    assert (folder / "memory.max").read_text() == str(256 * MiB)
    assert (folder / "memory.swap.max").read_text() == "0"
    assert (folder / "cpu.max").read_text() == "100000 100000"
    assert (folder / "pids.max").read_text() == "8"
    (folder / "cpu.stat").write_text("usage_usec 1500000\nuser_usec 1000000\n")
    (folder / "memory.events").write_text("low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\n")
    assert (group.cpu_seconds(), group.oom_kills()) == (1.5, 1)


@pytest.mark.parametrize(
    "mounts, membership, said",
    [
        ("", "", "no cgroup file system"),
        ("cgroup2 {tmp} cgroup2 rw 0 0", "0::/user.slice/me\n", "does not delegate memory and pids"),
    ],
    ids=["none", "v2-undelegated"],
)
def test_without_a_usable_hierarchy_the_reason_is_given(tmp_path, mounts, membership, said):
    (tmp_path / "user.slice").mkdir()
    (tmp_path / "user.slice" / "cgroup.subtree_control").write_text("cpu\n")
    found, problem = cgroups.discover(mounts.replace("{tmp}", str(tmp_path)), membership)
    assert found is None and said in problem


def test_groups_left_by_a_killed_grader_are_swept(tmp_path):
    dead = 2**22 + 12345  # above pid_max: no such process
    (tmp_path / f"autograder-{dead}" / "w3").mkdir(parents=True)
    mounts = f"cgroup {tmp_path} cgroup rw,memory,pids 0 0"
    found, _ = cgroups.discover(mounts, "1:memory,pids:/\n")
    assert found is not None
    assert not (tmp_path / f"autograder-{dead}").exists()


# -- the kernel enforcing them -----------------------------------------------------------------


def _grouped(s):
    assert s._worker is not None and s._worker.group is not None, "the worker is not in a control group"
    return s._worker.group


@needs_cgroups
@pytest.mark.parametrize("sandboxed", MODES)
def test_the_worker_runs_in_its_own_group_with_the_limits(make, sandboxed):
    s = make("import os\ndef me():\n    return os.getpid()\n", sandboxed, memory_mb=1024, processes=16)
    s.me()
    group = _grouped(s)
    folders = set(group.dirs.values())
    assert s._worker.proc.pid in group.pids()
    if group.version == 1:
        assert int((group.dirs["memory"] / "memory.limit_in_bytes").read_text()) == 1024 * MiB
        assert (group.dirs["cpu"] / "cpu.cfs_quota_us").read_text().strip() == "100000"
    assert (group.dirs["pids"] / "pids.max").read_text().strip() == "16"
    s.close()
    assert not any(folder.exists() for folder in folders)  # removed with the worker


@needs_cgroups
@pytest.mark.parametrize("sandboxed", MODES)
def test_a_fork_bomb_is_held_at_the_process_limit_and_stopped_by_the_shared_cpu_budget(make, sandboxed):
    s = make(
        "import os, time\n"
        "def bomb():\n"
        "    if os.fork() == 0:\n"
        "        while True:\n"
        "            try:\n                os.fork()\n"
        "            except OSError:\n                pass\n"
        "    return 'the parent returned'\n"
        "def wait():\n    time.sleep(25)\n    return 'waited'\n",
        sandboxed,
        processes=16,
        cpu_seconds=4.0,
        test_timeout=40.0,
    )
    s.begin_test("bomb")
    assert s.bomb() == "the parent returned"
    group = _grouped(s)
    time.sleep(0.5)
    spinning = group.pids()
    assert 8 <= len(spinning) <= 16 and group.refused_forks() > 0
    began = time.monotonic()
    # the worker itself only sleeps: only a budget that counts its children can stop it
    with pytest.raises(StudentError, match="CPU time limit.*more than 16 processes and threads"):
        s.wait()
    assert time.monotonic() - began < 20
    time.sleep(0.2)
    alive = [pid for pid in spinning if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"]
    assert alive == []


@needs_cgroups
@pytest.mark.parametrize("sandboxed", MODES)
def test_memory_is_limited_for_all_the_submissions_processes_together(make, sandboxed):
    # five children of 300 MiB each: every one is under the per-process limit, together
    # they are over the submission's 1024 MiB, so the OOM killer ends some of them. Each
    # holds its memory until all have theirs or died, so at most three can live (3 x 300
    # MiB and the worker fit, 4 do not) whatever the machine's pace.
    source = (FIXTURES / "hostile" / "memory_forks.py").read_text()
    s = make(
        source[: source.index("print(")] + "def hoard():\n    return hold_together(5, 300)\n",
        sandboxed,
        memory_mb=1024,
        test_timeout=20.0,
    )
    try:
        codes = s.hoard()
    except StudentError as exc:  # the OOM killer chose the worker itself
        assert "memory limit (1024 MiB for all the submission's processes together)" in str(exc)
    else:
        assert -signal.SIGKILL in codes and codes.count(0) <= 3, codes


@needs_cgroups
def test_the_cpu_quota_keeps_a_submission_to_one_core(make):
    s = make(
        "import os, time\n"
        "def spin_two(seconds):\n"
        "    for _ in range(2):\n"
        "        if os.fork() == 0:\n"
        "            end = time.monotonic() + seconds\n"
        "            while time.monotonic() < end:\n                pass\n"
        "            os._exit(0)\n"
        "    os.wait(); os.wait()\n"
        "    t = os.times()\n"
        "    return t.children_user + t.children_system\n",
        cpu_cores=1.0,
        test_timeout=20.0,
    )
    began = time.monotonic()
    cpu = s.spin_two(2.0)
    wall = time.monotonic() - began
    assert cpu <= 1.0 * wall + 0.3, (cpu, wall)  # two busy processes, one core between them


@needs_cgroups
def test_the_batch_report_says_how_limits_are_counted(tmp_path):
    good = tmp_path / "good.py"
    good.write_text(fixture_source("correct_vectorized.py"))
    grouped = grade_batch(fast_config("logistic_regression", [good], tmp_path / "a", jobs=1))
    assert "limits per submission by cgroup v" in grouped.isolation and grouped.isolation_note is None
    assert grouped.rows[0].score == 100


def test_without_cgroups_the_report_says_limits_are_per_process(tmp_path, monkeypatch):
    monkeypatch.setattr(cgroups, "_disabled", False)  # restored afterwards: --no-cgroups sets it
    good = tmp_path / "good.py"
    good.write_text(fixture_source("correct_vectorized.py"))
    report = grade_batch(fast_config("logistic_regression", [good], tmp_path / "b", jobs=1, no_cgroups=True))
    assert report.isolation.endswith("limits per process")
    assert "limits apply to each process" in report.isolation_note and "--no-cgroups" in report.isolation_note
    assert report.rows[0].score == 100
    assert Path(tmp_path / "b" / "good" / "results.json").is_file()
