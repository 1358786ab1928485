"""Run the hidden tests with pytest against the reference solution (a self-test):
``pytest autograder/hidden``. The grader itself runs the same functions against
each submission through the sandbox (autograder/runner.py)."""

import pytest

from autograder.reference import load_reference
from autograder.student import NamespaceStudent


def _assignment(request):
    return request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")


@pytest.fixture
def reference(request):
    return load_reference(_assignment(request))


@pytest.fixture
def student(request, reference):
    return NamespaceStudent(vars(reference), _assignment(request))
