"""nbgrader's configuration: the course directory is the repository root.

Instructors author notebooks in solutions/ (nbgrader's *source*); `nbgrader
generate_assignment NAME` writes the student version to assignments/ (nbgrader's
*release*), which is committed. submitted/, autograded/, feedback/ and the
gradebook (gradebook.db) are git-ignored.
"""

import os

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

here = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.root = here
c.CourseDirectory.course_id = "deep-learning"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "assignments"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(here, "gradebook.db")

# What replaces a solution in the student's version.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# nbgrader's own autograde (used by benchmarks/) runs whole notebooks; give it room.
c.Execute.timeout = 300

# Late work: nbgrader's LateSubmissionPlugin, applied by `nbgrader autograde` and by the
# project's grader alike, from the assignment's due date (`nbgrader db assignment add NAME
# --duedate=...`), each student's extension and submitted/<student>/<name>/timestamp.txt.
# 'none' records the lateness only; 'zero' gives a late submission 0.
c.AssignLatePenalties.plugin_class = "nbgrader.plugins.LateSubmissionPlugin"
c.LateSubmissionPlugin.penalty_method = "none"

# Feedback pages (`nbgrader generate_feedback`) with the course's MathJax, not a CDN's
# (autograder/ is installed in .venv by scripts/setup.sh).
from autograder.feedback_assets import configure  # noqa: E402

configure(c)
