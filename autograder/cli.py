"""``python -m autograder``: a thin command line over the library.

Its options are generated from :class:`autograder.config.GradeConfig`; the
commands only call library functions (grading.grade_batch, paths.assignments).
Exit status: 0 when every submission got a result, 1 when the grader itself failed
on some submission (their results say so), 2 for a usage error (an unknown
assignment, a missing file), with nothing written.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .config import GradeConfig

PROG = "python -m autograder"
DESCRIPTION = (
    "Grade submissions of the course's assignments with their hidden tests. Student code "
    "runs in a sandboxed worker process (bubblewrap), never beside the hidden tests."
)


def _base_type(annotation: Any) -> type:
    """``int | None`` -> int, ``list[Path]`` -> Path, ``bool`` -> bool."""
    hint = annotation
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
        origin = typing.get_origin(hint)
    if origin is list:
        hint = typing.get_args(hint)[0]
    return hint


def add_config_arguments(parser: argparse.ArgumentParser, config: type) -> None:
    """One argument per field of the configuration dataclass, with its description."""
    hints = typing.get_type_hints(config)
    limits = parser.add_argument_group(
        "limits", "per-assignment defaults apply to those not given (see autograder/config.py)"
    )
    for f in dataclasses.fields(config):
        meta = f.metadata
        hint = hints[f.name]
        kind = _base_type(hint)
        help_text = meta.get("help", "")
        target = limits if meta.get("limit") else parser
        if meta.get("positional"):
            target.add_argument(f.name, type=kind, nargs=meta.get("nargs"), metavar=meta.get("metavar"), help=help_text)
            continue
        flag = "--" + f.name.replace("_", "-")
        default = None if f.default is dataclasses.MISSING else f.default
        if meta.get("action") == "append":
            target.add_argument(flag, action="append", default=None, metavar=meta.get("metavar"), help=help_text)
        elif kind is bool and default is None:  # tri-state: --x / --no-x / automatic
            target.add_argument(flag, action=argparse.BooleanOptionalAction, default=None, help=help_text)
        elif kind is bool:
            target.add_argument(flag, action="store_true", help=help_text)
        else:
            metavar = meta.get("metavar") or ("DIR" if kind is Path else f.name.upper())
            if f.name == "db":
                metavar = "URL"
            if meta.get("required"):
                target.add_argument(flag, type=kind, required=True, metavar=metavar, help=help_text)
            else:
                shown = "" if default is None or "default" in help_text else f" (default: {default})"
                target.add_argument(flag, type=kind, default=None, metavar=metavar, help=help_text + shown)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    grade = commands.add_parser(
        "grade",
        help="grade submissions of an assignment",
        description="Grade submissions: write OUT/<id>/results.json (Gradescope's format), "
        "OUT/<id>/feedback.html, OUT/grades.csv (id,score,max_score), OUT/summary.json and "
        "OUT/scores.png; record the scores of an nbgrader submitted/ directory in the gradebook. "
        "Unchanged submissions are not graded again unless --force.",
    )
    add_config_arguments(grade, GradeConfig)
    commands.add_parser(
        "list",
        help="list the assignments the grader knows, with their points per function",
        description="List the assignments that have hidden tests, and the points per graded function.",
    )
    similarity = commands.add_parser(
        "similarity",
        help="report the most similar pairs of submissions (code of solution cells only)",
        description="Compare the code students wrote in solution cells (the released stubs and "
        "given code taken out; copydetect's winnowing, blind to names, comments and order) and "
        "write OUT/similarity.html with the most similar pairs side by side, and OUT/similarity.json.",
    )
    similarity.add_argument("assignment", metavar="ASSIGNMENT", help="the assignment the submissions are of")
    similarity.add_argument("submissions", nargs="+", type=Path, metavar="SUBMISSION", help="as for grade")
    similarity.add_argument("--out", type=Path, required=True, metavar="DIR", help="where to write the report")
    similarity.add_argument("--top", type=int, default=20, metavar="N", help="pairs to show (default: 20)")
    report = commands.add_parser(
        "report",
        help="write the per-function statistics of a graded batch as HTML with plots",
        description="Write DIR/report.html: for each graded function, the share of submissions "
        "fully right, the mean points and the most common recognised mistakes, with plots.",
    )
    report.add_argument("folder", type=Path, metavar="DIR", help="the --out folder of a grade run")
    export = commands.add_parser("export", help="export grades to Canvas, or a Gradescope autograder bundle")
    kinds = export.add_subparsers(dest="kind", metavar="KIND", required=True)
    canvas = kinds.add_parser(
        "canvas",
        help="a gradebook CSV in Canvas's import format",
        description="Write a CSV that Canvas's gradebook imports: Student, ID, SIS User ID, SIS Login "
        "ID, Section, then one column per graded folder, ids mapped through --roster.",
    )
    canvas.add_argument("folders", nargs="+", type=Path, metavar="DIR", help="--out folders of grade runs")
    canvas.add_argument(
        "--roster",
        type=Path,
        required=True,
        metavar="CSV",
        help="Student, ID, SIS User ID, SIS Login ID, Section and id (the grader's student id) per student",
    )
    canvas.add_argument("--out", type=Path, required=True, metavar="CSV", help="the CSV to write")
    canvas.add_argument(
        "--canvas-id",
        action="append",
        default=[],
        metavar="ASSIGNMENT=ID",
        help="Canvas's id of an assignment, so the column updates it (repeatable)",
    )
    gradescope = kinds.add_parser(
        "gradescope",
        help="a Gradescope autograder bundle (setup.sh, run_autograder and the course)",
        description="Write a zip to upload as a Gradescope autograder: setup.sh installs the course's "
        "environment, run_autograder grades /autograder/submission into /autograder/results/results.json.",
    )
    gradescope.add_argument("assignment", metavar="ASSIGNMENT")
    gradescope.add_argument("--out", type=Path, required=True, metavar="ZIP", help="the zip to write")
    parser.epilog = "commands:\n\n" + "\n\n".join(
        f"{name}:\n" + sub.format_help() for name, sub in commands.choices.items()
    )
    return parser


def config_from(args: argparse.Namespace) -> GradeConfig:
    values = {}
    for f in dataclasses.fields(GradeConfig):
        value = getattr(args, f.name, None)
        if value is None or (value is False and f.default is not dataclasses.MISSING):
            continue
        values[f.name] = value
    return GradeConfig(**values)


def list_assignments(out: typing.TextIO) -> int:
    from . import paths
    from .grading import test_catalog

    names = paths.assignments()
    if not names:
        print("no assignment has hidden tests yet (autograder/hidden/test_<name>.py)", file=out)
    for name in names:
        points: dict[str, float] = {}
        for _, functions, pts in test_catalog(name):
            points[functions[0]] = points.get(functions[0], 0.0) + pts
        total = sum(points.values())
        detail = ", ".join(f"{f} {p:g}" for f, p in points.items())
        print(f"{name} ({total:g} points): {detail}", file=out)
    return 0


def grade(config: GradeConfig) -> int:
    from .grading import UnknownAssignment, grade_batch
    from .submissions import InputError
    from .summary import text

    show_bar = sys.stderr.isatty() if config.progress is None else config.progress
    progress = _Progress(show_bar, quiet=config.quiet)
    try:
        report = grade_batch(config, on_result=progress.update, on_start=progress.start)
    except (UnknownAssignment, InputError) as exc:
        progress.close()
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        progress.close()
    print(text(report.summary, report))
    if report.gradebook is not None:
        book = report.gradebook
        print(f"gradebook: recorded {book.recorded} scores in {', '.join(book.databases)}")
        for warning in book.warnings:
            print(f"WARNING: {warning}")
    for row in report.errors:
        print(f"ERROR: the grader failed on {row.id} ({row.path}); see {row.id}/results.json")
    return 1 if report.errors else 0


def tools(args: argparse.Namespace) -> int:
    """The commands beside grading: similarity, report, export canvas / gradescope."""
    from .exports.canvas import ExportError
    from .grading import UnknownAssignment, check_assignment
    from .submissions import InputError

    try:
        if args.command == "similarity":
            from .similarity import PAGE, report

            check_assignment(args.assignment)
            pairs = report(args.assignment, args.submissions, args.out, args.top)
            print(f"{len(pairs)} pairs in {args.out / PAGE}")
            for p in pairs[:5]:
                print(f"  {p.similarity:4.0%}  {p.a} & {p.b}")
        elif args.command == "report":
            from .report_html import write_report

            print(f"wrote {write_report(args.folder)}")
        elif args.kind == "canvas":
            from .exports.canvas import export

            ids = dict(item.split("=", 1) for item in args.canvas_id)
            print(f"wrote {export(args.folders, args.roster, args.out, ids)}")
        else:
            from .exports.gradescope import bundle

            check_assignment(args.assignment)
            print(f"wrote {bundle(args.assignment, args.out)}")
    except (UnknownAssignment, InputError, ExportError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


class _Progress:
    """A rich progress bar on a terminal; otherwise one line per submission."""

    def __init__(self, bar: bool, quiet: bool) -> None:
        self.bar = bar
        self.quiet = quiet
        self._progress: Any = None
        self._task: Any = None

    def start(self, total: int, jobs: int) -> None:
        if self.bar:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            self._progress = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(f"grading ({jobs} jobs)", total=total)
        elif not self.quiet:
            print(f"grading {total} submissions with {jobs} jobs", file=sys.stderr, flush=True)

    def update(self, row: Any, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress.advance(self._task)
        elif not self.quiet:
            note = " (unchanged)" if row.cached else ""
            status = "" if row.status == "graded" else f" [{row.status}]"
            print(
                f"[{done}/{total}] {row.id}: {row.score:g}/{row.max_score:g}{status}{note}",
                file=sys.stderr,
                flush=True,
            )

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "grade":
            return grade(config_from(args))
        if args.command == "list":
            return list_assignments(sys.stdout)
        if args.command in ("similarity", "report", "export"):
            return tools(args)
    except BrokenPipeError:  # `... | head`: the results are written all the same
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    parser.print_help()
    return 2
