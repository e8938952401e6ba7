"""Property tests for the core validators: any input either passes or raises ValueError naming the
argument; nothing else escapes (no TypeError, OverflowError or crash on odd values)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import clt, conjugate, fisher, kl, mvn, sampling
from core.validation import as_float_array, require_in_range, require_probability_rows

anything = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                     st.text(max_size=20), st.lists(st.floats(), max_size=3), st.binary(max_size=5))


@settings(max_examples=300, deadline=None)
@given(value=anything, low=st.floats(-1e6, 0), high=st.floats(0, 1e6))
def test_require_in_range_passes_or_names_the_argument(value, low, high):
    try:
        result = require_in_range("width", value, low, high)
    except ValueError as error:
        assert str(error).startswith("width must be")
    else:
        assert math.isfinite(result) and low <= result <= high


@settings(max_examples=200, deadline=None)
@given(value=anything)
def test_as_float_array_passes_or_names_the_argument(value):
    try:
        array = as_float_array("loc", value, ndim=1)
    except ValueError as error:
        assert str(error).startswith("loc must be")
    else:
        assert array.ndim == 1 and array.dtype == np.float64


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.lists(st.floats(-1, 2, allow_nan=False), min_size=2, max_size=2), min_size=1, max_size=4))
def test_probability_rows(rows):
    weights = np.array(rows)
    valid = bool(np.all(weights >= 0) and np.all(np.abs(weights.sum(axis=1) - 1) <= 1e-6))
    if valid:
        require_probability_rows("weights", weights)
    else:
        with pytest.raises(ValueError, match="weights"):
            require_probability_rows("weights", weights)


number = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**30, 10**30))

# (the parameter's name in core's messages, a call that passes the value to it, its valid range)
CALLS = [
    ("n", lambda v: clt.clt_experiment("exponential", v, 500, 1), 1, clt.MAX_N),
    ("p", lambda v: clt.source_law("bernoulli", p=v), 0.001, 0.999),
    ("a", lambda v: conjugate.beta_posterior(v, 1.0, 3, 4), 0.01, conjugate.MAX_PRIOR),
    ("tau0", lambda v: conjugate.gaussian_posterior(0.0, v, 1.0, 4, 1.0), 1e-3, 1e6),
    ("rho", lambda v: mvn.condition(0.0, 0.0, 1.0, 1.0, v, 0.0), -1.0, 1.0),
    ("s1", lambda v: kl.kl_normal(0.0, v, 1.0, 1.0), *kl.SD_RANGE),
    ("λ", lambda v: fisher.simulate(fisher.MODELS["poisson"], v, 10, 100, 1), *fisher.MODELS["poisson"].theta_range),
    ("temperature", lambda v: sampling.filter_logits([1.0, 2.0, 3.0], temperature=v), 0.0, sampling.MAX_TEMPERATURE),
]


@settings(max_examples=120, deadline=None)
@given(value=number, which=st.integers(0, len(CALLS) - 1))
def test_core_entry_points_reject_bad_numbers_with_value_error(value, which):
    """A value outside the documented range (or not finite) is rejected with a ValueError that
    names the parameter; a value inside it is accepted. Anything else escaping is a failure."""
    name, call, low, high = CALLS[which]
    if math.isfinite(value) and low <= value <= high:
        call(value)
    else:
        with pytest.raises(ValueError, match=rf"^{name} must be"):
            call(value)


def test_the_range_check_rejects_the_edges_just_outside():
    # Property tests rarely hit a boundary exactly; these are the values a hand-edited link tries.
    for name, call, low, high in CALLS:
        for outside in (low - abs(low) * 1e-6 - 1e-9, high + abs(high) * 1e-6 + 1e-9):
            with pytest.raises(ValueError, match=rf"^{name} must be"):
                call(outside)
