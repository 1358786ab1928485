"""Grade the same notebook submissions with this grader and with `nbgrader autograde`,
side by side, and print the seconds per submission and their ratio.

    .venv/bin/python benchmarks/grade_vs_nbgrader.py [--assignment logistic_regression]
        [--submissions 100] [--nbgrader-submissions 4] [--jobs 2] [--wrong-share 0.3]

The submissions are the released notebook with its solution cells filled in from the
solution notebook, each with a student's own extra cell (so no two are the same file).
nbgrader runs in a temporary copy of the course: generate_assignment, the submissions
in submitted/, then autograde (which executes each whole notebook, hidden tests
included). This grader runs as instructors run it: `python -m autograder grade`, all
submissions in one command, --jobs processes. Wall times include each tool's start-up;
CPU times are those of the command and all its descendants (the sandboxed workers
included: each sandbox is ended in order, so its processes are reaped and counted).
On a shared machine wall times grow with the load; CPU times hardly do.

With ``--wrong-share``, that share of the submissions has one planted mistake in a
helper that other graded functions call (``MISTAKES``), so their callers are graded
through the reference's stand-ins: one call across the sandbox per use of the helper.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def solution_sources(assignment: str) -> dict[str, str]:
    nb = json.loads((ROOT / "solutions" / assignment / f"{assignment}.ipynb").read_text())
    out = {}
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and cell["cell_type"] == "code":
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            out[meta["grade_id"]] = "\n".join(
                line
                for line in source.splitlines()
                if "### BEGIN SOLUTION" not in line and "### END SOLUTION" not in line
            )
    return out


# assignment -> (graded function, its solution's text, the mistaken text): helpers with callers
MISTAKES = {
    "logistic_regression": ("propagate", "dw = X @ dZ.T / m", "dw = X @ dZ.T"),
    "deep_network": ("linear_backward", "keepdims=True) / m", ") / m"),
}


def student_notebook(assignment: str, index: int, wrong: bool = False) -> dict:
    """The release, done: each solution cell holds the solution, plus a cell of the student's
    own; ``wrong``: with the assignment's planted mistake."""
    nb = json.loads((ROOT / "assignments" / assignment / f"{assignment}.ipynb").read_text())
    nb = copy.deepcopy(nb)
    sources = solution_sources(assignment)
    if wrong:
        function, old, new = MISTAKES[assignment]
        assert old in sources[function], (function, old)
        sources[function] = sources[function].replace(old, new)
    for cell in nb["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution") and grade_id in sources:
            cell["source"] = sources[grade_id]
    nb["cells"].append(
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
         "source": f"student_number = {index}  # a cell of the student's own"}
    )  # fmt: skip
    return nb


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the command and its children, output)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} failed:\n{done.stdout}\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout + done.stderr


def is_wrong(index: int, share: float) -> bool:
    """Spread the wrong submissions evenly: ``share`` of every run of indices."""
    return int((index + 1) * share) > int(index * share)


def run_ours(assignment: str, n: int, jobs: int, work: Path, share: float = 0.0) -> tuple[float, float, list[float]]:
    subs = work / f"ours_{jobs}"
    subs.mkdir()
    for i in range(n):
        nb = student_notebook(assignment, i, is_wrong(i, share))
        (subs / f"student{i:03d}.ipynb").write_text(json.dumps(nb))
    out = work / f"ours_{jobs}_out"
    cmd = [sys.executable, "-m", "autograder", "grade", assignment, str(subs), "--out", str(out),
           "--jobs", str(jobs), "--no-db", "--quiet"]  # fmt: skip
    # a directory of notebooks is not a submitted/ layout: pass the files
    cmd[5:6] = sorted(str(p) for p in subs.glob("*.ipynb"))
    wall, cpu, _ = timed(cmd, ROOT)
    scores = [float(line.split(",")[1]) for line in (out / "grades.csv").read_text().splitlines()[1:]]
    return wall, cpu, scores


def run_nbgrader(assignment: str, n: int, work: Path) -> tuple[float, float, list[float]]:
    course = work / "course"
    course.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "solutions" / assignment, course / "solutions" / assignment)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    nbgrader = str(BIN / "nbgrader")
    timed([nbgrader, "generate_assignment", assignment, "--log-level=WARN"], course, env)
    for i in range(n):
        folder = course / "submitted" / f"student{i:03d}" / assignment
        folder.mkdir(parents=True)
        (folder / f"{assignment}.ipynb").write_text(json.dumps(student_notebook(assignment, i)))
    wall, cpu, _ = timed([nbgrader, "autograde", assignment, "--log-level=WARN"], course, env)
    timed([nbgrader, "export", "--to", "export.csv", "--log-level=WARN"], course, env)
    rows = (course / "export.csv").read_text().splitlines()[1:]
    scores = [float(row.split(",")[9]) for row in rows]
    return wall, cpu, scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assignment", default="logistic_regression")
    parser.add_argument("--submissions", type=int, default=100, help="graded by this grader")
    parser.add_argument("--nbgrader-submissions", type=int, default=4, help="graded by nbgrader (slow; 0: skip)")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument(
        "--wrong-share", type=float, default=0.0, help="share of submissions with a mistake in a helper (MISTAKES)"
    )
    args = parser.parse_args()
    a, n, k = args.assignment, args.submissions, args.nbgrader_submissions
    if args.wrong_share and a not in MISTAKES:
        raise SystemExit(f"--wrong-share: no planted mistake for {a} (MISTAKES has {', '.join(MISTAKES)})")
    wrong = sum(is_wrong(i, args.wrong_share) for i in range(n))
    print(f"{a}: {n} submissions for this grader ({wrong} with a mistake in a helper), {k} for nbgrader autograde; "
          f"{len(os.sched_getaffinity(0))} cores, load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="grade-bench-") as tmp:
        work = Path(tmp)
        rows = []
        for jobs in sorted({1, args.jobs}):
            wall, cpu, scores = run_ours(a, n, jobs, work, args.wrong_share)
            rows.append((f"autograder --jobs {jobs}", n, wall, cpu, scores))
        if k:
            wall, cpu, scores = run_nbgrader(a, k, work)
            rows.append(("nbgrader autograde", k, wall, cpu, scores))
    nb_per = rows[-1][2] / rows[-1][1] if k else float("nan")
    print(f"\n{'grader':<22}{'subs':>6}{'wall s':>9}{'s/sub':>8}{'CPU s/sub':>11}{'mean score':>12}{'speed-up':>10}")
    for name, count, wall, cpu, scores in rows:
        per = wall / count
        mean = sum(scores) / len(scores) if scores else float("nan")
        ratio = f"{nb_per / per:>9.1f}x" if k else f"{'-':>10}"
        print(f"{name:<22}{count:>6}{wall:>9.1f}{per:>8.3f}{cpu / count:>11.3f}{mean:>12.1f}{ratio}")
    ours = rows[-2] if k else rows[-1]
    per = ours[2] / ours[1]
    print(f"\nper submission: {per:.3f} s with --jobs {args.jobs} (target <= 0.3 s)", end="")
    print(f", {nb_per / per:.0f}x faster than nbgrader autograde (target >= 20x)" if k else "")


if __name__ == "__main__":
    main()
