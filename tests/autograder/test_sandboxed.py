"""The sandboxed student: calls cross to a worker process as plain data, and every way
a student's code can misbehave fails only the call it happens in."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest

from autograder import paths
from autograder.student import StudentError

from .conftest import MODES, needs_bwrap


@pytest.mark.parametrize("sandboxed", MODES)
def test_calls_cross_as_plain_data(make, sandboxed):
    s = make(
        "import numpy as np\n"
        "def f(x, scale=1.0, rng=None):\n"
        "    x *= 2  # changes the worker's copy only\n"
        "    return {'y': x * scale, 'draw': rng.standard_normal(2) if rng is not None else None}\n",
        sandboxed,
    )
    x = np.arange(6.0).reshape(2, 3)
    rng = np.random.default_rng(5)
    out = s.f(x, scale=0.5, rng=rng)
    assert type(out["y"]) is np.ndarray and out["y"].dtype == np.float64
    np.testing.assert_array_equal(out["y"], np.arange(6.0).reshape(2, 3))
    np.testing.assert_array_equal(x, np.arange(6.0).reshape(2, 3))
    # the generator travels as its state: the worker draws what the caller would have
    np.testing.assert_array_equal(out["draw"], np.random.default_rng(5).standard_normal(2))


def test_an_exception_names_its_type_message_and_line(make):
    s = make("def f(x):\n    y = x + 1\n    return y / 0\n")
    said = r"f\(\.\.\.\) raised ZeroDivisionError: division by zero \(line 3: `return y / 0`\)"
    with pytest.raises(StudentError, match=said):
        s.f(1)


def test_an_exception_in_a_helper_names_the_graded_functions_line_first(make):
    s = make("def helper(v):\n    return v[5]\n\ndef f(x):\n    return helper(x) + 1\n")
    with pytest.raises(StudentError) as info:
        s.f([1, 2])
    message = str(info.value)
    assert "(line 5: `return helper(x) + 1`)" in message and "the error itself was raised at line 2" in message


def test_a_typical_failure_gets_its_hint(tmp_path):
    from autograder.sandboxed import Program, SandboxStudent
    from autograder.submissions import python_cells

    from .conftest import fast_limits

    code = "def L_model_backward(AL, Y, caches):\n    return caches[len(caches)]\n"
    s = SandboxStudent("deep_network", Program(python_cells(code), "python", "submission"), fast_limits(), False)
    try:
        with pytest.raises(StudentError, match=r"IndexError.*Hint: caches\[l\] holds layer l\+1's cache"):
            s.L_model_backward(1, 1, [1, 2])
    finally:
        s.close()


def test_a_stub_reads_not_implemented_yet(make):
    s = make("def f(x):\n    raise NotImplementedError()\n")
    with pytest.raises(StudentError, match=r"✗ f: not implemented yet \(it raises NotImplementedError\)"):
        s.f(1)


def test_a_missing_function_is_named_with_a_near_miss_and_its_broken_cell(make):
    s = make("def sigmoïd(z):\n    return z\n\ndef pred(x):\n    return x +\n")
    with pytest.raises(StudentError, match=r"no function named `sigmoid`.*There is a `sigmoïd`"):
        s.sigmoid(1.0)
    with pytest.raises(StudentError, match=r"`pred`.*did not run: line 5 raised SyntaxError"):
        s.pred(1.0)


def test_a_cell_that_raises_does_not_stop_the_next(make):
    s = make("raise RuntimeError('top')\nx = undefined_name\ndef f():\n    return 42\n")
    assert s.f() == 42
    messages = " ".join(p.message for p in s.load().problems)
    assert "RuntimeError: top" in messages and "NameError" in messages


def test_magics_and_shell_escapes_are_skipped(make):
    s = make("# %%\n%matplotlib inline\nimport numpy as np\n!pip install nothing\ndef f():\n    return 1\n")
    assert s.f() == 1
    assert s.load().problems == []


@pytest.mark.parametrize("sandboxed", MODES)
def test_an_infinite_loop_fails_its_test_by_the_time_limit_and_the_next_test_runs(make, sandboxed):
    s = make(
        "import signal\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
        "def spin():\n    while True:\n        pass\n"
        "def ok():\n    return 'ok'\n",
        sandboxed,
        test_timeout=1.5,
    )
    s.begin_test("t1")
    began = time.monotonic()
    with pytest.raises(StudentError, match=r"time limit of one test \(1.5 s\)"):
        s.spin()
    assert time.monotonic() - began < 10
    with pytest.raises(StudentError, match="time limit"):  # the same test: no second wait
        s.ok()
    s.end_test("t1")
    s.begin_test("t2")
    assert s.ok() == "ok"


@pytest.mark.parametrize("sandboxed", MODES)
def test_a_memory_hog_fails_by_the_memory_limit(make, sandboxed):
    s = make(
        "import numpy as np\n"
        "def hog():\n    keep = []\n    while True:\n        keep.append(np.zeros(10**8))\n"
        "def big():\n    return np.ones(1 << 32)\n"
        "def ok():\n    return 1\n",
        sandboxed,
    )
    for name in ("hog", "big"):
        s.begin_test(name)
        with pytest.raises(StudentError, match=r"out of memory: the limit is 2048 MiB"):
            getattr(s, name)()
        s.end_test(name)
    assert s.ok() == 1


@pytest.mark.parametrize(
    "body, message",
    [
        ("import os\n    os._exit(3)", r"ended the Python process \(exit status 3\)"),
        ("import os\n    os.abort()", "aborted the Python interpreter"),
        ("import ctypes\n    ctypes.string_at(0)", r"crashed the Python interpreter \(segmentation fault\)"),
        ("import sys\n    sys.exit(1)", "raised SystemExit: sys.exit"),
    ],
    ids=["os._exit", "abort", "segfault", "sys.exit"],
)
def test_ending_or_crashing_the_interpreter_fails_only_that_call(make, body, message):
    s = make(f"def bad():\n    {body}\n\ndef ok():\n    return 'still here'\n")
    s.begin_test("bad")
    with pytest.raises(StudentError, match=message):
        s.bad()
    s.end_test("bad")
    s.begin_test("ok")
    assert s.ok() == "still here"


def test_cpu_budget_is_shared_by_the_whole_submission(make):
    s = make(
        "import signal\nsignal.signal(signal.SIGXCPU, signal.SIG_IGN)\ndef burn():\n    while True:\n        pass\n",
        cpu_seconds=2.0,
        test_timeout=30.0,
    )
    s.begin_test("a")
    with pytest.raises(StudentError, match="CPU time limit"):
        s.burn()
    s.end_test("a")
    s.begin_test("b")
    with pytest.raises(StudentError, match="used up its CPU time"):
        s.burn()


def test_a_cell_that_hangs_or_exits_is_skipped_and_the_rest_runs(make):
    s = make(
        "import time, os\n"
        "def f():\n    return 'f'\n"
        "time.sleep(1000)\n"
        "def g():\n    return 'g'\n"
        "os._exit(0)\n"
        "def h():\n    return 'h'\n",
        cell_timeout=1.5,
    )
    assert (s.f(), s.g(), s.h()) == ("f", "g", "h")
    messages = [p.message for p in s.load().problems]
    assert any("line 4 ran longer than 1.5 s" in m for m in messages), messages
    assert any("line 7" in m and "exit status 0" in m for m in messages), messages


def test_output_is_capped_and_output_during_tests_is_never_kept(make):
    s = make(
        "import sys\nsys.stdout.write('x' * 5_000_000)\nprint('visible')\n"
        "def f():\n    print('hidden input: ', 123)\n    sys.stdout.write('y' * 3_000_000)\n    return 1\n",
        output_kb=16,
    )
    summary = s.load()
    assert len(summary.output) == 16 * 1024 and summary.output_dropped > 4_000_000
    assert s.f() == 1
    assert "hidden input" not in s.load().output


def test_odd_objects_come_back_as_plain_data_or_not_at_all(make, tmp_path):
    marker = tmp_path / "pwned"
    s = make(
        "import numpy as np, os\n"
        "class Liar(np.ndarray):\n"
        "    def __eq__(self, other):\n        return True\n"
        "class Sneaky:\n"
        f"    def __reduce__(self):\n        return (os.system, ('touch {marker}',))\n"
        "class Float(float):\n    def __eq__(self, other):\n        return True\n"
        "def liar():\n    return np.arange(3.0).view(Liar)\n"
        "def sneaky():\n    return Sneaky()\n"
        "def fl():\n    return (Float(2.5), [Float(1.0)])\n",
        sandboxed=False,  # even without the sandbox, nothing is unpickled
    )
    got = s.liar()
    assert type(got) is np.ndarray and not np.array_equal(got, np.zeros(3))
    with pytest.raises(StudentError, match="not plain data"):
        s.sneaky()
    value = s.fl()
    assert type(value[0]) is float and value == (2.5, [1.0])
    assert not marker.exists()


def test_garbage_on_the_grader_pipes_fails_the_call_only(make):
    s = make(
        "import os\n"
        "def scribble():\n"
        "    for fd in range(3, 64):\n"
        "        try:\n            os.write(fd, b'\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x05junk!')\n"
        "        except OSError:\n            pass\n"
        "    return 0\n"
        "def ok():\n    return 2\n"
    )
    s.begin_test("scribble")
    with pytest.raises(StudentError):
        s.scribble()
    s.end_test("scribble")
    s.begin_test("ok")
    assert s.ok() == 2


@needs_bwrap
def test_the_sandbox_hides_the_grader_and_the_network(make, tmp_path):
    secret = tmp_path / "other_student.ipynb"
    secret.write_text("secret")
    probes = [
        paths.HIDDEN / "conftest.py",
        paths.ROOT / "solutions",
        paths.ROOT / "nbgrader_config.py",
        "/etc/shadow",
        "/etc/passwd",
        secret,
    ]
    probes += [p for p in Path.home().iterdir() if p.is_file()][:3]  # e.g. a shell history
    s = make(
        "import os, socket, subprocess\n"
        "def readable(paths):\n"
        "    out = []\n"
        "    for p in paths:\n"
        "        try:\n            os.listdir(p) if os.path.isdir(p) else open(p).read()\n            out.append(p)\n"
        "        except OSError:\n            pass\n"
        "    return out\n"
        "def writable(paths):\n"
        "    out = []\n"
        "    for p in paths:\n"
        "        try:\n            open(os.path.join(p, 'x'), 'w').write('x')\n            out.append(p)\n"
        "        except OSError:\n            pass\n"
        "    return out\n"
        "def network():\n"
        "    try:\n        socket.create_connection(('1.1.1.1', 53), timeout=2)\n        return True\n"
        "    except OSError:\n        return False\n"
        "def processes():\n    return [p for p in os.listdir('/proc') if p.isdigit()]\n"
        "def scratch():\n    open('note.txt', 'w').write('x')\n    return os.getcwd()\n",
    )
    assert s.readable([str(p) for p in probes]) == []
    assert s.readable([str(paths.ROOT / "dlcourse" / "compare.py")]) != []  # what it needs is there
    assert s.writable([str(tmp_path), str(paths.ROOT), "/", "/dev", "/usr"]) == []
    assert not (tmp_path / "x").exists() and not (paths.ROOT / "x").exists()
    assert s.network() is False
    assert len(s.processes()) <= 3  # its own PID namespace: the grader's processes are not there
    assert s.scratch().startswith("/tmp")


@needs_bwrap
def test_background_processes_die_with_the_submission(make):
    """Its own PID namespace: a detached daemon dies with the worker. (Without the
    sandbox, the grader's processes are subreapers: see test_cli.py.)"""
    import psutil

    tag = str(4000 + os.getpid() % 1000)
    s = make(
        "import os\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        "    if os.fork() == 0:\n"
        f"        os.execv('/bin/sleep', ['sleep', '{tag}'])\n"
        "    os._exit(0)\n"
        "def f():\n    return 1\n",
    )
    assert s.f() == 1
    s.close()
    time.sleep(0.5)
    left = [p for p in psutil.process_iter(["cmdline"]) if p.info["cmdline"] == ["sleep", tag]]
    assert left == []


def test_cells_that_use_up_the_submission_time_fail_every_test_with_the_reason(make):
    s = make(
        "import time\n" + "time.sleep(100)\n" * 6 + "def f():\n    return 1\n",
        cell_timeout=1.0,
        submission_seconds=3.0,
    )
    began = time.monotonic()
    summary = s.load()
    assert time.monotonic() - began < 15
    assert "ran longer than 1 s" in summary.problems[0].message
    assert "used up its time" in summary.problems[-1].message
    with pytest.raises(StudentError, match="used up its time"):
        s.f()


@needs_bwrap
def test_a_submission_leaves_nothing_for_the_next_one_in_the_same_sandbox(make):
    """Workers are forked from one server per sandbox: between two submissions every other
    process dies and the scratch areas are emptied, and the server cannot be attacked."""
    a = make(
        "import os, signal, time\n"
        "open('/tmp/work/left.txt', 'w').write('a')\n"
        "open('/tmp/left.txt', 'w').write('a')\n"
        "open('/dev/shm/left', 'w').write('a')\n"
        "os.makedirs('/tmp/locked/inner')\n"
        "os.chmod('/tmp/locked/inner', 0)\n"
        "os.chmod('/tmp/locked', 0)\n"
        "if os.fork() == 0:\n    os.setsid()\n    time.sleep(600)\n"
        "def attack():\n"
        "    out = []\n"
        "    for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT, signal.SIGSTOP):\n"
        "        try:\n            os.kill(1, sig)\n        except OSError:\n            pass\n"
        "    try:\n        open('/proc/1/mem', 'rb').read(1)\n        out.append('read its memory')\n"
        "    except OSError:\n        out.append('no')\n"
        "    return out\n"
    )
    assert a.attack() == ["no"]
    a.close()
    b = make(
        "import os\n"
        "def look():\n"
        "    procs = [p for p in os.listdir('/proc') if p.isdigit()]\n"
        "    return sorted(os.listdir('/tmp')), sorted(os.listdir('.')), os.listdir('/dev/shm'), procs\n"
    )
    tmp, work, shm, procs = b.look()
    # /tmp may also hold the read-only folders leading to a checkout that lives under /tmp
    assert "work" in tmp and not {"left.txt", "locked"} & set(tmp) and "left.txt" not in work and shm == []
    assert len(procs) == 2  # the server and this worker: the sleeper is gone


@needs_bwrap
def test_without_the_fork_server_each_worker_gets_its_own_sandbox(make, monkeypatch):
    from autograder import launcher

    monkeypatch.setattr(launcher, "USE_FORK_SERVER", False)
    s = make(
        "import os\n"
        "def f(x):\n    return x + 1\n"
        "def processes():\n    return [p for p in os.listdir('/proc') if p.isdigit()]\n"
    )
    assert s.f(1) == 2
    assert len(s.processes()) == 2  # bubblewrap's PID 1 and this worker
    assert not isinstance(s._worker.proc, launcher._Forked)


@needs_bwrap
def test_a_worker_without_the_sandbox_leaves_the_fork_server_alone(make):
    """Without bubblewrap, a worker's leftover processes are found by their start time;
    a fork server started just before it is not one of them."""
    from autograder import launcher

    launcher.close_fork_servers()
    a = make("def f():\n    return 'sandboxed'\n")
    assert a.f() == "sandboxed"  # starts a fork server
    (server,) = launcher._servers.values()
    b = make("def f():\n    return 'plain'\n", sandboxed=False)
    assert b.f() == "plain"
    b.close()  # ends b's leftovers, which were started less than a second after the server
    time.sleep(0.2)
    assert server.alive()
    c = make("def f():\n    return 'sandboxed again'\n")
    assert c.f() == "sandboxed again" and launcher._servers and server.alive()
