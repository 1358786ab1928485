"""The remembered reference behaves exactly like the reference: same results, same
changes to its arguments, and nothing remembered that should not be."""

from __future__ import annotations

import types

import numpy as np

from autograder.memo import MemoReference


def module() -> types.ModuleType:
    m = types.ModuleType("ref")
    m.calls = 0

    def train(params, rng, steps=2):
        m.calls += 1
        params["W"] -= 0.5 * rng.standard_normal(params["W"].shape)
        params["extra"] = steps
        return {"W": params["W"].copy()}, float(params["W"].sum())

    def fails(x):
        m.calls += 1
        raise ValueError("bad")

    def opaque(f):
        m.calls += 1
        return f(2)

    m.train, m.fails, m.opaque, m.CONSTANT = train, fails, opaque, 42
    return m


def test_a_remembered_call_gives_the_same_result_and_the_same_side_effects():
    ref = module()
    memo = MemoReference(ref)
    outcomes = []
    for _ in range(3):
        params = {"W": np.ones((2, 2))}
        rng = np.random.default_rng(0)
        result = memo.train(params, rng, steps=3)
        outcomes.append((result, params, rng.standard_normal()))
    assert ref.calls == 1 and memo.hits == 2 and memo.CONSTANT == 42
    (r0, p0, next0), *rest = outcomes
    for r, p, nxt in rest:
        assert np.array_equal(r[0]["W"], r0[0]["W"]) and r[1] == r0[1]
        assert np.array_equal(p["W"], p0["W"]) and p["extra"] == 3  # updated in place, as the first time
        assert nxt == next0  # the generator advanced as the first time
    r0[0]["W"][:] = 99  # results are copies: changing one does not change the next
    assert memo.train({"W": np.ones((2, 2))}, np.random.default_rng(0), steps=3)[0]["W"].max() < 99


def test_calls_that_raise_or_take_non_data_are_not_remembered():
    ref = module()
    memo = MemoReference(ref)
    for _ in range(2):
        try:
            memo.fails(1)
        except ValueError:
            pass
        assert memo.opaque(lambda x: x + 1) == 3
    assert ref.calls == 4 and memo.hits == 0
