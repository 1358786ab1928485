"""The code a reader could copy out of a notebook: its top-level definitions.

``definitions(notebook)`` keeps, from every code cell (hidden ones too: a downloaded
notebook holds them), the top-level imports, functions, classes, and the constants
those definitions read (assignments whose value is cheap: a literal, a name, an
attribute, arithmetic on those), in notebook order, as one Python module. Training
runs, plots and prints are left out: they are not something a student pastes into a
submission, and they would only make grading slow.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

_MAGIC = re.compile(r"^\s*[%!].*$", re.MULTILINE)


def code_cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if c["cell_type"] == "code"]  # fmt: skip


def _cheap(node: ast.AST) -> bool:
    """A value computed at once: no call, no comprehension, no lambda capturing work."""
    allowed = (
        ast.Constant, ast.Name, ast.Attribute, ast.Load, ast.BinOp, ast.UnaryOp, ast.operator,
        ast.unaryop, ast.Tuple, ast.List, ast.Dict, ast.Set, ast.Subscript, ast.Slice,
    )  # fmt: skip
    return all(isinstance(n, allowed) for n in ast.walk(node))


def _loaded_names(nodes: list[ast.stmt]) -> set[str]:
    return {n.id for node in nodes for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _targets(node: ast.stmt) -> set[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]  # type: ignore[attr-defined]
    return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}


def definitions(path: Path) -> tuple[str, set[str]]:
    """(module source, names of the functions and classes it defines)."""
    statements: list[tuple[ast.stmt, str]] = []
    for source in code_cells(path):
        source = _MAGIC.sub("", source)
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        statements += [(node, ast.get_source_segment(source, node, padded=False) or "") for node in tree.body]
    defs = [n for n, _ in statements if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    needed = _loaded_names(defs)
    kept, names = [], set()
    for node, text in statements:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            decorators = "".join(f"@{ast.unparse(d)}\n" for d in node.decorator_list)
            kept.append(decorators + text if decorators and not text.startswith("@") else text)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            kept.append(text)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and _targets(node) & needed and node.value is not None:
            if _cheap(node.value):
                kept.append(text)
    return "\n\n".join(kept) + "\n", names
