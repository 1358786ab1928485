"""Stand-ins in the sandbox: while a test of a caller runs, its callees are answered by
the reference on the trusted side; no reference code enters the student's process, and
a stand-in kept past its test answers nothing."""

from __future__ import annotations

import pytest

from autograder.student import StudentError

from .conftest import MODES

TOY = (
    "kept = []\n"
    "def helper(x):\n    return x + 1\n"
    "def caller(x):\n    kept.append(helper)\n    return helper(x) * 2\n"
    "def later(x):\n    return kept[0](x)\n"
    "def look():\n"
    "    import gc\n"
    "    h = kept[0]\n"
    "    seen = [type(o).__name__ for o in gc.get_referents(h)] + [repr(h)]\n"
    "    codes = [o.co_name for o in gc.get_objects() if type(o).__name__ == 'code']\n"
    "    return seen, 'secret_reference' in codes\n"
    "def forge(name):\n"
    "    import gc\n"
    "    worker = next(o for o in gc.get_objects() if type(o).__name__ == 'Worker')\n"
    "    worker.send({'event': 'callback', 'name': name, 'args': [1], 'kwargs': {}})\n"
    "    return worker.receive()\n"
)


def secret_reference(x):
    return 10 * x  # what the reference's helper answers: never seen by the worker as code


@pytest.mark.parametrize("sandboxed", MODES)
def test_a_stand_in_answers_during_its_test_and_never_after(make, sandboxed):
    s = make(TOY, sandboxed)
    s.begin_test("caller", {"helper": secret_reference})
    assert s.caller(2) == 40  # the reference's helper, reached from the student's caller
    s.end_test("caller")
    s.begin_test("caller again", {})
    assert s.caller(2) == 6  # the student's own helper is back
    s.end_test("caller again")
    s.begin_test("later", {})
    with pytest.raises(StudentError, match="stand-in; it answers only during a test"):
        s.later(2)  # kept[0] is the stand-in of the first test
    s.end_test("later")


@pytest.mark.parametrize("sandboxed", MODES)
def test_no_reference_code_reaches_the_students_process(make, sandboxed):
    s = make(TOY, sandboxed)
    s.begin_test("caller", {"helper": secret_reference})
    s.caller(1)
    s.end_test("caller")
    s.begin_test("look", {})
    seen, found = s.look()
    s.end_test("look")
    assert not found  # no code object of the reference function exists in the worker
    assert "function" not in seen and "stand-in" in seen[-1]  # the stand-in holds no function


@pytest.mark.parametrize("sandboxed", MODES)
def test_a_forged_callback_gets_no_reference_answer(make, sandboxed):
    s = make(TOY, sandboxed)
    s.begin_test("forge", {"helper": secret_reference})
    reply = s.forge("other")  # a name this test did not stand in for
    assert "error" in reply and "not available" in reply["error"]["message"]
    s.end_test("forge")
    s.begin_test("forge without stand-ins", {})
    with pytest.raises(StudentError, match="unexpected message"):
        s.forge("helper")  # no stand-in in this test: the grader stops the worker
    s.end_test("forge without stand-ins")


@pytest.mark.parametrize("sandboxed", MODES)
def test_the_references_errors_come_back_as_the_students_call_site(make, sandboxed):
    s = make("def helper(x):\n    return x\ndef caller(x):\n    return helper(x, 'bad')\n", sandboxed)
    s.begin_test("caller", {"helper": secret_reference})
    with pytest.raises(StudentError) as info:
        s.caller(1)
    s.end_test("caller")
    message = str(info.value)
    assert "TypeError" in message and "line 4" in message  # the student's line that made the call
