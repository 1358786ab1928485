"""A similarity report over the code students wrote: the most similar pairs of a
batch, their matching code side by side, in one self-contained HTML page.

Built on copydetect (MOSS-style winnowing over tokens, with names, strings and
comments normalised away, so renamed variables, reordered functions and changed
comments do not hide a copy). Only the code of solution cells counts (nbgrader's
``solution: true`` cells of a notebook; of a ``.py`` file, its ``# %%`` solution
cells or else its top-level functions and classes), and the fingerprints of what
every student was given (the released notebook's stubs, docstrings and setup
code) are taken out as boilerplate, so two untouched stubs share nothing.

    python -m autograder similarity ASSIGNMENT SUBMISSION... --out DIR
"""

from __future__ import annotations

import ast
import html
import io
import itertools
import json
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .notebook import read_notebook
from .results import atomic_write
from .submissions import Submission, discover, python_cells

PAGE = "similarity.html"
DATA = "similarity.json"
K = 25  # copydetect's noise threshold: matches shorter than this many tokens' characters are ignored
GUARANTEE = 30  # copydetect's guarantee threshold: matches this long are always found


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    similarity: float  # the larger of the two shares of each one's code found in the other
    shares: tuple[float, float]
    code: tuple[str, str]  # HTML, matching code marked


def solution_code(path: Path, functions: set[str]) -> str:
    """The code a student wrote in solution cells (empty when there is none)."""
    data = Path(path).read_bytes()
    if path.suffix.lower() == ".ipynb":
        try:
            nb = read_notebook(data)
        except Exception:  # an unreadable notebook has no code to compare
            return ""
        blocks = []
        for cell in nb.get("cells", []):
            meta = (cell.get("metadata") or {}).get("nbgrader") or {}
            if cell.get("cell_type") == "code" and meta.get("solution") and not meta.get("grade"):
                source = cell.get("source", "")
                blocks.append("".join(source) if isinstance(source, list) else str(source))
        return "\n\n".join(blocks)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ""

    cells = [c for c in python_cells(text) if c.label in functions]
    if cells:  # percent cells labelled by their grade_id
        return "\n\n".join(c.source.strip("\n") for c in cells)
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return text
    lines = text.splitlines(keepends=True)
    kept = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            start = min([node.lineno] + [d.lineno for d in node.decorator_list])
            kept.append("".join(lines[start - 1 : node.end_lineno]))
    return "\n\n".join(kept)


def given_code(assignment: str) -> tuple[str, set[str]]:
    """Everything the released notebook gives every student (its code cells, stubs
    included), and the names of its solution cells (the graded functions)."""
    release = paths.release_dir(assignment) / f"{assignment}.ipynb"
    nb = json.loads(release.read_text(encoding="utf-8"))
    given, stubs, functions = [], [], set()
    for cell in nb["cells"]:
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        given.append("".join(source) if isinstance(source, list) else source)
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution"):
            functions.add(str(meta.get("grade_id")))
            stubs.append(given[-1])
    # the stubs also as solution_code joins them, so no fingerprint spans two stubs
    return "\n\n".join(given) + "\n\n" + "\n\n".join(stubs), functions


def _fingerprint(name: str, code: str, boilerplate: list[int] | None = None, window: int = GUARANTEE - K + 1):  # noqa: ANN202
    from copydetect import CodeFingerprint

    return CodeFingerprint(f"{name}.py", K, window, boilerplate=boilerplate, fp=io.StringIO(code), language="python")


