"""When a stored result is still current.

A result is reused when its ``extra_data.cache_key`` equals the key of the
submission now: a hash of the submission's bytes and of everything that decides
its grade: the hidden tests, the solution notebook and its modules, the released
assignment folder (its modules run beside the student's code), the grader's own
code, ``dlcourse/``, the assignment's driver, the limits and the isolation.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import asdict
from functools import cache
from pathlib import Path

from . import paths
from .config import Limits


def _files(assignment: str) -> list[Path]:
    code = paths.CODE_ROOT
    files = [paths.hidden_file(assignment), paths.source_notebook(assignment)]
    files += sorted(paths.source_notebook(assignment).parent.glob("*.py"))
    release = paths.release_dir(assignment)
    if release.is_dir():
        files += sorted(p for p in release.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    grader = code / "autograder"
    files += sorted(grader.glob("*.py")) + sorted((grader / "sandbox").glob("*.py"))
    files += [grader / "hidden" / "conftest.py", paths.driver_file(assignment)]
    files += sorted((code / "dlcourse").glob("*.py"))
    return files


@cache
def grader_fingerprint(assignment: str) -> str:
    h = hashlib.sha256()
    for path in _files(assignment):
        h.update(str(path).encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"<missing>")
    import numpy

    h.update(f"{sys.version}|numpy {numpy.__version__}".encode())
    return h.hexdigest()


def cache_key(assignment: str, content: bytes, limits: Limits, isolation: str) -> str:
    h = hashlib.sha256()
    h.update(grader_fingerprint(assignment).encode())
    h.update(json.dumps(asdict(limits), sort_keys=True).encode())
    h.update(isolation.encode() + b"\0")
    h.update(content)
    return h.hexdigest()
