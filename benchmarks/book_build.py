"""Time a clean build of the book and a cached rebuild, side by side in one run.

Targets (issue: the lecture book): a clean build <= 10 minutes and a cached rebuild
<= 60 s on 2 cores. The build runs in a temporary copy of the book's sources, so
your own _build/ is left alone.

    .venv/bin/python benchmarks/book_build.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ["_config.yml", "_toc.yml", "book"]
TARGETS = {"clean": 600.0, "cached": 60.0}


def build(folder: Path) -> float:
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    start = time.perf_counter()
    subprocess.run(
        [str(jupyter_book), "build", str(folder), "-W", "-n", "--keep-going", "--quiet"],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    return time.perf_counter() - start


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in SOURCES:
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(src, work / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy(src, work / name)
        seconds = {"clean": build(work), "cached": build(work)}
    print(f"{'build':<8}{'seconds':>10}{'target':>10}{'ratio':>8}")
    ok = True
    for name, s in seconds.items():
        ratio = s / TARGETS[name]
        ok &= ratio <= 1
        print(f"{name:<8}{s:>10.1f}{TARGETS[name]:>10.0f}{ratio:>8.2f}")
    print(f"cached rebuild is {seconds['clean'] / seconds['cached']:.1f}x faster than a clean build")
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