def compare(codes: dict[str, str], given: str = "", top: int = 20) -> list[Pair]:
    """The ``top`` most similar pairs among ``codes`` (id -> code), most similar first."""
    import warnings

    from copydetect import compare_files
    from copydetect.utils import highlight_overlap

    # every k-gram of the given code (a window of 1, as copydetect does for boilerplate)
    boilerplate = list(_fingerprint("given", given, window=1).hashes) if given.strip() else []
    prints = {ident: _fingerprint(ident, code, boilerplate) for ident, code in codes.items() if code.strip()}
    pairs = []
    for a, b in itertools.combinations(sorted(prints), 2):
        _, (share_a, share_b), (slices_a, slices_b) = compare_files(prints[a], prints[b])
        share_a, share_b = float(share_a), float(share_b)
        if max(share_a, share_b) <= 0:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            marked_a, _ = highlight_overlap(prints[a].raw_code, slices_a, "\0", "\1", escape_html=False)
            marked_b, _ = highlight_overlap(prints[b].raw_code, slices_b, "\0", "\1", escape_html=False)
        pairs.append(Pair(a, b, max(share_a, share_b), (share_a, share_b), (_mark(marked_a), _mark(marked_b))))
    pairs.sort(key=lambda p: (-p.similarity, p.a, p.b))
    return pairs[:top]


def _mark(text: str) -> str:
    """Escape the code, then turn the highlight markers into <mark> elements."""
    return html.escape(text).replace("\0", "<mark>").replace("\1", "</mark>")


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1f2328; }
table.pairs { border-collapse: collapse; margin-bottom: 2rem; }
table.pairs td, table.pairs th { padding: .3rem .7rem; border-bottom: 1px solid #d0d7de; text-align: left; }
.pair { margin: 2rem 0; border-top: 2px solid #d0d7de; }
.side { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
pre { background: #f6f8fa; padding: .6rem; white-space: pre-wrap; font-size: .85rem; }
mark { background: #ffd8b5; }
"""


def page(assignment: str, pairs: list[Pair], count: int) -> str:
    e = html.escape
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(assignment)}: similarity</title><style>{_STYLE}</style></head><body>",
        f"<h1>{e(assignment)}: the most similar pairs of {count} submissions</h1>",
        "<p>Only code written in solution cells is compared, with the code every student was "
        "given taken out. Similarity is the larger share of one submission's code found in the "
        "other (names, strings and comments do not count). A high score is a reason to look, "
        "not a verdict: short functions written from the same formula look alike.</p>",
        '<table class="pairs"><tr><th>#</th><th>pair</th><th>similarity</th><th>shares</th></tr>',
    ]
    for n, p in enumerate(pairs, 1):
        parts.append(
            f'<tr><td>{n}</td><td><a href="#pair-{n}">{e(p.a)} &amp; {e(p.b)}</a></td>'
            f"<td>{p.similarity:.0%}</td><td>{p.shares[0]:.0%} / {p.shares[1]:.0%}</td></tr>"
        )
    parts.append("</table>")
    for n, p in enumerate(pairs, 1):
        parts.append(
            f'<section class="pair" id="pair-{n}"><h2>{n}. {e(p.a)} &amp; {e(p.b)}: {p.similarity:.0%}</h2>'
            f'<div class="side"><div><h3>{e(p.a)} ({p.shares[0]:.0%})</h3><pre>{p.code[0]}</pre></div>'
            f"<div><h3>{e(p.b)} ({p.shares[1]:.0%})</h3><pre>{p.code[1]}</pre></div></div></section>"
        )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def report(assignment: str, inputs: list[Path], out: Path, top: int = 20) -> list[Pair]:
    """Write ``out/similarity.html`` and ``out/similarity.json``; the pairs, most similar first."""
    given, functions = given_code(assignment)
    subs: list[Submission] = discover(list(inputs), assignment)
    codes = {s.id: solution_code(s.path, functions) for s in subs}
    pairs = compare(codes, given, top)
    out = Path(out)
    atomic_write(out / PAGE, page(assignment, pairs, len(subs)))
    data = [{"a": p.a, "b": p.b, "similarity": round(p.similarity, 4), "shares": [round(x, 4) for x in p.shares]}
            for p in pairs]  # fmt: skip
    atomic_write(out / DATA, json.dumps({"assignment": assignment, "pairs": data}, indent=1) + "\n")
    return pairs
