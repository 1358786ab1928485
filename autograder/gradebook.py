"""Record scores in nbgrader's gradebook, so ``nbgrader export``, the formgrader and
nbgrader's feedback see them.

Each graded function ``F`` has a check cell with ``grade_id`` ``test_F`` whose points
are those of the hidden tests whose primary function is ``F``. For a submission of
a ``submitted/`` directory, the grade of cell ``test_F`` gets ``auto_score`` = the
points those tests earned (through nbgrader's own API, ``nbgrader.api.Gradebook``).
The assignment and its grade cells must be in the gradebook: ``nbgrader
generate_assignment`` puts them there.

The gradebook is the one truth: after recording, the grader reads each submission's
score back (manual overrides from formgrader, ``Grade.manual_score``, win over the
automatic score and are kept across regrades; the late penalty comes from the
course's configured ``LateSubmissionPlugin``, the assignment's due date, the
student's extension and ``timestamp.txt``, computed again at every run), and writes
that score into ``results.json``, ``feedback.html`` and ``grades.csv``
(:func:`apply_to_results`).

The submitted notebook is also copied to the course's ``autograded/`` folder (where
``nbgrader autograde`` would put it), so the formgrader can show it and ``nbgrader
generate_feedback`` renders it with these scores. A notebook the grader could not
read is replaced there by the released notebook headed by a cell that says what is
wrong with the file, so feedback is generated for every student.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import paths
from .results import atomic_write


@dataclass(frozen=True)
class Recorded:
    """What the gradebook holds for one submission once it is recorded."""

    automatic: float  # the sum of the grader's points
    raw: float  # nbgrader's score: manual overrides in place of automatic scores
    late_penalty: float
    seconds_late: float
    max_score: float
    overrides: dict[str, tuple[float, float]]  # function -> (manual score, automatic score)
    timestamp: str | None
    duedate: str | None
    penalty_method: str

    @property
    def score(self) -> float:
        return max(0.0, round(self.raw - self.late_penalty, 6))

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "automatic_score": self.automatic,
            "raw_score": self.raw,
            "late_penalty": self.late_penalty,
            "seconds_late": self.seconds_late,
            "max_score": self.max_score,
            "overrides": {f: {"manual": m, "automatic": a} for f, (m, a) in self.overrides.items()},
            "timestamp": self.timestamp,
            "duedate": self.duedate,
            "penalty_method": self.penalty_method,
        }


@dataclass
class RecordReport:
    recorded: int = 0
    databases: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    scores: dict[str, Recorded] = field(default_factory=dict)  # by submission id


@dataclass(frozen=True)
class Course:
    root: Path
    db_url: str
    course_id: str
    autograded: Path
    release: Path


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
    release = root / str(settings.get("release_directory") or "release")
    return Course(
        root=root,
        db_url=str(settings.get("db_url") or f"sqlite:///{root / 'gradebook.db'}"),
        course_id=str(settings.get("course_id") or "default_course"),
        autograded=root / str(settings.get("autograded_directory") or "autograded"),
        release=release,
    )


def course_config(root: Path) -> Any:
    """The whole traitlets configuration of the course (empty without nbgrader_config.py)."""
    from traitlets.config import Config

    config_file = Path(root) / "nbgrader_config.py"
    if not config_file.is_file():
        return Config()
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader(config_file.name, path=str(config_file.parent)).load_config()


def late_penalties(root: Path) -> Any:
    """nbgrader's own AssignLatePenalties, configured as the course configures it (its
    ``plugin_class``, the plugin's ``penalty_method``), with the plugin made."""
    import sys

    from nbgrader.preprocessors import AssignLatePenalties

    added = str(root) not in sys.path
    if added:  # a plugin class may live in the course directory, as nbgrader allows
        sys.path.insert(0, str(root))
    try:
        assigner = AssignLatePenalties(config=course_config(root))
        assigner.init_plugin()
    finally:
        if added:
            sys.path.remove(str(root))
    return assigner


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
            recorded = record(url, course, report.assignment, members, out)
        except Exception as exc:  # a locked or unreachable database: the results stand
            out.warnings.append(f"could not record scores in {url}: {type(exc).__name__}: {exc}")
            continue
        for row in recorded:
            copy_autograded(course, report.assignment, row)
    apply_to_results(report, out)
    return out


def apply_to_results(report: Any, book: RecordReport) -> None:
    """The gradebook's score of every recorded submission in its row, results.json and
    feedback.html (the per-test points stay the grader's)."""
    from .results import RESULTS, read_results, write_submission

    for row in report.rows:
        held = book.scores.get(row.id)
        if held is None:
            continue
        folder = Path(report.out) / row.id
        results = read_results(folder / RESULTS)
        if results is None:
            continue
        results["score"] = held.score
        extra = results["extra_data"]
        extra["gradebook"] = held.as_dict()
        notes = gradebook_notes(held)
        base = str(extra.get("grader_output", results.get("output", "")))
        extra["grader_output"] = base
        results["output"] = "\n".join([*notes, base] if base else notes)
        write_submission(folder, results)
        row.score = held.score


