"""``python -m autograder``: see autograder/cli.py."""

import os

# One BLAS thread in the grader: parallelism comes from --jobs (set before NumPy loads).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
# A TensorFlow reference computes on the CPU, as the student's worker does (the same
# numerics), and without TensorFlow's start-up chatter.
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from .cli import main  # noqa: E402

raise SystemExit(main())
