"""The end-of-batch summary: counts, mean, score distribution, and a histogram
(``DIR/scores.png``); per graded function, the share of submissions that got it fully
right and the recognised mistakes with their counts, drawn in ``DIR/functions.png``;
the same numbers in ``DIR/summary.json``."""

from __future__ import annotations

import json
import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .results import atomic_write, fmt_points

HISTOGRAM = "scores.png"
FUNCTIONS_PLOT = "functions.png"
SUMMARY = "summary.json"
# how dlcourse.compare names a recognised mistake in a test's feedback
_RECOGNISED = re.compile(r"This is exactly what (.+?) gives\.")
TOP_MISTAKES = 5


def recognised_mistakes(tests: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Per graded function, the typical mistakes its failed tests recognised (each once)."""
    found: dict[str, list[str]] = {}
    for test in tests:
        if test.get("status") == "failed" and test.get("tags"):
            for label in _RECOGNISED.findall(str(test.get("output", ""))):
                labels = found.setdefault(str(test["tags"][0]), [])
                if label not in labels:
                    labels.append(label)
    return found


@dataclass
class FunctionStats:
    """How one graded function went over the batch's graded submissions."""

    name: str
    submissions: int
    fully_right: int
    mean_points: float
    max_points: float
    mistakes: list[tuple[str, int]]  # (recognised mistake, submissions), most common first

    @property
    def share_right(self) -> float:
        return self.fully_right / self.submissions if self.submissions else 0.0


def function_stats(rows: list[Any]) -> list[FunctionStats]:
    graded = [r for r in rows if r.status == "graded"]
    names = list(dict.fromkeys(name for r in graded for name in r.by_function))
    stats = []
    for name in names:
        points = [r.by_function[name] for r in graded if name in r.by_function]
        mistakes = Counter(label for r in graded for label in r.mistakes.get(name, []))
        stats.append(
            FunctionStats(
                name=name,
                submissions=len(points),
                fully_right=sum(1 for got, most in points if got == most),
                mean_points=statistics.fmean(got for got, _ in points) if points else 0.0,
                max_points=max((most for _, most in points), default=0.0),
                mistakes=mistakes.most_common(TOP_MISTAKES),
            )
        )
    return stats


@dataclass
class Summary:
    count: int
    graded: int
    cached: int
    unreadable: int
    errors: int
    max_score: float
    mean: float
    median: float
    minimum: float
    maximum: float
    stdev: float
    full_marks: int
    bins: list[tuple[float, float, int]]  # (from, to, count) in percent of max_score
    functions: list[FunctionStats] = field(default_factory=list)


def summarize(report: Any) -> Summary:
    rows = report.rows
    scores = [r.score for r in rows]
    max_score = max((r.max_score for r in rows), default=0.0)
    bins = []
    percents = [100 * s / max_score if max_score else 0.0 for s in scores]
    for lo in range(0, 100, 10):
        hi = lo + 10
        n = sum(1 for p in percents if lo <= p < hi or (hi == 100 and p == 100))
        bins.append((float(lo), float(hi), n))
    return Summary(
        count=len(rows),
        graded=sum(1 for r in rows if not r.cached),
        cached=sum(1 for r in rows if r.cached),
        unreadable=sum(1 for r in rows if r.status == "unreadable"),
        errors=sum(1 for r in rows if r.status == "error"),
        max_score=max_score,
        mean=statistics.fmean(scores) if scores else 0.0,
        median=statistics.median(scores) if scores else 0.0,
        minimum=min(scores, default=0.0),
        maximum=max(scores, default=0.0),
        stdev=statistics.pstdev(scores) if len(scores) > 1 else 0.0,
        full_marks=sum(1 for r in rows if r.max_score and r.score == r.max_score),
        bins=bins,
        functions=function_stats(rows),
    )


def text(summary: Summary, report: Any) -> str:
    s = summary
    lines = [
        f"{report.assignment}: {s.count} submissions in {report.seconds:.1f} s "
        f"({s.graded} graded, {s.cached} unchanged since the last run), "
        f"{s.unreadable} unreadable, {s.errors} grader errors",
        f"score out of {fmt_points(s.max_score)}: mean {s.mean:.1f}, median {fmt_points(s.median)}, "
        f"min {fmt_points(s.minimum)}, max {fmt_points(s.maximum)}, std {s.stdev:.1f}; "
        f"{s.full_marks} with full marks",
    ]
    widest = max((n for _, _, n in s.bins), default=0)
    for lo, hi, n in reversed(s.bins):
        bar = "#" * (math.ceil(30 * n / widest) if widest else 0)
        closing = "]" if hi == 100 else ")"
        lines.append(f"  [{lo:3.0f}%, {hi:3.0f}%{closing} {n:4d} {bar}")
    if s.functions:
        lines.append("per function (graded submissions fully right; recognised mistakes):")
        width = max(len(f.name) for f in s.functions)
        for f in s.functions:
            said = "; ".join(f"{label} ({n})" for label, n in f.mistakes)
            share = f"  {f.name:<{width}} {100 * f.share_right:5.1f}% of {f.submissions}"
            lines.append(share + (f"  {said}" if said else ""))
    lines.append(f"isolation: {report.isolation}")
    if report.isolation_note:
        lines.append(f"WARNING: {report.isolation_note}")
    lines.append(f"results in {report.out}/ (grades.csv, {HISTOGRAM}, {FUNCTIONS_PLOT}, <id>/feedback.html)")
    return "\n".join(lines)


def histogram(summary: Summary, report: Any) -> bytes:
    import io

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    scores = [r.score for r in report.rows]
    fig = Figure(figsize=(6, 3.5), dpi=100)
    ax = fig.subplots()
    top = summary.max_score or 1.0
    ax.hist(scores, bins=[top * k / 20 for k in range(21)], color="#0969da", edgecolor="white")
    ax.axvline(summary.mean, color="#cf222e", linestyle="--", label=f"mean {summary.mean:.1f}")
    ax.set_xlim(0, top)
    ax.set_xlabel(f"score (out of {fmt_points(top)})")
    ax.set_ylabel("submissions")
    ax.set_title(f"{report.assignment}: {summary.count} submissions")
    ax.legend(loc="upper left")
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def functions_plot(summary: Summary, report: Any) -> bytes:
    """A bar per graded function: the share of graded submissions that got it fully right."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    stats = summary.functions
    fig = Figure(figsize=(7, 0.45 * max(len(stats), 1) + 1.4), dpi=100)
    ax = fig.subplots()
    names = [f.name for f in stats][::-1]
    shares = [100 * f.share_right for f in stats][::-1]
    bars = ax.barh(names, shares, color="#1a7f37")
    for bar, share in zip(bars, shares, strict=True):
        ax.text(min(share + 1, 92), bar.get_y() + bar.get_height() / 2, f"{share:.0f}%", va="center", fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel("graded submissions with the function fully right (%)")
    ax.set_title(f"{report.assignment}: per graded function")
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def write_summary(report: Any) -> Summary:
    summary = summarize(report)
    atomic_write(report.out / HISTOGRAM, histogram(summary, report))
    if summary.functions:
        atomic_write(report.out / FUNCTIONS_PLOT, functions_plot(summary, report))
    data = {
        "assignment": report.assignment,
        "isolation": report.isolation,
        "isolation_note": report.isolation_note,
        "seconds": round(report.seconds, 3),
        **{k: v for k, v in summary.__dict__.items() if k not in ("bins", "functions")},
        "bins": [{"from_percent": lo, "to_percent": hi, "count": n} for lo, hi, n in summary.bins],
        "functions": [
            {
                "name": f.name,
                "submissions": f.submissions,
                "fully_right": f.fully_right,
                "share_right": round(f.share_right, 4),
                "mean_points": round(f.mean_points, 3),
                "max_points": f.max_points,
                "mistakes": [{"mistake": label, "submissions": n} for label, n in f.mistakes],
            }
            for f in summary.functions
        ],
    }
    atomic_write(report.out / SUMMARY, json.dumps(data, indent=1) + "\n")
    report.summary = summary
    return summary
