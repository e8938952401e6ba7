"""Large-N accuracy (relative error <= 1e-6 at N = 1e7) and the CPU path's memory budget (< 64 MB)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from scipy import special

from core import sweep

ROOT = Path(__file__).resolve().parents[2]
N_LARGE = 10_000_000


@pytest.fixture(scope="module")
def large_float32_sample():
    rng = np.random.default_rng(11)
    # Offset far from zero with a modest spread: the case where careless sums lose digits.
    return (250.0 + 3.0 * rng.standard_normal(N_LARGE)).astype(np.float32)


def float64_gmm_reference(x32, weights, loc, scale, chunk=1 << 20):
    """Float64 reference with scipy's logsumexp and math.fsum across chunks."""
    totals = []
    for w, m, s in zip(weights, loc, scale):
        parts = []
        for start in range(0, x32.size, chunk):
            x = x32[start:start + chunk].astype(np.float64)
            log_terms = np.log(w)[:, None] - np.log(s)[:, None] - 0.5 * np.log(2 * np.pi) \
                - 0.5 * ((x[None, :] - m[:, None]) / s[:, None]) ** 2
            parts.append(special.logsumexp(log_terms, axis=0).sum())
        totals.append(np.sum(parts))
    return np.array(totals)


@pytest.mark.slow
def test_gaussian_grid_at_ten_million_points(large_float32_sample):
    x = large_float32_sample
    x64 = x.astype(np.float64)
    mean = x64.mean()
    centred_sum_sq = np.dot(x64 - mean, x64 - mean)
    loc = np.array([0.0, 249.0, 250.0, 260.0])
    scale = np.array([1.0, 3.0, 0.5, 10.0])
    n = x.size
    want = -n * np.log(scale) - 0.5 * n * np.log(2 * np.pi) \
        - (centred_sum_sq + n * (mean - loc) ** 2) / (2 * scale**2)
    got = sweep.gaussian_loglik_grid(x, loc, scale, backend="torch")
    np.testing.assert_allclose(got, want, rtol=1e-6)


@pytest.mark.slow
def test_gmm_grid_at_ten_million_points(large_float32_sample):
    x = large_float32_sample
    weights = np.array([[0.3, 0.7], [0.5, 0.5]])
    loc = np.array([[245.0, 252.0], [250.0, 250.5]])
    scale = np.array([[2.0, 3.0], [1.0, 6.0]])
    got = sweep.gmm_loglik_grid(x, weights, loc, scale, backend="torch")
    np.testing.assert_allclose(got, float64_gmm_reference(x, weights, loc, scale), rtol=1e-6)


MEMORY_PROBE = textwrap.dedent(
    """
    import json, resource, sys
    import numpy as np
    from core import sweep
    n, g = int(sys.argv[1]), int(sys.argv[2])
    x = np.random.default_rng(0).normal(size=n).astype(np.float32)
    loc = np.linspace(-1, 1, g); scale = np.linspace(0.5, 2, g)
    weights = np.full((g, 2), 0.5)
    sweep.gaussian_loglik_grid(x[:10], loc[:2], scale[:2])  # import and warm up torch paths
    sweep.gmm_loglik_grid(x[:10], weights[:2], np.stack([loc, -loc], 1)[:2], np.ones((2, 2)))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sweep.gaussian_loglik_grid(x, loc, scale, backend="torch")
    after_gauss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sweep.gmm_loglik_grid(x, weights, np.stack([loc, -loc], 1), np.ones((g, 2)), backend="torch")
    after_gmm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"gauss_kb": after_gauss - before, "gmm_kb": after_gmm - before}))
    """
)


@pytest.mark.slow
def test_cpu_path_extra_memory_stays_under_64_mb():
    # G x N float32 here would be 64 x 2e6 x 4 B = 512 MB, so building it could not hide.
    # Peak RSS is measured in a fresh process, so nothing else in the test run interferes.
    result = subprocess.run([sys.executable, "-c", MEMORY_PROBE, "2000000", "64"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300, check=True)
    growth = json.loads(result.stdout.strip().splitlines()[-1])
    assert growth["gauss_kb"] < 64 * 1024, growth
    assert growth["gmm_kb"] < 64 * 1024, growth
