"""Grades for the places they go: a Canvas gradebook CSV (:mod:`.canvas`) and a
Gradescope autograder bundle (:mod:`.gradescope`)."""
