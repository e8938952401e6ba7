"""The /likelihood page's words: the metric panels, interpretations, tables and snippets of the
maximum-likelihood, stability and GPU tabs (docs/maths.md §9). Pure functions of core results."""

from __future__ import annotations

import math

import numpy as np

from core import backends, likelihood, stability
from explain import Panel
from ui.latex import operand

FLOAT_LIMITS = {name: (float(np.finfo(t).smallest_subnormal), float(np.finfo(t).max))
                for name, t in stability.DTYPES.items()}


def _times(ratio: float) -> str:
    return f"{ratio:,.0f}" if ratio >= 100 else f"{ratio:.1f}"


def _pm(value: float, error: float) -> str:
    return f"{value:.6g} ± {error:.2g}"


def fit_panels(fit: likelihood.Fit) -> list[Panel]:
    se_mu, se_sigma = fit.standard_errors
    observed, closed = fit.observed_information, fit.closed_form_information
    return [
        Panel("MLE μ̂", f"{fit.mu:.6g}",
              (r"\hat\mu = \bar x = \frac{1}{N}\sum_i x_i", rf"= {fit.mu:.8g}"),
              "Setting ∂ℓ/∂μ = N(x̄ − μ)/σ² to zero: the sample mean, whatever σ is.", note=f"se {se_mu:.2g}"),
        Panel("MLE σ̂", f"{fit.sigma:.6g}",
              (r"\hat\sigma = \sqrt{SS/N},\quad SS = \sum_i (x_i - \bar x)^2",
               rf"= \sqrt{{{fit.stats.centred_sum_sq:.8g} / {fit.n:,}}} = {fit.sigma:.8g}"),
              "Divides by N, not N − 1: the MLE of the variance is biased low by a factor (N − 1)/N.",
              note=f"se {se_sigma:.2g}"),
        Panel("Maximum log-likelihood ℓ̂", f"{fit.max_loglik:.8g}",
              (r"\hat\ell = -N\log\hat\sigma - \tfrac{N}{2}(\log 2\pi + 1)",
               rf"= -{fit.n:,} \times {operand(math.log(fit.sigma), '.6g')} - \tfrac{{{fit.n:,}}}{{2}}"
               rf" \times {math.log(2 * math.pi) + 1:.6f} = {fit.max_loglik:.8g}"),
              "The whole sum of N log-densities, from three numbers (N, x̄, SS) that one pass over the data "
              f"gives. Computed with {fit.backend}.", note=f"{fit.max_loglik / fit.n:.4f} per point"),
        Panel("Observed information J_μμ", f"{observed[0, 0]:.6g}",
              (r"J = -\nabla^2 \ell(\hat\mu, \hat\sigma) = \begin{pmatrix} N/\hat\sigma^2 & 0 \\ 0 & 2N/\hat\sigma^2"
               r"\end{pmatrix}",
               rf"\text{{central differences: }} J_{{\mu\mu}} = {observed[0, 0]:.7g},\ "
               rf"J_{{\sigma\sigma}} = {observed[1, 1]:.7g}",
               rf"\text{{closed form: }} {closed[0, 0]:.7g},\ {closed[1, 1]:.7g}",
               rf"\mathrm{{se}}(\hat\mu) = 1/\sqrt{{J_{{\mu\mu}}}} = \hat\sigma/\sqrt{{N}} = {se_mu:.4g}"),
              "The curvature of the surface at its peak: a sharper peak pins the parameters down better. Per "
              "point it is the Fisher information of the normal, 1/σ² for μ (see the Fisher information page).",
              note="curvature at the peak"),
    ]


def fit_interpretation(fit: likelihood.Fit, curve: likelihood.Sharpening, gap: tuple[float, float] | None,
                       source: str) -> str:
    se_mu, se_sigma = fit.standard_errors
    text = (f"With N = {fit.n:,} points, μ̂ = {_pm(fit.mu, se_mu)} and σ̂ = {_pm(fit.sigma, se_sigma)} (± one "
            f"standard error).")
    if curve.n.size > 1:
        ratio, root = curve.half_width[0] / curve.half_width[-1], math.sqrt(curve.n[-1] / curve.n[0])
        text += (f" The 95% interval for μ is {_times(ratio)}× narrower than with the first {curve.n[0]:,} points "
                 f"(√({curve.n[-1]:,}/{curve.n[0]:,}) = {_times(root)}).")
    if gap is not None and source == "bimodal":
        text += (f" But the data have two bumps: the best normal averages {gap[0] - gap[1]:.3f} nats per point "
                 "less than the true density, an estimate of KL(p ‖ q̂), which no choice of (μ, σ) can remove.")
    return text


def fit_gap_caption(gap: tuple[float, float]) -> str:
    truth, fitted = gap
    return (f"Average log-likelihood per point: {truth:.5f} under the true density, {fitted:.5f} under the fitted "
            f"normal; the difference, {truth - fitted:.2e}, estimates KL(p ‖ q̂) (maximising the likelihood "
            "minimises this KL over the model family). For normal data it is about −1/N: in-sample, two fitted "
            "parameters beat the truth.")


