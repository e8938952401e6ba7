"""The CPU (torch) path of core.sweep against scipy, closed forms and its own invariants."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from core import sweep


def scipy_gaussian_grid(x, loc, scale):
    return stats.norm.logpdf(np.asarray(x, float)[None, :], np.asarray(loc)[:, None],
                             np.asarray(scale)[:, None]).sum(axis=1)


def scipy_gmm_grid(x, weights, loc, scale):
    x = np.asarray(x, float)
    out = []
    for w, m, s in zip(weights, loc, scale):
        with np.errstate(divide="ignore"):
            log_terms = np.log(w)[:, None] + stats.norm.logpdf(x[None, :], m[:, None], s[:, None])
        out.append(special.logsumexp(log_terms, axis=0).sum())
    return np.array(out)


@pytest.fixture
def rng():
    return np.random.default_rng(20261126)


def test_gaussian_grid_matches_scipy(rng):
    x = rng.normal(1.5, 2.0, size=5000)
    loc = np.linspace(-3, 5, 17)
    scale = np.linspace(0.3, 6, 17)
    got = sweep.gaussian_loglik_grid(x, loc, scale, backend="torch")
    assert got.dtype == np.float64 and got.shape == (17,)
    np.testing.assert_allclose(got, scipy_gaussian_grid(x, loc, scale), rtol=1e-12)


def test_gaussian_grid_from_torch_float32_tensor(rng):
    x = torch.from_numpy(rng.normal(0, 1, size=3001).astype(np.float32))
    got = sweep.gaussian_loglik_grid(x, [0.0, 0.5], [1.0, 2.0], backend="torch")
    want = scipy_gaussian_grid(x.numpy().astype(np.float64), [0.0, 0.5], [1.0, 2.0])
    np.testing.assert_allclose(got, want, rtol=1e-10)


def test_gaussian_centred_form_survives_far_offsets():
    # Raw moments S2 - 2 m S1 + N m^2 lose every digit here in float32: the data sit at 1e6
    # with unit spread. The centred form keeps the spread exactly.
    rng = np.random.default_rng(7)
    x = (1e6 + rng.normal(0, 1, size=200_000)).astype(np.float32)
    got = sweep.gaussian_loglik_grid(x, [1e6, 1e6 + 1], [1.0, 1.0], backend="torch")
    want = scipy_gaussian_grid(x.astype(np.float64), [1e6, 1e6 + 1], [1.0, 1.0])
    np.testing.assert_allclose(got, want, rtol=1e-9)


def test_sufficient_stats_match_numpy(rng):
    x = rng.exponential(3.0, size=(1 << 20) + 12345)  # more than one chunk
    got = sweep.gaussian_sufficient_stats(x, backend="torch")
    assert got.count == x.size
    assert got.mean == pytest.approx(x.mean(), rel=1e-13)
    assert got.centred_sum_sq == pytest.approx(((x - x.mean()) ** 2).sum(), rel=1e-12)
    assert got.variance == pytest.approx(x.var(), rel=1e-12)


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_gmm_grid_matches_scipy(rng, k):
    x = rng.normal(0, 3, size=9001)
    g = 7
    weights = rng.dirichlet(np.ones(k), size=g)
    loc = rng.normal(0, 3, size=(g, k))
    scale = rng.uniform(0.2, 3, size=(g, k))
    got = sweep.gmm_loglik_grid(x, weights, loc, scale, backend="torch")
    np.testing.assert_allclose(got, scipy_gmm_grid(x, weights, loc, scale), rtol=2e-7)


def test_gmm_zero_weight_component_is_ignored(rng):
    x = rng.normal(size=1000)
    got = sweep.gmm_loglik_grid(x, [[1.0, 0.0]], [[0.0, 50.0]], [[1.0, 1e-3]], backend="torch")
    want = sweep.gaussian_loglik_grid(x, [0.0], [1.0], backend="torch")
    np.testing.assert_allclose(got, want, rtol=1e-7)


def test_gmm_many_settings_span_several_tiles(rng):
    x = rng.normal(size=20_000)
    g = 300  # more settings than one tile holds
    loc = np.stack([np.linspace(-2, 2, g), np.linspace(2, -2, g)], axis=1)
    weights = np.full((g, 2), 0.5)
    scale = np.ones((g, 2))
    got = sweep.gmm_loglik_grid(x, weights, loc, scale, backend="torch")
    np.testing.assert_allclose(got, scipy_gmm_grid(x, weights, loc, scale), rtol=2e-7)


finite_floats = st.floats(-50, 50, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(
    data=st.lists(finite_floats, min_size=1, max_size=200),
    loc=finite_floats,
    scale=st.floats(0.05, 20),
)
def test_gmm_with_one_component_equals_gaussian_sweep(data, loc, scale):
    gmm = sweep.gmm_loglik_grid(data, [[1.0]], [[loc]], [[scale]], backend="torch")
    gauss = sweep.gaussian_loglik_grid(data, [loc], [scale], backend="torch")
    np.testing.assert_allclose(gmm, gauss, rtol=1e-6, atol=1e-6)


@settings(max_examples=40, deadline=None)
@given(
    data=st.lists(finite_floats, min_size=1, max_size=200),
    seed=st.integers(0, 2**32 - 1),
    k=st.integers(2, 4),
)
def test_permuting_components_changes_nothing(data, seed, k):
    rng = np.random.default_rng(seed)
    weights = rng.dirichlet(np.ones(k), size=3)
    loc = rng.normal(0, 10, size=(3, k))
    scale = rng.uniform(0.1, 5, size=(3, k))
    order = rng.permutation(k)
    a = sweep.gmm_loglik_grid(data, weights, loc, scale, backend="torch")
    b = sweep.gmm_loglik_grid(data, weights[:, order], loc[:, order], scale[:, order], backend="torch")
    np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)


def test_auto_backend_on_a_cpu_machine_is_torch():
    if torch.cuda.is_available():
        pytest.skip("auto picks Triton on a GPU machine")
    assert sweep.resolve_backend("auto") == "torch"
    info = sweep.backend_info("auto")
    assert (info.kind, info.device, info.threads) == ("torch", None, torch.get_num_threads())
    from explain.backends import backend_label

    assert "torch" in backend_label(info)


def test_per_point_log_prob_matches_scipy(rng):
    x = rng.normal(size=777)
    got = sweep.gaussian_log_prob(x, 0.5, 1.5, backend="torch")
    np.testing.assert_allclose(got, stats.norm.logpdf(x, 0.5, 1.5), rtol=1e-13)


# ---- invalid input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "x, loc, scale, message",
    [
        ([], [0.0], [1.0], "x must not be empty"),
        ([1.0, np.nan], [0.0], [1.0], "x must be finite"),
        ([1.0, np.inf], [0.0], [1.0], "x must be finite"),
        ([[1.0, 2.0]], [0.0], [1.0], "x must be 1-D"),
        (["a", "b"], [0.0], [1.0], "x must be a 1-D array of numbers"),
        ([1.0], [0.0], [0.0], "scale must be > 0"),
        ([1.0], [0.0], [-2.0], "scale must be > 0; got -2.0"),
        ([1.0], [np.nan], [1.0], "loc must be finite"),
        ([1.0], [0.0, 1.0], [1.0], "shapes must match"),
        ([1.0], [], [], "loc must not be empty"),
    ],
)
def test_gaussian_rejects_bad_input(x, loc, scale, message):
    with pytest.raises(ValueError, match=message):
        sweep.gaussian_loglik_grid(x, loc, scale, backend="torch")


@pytest.mark.parametrize(
    "weights, loc, scale, message",
    [
        ([[0.5, 0.6]], [[0, 1]], [[1, 1]], "each row of weights must sum to 1; row 0 sums to 1.1"),
        ([[1.2, -0.2]], [[0, 1]], [[1, 1]], "weights must be >= 0"),
        ([[0.5, 0.5]], [[0, 1]], [[1, 0]], "scale must be > 0"),
        ([[0.5, 0.5]], [[0, 1, 2]], [[1, 1]], "shapes must match"),
        ([0.5, 0.5], [0, 1], [1, 1], "weights must be 2-D"),
        ([[0.5, 0.5]], [[0, np.inf]], [[1, 1]], "loc must be finite"),
    ],
)
def test_gmm_rejects_bad_parameters(weights, loc, scale, message):
    with pytest.raises(ValueError, match=message):
        sweep.gmm_loglik_grid([0.0, 1.0], weights, loc, scale, backend="torch")


def test_gmm_rejects_nonfinite_data():
    with pytest.raises(ValueError, match="x must be finite; got nan at index 1"):
        sweep.gmm_loglik_grid([0.0, np.nan], [[1.0]], [[0.0]], [[1.0]], backend="torch")


def test_unknown_backend_is_named():
    with pytest.raises(ValueError, match="backend must be one of auto, triton, torch; got 'cuda'"):
        sweep.gaussian_loglik_grid([0.0], [0.0], [1.0], backend="cuda")


def test_the_torch_path_sizes_its_chunks_and_tiles_for_the_device_of_the_data():
    """Issue 29: a CPU's sizes (cache-resident) starved a GPU with launches; CUDA tensors get 2**24 values."""
    cpu, gpu = torch.device("cpu"), torch.device("cuda")
    assert sweep.stats_chunk(cpu) == 1 << 16 and sweep.tile_elements(cpu) == 1 << 18
    assert sweep.stats_chunk(gpu) == sweep.tile_elements(gpu) == 1 << 24
