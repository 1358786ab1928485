"""A Gradescope autograder bundle: a zip whose root holds ``setup.sh`` and
``run_autograder`` (beside this file) and the parts of the course the grader needs.

Gradescope unzips it into ``/autograder/source`` and runs ``setup.sh`` once, which
installs the course's pinned environment; for every submission it runs
``run_autograder``, which grades ``/autograder/submission`` with the same hidden
tests as ``python -m autograder grade`` and writes
``/autograder/results/results.json`` (the grader's results are in Gradescope's
format already).

    python -m autograder export gradescope ASSIGNMENT --out deep_network-gradescope.zip
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from ... import paths

HERE = Path(__file__).resolve().parent
SCRIPTS = ("setup.sh", "run_autograder")
# what the grader reads: its code, the shared library, the source notebooks (reference
# solutions and hidden tests), the releases, and what installs the environment
PARTS = ("autograder", "dlcourse", "solutions", "assignments", "requirements.txt", "pyproject.toml")


def course_files(root: Path) -> list[Path]:
    """The course files to bundle: those git tracks or does not ignore, where the course
    is a clone; else every file under PARTS but caches."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *PARTS],
            cwd=root,
            capture_output=True,
            check=True,
        ).stdout.decode()
        files = [root / name for name in listed.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        files = []
        for part in PARTS:
            path = root / part
            files += [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return [f for f in files if f.is_file() and "__pycache__" not in f.parts]


def bundle(assignment: str, out: Path, root: Path | None = None) -> Path:
    """Write the zip for ``assignment``; its path."""
    root = Path(root or paths.CODE_ROOT)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in SCRIPTS:
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o100755 << 16  # executable, as Gradescope runs them
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, (HERE / name).read_bytes())
        zf.writestr("assignment.txt", assignment + "\n")
        for path in course_files(root):
            zf.write(path, path.relative_to(root).as_posix())
    return out
