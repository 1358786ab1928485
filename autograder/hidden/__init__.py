"""Hidden tests, one module per assignment (see autograder/testing.py). Never released."""