SURFACE_CAPTION = (
    f"White lines: the {', '.join(f'{100 * p:.1f}%' for p in likelihood.JOINT_LEVELS)} likelihood regions "
    f"(ℓ̂ − ℓ = {', '.join(f'{d:.2f}' for d in likelihood.JOINT_DROPS)}: half the χ²₂ quantiles). Colour is ℓ̂ − ℓ "
    "on a log scale. In the fixed window the peak shrinks towards a point as N grows; switch the window to the MLE "
    "to see the bowl.")


def sharpening_caption(curve: likelihood.Sharpening) -> str:
    if curve.slope is None:
        return "With fewer than ten points there is only one size to show; more data draw the line."
    return (f"Each point uses the first N points of the same data. Fitted slope over the largest decades: "
            f"{curve.slope:.3f} (1/√N is −0.5). At small N the likelihood interval is wider than the curvature's "
            "1.96 σ̂/√N: the surface is not yet a quadratic bowl.")


def snippet(data_line: str, fit: likelihood.Fit) -> str:
    return f"""
    import numpy as np
    from scipy import stats

    {data_line}
    n, mean = x.size, x.mean()
    ss = ((x - mean) ** 2).sum()
    mu_hat, sigma_hat = mean, np.sqrt(ss / n)            # the closed-form MLE
    loglik = stats.norm.logpdf(x, mu_hat, sigma_hat).sum()
    print("mu_hat:", mu_hat, " sigma_hat:", sigma_hat)     # page: {fit.mu:.8g}, {fit.sigma:.8g}
    print("max log-likelihood:", loglik)                   # page: {fit.max_loglik:.10g}
    print("se(mu_hat):", sigma_hat / np.sqrt(n))          # 1 / sqrt(observed information)
    """


def data_line(source: str, n: int, seed: int) -> str:
    """How the snippet gets the same data (simulated sources only: pasted data is the reader's own)."""
    if source == "normal":
        return (f"rng = np.random.default_rng([{seed}, 16])\n    "
                f"x = {likelihood.NORMAL_LOC} + {likelihood.NORMAL_SCALE} * rng.standard_normal({n})")
    if source == "bimodal":
        return (f"rng = np.random.default_rng([{seed}, 16])\n    second = rng.random({n}) >= 0.5\n    "
                f"x = np.where(second, 2.0, -2.0) + 0.6 * rng.standard_normal({n})")
    return "x = np.loadtxt('your_numbers.txt')                  # the numbers you pasted"


# ----------------------------------------------------------------------------------------------
# Numerical stability
# ----------------------------------------------------------------------------------------------


def _value(x: float) -> str:
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "−inf" if x < 0 else "inf"
    return f"{x:.8g}"


def _fails(at: int | None, value: float | None) -> str:
    return "within these points" if at is None else f"gives {_value(value)}"


def stability_panels(demo: stability.ProductDemo, distance: float) -> list[Panel]:
    ln_tiny = {name: math.log(limits[0]) for name, limits in FLOAT_LIMITS.items()}
    panels = []
    for name in stability.DTYPES:
        at = demo.fails_at[name]
        panels.append(Panel(
            f"{name} product fails at", "never" if at is None else f"n = {at:,}",
            (r"L_n = \prod_{i \le n} p(x_i) = 0 \text{ once } \sum_{i \le n} \log p(x_i) < \log(\text{smallest "
             rf"{name}}}) = {ln_tiny[name]:.1f}",
             rf"\text{{here: }} \sum_{{i \le {at or demo.n.size}}} \log p(x_i) = "
             rf"{demo.log_space[(at or demo.n.size) - 1]:.6g}"),
            f"The smallest positive {name} is {FLOAT_LIMITS[name][0]:.3g}; the product of densities below 1 passes "
            f"it after a few points and is rounded to 0 (a density above 1 can overflow to inf instead, beyond "
            f"{FLOAT_LIMITS[name][1]:.3g}).", note=_fails(at, demo.failure_value(name))))
    last = demo.n.size
    panels.append(Panel(
        "Log-space sum (stable)", f"{demo.log_space[-1]:.8g}",
        (r"\log L_n = \sum_{i \le n} \log p(x_i),\quad \log p(x) = -\log\sigma - \tfrac12 \log 2\pi - "
         r"\tfrac12 \left(\tfrac{x - \mu}{\sigma}\right)^2",),
        f"The sum of {last:,} log-densities at μ = μ̂ − {distance:g} σ̂: an ordinary float64 number, never 0.",
        note=f"n = {last:,}"))
    return panels


def stability_interpretation(demo: stability.ProductDemo, row: stability.LogSumExpRow, distance: float) -> str:
    f32, f64 = demo.fails_at["float32"], demo.fails_at["float64"]
    text = (f"With the data {distance:g} sds from the parameters, the naive product of densities is 0 in float32 "
            f"from n = {f32:,} and in float64 from n = {f64:,}" if f32 and f64 else
            f"With the data {distance:g} sds from the parameters, the naive product survives these points")
    broken = [name for name, value in row.naive.items() if not math.isfinite(value)]
    if broken:
        text += (f"; the unshifted log-sum-exp gives −inf in {' and '.join(broken)}, while the max-shifted one "
                 f"gives {row.stable:.6g}.")
    else:
        text += (f"; the unshifted log-sum-exp still works here (it breaks beyond d = "
                 f"{row.breaks_at['float32']:.2f} in float32 and {row.breaks_at['float64']:.2f} in float64).")
    return text


