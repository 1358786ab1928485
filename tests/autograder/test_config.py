"""The declarative configuration: every option has a type, a default and a description;
per-assignment limits apply unless an option overrides them."""

from __future__ import annotations

import dataclasses
import typing

from autograder.config import ASSIGNMENT_LIMITS, DEFAULT_LIMITS, GradeConfig, Limits, default_limits


def test_every_option_is_typed_described_and_defaulted():
    hints = typing.get_type_hints(GradeConfig)
    for f in dataclasses.fields(GradeConfig):
        assert f.metadata.get("help"), f.name
        assert f.name in hints
        required = f.metadata.get("positional") or f.metadata.get("required")
        has_default = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        assert has_default or required, f.name
    for f in dataclasses.fields(Limits):
        assert f.metadata.get("help") and f.default is not dataclasses.MISSING, f.name


def test_every_limit_can_be_set_from_the_command_line():
    options = {f.name for f in dataclasses.fields(GradeConfig)}
    assert {f.name for f in dataclasses.fields(Limits)} <= options


def test_numpy_assignments_get_2_gib_and_tensorflow_ones_more():
    assert default_limits("logistic_regression").memory_mb == 2048 == DEFAULT_LIMITS.memory_mb
    for name in ("tensorflow_intro", "cnn_keras", "sequence_models"):
        assert default_limits(name).memory_mb >= 8192 and name in ASSIGNMENT_LIMITS
        assert default_limits(name).test_timeout > DEFAULT_LIMITS.test_timeout


def test_options_override_the_assignment_defaults():
    config = GradeConfig(assignment="tensorflow_intro", submissions=[], out=".", memory_mb=4096)
    limits = config.limits()
    assert limits.memory_mb == 4096 and limits.cell_timeout == default_limits("tensorflow_intro").cell_timeout
    assert GradeConfig(assignment="x", submissions=[], out=".").jobs >= 1


def test_the_help_of_a_limit_gives_every_default_from_where_it_is_declared():
    from autograder.config import ASSIGNMENT_LIMITS, DEFAULT_LIMITS, GradeConfig

    for name in ("test_timeout", "memory_mb", "processes"):
        text = GradeConfig.__dataclass_fields__[name].metadata["help"]
        assert f"(default {getattr(DEFAULT_LIMITS, name):g};" in text
        for assignment, limits in ASSIGNMENT_LIMITS.items():
            assert f"{limits[name]:g} for " in text and assignment in text
