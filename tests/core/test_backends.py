"""Every backend of the /likelihood timing table computes the same log-likelihood as scipy, the
kernel listing is the kernel's own text, and the block walk follows the kernel's arithmetic."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy import stats

from core import backends, likelihood, sweep


@pytest.fixture(scope="module")
def small():
    x = likelihood.simulate("bimodal", 5000, 2)
    return x, likelihood.fit(x)


def test_every_backend_that_runs_agrees_with_scipy(small):
    x, fit = small
    expected = stats.norm.logpdf(x, fit.mu, fit.sigma).sum()
    timings = backends.time_all(x, fit.mu, fit.sigma)
    assert [t.backend.key for t in timings] == list(backends.ROWS)
    ran = [t for t in timings if t.seconds is not None]
    assert len(ran) >= 4
    for timing in ran:
        # float64 paths agree to rounding; the kernels' float32 per-point values to ~1e-7 (issue bar: 1e-6)
        assert timing.relative_difference(expected) < 1e-6, timing.backend.key
        assert timing.seconds > 0 and 1 <= timing.repeats <= backends.MAX_REPEATS
    for timing in timings:
        if timing.seconds is None:
            assert timing.backend.skipped and timing.total is None


def test_kernel_rows_run_where_the_kernels_can(small):
    x, _ = small
    mode, _ = sweep.triton_status()
    kernel_rows = [b for b in backends.backends_for(x.size) if b.is_kernel]
    assert [b.key for b in kernel_rows] == ["kernel-per-point", "kernel-statistics"]
    assert all((b.compute is not None) == (mode is not None) for b in kernel_rows)
    if mode is None:
        assert all(b.skipped in (sweep.NO_TRITON, sweep.NO_GPU) for b in kernel_rows)
    if mode == "interpreter":
        big = backends.backends_for(backends.INTERPRETER_MAX_N + 1)
        assert all(b.skipped == backends.INTERPRETER_LIMIT for b in big if b.is_kernel)


def test_torch_distributions_row_keeps_float64_parameters():
    # Normal(float, float) makes float32 parameters; at μ = 1 + 1e-9 that rounding shows.
    x = np.array([1.0, 2.0, 3.0])
    got = backends._torch_distributions(x, 1.0 + 1e-9, 0.5)
    assert got == pytest.approx(stats.norm.logpdf(x, 1.0 + 1e-9, 0.5).sum(), rel=1e-15)


def test_the_listing_is_the_kernels_own_text():
    text = backends.KERNEL_FILE.read_text(encoding="utf-8")
    kernel = backends.function_source(backends.KERNEL_FILE, backends.KERNEL_FUNCTION)
    reference = backends.function_source(backends.KERNEL_FILE, backends.REFERENCE_FUNCTION)
    assert kernel in text and reference in text
    assert kernel.startswith("@triton.jit\ndef gaussian_log_prob_kernel(") and "tl.store" in kernel
    assert reference.startswith("def gaussian_log_prob_reference(")
    with pytest.raises(ValueError, match="no function"):
        backends.function_source(backends.KERNEL_FILE, "missing")


@pytest.mark.parametrize("n, program, valid", [(2500, -1, 2500 - 2 * 1024), (2500, 0, 1024), (2048, 1, 1024)])
def test_block_walk_follows_the_mask(n, program, valid):
    x = likelihood.simulate("normal", n, 3)
    walk = backends.block_walk(x, 1.0, 2.0, program)
    assert walk.valid == valid and walk.programs == -(-n // 1024)
    assert walk.first_offset == (program % walk.programs) * 1024
    np.testing.assert_allclose(walk.out, stats.norm.logpdf(x[walk.offsets], 1.0, 2.0), rtol=1e-6, atol=2e-6)
    assert walk.max_abs_error < 2e-6


def test_block_walk_equals_the_kernel_where_it_runs():
    if sweep.triton_status()[0] is None:
        pytest.skip("no Triton here (no GPU and no interpreter)")
    x = likelihood.simulate("normal", 2500, 4)
    kernel = sweep.gaussian_log_prob(torch.as_tensor(x, dtype=torch.float32), 1.0, 2.0, backend="triton")
    walk = backends.block_walk(x.astype(np.float32).astype(np.float64), 1.0, 2.0, -1)
    np.testing.assert_allclose(walk.out, kernel[walk.offsets], rtol=1e-6)


def test_block_walk_rejects_a_program_outside_the_grid():
    with pytest.raises(ValueError, match="program must be between -3 and 2"):
        backends.block_walk(np.zeros(2500), 0.0, 1.0, 3)


def _float32_nearest(exact) -> np.float32:
    """The float32 nearest to a Fraction (ties to even): the reference for one correctly rounded FMA."""
    from fractions import Fraction

    guess = np.float32(float(exact))
    candidates = [np.nextafter(guess, np.float32(-np.inf)), guess, np.nextafter(guess, np.float32(np.inf))]
    distances = [abs(Fraction(float(c)) - exact) for c in candidates]
    best = min(distances)
    ties = [c for c, d in zip(candidates, distances) if d == best]
    return ties[0] if len(ties) == 1 else next(c for c in ties if int(c.view(np.int32)) % 2 == 0)


def test_the_fused_multiply_add_is_rounded_once_like_a_gpus():
    from fractions import Fraction

    rng = np.random.default_rng(5)
    a, b = rng.normal(size=2000).astype(np.float32), rng.normal(size=2000).astype(np.float32)
    c = rng.normal(size=2000).astype(np.float32)
    fused = backends.fused_multiply_add_f32(a, b, c)
    exact = [_float32_nearest(Fraction(float(p)) * Fraction(float(q)) + Fraction(float(r))) for p, q, r in zip(a, b, c)]
    assert np.array_equal(fused, np.array(exact, np.float32))
    two_roundings = a * b + c
    assert 0.01 < np.mean(two_roundings != fused) < 0.5          # the unfused form really differs
    # The one case float64 cannot settle alone: its sum lands exactly halfway between two float32 values.
    one = np.float32(1 + 2.0**-23)
    x, y = np.float32(2.0**-12 * (1 + 2.0**-23)), np.float32(2.0**-12 * (1 - 2.0**-23))
    assert (np.float64(x) * np.float64(y) + np.float64(one)).astype(np.float32) == np.float32(1 + 2.0**-22)  # wrong
    assert backends.fused_multiply_add_f32(x, y, one) == one                                                 # right


def test_the_block_walk_shows_what_the_compiled_kernel_stores():
    x = np.random.default_rng(3).normal(1.0, 2.0, 5000)
    walk = backends.block_walk(x, 1.0, 2.0, 0)
    z = ((x[:5].astype(np.float32) - np.float32(1.0)) * np.float32(0.5)).astype(np.float32)
    log_norm = np.float32(-np.log(2.0) - 0.5 * np.log(2 * np.pi))
    assert np.array_equal(walk.out, backends.fused_multiply_add_f32(-(np.float32(0.5) * z), z, log_norm))


def test_a_per_point_row_sums_where_it_computed_and_times_the_copy_apart(small):
    """The per-point rows sum their values where they were computed; on a GPU, copying the N values to the host
    is timed apart (issue 29: copied and summed in numpy, the kernel row read 3,000x the kernel's time). Without a
    GPU no row has a copy time, and the page's table leaves that column out."""
    from concepts.likelihood import explain as words

    x, fit = small
    timings = backends.time_all(x, fit.mu, fit.sigma)
    assert all(timing.copy_seconds is None for timing in timings)
    per_point = next(t for t in timings if t.backend.key == "sweep-per-point")
    assert per_point.total == pytest.approx(float(np.sum(stats.norm.logpdf(x, fit.mu, fit.sigma))), rel=1e-12)
    assert "copying the values to the CPU" not in words.timing_rows(tuple(timings))[0]
    # As on a GPU: the per-point rows get a copy time, in a column right after the time.
    with_copy = tuple(backends.Timing(t.backend, t.seconds, t.total, t.repeats,
                                      0.0123 if t.backend.key.endswith("per-point") else None) for t in timings)
    rows = words.timing_rows(with_copy)
    assert list(rows[0])[:4] == ["backend", "runs on", "time (median)", "copying the values to the CPU"]
    copied = [row["copying the values to the CPU"] for row in rows]
    assert copied[2] == "12.3 ms" and copied[0] == "—"
