"""Keep TensorFlow's start-up chatter out of the book's pages.

``TF_CPP_MIN_LOG_LEVEL`` silences TensorFlow's C++ logging once its logger is set up,
but a few lines are written straight to the process's standard error before that,
while ``import tensorflow`` loads its libraries (on a machine without CUDA, "Could not
find cuda drivers on your machine"). :func:`quiet_stderr` catches what the C++ code
writes to file descriptor 2 during a block and passes on every line that is not one
of those known, harmless messages, so real errors still show.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Iterator

# Messages TensorFlow prints while it looks for a GPU that is not there.
HARMLESS = re.compile(
    r"All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    r"|cudart_stub\.cc.*Could not find cuda drivers"
    r"|failed call to cuInit"
    r"|Unable to register cu(DNN|FFT|BLAS) factory"
    r"|computation placer already registered"
    r"|TF-TRT Warning: Could not find TensorRT"
    r"|This TensorFlow binary is optimized to use available CPU instructions"
    r"|To enable the following instructions"
    r"|oneDNN custom operations are on"
)


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Drop TensorFlow's known start-up messages from what the block writes to fd 2."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as captured:
        os.dup2(captured.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            captured.seek(0)
            text = captured.read().decode(errors="replace")
            kept = [line for line in text.splitlines() if line.strip() and not HARMLESS.search(line)]
            if kept:
                print("\n".join(kept), file=sys.stderr)
