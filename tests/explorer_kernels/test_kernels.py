"""Triton kernels against their plain-torch references and scipy, at awkward sizes.

On a CUDA machine these run the compiled kernels; elsewhere conftest.py has set
TRITON_INTERPRET=1 and they run in Triton's interpreter, which is slow, so N stays small.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy import special, stats

pytest.importorskip("triton")

from core import sweep  # noqa: E402
from explorer_kernels import gaussian_logpdf, gaussian_stats, gmm_sweep  # noqa: E402
from explorer_kernels._runtime import kernel_device  # noqa: E402

DEVICE = kernel_device()
# Sizes: one point, a block minus/plus one, several blocks with a ragged tail.
SIZES = [1, 31, 1023, 1025, 2500]


def on_device(array, dtype=torch.float32):
    return torch.as_tensor(np.asarray(array), dtype=dtype, device=DEVICE)


@pytest.mark.parametrize("n", SIZES)
def test_log_prob_kernel_matches_reference_and_scipy(n):
    x = np.random.default_rng(n).normal(2.0, 3.0, size=n)
    got = gaussian_logpdf.gaussian_log_prob(on_device(x), 1.0, 2.5).double().cpu().numpy()
    reference = gaussian_logpdf.gaussian_log_prob_reference(on_device(x, torch.float64), 1.0, 2.5)
    # float32 arithmetic on values of order 1-10: an absolute error of a few 1e-6 is the floor.
    np.testing.assert_allclose(got, reference.cpu().numpy(), rtol=1e-6, atol=2e-6)
    np.testing.assert_allclose(got, stats.norm.logpdf(x.astype(np.float32), 1.0, 2.5), rtol=1e-6, atol=2e-6)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("offset", [0.0, 1e4])
def test_stats_kernel_matches_float64_reference(n, offset):
    x32 = (offset + np.random.default_rng(n).normal(0.0, 2.0, size=n)).astype(np.float32)
    count, mean, sum_sq = gaussian_stats.gaussian_stats(on_device(x32))
    ref_count, ref_mean, ref_sum_sq = gaussian_stats.gaussian_stats_reference(torch.from_numpy(x32))
    assert count == ref_count == n
    assert mean == pytest.approx(ref_mean, rel=1e-7, abs=1e-7)
    # SS is relative to a spread of 2 while the data sit at 1e4: the centred partials keep it.
    assert sum_sq == pytest.approx(ref_sum_sq, rel=1e-5, abs=1e-4)


@pytest.mark.parametrize("n", [1, 37, 1000, 1100])
@pytest.mark.parametrize("g", [1, 5])
@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_gmm_kernel_matches_reference_and_scipy(n, g, k):
    rng = np.random.default_rng(1000 * n + 10 * g + k)
    x = rng.normal(0.0, 3.0, size=n)
    weights = rng.dirichlet(np.ones(k), size=g)
    loc = rng.normal(0.0, 3.0, size=(g, k))
    scale = rng.uniform(0.3, 3.0, size=(g, k))
    params = [on_device(a, torch.float64) for a in (weights, loc, scale)]
    got = gmm_sweep.gmm_loglik(on_device(x), *params).cpu().numpy()
    reference = gmm_sweep.gmm_loglik_reference(on_device(x, torch.float64), *params).cpu().numpy()
    np.testing.assert_allclose(got, reference, rtol=1e-6)
    by_scipy = [special.logsumexp(np.log(w)[:, None] + stats.norm.logpdf(x[None, :], m[:, None], s[:, None]),
                                  axis=0).sum() for w, m, s in zip(weights, loc, scale)]
    np.testing.assert_allclose(got, by_scipy, rtol=1e-6)


def test_gmm_kernel_ignores_zero_weight_components():
    x = np.random.default_rng(3).normal(size=300)
    params = [on_device(a, torch.float64) for a in ([[0.0, 1.0]], [[40.0, 0.0]], [[0.01, 1.0]])]
    got = gmm_sweep.gmm_loglik(on_device(x), *params).cpu().numpy()
    np.testing.assert_allclose(got, stats.norm.logpdf(x).sum(), rtol=1e-6)


def test_gmm_kernel_is_deterministic():
    rng = np.random.default_rng(5)
    x = on_device(rng.normal(size=2000))
    params = [on_device(a, torch.float64) for a in (np.full((3, 2), 0.5), rng.normal(size=(3, 2)), np.ones((3, 2)))]
    first = gmm_sweep.gmm_loglik(x, *params)
    second = gmm_sweep.gmm_loglik(x, *params)
    assert torch.equal(first, second)


def test_sweep_triton_backend_agrees_with_torch_backend():
    rng = np.random.default_rng(9)
    x = rng.normal(1.0, 2.0, size=1500)
    loc, scale = np.array([0.0, 1.0, 2.0]), np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(sweep.gaussian_loglik_grid(x, loc, scale, backend="triton"),
                               sweep.gaussian_loglik_grid(x, loc, scale, backend="torch"), rtol=1e-6)
    weights = np.array([[0.2, 0.8], [0.5, 0.5]])
    locs = np.array([[-1.0, 2.0], [0.0, 1.0]])
    scales = np.array([[1.0, 2.0], [0.5, 3.0]])
    np.testing.assert_allclose(sweep.gmm_loglik_grid(x, weights, locs, scales, backend="triton"),
                               sweep.gmm_loglik_grid(x, weights, locs, scales, backend="torch"), rtol=1e-6)
    np.testing.assert_allclose(sweep.gaussian_log_prob(x, 1.0, 2.0, backend="triton"),
                               sweep.gaussian_log_prob(x, 1.0, 2.0, backend="torch"), rtol=1e-6, atol=2e-6)


# The interpreter evaluates inf - inf on the way to the NaN total that triggers the check.
@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
def test_triton_backend_rejects_nonfinite_data():
    with pytest.raises(ValueError, match="x must be finite"):
        sweep.gaussian_loglik_grid([0.0, np.inf, 1.0], [0.0], [1.0], backend="triton")
    with pytest.raises(ValueError, match="x must be finite"):
        sweep.gmm_loglik_grid([0.0, np.nan], [[1.0]], [[0.0]], [[1.0]], backend="triton")


# --- how the kernels are launched and tuned (explorer_kernels/_runtime.py) ----------------------------------


def test_the_tests_launch_one_fixed_configuration_per_kernel():
    """No autotuning in tests (conftest.py sets PROB_EXPLORER_KERNELS_FIXED): they check the arithmetic."""
    from explorer_kernels._runtime import fixed_configuration

    assert fixed_configuration()


@pytest.mark.parametrize("n, bucket", [(1, 1), (1000, 10), (1023, 10), (1024, 11), (10**6, 20), (10**6 + 1, 20),
                                       (0, 1)])
def test_autotuning_is_keyed_on_the_power_of_two_of_n(n, bucket):
    """A reader's change of N re-tunes only when N crosses a power of two."""
    from explorer_kernels._runtime import size_bucket

    assert size_bucket(n) == bucket


