"""Record scores in nbgrader's gradebook, so ``nbgrader export``, the formgrader and
nbgrader's feedback see them.

Each graded function ``F`` has a check cell with ``grade_id`` ``test_F`` whose points
are those of the hidden tests whose primary function is ``F``. For a submission of
a ``submitted/`` directory, the grade of cell ``test_F`` gets ``auto_score`` = the
points those tests earned (through nbgrader's own API, ``nbgrader.api.Gradebook``).
The assignment and its grade cells must be in the gradebook: ``nbgrader
generate_assignment`` puts them there.

The submitted notebook is also copied to the course's ``autograded/`` folder (where
``nbgrader autograde`` would put it), so the formgrader can show it and ``nbgrader
generate_feedback`` renders it with these scores.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import paths
from .results import atomic_write


@dataclass
class RecordReport:
    recorded: int = 0
    databases: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Course:
    root: Path
    db_url: str
    course_id: str
    autograded: Path


def course_settings(course: Path) -> Course:
    """The nbgrader settings of the course in ``course``, from its nbgrader_config.py."""
    root = Path(course)
    settings: Any = {}
    config_file = root / "nbgrader_config.py"
    if config_file.is_file():
        from traitlets.config.loader import PyFileConfigLoader

        config = PyFileConfigLoader(config_file.name, path=str(root)).load_config()
        settings = config.get("CourseDirectory", {})
    root = Path(str(settings.get("root") or root))
    return Course(
        root=root,
        db_url=str(settings.get("db_url") or f"sqlite:///{root / 'gradebook.db'}"),
        course_id=str(settings.get("course_id") or "default_course"),
        autograded=root / str(settings.get("autograded_directory") or "autograded"),
    )


def _timestamp(path: str) -> str | None:
    """nbgrader's timestamp.txt beside a submitted notebook, if there is one."""
    stamp = Path(path).parent / "timestamp.txt"
    try:
        return stamp.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def record_batch(report: Any, db_url: str | None = None) -> RecordReport | None:
    """Record every submission of the batch that came from a submitted/ directory.
    None when there were none."""
    rows = [r for r in report.rows if r.student is not None and r.status != "error"]
    if not rows:
        return None
    groups: dict[tuple[str, Course], list[Any]] = defaultdict(list)
    for row in rows:
        course = course_settings(Path(row.course) if row.course else paths.ROOT)
        groups[(db_url or course.db_url, course)].append(row)
    out = RecordReport()
    for (url, course), members in groups.items():
        out.databases.append(url)
        try:
            recorded = record(url, course.course_id, report.assignment, members, out)
        except Exception as exc:  # a locked or unreachable database: the results stand
            out.warnings.append(f"could not record scores in {url}: {type(exc).__name__}: {exc}")
            continue
        for row in recorded:
            copy_autograded(course, report.assignment, row)
    return out


def copy_autograded(course: Course, assignment: str, row: Any) -> None:
    """The submitted notebook (and its timestamp) where nbgrader keeps autograded ones."""
    source = Path(row.path)
    folder = course.autograded / row.student / assignment
    for path in (source, source.parent / "timestamp.txt"):
        if path.is_file():
            atomic_write(folder / path.name, path.read_bytes())


def record(url: str, course_id: str, assignment: str, rows: list[Any], out: RecordReport) -> list[Any]:
    """Record the rows' scores; the rows recorded."""
    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.utils import parse_utc

    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        out.warnings.append(
            f"there is no gradebook at {url}: run `nbgrader generate_assignment {assignment}` "
            "in the course directory first; scores were not recorded"
        )
        return []
    with Gradebook(url, course_id=course_id) as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            out.warnings.append(
                f"assignment {assignment!r} is not in the gradebook {url}: run "
                f"`nbgrader generate_assignment {assignment}` first; scores were not recorded"
            )
            return []
        cells_warned = False
        for row in rows:
            gb.update_or_create_student(row.student)
            try:
                submission = gb.find_submission(assignment, row.student)
            except MissingEntry:
                submission = gb.add_submission(assignment, row.student)
            stamp = _timestamp(row.path)
            if stamp:
                try:
                    submission.timestamp = parse_utc(stamp)
                except (ValueError, OverflowError):
                    pass
            seen = set()
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    name = grade.name
                    if not name.startswith("test_"):
                        continue  # a manually graded cell: not ours
                    function = name.removeprefix("test_")
                    earned, _ = row.by_function.get(function, (0.0, 0.0))
                    grade.auto_score = float(earned)
                    grade.needs_manual_grade = False
                    seen.add(function)
                    most = row.by_function.get(function, (0.0, None))[1]
                    if not cells_warned and most is not None and grade.max_score != most:
                        out.warnings.append(
                            f"grade cell {name} is worth {grade.max_score:g} points in the "
                            f"gradebook but its hidden tests are worth {most:g}"
                        )
            missing = sorted(set(row.by_function) - seen)
            if missing and not cells_warned:
                out.warnings.append(
                    "no grade cell for "
                    + ", ".join(f"test_{f}" for f in missing)
                    + f" in the gradebook's {assignment}: their points are not recorded"
                )
            cells_warned = cells_warned or bool(missing) or any("worth" in w for w in out.warnings)
            out.recorded += 1
        gb.db.commit()
    return rows
