"""dlcourse.compare: the messages behind every public check and hidden test."""

import numpy as np
import pytest

from dlcourse.compare import (
    Mismatch,
    as_float,
    check_array,
    check_float,
    check_float_dtype,
    check_keys,
    check_shape,
    check_tuple,
    how_far,
)


def test_matching_arrays_pass_within_tolerance():
    a = np.linspace(-1, 1, 12).reshape(3, 4)
    check_array("A", a * (1 + 1e-9), a)


def test_lost_column_dimension_is_explained():
    with pytest.raises(Mismatch, match=r"shape \(4,\).*\(4, 1\).*keepdims"):
        check_array("db", np.zeros(4), np.zeros((4, 1)))


def test_transposed_result_is_recognised():
    with pytest.raises(Mismatch, match="transposed"):
        check_shape("dW", np.zeros((3, 2)), (2, 3))


def test_first_wrong_element_is_located_without_revealing_by_default():
    expected = np.arange(6.0).reshape(2, 3)
    got = expected.copy()
    got[1, 2] = 100.0
    with pytest.raises(Mismatch) as info:
        check_array("Z", got, expected)
    message = str(info.value)
    assert "index (1, 2)" in message and "should be" not in message
    # neither the student's value nor the expected one: together they would give it back
    assert "100" not in message and "5" not in message.replace("rtol=1e-07", "")
    assert "about ten times too large" in message


@pytest.mark.parametrize(
    ("got", "expected", "words"),
    [
        (-2.0, 2.0, "wrong sign"),
        (2.0, 1.0, "about twice too large"),
        (1.0, 2.0, "about twice too small"),
        (1.03, 1.0, "too large by a few percent"),
        (1.0 + 1e-4, 1.0, "slightly too large"),
        (1e6, 1.0, "many orders of magnitude too large"),
        (0.0, 3.0, "yours is 0"),
        (0.004, 0.0, "of the order of 1e-3"),
    ],
)
def test_how_far_an_answer_is_says_no_number_that_gives_the_expected_value(got, expected, words):
    assert words in how_far(got, expected)


def test_a_wrong_hidden_float_is_not_printed():
    with pytest.raises(Mismatch) as info:
        check_float("cost", 0.6931471805599453, 0.34657359027997264)
    message = str(info.value)
    assert "0.69" not in message and "0.34" not in message and "about twice too large" in message


def test_harmless_types_are_numbers_too():
    assert check_float_dtype("predictions", np.array([[True, False]])).dtype == bool
    assert check_float_dtype("b", np.zeros((2, 1), dtype=int)).shape == (2, 1)
    assert as_float("b", 0) == 0.0 and as_float("cost", np.float32(0.5)) == 0.5
    assert as_float("cost", np.array(0.25)) == 0.25
    with pytest.raises(Mismatch, match="bool"):
        as_float("cost", True)
    with pytest.raises(Mismatch, match="should have shape"):
        check_array("db", np.zeros(3), np.zeros((3, 1)))


def test_reveal_shows_the_expected_value():
    with pytest.raises(Mismatch, match="should be 5"):
        check_array("Z", np.array([1.0]), np.array([5.0]), reveal=True)


def test_known_mistake_is_named():
    expected = np.array([[1.0, 2.0]])
    with pytest.raises(Mismatch, match="a missing 1/m"):
        check_array("dw", expected * 4, expected, mistakes={"a missing 1/m": expected * 4})


def test_nan_is_reported_with_a_hint():
    with pytest.raises(Mismatch, match="log of 0"):
        check_array("A", np.array([np.nan]), np.array([0.5]))


def test_float_accepts_zero_d_arrays_and_rejects_matrices():
    assert check_float("cost", np.array(0.5), 0.5) == 0.5
    with pytest.raises(Mismatch, match=r"shape \(1, 1\)"):
        check_float("cost", np.array([[0.5]]), 0.5)


def test_none_result_suggests_a_missing_return():
    with pytest.raises(Mismatch, match="return"):
        check_array("A", None, np.zeros(2))


def test_dict_keys_missing_and_extra():
    with pytest.raises(Mismatch, match="missing the key"):
        check_keys("grads", {"dw": 1}, ["dw", "db"])
    with pytest.raises(Mismatch, match="unexpected key"):
        check_keys("grads", {"dw": 1, "db": 2, "dz": 3}, ["dw", "db"])


def test_tuple_length():
    with pytest.raises(Mismatch, match="2 items"):
        check_tuple("result", (1, 2, 3), 2)
