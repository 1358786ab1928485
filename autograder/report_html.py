"""The per-function statistics of a graded batch as one self-contained HTML page with
plots: for each graded function, the share of submissions that got it fully right,
its mean points, and the most common recognised mistakes with their counts.

The shares come from each submission's ``results.json`` (``extra_data.by_function``);
the mistakes from ``summary.json["functions"]`` when the grader wrote them there.
Plots are PNGs inlined as ``data:`` URIs, so the page needs nothing from elsewhere.

    python -m autograder report DIR        # writes DIR/report.html
"""

from __future__ import annotations

import base64
import html
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .results import RESULTS, atomic_write, fmt_points, read_results

PAGE = "report.html"


@dataclass
class FunctionStats:
    name: str
    max_points: float = 0.0
    submissions: int = 0
    fully_right: int = 0
    points: float = 0.0
    mistakes: list[tuple[str, int]] = field(default_factory=list)

    @property
    def share_right(self) -> float:
        return self.fully_right / self.submissions if self.submissions else 0.0

    @property
    def mean_points(self) -> float:
        return self.points / self.submissions if self.submissions else 0.0


def _mistake_counts(entry: Any) -> list[tuple[str, int]]:
    """Mistakes of one function, in whichever of the plain shapes summary.json holds them:
    {label: count}, [[label, count]], or [{"mistake"/"name"/"label": ..., "count"/"submissions": ...}]
    (summary.py writes the last, with "submissions")."""
    if isinstance(entry, dict) and "mistakes" in entry:
        entry = entry["mistakes"]
    pairs: Iterable[Any] = entry.items() if isinstance(entry, dict) else (entry or [])
    out = []
    for item in pairs:
        if isinstance(item, dict):
            label = item.get("mistake") or item.get("name") or item.get("label")
            count = item.get("count", item.get("submissions", 0))
        else:
            label, count = item
        out.append((str(label), int(count)))
    return sorted(out, key=lambda x: -x[1])


def collect(folder: Path) -> tuple[str, list[FunctionStats], list[float], float]:
    """(assignment, per-function statistics, scores, max score) of a grading folder."""
    folder = Path(folder)
    stats: dict[str, FunctionStats] = {}
    scores: list[float] = []
    assignment, most = folder.name, 0.0
    for path in sorted(folder.glob(f"*/{RESULTS}")):
        results = read_results(path)
        if results is None:
            continue
        extra = results["extra_data"]
        assignment = str(extra.get("assignment") or assignment)
        scores.append(float(results.get("score", 0.0)))
        most = max(most, float(extra.get("max_score", 0.0)))
        for name, (earned, available) in extra.get("by_function", {}).items():
            s = stats.setdefault(name, FunctionStats(name))
            s.max_points = max(s.max_points, float(available))
            s.submissions += 1
            s.points += float(earned)
            s.fully_right += int(float(earned) == float(available))
    try:
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        summary = {}
    functions = summary.get("functions") if isinstance(summary, dict) else None
    if isinstance(functions, list):  # [{"function": name, ...}]
        functions = {str(f.get("function") or f.get("name")): f for f in functions if isinstance(f, dict)}
    for name, entry in (functions or {}).items():
        if name in stats:
            stats[name].mistakes = _mistake_counts(entry)
    return assignment, list(stats.values()), scores, most


def _png(fig: Any) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def plots(stats: list[FunctionStats], scores: list[float], most: float) -> tuple[str, str]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7, 0.45 * len(stats) + 1.2), dpi=100)
    ax = fig.subplots()
    names = [s.name for s in stats][::-1]
    ax.barh(names, [100 * s.share_right for s in stats][::-1], color="#1a7f37")
    ax.set_xlim(0, 100)
    ax.set_xlabel("submissions with the function fully right (%)")
    fig.tight_layout()
    shares = _png(fig)
    fig = Figure(figsize=(7, 3.2), dpi=100)
    ax = fig.subplots()
    top = most or 1.0
    ax.hist(scores, bins=[top * k / 20 for k in range(21)], color="#0969da", edgecolor="white")
    ax.set_xlim(0, top)
    ax.set_xlabel(f"score (out of {fmt_points(top)})")
    ax.set_ylabel("submissions")
    fig.tight_layout()
    return shares, _png(fig)


def page(assignment: str, stats: list[FunctionStats], scores: list[float], most: float) -> str:
    e = html.escape
    shares, histogram = plots(stats, scores, most)
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(assignment)}: report</title><style>"
        "body{font-family:system-ui,sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem;color:#1f2328}"
        "table{border-collapse:collapse;width:100%}td,th{padding:.4rem .6rem;border-bottom:1px solid #d0d7de;"
        "text-align:left;vertical-align:top}td.n{text-align:right}img{max-width:100%}</style></head><body>",
        f"<h1>{e(assignment)}: {len(scores)} submissions</h1>",
        f'<img alt="share of submissions with each function fully right" src="{shares}">',
        f'<img alt="histogram of the scores" src="{histogram}">',
        "<table><tr><th>function</th><th>fully right</th><th>mean points</th>"
        "<th>most common recognised mistakes</th></tr>",
    ]
    for s in stats:
        mistakes = "<br>".join(f"{e(label)} ({count})" for label, count in s.mistakes[:5]) or "—"
        parts.append(
            f"<tr><td><code>{e(s.name)}</code></td><td class='n'>{s.fully_right} / {s.submissions} "
            f"({s.share_right:.0%})</td><td class='n'>{s.mean_points:.1f} / {fmt_points(s.max_points)}</td>"
            f"<td>{mistakes}</td></tr>"
        )
    parts.append("</table></body></html>")
    return "\n".join(parts) + "\n"


def write_report(folder: Path) -> Path:
    assignment, stats, scores, most = collect(folder)
    if not scores:
        raise ValueError(f"{folder}: no results.json of this grader under it")
    target = Path(folder) / PAGE
    atomic_write(target, page(assignment, stats, scores, most))
    return target
