"""The /likelihood page's words: the metric panels, interpretations, tables and snippets of the
maximum-likelihood, stability and GPU tabs (docs/maths.md §9). Pure functions of core results."""

from __future__ import annotations

import math

import numpy as np

from core import backends, likelihood, stability
from core.constants import LN_2
from explain import Code, Panel, grouped
from explain.backends import backend_label, triton_reason
from i18n import N_, _
from explain.latex import count, factor, last_digit

FLOAT_LIMITS = {name: (float(np.finfo(t).smallest_subnormal), float(np.finfo(t).max))
                for name, t in stability.DTYPES.items()}


def _times(ratio: float) -> str:
    return f"{ratio:,.0f}" if ratio >= 100 else f"{ratio:.1f}"


def _pm(value: float, error: float) -> str:
    return f"{value:.6g} ± {error:.2g}"


def points_cut_caption(wanted: int, used: int, machine_can: int) -> str:
    """Under N in Settings, when fewer points are used than asked for: because this machine has no GPU
    (`machine_can`, what it would use without the server's cap), or because the server caps them ("" when all
    are used)."""
    if used >= wanted:
        return ""
    if used == machine_can:
        return _("{wanted} points need a GPU; this machine uses {used}.").format(wanted=f"{wanted:,}",
                                                                                 used=f"{used:,}")
    return _("This server computes at most {used} points, so it uses {used} of the {wanted} asked for.").format(
        wanted=f"{wanted:,}", used=f"{used:,}")


def fit_panels(fit: likelihood.Fit) -> list[Panel]:
    se_mu, se_sigma = fit.standard_errors
    observed, closed = fit.observed_information, fit.closed_form_information
    differences, closed_form = _("central differences:"), _("closed form:")
    shown = last_digit(fit.max_loglik, 8)       # ℓ̂ is shown with 8 significant digits: its factors carry enough
    return [
        Panel(_("MLE μ̂"), f"{fit.mu:.6g}",
              (r"\hat\mu = \bar x = \frac{1}{N}\sum_i x_i", rf"= {fit.mu:.8g}"),
              _("Setting ∂ℓ/∂μ = N(x̄ − μ)/σ² to zero: the sample mean, whatever σ is."),
              note=_("se {se}").format(se=f"{se_mu:.2g}")),
        Panel(_("MLE σ̂"), f"{fit.sigma:.6g}",
              (r"\hat\sigma = \sqrt{SS/N},\quad SS = \sum_i (x_i - \bar x)^2",
               rf"= \sqrt{{{fit.stats.centred_sum_sq:.8g} / {count(fit.n)}}} = {fit.sigma:.8g}"),
              _("Divides by N, not N − 1: the MLE of the variance is biased low by a factor (N − 1)/N."),
              note=_("se {se}").format(se=f"{se_sigma:.2g}")),
        Panel(_("Maximum log-likelihood ℓ̂"), grouped(fit.max_loglik, 8),
              (r"\hat\ell = -N\log\hat\sigma - \tfrac{N}{2}(\log 2\pi + 1)",
               rf"= -{count(fit.n)} \times {factor(math.log(fit.sigma), fit.n, shown)} - \tfrac{{{count(fit.n)}}}{{2}}"
               rf" \times {factor(math.log(2 * math.pi) + 1, fit.n / 2, shown)} = {fit.max_loglik:.8g}"),
              _("The whole sum of N log-densities, from three numbers (N, x̄, SS) that one pass over the data gives. "
                "Computed with {backend}.").format(backend=backend_label(fit.backend)),
              note=_("{value} per point").format(value=f"{fit.max_loglik / fit.n:.4f}")),
        Panel(_("Observed information $J_{\\mu\\mu}$"), grouped(observed[0, 0], 6),
              (r"J = -\nabla^2 \ell(\hat\mu, \hat\sigma) = \begin{pmatrix} N/\hat\sigma^2 & 0 \\ 0 & 2N/\hat\sigma^2"
               r"\end{pmatrix}",
               rf"\text{{{differences} }} J_{{\mu\mu}} = {observed[0, 0]:.7g},\ "
               rf"J_{{\sigma\sigma}} = {observed[1, 1]:.7g}",
               rf"\text{{{closed_form} }} {closed[0, 0]:.7g},\ {closed[1, 1]:.7g}",
               rf"\mathrm{{se}}(\hat\mu) = 1/\sqrt{{J_{{\mu\mu}}}} = \hat\sigma/\sqrt{{N}} = {se_mu:.4g}"),
              _("The curvature of the surface at its peak: a sharper peak pins the parameters down better. Per point "
                "it is the Fisher information of the normal, 1/σ² for μ (see the Fisher information page)."),
              note=_("curvature at the peak")),
    ]


