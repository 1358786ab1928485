"""The similarity report: planted copies (renamed variables, reordered functions,
changed comments) rank above every pair of independent solutions (the fixtures and
the reference), and the code every student was given counts for nothing."""

from __future__ import annotations

import json
import re

from autograder.similarity import PAGE, given_code, report, solution_code

from .conftest import FIXTURES, ROOT, filled_notebook, release_notebook, run_cli, write_notebook

A = "logistic_regression"
INDEPENDENT = ["correct_vectorized", "correct_loops", "correct_einsum", "correct_float32_inputs"]


def disguise(source: str, names: dict[str, str], reorder: bool) -> str:
    """``source`` with variables renamed, every comment reworded and, if asked, its
    top-level blocks in reverse order."""
    for old, new in names.items():
        source = re.sub(rf"\b{old}\b", new, source)
    source = re.sub(r"#.*", "# (my own notes)", source)
    if reorder:
        head, *blocks = source.split("\n\n\n")
        source = "\n\n\n".join([head, *reversed(blocks)])
    return source


def test_planted_copies_rank_above_independent_solutions(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    for name in INDEPENDENT:
        write_notebook(subs / f"{name}.ipynb", filled_notebook(A, (FIXTURES / A / f"{name}.py").read_text()))
    reference = json.loads((ROOT / "solutions" / A / f"{A}.ipynb").read_text())
    write_notebook(subs / "reference.ipynb", reference)
    loops = (FIXTURES / A / "correct_loops.py").read_text()
    copied = disguise(loops, {"dw": "grad_w", "db": "grad_b", "cost": "loss", "out": "result"}, reorder=False)
    write_notebook(subs / "copy_of_loops.ipynb", filled_notebook(A, copied))
    einsum = (FIXTURES / A / "correct_einsum.py").read_text()
    (subs / "copy_of_einsum.py").write_text(disguise(einsum, {"m": "n_examples", "A": "act", "w": "W"}, reorder=True))
    for name in ("stub_only_1", "stub_only_2"):  # handed in the release untouched
        write_notebook(subs / f"{name}.ipynb", release_notebook(A))

    pairs = report(A, sorted(subs.iterdir()), tmp_path / "out")
    ranked = [{p.a, p.b} for p in pairs]
    planted = [{"copy_of_loops", "correct_loops"}, {"copy_of_einsum", "correct_einsum"}]
    assert sorted(ranked[:2], key=sorted) == sorted(planted, key=sorted), ranked[:4]
    similarity = {frozenset((p.a, p.b)): p.similarity for p in pairs}
    independent = [s for pair, s in similarity.items() if not pair & {"copy_of_loops", "copy_of_einsum"}]
    assert min(similarity[frozenset(p)] for p in planted) > 0.8 > max(independent)
    assert not any(pair & {"stub_only_1", "stub_only_2"} for pair in similarity), "given code counts for nothing"

    page = (tmp_path / "out" / PAGE).read_text()
    assert "copy_of_loops &amp; correct_loops" in page and "<mark>" in page and "grad_w" in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)
    data = json.loads((tmp_path / "out" / "similarity.json").read_text())
    assert {data["pairs"][0]["a"], data["pairs"][0]["b"]} in planted


def test_only_solution_cells_count_and_stubs_are_boilerplate(tmp_path):
    given, functions = given_code(A)
    assert functions == {"sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict"}
    assert "raise NotImplementedError" in given
    nb = filled_notebook(A, (FIXTURES / A / "correct_loops.py").read_text())
    nb["cells"].append({"cell_type": "code", "metadata": {}, "source": "print('scratch work')", "outputs": [],
                        "execution_count": None})  # fmt: skip
    code = solution_code(write_notebook(tmp_path / "nb.ipynb", nb), functions)
    assert "def propagate" in code and "scratch work" not in code and "import numpy" not in code
    script = solution_code(FIXTURES / A / "correct_loops.py", functions)
    assert "def _logistic" in script and "import math" not in script


def test_the_command_line_writes_the_page(tmp_path):
    files = [FIXTURES / A / f"{name}.py" for name in INDEPENDENT[:2]]
    result = run_cli("similarity", A, *map(str, files), "--out", str(tmp_path / "sim"))
    assert result.returncode == 0, result.stderr
    assert "1 pairs" in result.stdout and (tmp_path / "sim" / PAGE).is_file()
    assert run_cli("similarity", "nope", str(files[0]), "--out", str(tmp_path / "x")).returncode == 2
