"""A batch that is interrupted resumes, a batch that is run again reuses what is
current, and every file the grader writes is whole at every moment."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest

from autograder.cache import _files, cache_key
from autograder.grading import grade_batch
from autograder.results import atomic_write

from .conftest import FAST, PYTHON, ROOT, fast_config, fast_limits, fixture_source, mutate

A = "logistic_regression"


def submissions(folder, n: int, slow: int = 0):
    """``n`` correct and buggy submissions; the last ``slow`` of them hang in a cell."""
    base = fixture_source("correct_vectorized.py")
    files = []
    for i in range(n):
        code = base if i % 2 == 0 else mutate(base, "dw = X @ dZ.T / m", "dw = X @ dZ.T")
        if i >= n - slow:
            code += "\nimport time\ntime.sleep(30)\n"
        path = folder / f"s{i:02d}.py"
        path.write_text(code)
        files.append(path)
    return files


def scores(out) -> dict[str, float]:
    return {p.parent.name: json.loads(p.read_text())["score"] for p in out.glob("*/results.json")}


def test_rerunning_reuses_current_results_and_force_regrades(tmp_path):
    files = submissions(tmp_path, 3)
    out = tmp_path / "out"
    first = grade_batch(fast_config(A, files, out))
    assert [r.cached for r in first.rows] == [False] * 3
    stamps = {f: (out / f.stem / "results.json").read_bytes() for f in files}

    again = grade_batch(fast_config(A, files, out))
    assert [r.cached for r in again.rows] == [True] * 3
    assert all((out / f.stem / "results.json").read_bytes() == stamps[f] for f in files)

    files[1].write_text(fixture_source("correct_vectorized.py"))  # the bug is fixed
    (out / "s02" / "feedback.html").unlink()  # and a feedback page went missing
    changed = grade_batch(fast_config(A, files, out))
    assert [r.cached for r in changed.rows] == [True, False, True]
    assert changed.rows[1].score == 100 > first.rows[1].score
    assert (out / "s02" / "feedback.html").is_file()
    assert (out / "grades.csv").read_text().splitlines()[2] == "s01,100,100,graded,0,"

    forced = grade_batch(fast_config(A, files, out, force=True))
    assert not any(r.cached for r in forced.rows)


def test_the_cache_key_covers_everything_that_decides_a_grade():
    limits = fast_limits()
    key = cache_key(A, b"code", limits, "sandbox")
    assert key == cache_key(A, b"code", limits, "sandbox")
    assert key != cache_key(A, b"code!", limits, "sandbox")
    assert key != cache_key(A, b"code", fast_limits(memory_mb=1024), "sandbox")
    assert key != cache_key(A, b"code", limits, "reduced")
    assert key != cache_key("deep_network", b"code", limits, "sandbox")
    covered = {p.name for p in _files(A)}
    assert {"test_logistic_regression.py", "logistic_regression.ipynb", "worker.py", "compare.py"} <= covered


def test_a_grader_killed_mid_batch_leaves_whole_files_and_resumes(tmp_path):
    files = submissions(tmp_path, 6, slow=1)
    out = tmp_path / "out"
    limits = {**FAST, "cell_timeout": 3.0}
    cmd = [PYTHON, "-m", "autograder", "grade", A, *map(str, files), "--out", str(out), "--jobs", "2", "--no-db"]
    cmd += [arg for k, v in limits.items() for arg in (f"--{k.replace('_', '-')}", str(v))]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(list(out.glob("*/results.json"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        os.killpg(proc.pid, signal.SIGKILL)  # the grader and its pool, at no particular moment
    finally:
        proc.wait()
    done = list(out.glob("*/results.json"))
    assert 2 <= len(done) < 6
    for path in done:
        json.loads(path.read_text())  # whole, or not there at all
    for page in out.glob("*/feedback.html"):
        assert page.read_text().rstrip().endswith("</html>")
    assert not (out / "grades.csv").exists() or (out / "grades.csv").read_text().startswith("id,")

    resumed = grade_batch(fast_config(A, files, out, cell_timeout=3.0))
    assert sum(r.cached for r in resumed.rows) >= len(done) and not resumed.errors
    # the same results as a run never interrupted: correct ones 100, the buggy ones alike
    got = scores(out)
    assert len(got) == 6 and all(got[f"s{i:02d}"] == 100 for i in (0, 2, 4))
    assert got["s01"] == got["s03"] == got["s05"] < 100
    assert len((out / "grades.csv").read_text().splitlines()) == 7
    assert not list(out.glob("*/.tmp-*")), "stale temporary files are cleaned up on the next run"


def test_an_interrupted_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "results.json"
    atomic_write(target, '{"score": 1}')

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # the moment between writing the data and renaming it

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, '{"score": 2}')
    assert json.loads(target.read_text()) == {"score": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]
