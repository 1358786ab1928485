"""dlcourse.quiet drops TensorFlow's known start-up lines from fd 2 and keeps the rest."""

import os

from dlcourse.quiet import quiet_stderr


def test_known_start_up_lines_are_dropped_and_others_kept(capfd):
    with quiet_stderr():
        os.write(2, b"WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n")
        os.write(2, b"I0000 00:00:1 123 cudart_stub.cc:31] Could not find cuda drivers on your machine.\n")
        os.write(2, b"E0000 00:00:1 123 cuda_platform.cc:52] failed call to cuInit: UNKNOWN ERROR (303)\n")
        os.write(2, b"a real error\n")
    err = capfd.readouterr().err
    assert err.splitlines() == ["a real error"]


def test_stderr_is_restored_after_the_block(capfd):
    with quiet_stderr():
        pass
    os.write(2, b"after\n")
    assert capfd.readouterr().err == "after\n"


def test_lines_are_passed_on_when_the_block_raises(capfd):
    try:
        with quiet_stderr():
            os.write(2, b"written before the error\n")
            raise ValueError("boom")
    except ValueError:
        pass
    assert "written before the error" in capfd.readouterr().err
