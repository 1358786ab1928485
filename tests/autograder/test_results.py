"""What the grader writes: escaped feedback, the grades table, atomic files."""

from __future__ import annotations

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


def test_grades_table_has_one_row_per_submission(tmp_path):
    write_grades(tmp_path / "grades.csv", [("alice", 100.0, 100.0), ("bob, jr", 62.5, 100.0)])
    assert (tmp_path / "grades.csv").read_text() == 'id,score,max_score\nalice,100,100\n"bob, jr",62.5,100\n'
    assert fmt_points(1 / 3) == "0.33" and fmt_points(2.0) == "2"


def test_atomic_write_replaces_the_whole_file(tmp_path):
    target = tmp_path / "deep" / "f.txt"
    atomic_write(target, "one")
    atomic_write(target, b"two")
    assert target.read_text() == "two" and [p.name for p in target.parent.iterdir()] == ["f.txt"]
