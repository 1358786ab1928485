"""Compute every value the public checks compare against, and write one data file per
assignment beside its checks: ``solutions/<name>/<name>_expected.json``.

For each case a checks module declares (``CASES``: a graded function and its public
inputs), the value is what the reference solution returns (the source notebook's setup
and solution cells, run the way ``autograder/reference.py`` runs them), and the mistakes
are what :mod:`dlcourse.mistakes` says each typical mistake returns on the same inputs.

    .venv/bin/python scripts/generate_expected.py            # every assignment with CASES
    .venv/bin/python scripts/generate_expected.py deep_network
    .venv/bin/python scripts/generate_expected.py --out /tmp/x   # write elsewhere (the staleness test)

Then regenerate the release (``make release``): nbgrader copies the file into
``assignments/<name>/``. A file whose content has not changed is left untouched.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import types
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
sys.path.insert(0, str(ROOT))

from dlcourse import expected, mistakes  # noqa: E402 (needs the repository on sys.path)
from dlcourse.checking import copy  # noqa: E402


def _runs_in_grading(cell: nbformat.NotebookNode) -> bool:
    """nbgrader's setup cells and solution cells: what a graded run executes."""
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and (meta.get("solution", False) or "setup" in cell.metadata.get("tags", []))


def load_reference(name: str) -> types.ModuleType:
    """The reference solution of ``name``: its notebook's setup and solution cells, in a fresh module."""
    path = SOLUTIONS / name / f"{name}.ipynb"
    module = types.ModuleType(f"reference_{name}")
    module.__file__ = str(path)
    folder = str(path.parent)
    sys.path.insert(0, folder)
    try:
        for i, cell in enumerate(nbformat.read(path, 4).cells):
            if _runs_in_grading(cell):
                exec(compile(cell.source, f"{path.name}:cell {i}", "exec"), module.__dict__)
    finally:
        sys.path.remove(folder)
    return module


def checks_module(name: str) -> types.ModuleType:
    path = SOLUTIONS / name / f"{name}_checks.py"
    spec = importlib.util.spec_from_file_location(f"_generate_{name}_checks", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def assignments() -> list[str]:
    """The assignments whose checks module declares CASES."""
    names = []
    for folder in sorted(SOLUTIONS.iterdir()):
        checks = folder / f"{folder.name}_checks.py"
        if checks.is_file() and "\nCASES = " in checks.read_text():
            names.append(folder.name)
    return names


def compute(name: str) -> str:
    """The text of ``name``'s data file."""
    reference = load_reference(name)
    cases = checks_module(name).CASES
    results: dict[str, dict] = {}

    def value(case: str, part: object = None) -> object:
        v = results[case]["value"]
        for key in () if part is None else part if isinstance(part, tuple) else (part,):
            v = v[key]
        return v

    for case, spec in cases.items():
        args = spec.arguments(value)
        keep = spec.keep or (lambda result: result)
        results[case] = {
            "function": spec.function,
            "value": keep(getattr(reference, spec.function)(*copy(args))),
            "mistakes": {h: keep(v) for h, v in mistakes.outputs(name, spec.function, *args).items()},
        }
    return expected.dumps(name, results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="assignments (default: every one whose checks declare CASES)")
    parser.add_argument("--out", type=Path, help="write <out>/<name>/<name>_expected.json instead")
    args = parser.parse_args(argv)
    for name in args.names or assignments():
        text = compute(name)
        target = (args.out / name if args.out else SOLUTIONS / name) / f"{name}_expected.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_file() and target.read_text() == text:
            print(f"{target.relative_to(target.parents[1])}: unchanged")
            continue
        target.write_text(text)
        print(f"{target.relative_to(target.parents[1])}: written ({len(text) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
