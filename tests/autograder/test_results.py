"""What the grader writes: escaped feedback, the grades table, atomic files."""

from __future__ import annotations

from types import SimpleNamespace

from autograder.results import atomic_write, feedback_html, fmt_points, write_grades


def results(output: str = "", test_output: str = "") -> dict:
    return {
        "score": 7.5,
        "output": output,
        "tests": [
            {"name": "f: <values>", "score": 7.5, "max_score": 7.5, "status": "passed", "tags": ["f"], "output": ""},
            {"name": "g", "score": 0, "max_score": 2.5, "status": "failed", "tags": ["g"], "output": test_output},
        ],
        "extra_data": {
            "id": "<b>x</b>",
            "assignment": "a",
            "max_score": 10,
            "status": "graded",
            "by_function": {"f": [7.5, 7.5], "g": [0, 2.5]},
            "printed": "<script>alert(1)</script>",
        },
    }


def test_feedback_escapes_everything_from_submissions_and_tests():
    html = feedback_html(results(output="<img src=x onerror=alert(1)>", test_output="a < b & <script>"))
    assert "<script>" not in html and "<img" not in html and "<b>x</b>" not in html
    assert "&lt;script&gt;" in html and "a &lt; b &amp;" in html
    assert "7.5 / 10" in html and "0 / 2.5" in html and html.rstrip().endswith("</html>")


def row(ident: str, score: float, status: str = "graded") -> SimpleNamespace:
    return SimpleNamespace(id=ident, score=score, max_score=100.0, status=status)


def test_grades_table_has_one_row_per_submission_and_says_what_happened(tmp_path):
    write_grades(tmp_path / "grades.csv", [row("alice", 100.0), row("bob, jr", 62.5), row("cy", 0, "unreadable")])
    assert (tmp_path / "grades.csv").read_text() == (
        "id,score,max_score,status,late_penalty,override\n"
        "alice,100,100,graded,0,\n"
        '"bob, jr",62.5,100,graded,0,\n'
        "cy,0,100,unreadable,0,\n"
    )
    assert fmt_points(1 / 3) == "0.33" and fmt_points(2.0) == "2"


def test_a_partial_regrade_keeps_the_other_rows_and_takes_the_gradebooks_score(tmp_path):
    path = tmp_path / "grades.csv"
    write_grades(path, [row("alice", 100.0), row("bob", 62.5), row("cy", 0, "error")])
    held = SimpleNamespace(score=90.0, late_penalty=0.0, overrides={"f": (5.0, 15.0)})
    late = SimpleNamespace(score=0.0, late_penalty=100.0, overrides={})
    write_grades(path, [row("bob", 100.0), row("dan", 100.0)], SimpleNamespace(scores={"bob": held, "dan": late}))
    assert path.read_text() == (
        "id,score,max_score,status,late_penalty,override\n"
        "alice,100,100,graded,0,\n"
        "bob,90,100,graded,0,f=5\n"
        "cy,0,100,not graded,0,\n"
        "dan,0,100,graded,100,\n"
    )


def test_atomic_write_replaces_the_whole_file(tmp_path):
    target = tmp_path / "deep" / "f.txt"
    atomic_write(target, "one")
    atomic_write(target, b"two")
    assert target.read_text() == "two" and [p.name for p in target.parent.iterdir()] == ["f.txt"]
