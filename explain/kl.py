"""The /kl page's words: interpretation sentences and metric panels (docs/maths.md §5).
Pure functions of core.kl results; the method names and quadrature sizes come from core.kl."""

from __future__ import annotations

from core import kl
from explain import Panel
from ui.latex import operand, power


def pair_interpretation(pair: kl.GaussianPair) -> str:
    f, r = pair.forward, pair.reverse
    if max(f, r) < 1e-12:
        return "p and q are the same distribution: both divergences are zero, as Gibbs' inequality says they must be."
    if abs(f - r) < 1e-9 * max(f, r):
        return (f"Both directions agree ({f:.4f} nats): two Gaussians with equal widths are the one case where "
                "KL is symmetric.")
    larger = "KL(p‖q)" if f > r else "KL(q‖p)"
    narrow = "q" if f > r else "p"
    return (f"KL(p‖q) = {f:.4f} but KL(q‖p) = {r:.4f}: {larger} is {max(f, r) / min(f, r):.1f}× larger, "
            f"because {narrow} is the narrower one, and the expectation taken under the wider density reaches "
            f"into tails where the narrow one has almost no mass and the log-ratio is huge.")


def _closed_form(label: str, a: tuple[float, float], b: tuple[float, float], value: float, under: str) -> Panel:
    return Panel(
        label, f"{value:.4f}",
        (r"\mathrm{KL} = \log\frac{\sigma_b}{\sigma_a} + \frac{\sigma_a^2 + (\mu_a - \mu_b)^2}{2\sigma_b^2} - \frac12",
         rf"= \log\frac{{{b[1]:g}}}{{{a[1]:g}}} + "
         rf"\frac{{{power(a[1], 2)} + ({a[0]:g} - {operand(b[0])})^2}}{{2 \times {power(b[1], 2)}}} - \frac12"
         rf" = {value:.4f}"),
        "Closed form for two Gaussians (a = the first argument, b = the second), in nats.", note=under)


def pair_panels(pair: kl.GaussianPair) -> list[Panel]:
    asymmetry = pair.forward - pair.reverse
    return [
        _closed_form("KL(p ‖ q)", (pair.m1, pair.s1), (pair.m2, pair.s2), pair.forward, "expectation under p"),
        _closed_form("KL(q ‖ p)", (pair.m2, pair.s2), (pair.m1, pair.s1), pair.reverse, "expectation under q"),
        Panel("Asymmetry KL(p‖q) − KL(q‖p)", f"{asymmetry:+.4f}",
              rf"{pair.forward:.4f} - {pair.reverse:.4f} = {asymmetry:+.4f}",
              "KL is not a distance: swapping its arguments changes its value (unless the two widths are equal).",
              note="zero only in special cases"),
    ]


def fit_verdict(forward: kl.GaussianFit, reverse: tuple[kl.GaussianFit, ...], start_count: int) -> str:
    best = reverse[0]
    reverse_part = (f"locks onto one mode (mean {best.mean:.2f}, sd {best.sd:.2f}); {len(reverse)} different local "
                    f"optima are found from {start_count} starts." if len(reverse) > 1 else
                    f"gives mean {best.mean:.2f}, sd {best.sd:.2f}: with modes this close there is one optimum.")
    return (f"Minimising KL(p‖q) spreads q over both modes (mean {forward.mean:.2f}, sd {forward.sd:.2f}): "
            f"it must cover everywhere p has mass. Minimising KL(q‖p) {reverse_part}")


def fit_panels(forward: kl.GaussianFit, reverse: tuple[kl.GaussianFit, ...], start_count: int) -> list[Panel]:
    best = reverse[0]
    return [
        Panel("Forward fit: KL(p‖q)", f"{forward.forward_kl:.4f}",
              (r"\arg\min_q \mathrm{KL}(p\|q):\ \mu_q = E_p[X],\ \sigma_q^2 = \mathrm{Var}_p[X]",
               rf"\mu_q = {forward.mean:.4f},\quad \sigma_q^2 = \sum_k \pi_k(\sigma^2 + \mu_k^2) - \mu_q^2 = "
               rf"{forward.sd ** 2:.4f}"),
              "Moment matching: for a Gaussian q, the forward KL's minimiser is p's mean and variance. "
              f"Evaluated by the trapezoid rule on a {kl.QUADRATURE_POINTS}-point grid.", note="mass-covering"),
        Panel("Reverse fit: KL(q‖p)", f"{best.reverse_kl:.4f}",
              (r"\mathrm{KL}(q\|p) = -H(q) - E_q[\log p],\quad H(q) = \tfrac12 \log(2\pi e \sigma_q^2)",
               rf"\text{{best of {len(reverse)} optimum(s)}}:\ \mu_q = {best.mean:.4f},\ \sigma_q = {best.sd:.4f}"),
              f"Minimised numerically ({kl.REVERSE_FIT_METHOD} with the exact gradient, over the mean and log sd) "
              f"from {start_count} starting means; E_q[log p] by the trapezoid rule on a {kl.QUADRATURE_POINTS}-"
              f"point grid spanning ±{kl.QUADRATURE_REACH_SD:g} sd of q.", note="mode-seeking"),
        Panel("Each fit judged by the other KL", f"{forward.reverse_kl:.3f} / {best.forward_kl:.3f}",
              (rf"\mathrm{{KL}}(q_{{fwd}}\|p) = {forward.reverse_kl:.4f}",
               rf"\mathrm{{KL}}(p\|q_{{rev}}) = {best.forward_kl:.4f}"),
              "Each fit is poor by the other direction's standard: the direction chosen decides what 'close' "
              "means.", note="each fit, judged the other way"),
    ]


# The standard errors are compared from n = 1000: the one at n = 10 is itself estimated from 10 draws.
SE_REFERENCE_N = 1000


def estimation_sentence(mc: kl.MonteCarloKL) -> str:
    return (f"With {mc.sizes[-1]:,} draws from p the estimate is {mc.estimates[-1]:.4f} ± "
            f"{mc.standard_errors[-1]:.4f}, against the exact {mc.exact:.4f}: 100× more samples buy 10× "
            "more precision.")


def estimation_panels(mc: kl.MonteCarloKL) -> list[Panel]:
    largest = int(mc.sizes[-1])
    ratio, predicted = kl.standard_error_ratio(mc, SE_REFERENCE_N, largest)
    growth = largest // SE_REFERENCE_N
    return [
        Panel(f"Estimate at n = {largest:,}", f"{mc.estimates[-1]:.4f}",
              r"\widehat{\mathrm{KL}} = \frac1n \sum_{i=1}^n \left[\log p(x_i) - \log q(x_i)\right],\quad x_i \sim p",
              "Unbiased for any n; its spread is the standard error.", note=f"± {mc.standard_errors[-1]:.4f}"),
        Panel("Closed form", f"{mc.exact:.4f}", rf"\mathrm{{KL}}(p\|q) = {mc.exact:.6f}", note="exact"),
        Panel("Standard error shrink", f"{ratio:.1f}×",
              rf"\frac{{\mathrm{{SE}}_{{{SE_REFERENCE_N}}}}}{{\mathrm{{SE}}_{{{largest:,}}}}} = {ratio:.2f} \approx "
              rf"\sqrt{{{growth}}} = {predicted:.2f}",
              "Each standard error is the sample sd of the terms divided by √n.", note=f"n grew {growth}×"),
    ]
