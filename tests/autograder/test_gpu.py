"""``--gpu``: TensorFlow submissions may use the machine's NVIDIA GPUs, shared by the
grading jobs. By default the sandbox has no GPU. (CI has no GPU: these tests check what
the sandbox is given, and that asking for a GPU where there is none changes nothing.)"""

from __future__ import annotations

import dataclasses
import json
import os
import stat

import pytest

from autograder import launcher
from autograder.config import default_limits
from autograder.grading import grade_batch

from .conftest import ROOT, fast_config, needs_bwrap

DEVICES = ["/dev/nvidia-caps", "/dev/nvidia-uvm", "/dev/nvidia0", "/dev/nvidiactl"]


def command(gpu: bool) -> list[str]:
    limits = dataclasses.replace(default_limits("cnn_keras"), gpu=gpu)
    return launcher.sandbox_command("cnn_keras", limits, info_fd=9)


def env_of(cmd: list[str]) -> dict[str, str]:
    return {cmd[i + 1]: cmd[i + 2] for i, word in enumerate(cmd) if word == "--setenv"}


def test_by_default_the_sandbox_has_no_gpu(monkeypatch):
    monkeypatch.setattr(launcher, "gpu_devices", lambda: DEVICES)
    cmd = command(gpu=False)
    assert not any(word.startswith("/dev/nvidia") for word in cmd)
    assert env_of(cmd)["CUDA_VISIBLE_DEVICES"] == ""


def test_with_gpu_the_devices_are_bound_and_memory_grows_as_needed(monkeypatch):
    monkeypatch.setattr(launcher, "gpu_devices", lambda: DEVICES)
    cmd = command(gpu=True)
    binds = [cmd[i + 1] for i, word in enumerate(cmd) if word == "--dev-bind"]
    assert binds == DEVICES
    for device in DEVICES:
        i = cmd.index(device)
        assert cmd[i - 1] == "--dev-bind" and cmd[i + 1] == device
        # after the sandbox's own /dev is made, before it is made read-only
        assert cmd.index("--dev") < i < cmd.index("/dev", cmd.index("--remount-ro"))
    env = env_of(cmd)
    assert "CUDA_VISIBLE_DEVICES" not in env and env["TF_FORCE_GPU_ALLOW_GROWTH"] == "true"


def test_gpu_devices_are_the_nvidia_device_files(tmp_path):
    os.mknod(tmp_path / "nvidia0", stat.S_IFCHR | 0o600, os.makedev(195, 0))
    os.mknod(tmp_path / "nvme0", stat.S_IFCHR | 0o600, os.makedev(259, 0))
    (tmp_path / "nvidia-caps").mkdir()
    (tmp_path / "nvidia-notes.txt").write_text("not a device")
    assert launcher.gpu_devices(tmp_path) == [str(tmp_path / "nvidia-caps"), str(tmp_path / "nvidia0")]


@needs_bwrap
@pytest.mark.timeout(600)
def test_asking_for_a_gpu_where_there_is_none_grades_on_the_cpu_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(launcher, "gpu_devices", lambda: [])
    notebook = ROOT / "solutions" / "tensorflow_intro" / "tensorflow_intro.ipynb"
    report = grade_batch(
        fast_config(
            "tensorflow_intro", [notebook], tmp_path / "out", jobs=1, gpu=True,
            test_timeout=120.0, cell_timeout=120.0, cpu_seconds=900.0, submission_seconds=900.0,
        )
    )  # fmt: skip
    assert report.rows[0].score == 100
    assert "--gpu: this machine has no NVIDIA GPU" in report.isolation_note
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert "no NVIDIA GPU" in summary["isolation_note"]