def logsumexp_rows(rows: tuple[stability.LogSumExpRow, ...],
                   softmax: tuple[dict[str, np.ndarray], np.ndarray]) -> list[dict[str, str]]:
    table = [{"quantity": row.what,
              "naive float32": _value(row.naive["float32"]), "naive float64": _value(row.naive["float64"]),
              "max-shifted (float64)": _value(row.stable),
              "naive breaks beyond": f"d = {row.breaks_at['float32']:.2f} (float32), {row.breaks_at['float64']:.2f} "
                                     "(float64)"}
             for row in rows]
    naive, stable = softmax
    table.append({"quantity": "softmax of those logits (first entry)",
                  "naive float32": _value(float(naive["float32"][0])),
                  "naive float64": _value(float(naive["float64"][0])),
                  "max-shifted (float64)": _value(float(stable[0])),
                  "naive breaks beyond": "as the row above: inf / inf = nan"})
    return table


LOGSUMEXP_FORMULA = (r"\log \sum_k e^{a_k} = m + \log \sum_k e^{a_k - m},\quad m = \max_k a_k",)
LOGSUMEXP_WHY = ("Every shifted exponent is ≤ 0, so nothing overflows; the largest term is exactly e⁰ = 1, so "
                 "the sum is never 0 and its log never −inf. The /gmm page's EM, its landscape sweep and the "
                 "Triton mixture kernel all use this form.")


# ----------------------------------------------------------------------------------------------
# How the GPU computes it
# ----------------------------------------------------------------------------------------------


def walk_rows(walk: backends.BlockWalk) -> list[dict[str, str]]:
    """The kernel's lines, each with what program `walk.program` computes on its first values."""
    head = ", ".join
    last_offset = walk.first_offset + walk.block - 1
    return [
        {"line": "pid = tl.program_id(0)", "this program": f"{walk.program} (of {walk.programs:,} programs)"},
        {"line": "offsets = pid * BLOCK + tl.arange(0, BLOCK)",
         "this program": f"{walk.first_offset:,} … {last_offset:,} (BLOCK = {walk.block:,})"},
        {"line": "in_range = offsets < n",
         "this program": f"{walk.valid:,} of {walk.block:,} true" + ("" if walk.valid == walk.block else
                                                                    " (the last block: the rest are masked)")},
        {"line": "x = tl.load(x_ptr + offsets, mask=in_range, other=0.0)",
         "this program": head(f"{v:.6g}" for v in walk.x) + " …"},
        {"line": "z = (x - loc) * inv_scale", "this program": head(f"{v:.6g}" for v in walk.z) + " …"},
        {"line": "tl.store(out_ptr + offsets, log_norm - 0.5 * z * z, mask=in_range)",
         "this program": head(f"{v:.7g}" for v in walk.out) + " …"},
        {"line": "reference (float64 torch)", "this program": head(f"{v:.7g}" for v in walk.reference) + " …"},
    ]


def walk_caption(walk: backends.BlockWalk) -> str:
    return (f"Every program runs these lines at once on its own {walk.block:,} points; the GPU runs thousands of "
            f"programs side by side. Largest difference from the float64 reference over this block: "
            f"{walk.max_abs_error:.2g} (float32 rounding of values of order 1).")


def timing_rows(timings: tuple[backends.Timing, ...]) -> list[dict[str, str]]:
    reference = next(t.total for t in timings if t.total is not None)
    rows = []
    for timing in timings:
        backend = timing.backend
        if timing.seconds is None:
            rows.append({"backend": backend.name, "runs on": backend.device, "time (median)": backend.skipped or "—",
                         "log-likelihood": "—", "relative difference": "—", "call": backend.code})
            continue
        rows.append({"backend": backend.name, "runs on": backend.device,
                     "time (median)": f"{1000 * timing.seconds:.3g} ms ({timing.repeats} runs)",
                     "log-likelihood": f"{timing.total:.10g}",
                     "relative difference": f"{timing.relative_difference(reference):.1e}", "call": backend.code})
    return rows


def timing_interpretation(timings: tuple[backends.Timing, ...], n: int) -> str:
    ran = [t for t in timings if t.seconds is not None]
    baseline, fastest = ran[0], min(ran, key=lambda t: t.seconds)
    worst = max(t.relative_difference(baseline.total) for t in ran)
    agreement = "exactly" if worst == 0 else f"to within {worst:.1e} relative"
    return (f"At N = {n:,}, {fastest.backend.name} is the fastest here, {baseline.seconds / fastest.seconds:,.1f}× "
            f"faster than {baseline.backend.name}; every backend agrees with scipy {agreement}.")
