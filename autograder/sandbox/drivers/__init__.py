"""Drivers: trusted glue run beside student code for results that are not plain data (see autograder/student.py)."""