@pytest.mark.parametrize("gap", [0.0, 1e-3, 30.0, 500.0])
def test_two_component_one_pass_is_exact_when_components_coincide_or_part(gap):
    """K = 2 takes max(a, b) + log2(1 + 2^-|a - b|): equal components (a = b), near ones, and components so far
    apart that one underflows everywhere all agree with the float64 reference."""
    rng = np.random.default_rng(11)
    x = rng.normal(0.0, 1.0, size=700)
    weights, loc, scale = ([[0.5, 0.5], [0.3, 0.7]], [[0.0, gap], [gap, -gap]], [[1.0, 1.0], [0.5, 2.0]])
    params = [on_device(a, torch.float64) for a in (weights, loc, scale)]
    got = gmm_sweep.gmm_loglik(on_device(x), *params).cpu().numpy()
    reference = gmm_sweep.gmm_loglik_reference(on_device(x, torch.float64), *params).cpu().numpy()
    np.testing.assert_allclose(got, reference, rtol=1e-6)


def test_the_gpu_check_runs_without_streamlit_plotly_or_babel():
    """bench/run_gpu_checks.sh uses a GPU machine's own python3, which has none of them: its tests must not need
    them (here: the three files it runs, run with those imports made to fail)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = ("import sys\nfor name in ('streamlit', 'plotly', 'babel', 'playwright'):\n    sys.modules[name] = None\n"
            "import pytest\nsys.exit(pytest.main(['-q', '-p', 'no:cacheprovider', '-k', 'not without_streamlit', "
            "'tests/explorer_kernels/test_kernels.py', 'tests/core/test_sweep_cpu.py',\n"
            "                      'tests/core/test_backends.py']))")
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


@pytest.mark.parametrize("offset", [0.0, 1e4])
def test_each_stats_program_folds_many_blocks_exactly(offset):
    """Fewer programs than blocks (here 16 programs for 40 blocks, several blocks each, the last one ragged),
    every partial written (no zero-fill), sorted data so that a program's blocks have different centres: the
    statistics still match float64 (issue 29: fewer partials, combined in a few hundred, not N / 1024)."""
    n = 40 * 1024 - 300
    x = np.sort(np.random.default_rng(8).normal(offset, 2.0, size=n))
    data = on_device(x)
    assert gaussian_stats.program_count(n, data.device) < -(-n // 1024)
    got = gaussian_stats.gaussian_stats(data)
    count, mean, sum_sq = gaussian_stats.gaussian_stats_reference(on_device(x.astype(np.float32), torch.float64))
    assert got[0] == count == n
    np.testing.assert_allclose(got[1], mean, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(got[2], sum_sq, rtol=1e-6)