def fit_interpretation(fit: likelihood.Fit, curve: likelihood.Sharpening, gap: tuple[float, float] | None,
                       source: str) -> str:
    se_mu, se_sigma = fit.standard_errors
    text = _("With N = {n} points, μ̂ = {mu} and σ̂ = {sigma} (± one standard error).").format(
        n=f"{fit.n:,}", mu=_pm(fit.mu, se_mu), sigma=_pm(fit.sigma, se_sigma))
    if curve.n.size > 1:
        ratio, root = curve.half_width[0] / curve.half_width[-1], math.sqrt(curve.n[-1] / curve.n[0])
        text += " " + _("The 95% interval for μ is {times}× narrower than with the first {first} points "
                        "(√({last}/{first}) = {root}).").format(times=_times(ratio), first=f"{curve.n[0]:,}",
                                                               last=f"{curve.n[-1]:,}", root=_times(root))
    if gap is not None and source == "bimodal":
        text += " " + _("But the data have two bumps: the best normal averages {gap} nats per point less than the "
                        "true density, an estimate of KL(p ‖ q̂), which no choice of (μ, σ) can remove.").format(
            gap=f"{gap[0] - gap[1]:.3f}")
    return text


def fit_gap_caption(gap: tuple[float, float]) -> str:
    truth, fitted = gap
    return _("Average log-likelihood per point: {truth} under the true density, {fitted} under the fitted normal; "
             "the difference, {difference}, estimates KL(p ‖ q̂) (maximising the likelihood minimises this KL over "
             "the model family). For normal data it is about −1/N: in-sample, two fitted parameters beat the "
             "truth.").format(truth=f"{truth:.5f}", fitted=f"{fitted:.5f}", difference=f"{truth - fitted:.2e}")


def surface_caption(window: str) -> str:
    """How to read the surface, and what the other window would show (the caption sits beside the window's
    control, so it speaks of the window the reader has)."""
    regions = _("White lines: the {levels} likelihood regions (ℓ̂ − ℓ = {drops}: half the χ²₂ quantiles). Colour "
                "is ℓ̂ − ℓ on a log scale.").format(
        levels=", ".join(f"{100 * p:.1f}%" for p in likelihood.JOINT_LEVELS),
        drops=", ".join(f"{d:.2f}" for d in likelihood.JOINT_DROPS))
    if window == "fixed":
        return regions + " " + _("In the fixed window the peak shrinks towards a point as N grows; switch the window "
                                 "to the MLE to see the bowl.")
    return regions + " " + _("Zoomed to the MLE, the surface is the same quadratic bowl at every N (only its axes "
                             "narrow); switch the window to fixed to see the peak shrink towards a point as N grows.")


def sharpening_caption(curve: likelihood.Sharpening) -> str:
    if curve.slope is None:
        return _("With {n} points there is only one size to show (the prefixes are 10, 100, 1,000, … points); "
                 "more data draw the line.").format(n=f"{int(curve.n[0]):,}")
    return _("Each point uses the first N points of the same data. Fitted slope over the largest decades: {slope} "
             "(1/√N is −0.5). At small N the likelihood interval is wider than the curvature's 1.96 σ̂/√N: the "
             "surface is not yet a quadratic bowl.").format(slope=f"{curve.slope:.3f}")


def snippet(data_line: str, fit: likelihood.Fit) -> str:
    closed, page, information = _("the closed-form MLE"), _("page:"), _("1 / sqrt(observed information)")
    return f"""
    import numpy as np
    from scipy import stats

    {data_line}
    n, mean = x.size, x.mean()
    ss = ((x - mean) ** 2).sum()
    mu_hat, sigma_hat = mean, np.sqrt(ss / n)            # {closed}
    loglik = stats.norm.logpdf(x, mu_hat, sigma_hat).sum()
    print("mu_hat:", mu_hat, " sigma_hat:", sigma_hat)     # {page} {fit.mu:.8g}, {fit.sigma:.8g}
    print("max log-likelihood:", loglik)                   # {page} {fit.max_loglik:.10g}
    print("se(mu_hat):", sigma_hat / np.sqrt(n))          # {information}
    """