def gradebook_notes(held: Recorded) -> list[str]:
    """What the student is told about a late penalty and the instructor's overrides."""
    from .results import fmt_points

    notes = []
    if held.late_penalty:
        hours = held.seconds_late / 3600
        notes.append(
            f"Late by {hours:.1f} hours (due {held.duedate}, submitted {held.timestamp}): a late "
            f"penalty of {fmt_points(held.late_penalty)} points ({held.penalty_method!s}); "
            f"score {fmt_points(held.raw)} - {fmt_points(held.late_penalty)} = {fmt_points(held.score)}."
        )
    for function, (manual, automatic) in held.overrides.items():
        notes.append(
            f"Your instructor set {function} to {fmt_points(manual)} points "
            f"(the grader gave {fmt_points(automatic)}): an override."
        )
    return notes


def copy_autograded(course: Course, assignment: str, row: Any) -> None:
    """The submitted notebook (and its timestamp) where nbgrader keeps autograded ones;
    for a notebook the grader could not read, the released notebook headed by a cell
    that says what is wrong, so that ``nbgrader generate_feedback`` works for everyone."""
    source = Path(row.path)
    folder = course.autograded / row.student / assignment
    data = source.read_bytes() if source.is_file() else b""
    if row.status != "graded" or not _is_notebook(data):
        data = placeholder_notebook(course, assignment, source.name, row.message or "it could not be read")
    atomic_write(folder / source.name, data)
    stamp = source.parent / "timestamp.txt"
    if stamp.is_file():
        atomic_write(folder / stamp.name, stamp.read_bytes())
    else:
        (folder / stamp.name).unlink(missing_ok=True)


def _is_notebook(data: bytes) -> bool:
    import nbformat

    try:
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
        nbformat.validate(nb)
    except Exception:  # not JSON, not UTF-8, not a valid notebook
        return False
    return True


def placeholder_notebook(course: Course, assignment: str, name: str, message: str) -> bytes:
    """The released notebook (its grade cells are the gradebook's), headed by the reason."""
    import nbformat

    released = course.release / assignment / name
    try:
        nb = nbformat.read(released, as_version=4)
    except Exception:  # no release here: a notebook with the message only
        nb = nbformat.v4.new_notebook()
    text = message if message.startswith("Your submission") else f"Your submission could not be graded: {message}"
    head = nbformat.v4.new_markdown_cell(
        f"**{text}**\n\nThe notebook below is the assignment as it was released, not your work: "
        f"the file you handed in (`{name}`) could not be read. Fix it and hand it in again."
    )
    nb.cells.insert(0, head)
    return nbformat.writes(nb).encode("utf-8")


def record(url: str, course: Course, assignment: str, rows: list[Any], out: RecordReport) -> list[Any]:
    """Record the rows' scores, recompute their late penalties, and read back what the
    gradebook holds (into ``out.scores``); the rows recorded."""
    course_id = course.course_id
    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.utils import parse_utc

    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        out.warnings.append(
            f"there is no gradebook at {url}: run `nbgrader generate_assignment {assignment}` "
            "in the course directory first; scores were not recorded"
        )
        return []
    assigner = late_penalties(course.root)
    method = str(getattr(assigner.plugin_inst, "penalty_method", type(assigner.plugin_inst).__name__))
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
            submission.timestamp = None  # computed again from timestamp.txt at every run
            if stamp:
                try:
                    submission.timestamp = parse_utc(stamp)
                except (ValueError, OverflowError):
                    out.warnings.append(f"{row.id}: timestamp.txt is not a time nbgrader reads: {stamp!r}")
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
            gb.db.flush()
            out.scores[row.id] = _penalize_and_read(gb, submission, row, assigner, method)
            out.recorded += 1
        gb.db.commit()
    return rows


def _penalize_and_read(gb: Any, submission: Any, row: Any, assigner: Any, method: str) -> Recorded:
    """nbgrader's late penalty of each notebook (as AssignLatePenalties sets it in
    ``nbgrader autograde``), then the submission's scores as the gradebook holds them."""
    for notebook in submission.notebooks:
        gb.db.expire(notebook)
    gb.db.expire(submission)
    late = submission.total_seconds_late
    for notebook in submission.notebooks:
        notebook.late_submission_penalty = None
        if late > 0:
            penalty = assigner.plugin_inst.late_submission_penalty(row.student, notebook.score, late)
            if penalty is not None:
                notebook.late_submission_penalty = assigner._check_late_penalty(notebook, penalty)
    gb.db.flush()
    gb.db.expire(submission)
    overrides = {}
    for notebook in submission.notebooks:
        for grade in notebook.grades:
            if grade.manual_score is not None and grade.name.startswith("test_"):
                overrides[grade.name.removeprefix("test_")] = (float(grade.manual_score), float(grade.auto_score or 0))
    stamp, due = submission.timestamp, submission.duedate
    return Recorded(
        automatic=round(sum(float(v[0]) for v in row.by_function.values()), 6),
        raw=round(float(submission.score), 6),
        late_penalty=round(float(submission.late_submission_penalty or 0.0), 6),
        seconds_late=float(late),
        max_score=float(submission.max_score),
        overrides=overrides,
        timestamp=stamp.isoformat(sep=" ") if stamp else None,
        duedate=due.isoformat(sep=" ") if due else None,
        penalty_method=method,
    )
