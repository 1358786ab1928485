"""The instructor's reference functions, loaded from the solution notebook itself.

The solution notebook (``solutions/<name>/<name>.ipynb``) is the one source of the
reference implementation: its setup and solution cells run here, in a fresh
module, exactly as a student's would (see notebook.py), so hidden tests compare
against the code students are shown the interface of, with no second copy to drift.
"""

from __future__ import annotations

import sys
import types
from functools import cache

from .notebook import graded_cells_of
from .paths import source_notebook


@cache
def load_reference(assignment: str) -> types.ModuleType:
    path = source_notebook(assignment)
    module = types.ModuleType(f"reference_{assignment}")
    module.__file__ = str(path)
    folder = str(path.parent)
    sys.path.insert(0, folder)  # the assignment's own modules (checks, utils)
    try:
        for cell in graded_cells_of(path):
            exec(compile(cell.source, f"{path.name}:{cell.label}", "exec"), module.__dict__)
    finally:
        sys.path.remove(folder)
    return module