def data_line(source: str, n: int, seed: int) -> str:
    """How the snippet gets the same data (simulated sources only: pasted data is the reader's own)."""
    if source == "normal":
        return (f"rng = np.random.default_rng([{seed}, 16])\n    "
                f"x = {likelihood.NORMAL_LOC} + {likelihood.NORMAL_SCALE} * rng.standard_normal({n})")
    if source == "bimodal":
        return (f"rng = np.random.default_rng([{seed}, 16])\n    second = rng.random({n}) >= 0.5\n    "
                f"x = np.where(second, 2.0, -2.0) + 0.6 * rng.standard_normal({n})")
    return "x = np.loadtxt('your_numbers.txt')                  # " + _("the numbers you pasted")


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
    return _("within these points") if at is None else _("gives {value}").format(value=_value(value))


def _overflows(demo: stability.ProductDemo, name: str) -> bool:
    """Whether this product's way to fail is overflow (densities above 1, as for data denser than 1) rather
    than underflow: by the value it failed with, else by the direction the log-space sum is heading."""
    failed = demo.failure_value(name)
    if failed is not None:
        return math.isinf(failed)
    return demo.log_space[-1] > 0


def product_limits(name: str) -> tuple[float, float]:
    """(ln of the underflow threshold, ln of the overflow threshold) of a float type's product. Round to
    nearest gives 0 below half the smallest subnormal, not below the subnormal itself (docs/maths.md §7)."""
    tiny, huge = FLOAT_LIMITS[name]
    return math.log(tiny) - LN_2, math.log(huge)     # tiny / 2 is itself 0 in float64


def stability_panels(demo: stability.ProductDemo, distance: float) -> list[Panel]:
    once, here, smallest = _("once"), _("here:"), _("smallest")
    panels = []
    for name in stability.DTYPES:
        at = demo.fails_at[name]
        ln_zero, ln_inf = product_limits(name)
        if _overflows(demo, name):
            rule = (rf"L_n = \prod_{{i \le n}} p(x_i) = \infty \text{{ {once} }} \sum_{{i \le n}} \log p(x_i) > "
                    rf"\log(\text{{max {name}}}) = {ln_inf:.1f}")
        else:
            rule = (rf"L_n = \prod_{{i \le n}} p(x_i) = 0 \text{{ {once} }} \sum_{{i \le n}} \log p(x_i) \lesssim "
                    rf"\log(\tfrac12 \text{{{smallest} {name}}}) = {ln_zero:.1f}")
        panels.append(Panel(
            _("{dtype} product fails at").format(dtype=name), _("never") if at is None else f"n = {at:,}",
            (rule, rf"\text{{{here} }} \sum_{{i \le {at or demo.n.size}}} \log p(x_i) = "
                   rf"{demo.log_space[(at or demo.n.size) - 1]:.6g}"),
            _("The smallest positive {dtype} is {tiny}; the product of densities below 1 passes half of it after a "
              "few points and is rounded to 0 (a density above 1 can overflow to inf instead, beyond {huge}). The "
              "running product rounds at every step, so it may fail a point before or after the sum crosses the "
              "line.").format(dtype=name, tiny=f"{FLOAT_LIMITS[name][0]:.3g}", huge=f"{FLOAT_LIMITS[name][1]:.3g}"),
            note=_fails(at, demo.failure_value(name))))
    last = demo.n.size
    panels.append(Panel(
        _("Log-space sum (stable)"), f"{demo.log_space[-1]:.8g}",
        (r"\log L_n = \sum_{i \le n} \log p(x_i),\quad \log p(x) = -\log\sigma - \tfrac12 \log 2\pi - "
         r"\tfrac12 \left(\tfrac{x - \mu}{\sigma}\right)^2",),
        _("The sum of {count} log-densities at μ = μ̂ − {distance} σ̂: an ordinary float64 number, never 0.").format(
            count=f"{last:,}", distance=f"{distance:g}"),
        note=f"n = {last:,}"))
    return panels


