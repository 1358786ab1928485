"""Read the graded functions of every assignment from docs/graded-api.md."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GRADED_API = ROOT / "docs" / "graded-api.md"

_SECTION = re.compile(r"^## `(\w+)`", re.M)
_ROW = re.compile(r"^\| `(\w+)\((.*?)\)` \|", re.M)


def signature(name: str, params: str) -> list[tuple[str, str | None]]:
    """[(parameter, default source or None)] of ``name(params)``."""
    fn = ast.parse(f"def {name}({params}): pass").body[0]
    return arguments(fn)


def arguments(fn: ast.FunctionDef) -> list[tuple[str, str | None]]:
    args = fn.args.args
    defaults = [None] * (len(args) - len(fn.args.defaults)) + list(fn.args.defaults)
    return [(a.arg, None if d is None else ast.unparse(d)) for a, d in zip(args, defaults, strict=True)]


def graded_functions() -> dict[str, dict[str, list[tuple[str, str | None]]]]:
    """{assignment: {function: signature}} for every assignment the document lists."""
    text = GRADED_API.read_text()
    found: dict[str, dict[str, list]] = {}
    sections = list(_SECTION.finditer(text))
    for i, sec in enumerate(sections):
        end = sections[i + 1].start() if i + 1 < len(sections) else len(text)
        body = text[sec.end() : end]
        found[sec.group(1)] = {m.group(1): signature(m.group(1), m.group(2)) for m in _ROW.finditer(body)}
    return found
