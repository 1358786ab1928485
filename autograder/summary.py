"""The end-of-batch summary: counts, mean, score distribution, and a histogram
(``DIR/scores.png``), plus the same numbers in ``DIR/summary.json``."""

from __future__ import annotations

import json
import math
import statistics
from dataclasses import dataclass
from typing import Any

from .results import atomic_write, fmt_points

HISTOGRAM = "scores.png"
SUMMARY = "summary.json"


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
    lines.append(f"isolation: {report.isolation}")
    if report.isolation_note:
        lines.append(f"WARNING: {report.isolation_note}")
    lines.append(f"results in {report.out}/ (grades.csv, {HISTOGRAM}, <id>/feedback.html)")
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


def write_summary(report: Any) -> Summary:
    summary = summarize(report)
    atomic_write(report.out / HISTOGRAM, histogram(summary, report))
    data = {
        "assignment": report.assignment,
        "isolation": report.isolation,
        "isolation_note": report.isolation_note,
        "seconds": round(report.seconds, 3),
        **{k: v for k, v in summary.__dict__.items() if k != "bins"},
        "bins": [{"from_percent": lo, "to_percent": hi, "count": n} for lo, hi, n in summary.bins],
    }
    atomic_write(report.out / SUMMARY, json.dumps(data, indent=1) + "\n")
    report.summary = summary
    return summary