def stability_interpretation(demo: stability.ProductDemo, row: stability.LogSumExpRow, distance: float) -> str:
    """What the naive product did in each type, named as it happened: 0 (underflow) or inf (overflow), and
    which type survived."""
    failed = [(name, demo.fails_at[name]) for name in stability.DTYPES if demo.fails_at[name]]
    survived = [name for name in stability.DTYPES if not demo.fails_at[name]]
    if failed:
        clauses = _(" and ").join(
            _("{value} in {dtype} from n = {n}").format(
                value=_("inf (overflow)") if math.isinf(demo.failure_value(name)) else _("0 (underflow)"),
                dtype=name, n=f"{at:,}") for name, at in failed)
        text = _("With the data {d} sds from the parameters, the naive product of densities is {clauses}").format(
            d=f"{distance:g}", clauses=clauses)
        if survived:
            text += _(", and survives these points in {dtype}").format(dtype=_(" and ").join(survived))
    else:
        text = _("With the data {d} sds from the parameters, the naive product survives these points").format(
            d=f"{distance:g}")
    broken = [name for name, value in row.naive.items() if not math.isfinite(value)]
    if broken:
        text += _("; the unshifted log-sum-exp gives −inf in {types}, while the max-shifted one gives {value}.").format(
            types=_(" and ").join(broken), value=f"{row.stable:.6g}")
    else:
        text += _("; the unshifted log-sum-exp still works here (it breaks beyond d = {f32} in float32 and {f64} in "
                  "float64).").format(f32=f"{row.breaks_at['float32']:.2f}", f64=f"{row.breaks_at['float64']:.2f}")
    return text


def logsumexp_rows(rows: tuple[stability.LogSumExpRow, ...],
                   softmax: tuple[dict[str, np.ndarray], np.ndarray]) -> list[dict[str, str]]:
    quantity, naive32, naive64 = _("quantity"), _("naive float32"), _("naive float64")
    shifted, breaks = _("max-shifted (float64)"), _("naive breaks beyond")
    table = [{quantity: _(ROW_WORDS[row.what]), naive32: _value(row.naive["float32"]),
              naive64: _value(row.naive["float64"]), shifted: _value(row.stable),
              breaks: f"d = {row.breaks_at['float32']:.2f} (float32), {row.breaks_at['float64']:.2f} (float64)"}
             for row in rows]
    naive, stable = softmax
    table.append({quantity: _("softmax of those logits (first entry)"),
                  naive32: _value(float(naive["float32"][0])), naive64: _value(float(naive["float64"][0])),
                  shifted: _value(float(stable[0])), breaks: _("as the row above: inf / inf = nan")})
    return table


LOGSUMEXP_FORMULA = (r"\log \sum_k e^{a_k} = m + \log \sum_k e^{a_k - m},\quad m = \max_k a_k",)
LOGSUMEXP_WHY = N_("Every shifted exponent is ≤ 0, so nothing overflows; the largest term is exactly e⁰ = 1, so "
                   "the sum is never 0 and its log never −inf. The /gmm page's EM, its landscape sweep and the "
                   "Triton mixture kernel all use this form.")


# ----------------------------------------------------------------------------------------------
# How the GPU computes it
# ----------------------------------------------------------------------------------------------


def walk_rows(walk: backends.BlockWalk) -> list[dict[str, str]]:
    """The kernel's lines, each with what program `walk.program` computes on its first values."""
    head = ", ".join
    last_offset = walk.first_offset + walk.block - 1
    line, here = _("line"), _("this program")
    valid = _("{valid} of {block} true").format(valid=f"{walk.valid:,}", block=f"{walk.block:,}")
    if walk.valid != walk.block:
        valid += " " + _("(the last block: the rest are masked)")
    return [
        {line: Code("pid = tl.program_id(0)"),
         here: _("{program} (of {programs} programs)").format(program=walk.program, programs=f"{walk.programs:,}")},
        {line: Code("offsets = pid * BLOCK + tl.arange(0, BLOCK)"),
         here: f"{walk.first_offset:,} … {last_offset:,} (BLOCK = {walk.block:,})"},
        {line: Code("in_range = offsets < n"), here: valid},
        {line: Code("x = tl.load(x_ptr + offsets, mask=in_range, other=0.0)"),
         here: head(f"{v:.6g}" for v in walk.x) + " …"},
        {line: Code("z = (x - loc) * inv_scale"), here: head(f"{v:.6g}" for v in walk.z) + " …"},
        {line: Code("tl.store(out_ptr + offsets, log_norm - 0.5 * z * z, mask=in_range)"),
         here: head(f"{v:.7g}" for v in walk.out) + " …"},
        {line: _("reference (float64 torch)"), here: head(f"{v:.7g}" for v in walk.reference) + " …"},
    ]


def walk_caption(walk: backends.BlockWalk) -> str:
    return _("Every program runs these lines at once on its own {block} points; the GPU runs thousands of programs "
             "side by side. The stored values are what the compiled kernel stores: log_norm − 0.5·z·z as one fused "
             "multiply-add, rounded once (computed in two steps, as on a CPU, about 9% of the values come out one "
             "unit in the last place away). Largest difference from the float64 reference over this block: "
             "{error} (float32 rounding of values of order 1).").format(block=f"{walk.block:,}",
                                                                    error=f"{walk.max_abs_error:.2g}")


# core.stability's rows ("underflow", "overflow"), in words.
ROW_WORDS = {"underflow": N_("log-density of the two-bump mixture, d sds out"),
             "overflow": N_("log Σ exp of large logits (the terms above, negated)")}
BACKEND_NAMES = {"scipy": "scipy.stats", "torch-distributions": "torch.distributions",
                 "sweep-per-point": N_("core.sweep, per point"),
                 "sweep-statistics": N_("core.sweep, sufficient statistics"),
                 "kernel-per-point": N_("Triton kernel, per point"),
                 "kernel-statistics": N_("Triton kernel, sufficient statistics")}


def backend_name(backend: backends.Backend) -> str:
    """A row's name in the reader's language (library names stay as they are)."""
    return _(BACKEND_NAMES[backend.key])


def runs_on(backend: backends.Backend) -> str:
    """Where a row runs: "CPU, float64", the GPU's name, or Triton's interpreter."""
    if backend.runs_on == "cpu":
        return f"CPU, {backend.precision}"
    if backend.runs_on == "interpreter":
        return _("Triton interpreter") + (f", {backend.precision}" if backend.compute is not None else "")
    return f"{backend.device}, {backend.precision}" if backend.device else "GPU"


def skipped_reason(backend: backends.Backend) -> str:
    """Why a row does not run here, in the reader's language."""
    if backend.skipped == backends.INTERPRETER_LIMIT:
        return _("interpreter: N ≤ {limit} only").format(limit=f"{backends.INTERPRETER_MAX_N:,}")
    return _("needs a GPU ({where})").format(where=triton_reason(backend.skipped))


def timing_rows(timings: tuple[backends.Timing, ...]) -> list[dict[str, str]]:
    """The backend table. On a GPU the per-point rows' time is the device's (their values summed there), and
    copying their N values to the host has a column of its own, so the kernel's cost and the data's are read
    apart; where nothing runs on a GPU that column is left out."""
    reference = next(t.total for t in timings if t.total is not None)
    rows = []
    name, device, time, copy, total, difference, call = (
        _("backend"), _("runs on"), _("time (median)"), _("copying the values to the CPU"), _("log-likelihood"),
        _("relative difference"), _("call"))
    copies = any(timing.copy_seconds is not None for timing in timings)
    for timing in timings:
        backend = timing.backend
        row = {name: backend_name(backend), device: runs_on(backend)}
        if timing.seconds is None:
            row[time] = skipped_reason(backend) if backend.skipped else "—"
        else:
            row[time] = _("{ms} ms ({runs} runs)").format(ms=f"{1000 * timing.seconds:.3g}", runs=timing.repeats)
        if copies:
            row[copy] = "—" if timing.copy_seconds is None else f"{1000 * timing.copy_seconds:.3g} ms"
        ran = timing.seconds is not None
        row |= {total: f"{timing.total:,.10g}" if ran else "—",
                difference: f"{timing.relative_difference(reference):.1e}" if ran else "—", call: Code(backend.code)}
        rows.append(row)
    return rows


def timing_interpretation(timings: tuple[backends.Timing, ...], n: int) -> str:
    ran = [t for t in timings if t.seconds is not None]
    baseline, fastest = ran[0], min(ran, key=lambda t: t.seconds)
    worst = max(t.relative_difference(baseline.total) for t in ran)
    agreement = _("exactly") if worst == 0 else _("to within {worst} relative").format(worst=f"{worst:.1e}")
    return _("At N = {n}, {fastest} is the fastest here, {times}× faster than {baseline}; every backend agrees with "
             "scipy {agreement}.").format(n=f"{n:,}", fastest=backend_name(fastest.backend),
                                          times=f"{baseline.seconds / fastest.seconds:,.1f}",
                                          baseline=backend_name(baseline.backend), agreement=agreement)


def upload_help(megabytes: int) -> str:
    """What the uploader takes, in numbers a reader recognises: a number written with eight digits, its sign,
    point and separator is about ten bytes."""
    numbers = megabytes * 2**20 // 10
    return _("A text or CSV file of up to {mb} MB: about {numbers} numbers written with eight digits. An upload "
             "stays in this browser session: it is not part of the link.").format(mb=megabytes,
                                                                                 numbers=f"{numbers:,}")


def settings_summary(points: int | None) -> list[str]:
    """What the Settings panel holds besides the seed (`points`: how many the data hold, None: none yet)."""
    return [_("no data yet") if points is None else _("N = {points}").format(points=f"{points:,}")]
