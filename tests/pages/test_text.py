"""What the pages say must be true of what they show (issue 12): rates that follow the source,
substituted formulas that compute, and prose about a method that reads it from the code that runs it.
"""

from __future__ import annotations

import re

import pytest

from core import clt, kl
from tests.pages.support import assert_clean, open_page, tables
from ui.registry import available_pages
from explain import Panel, typeset_minus
from explain.latex import operand, power


def page_text(at) -> str:
    return " ".join(element.value for kind in ("markdown", "caption") for element in at.get(kind))


@pytest.mark.parametrize("dist, says, never", [
    ("uniform", ["0.0275/N", "divides the distance by four", "like 1/N"], ["halves the distance"]),
    ("exponential", ["0.133/√N", "quadrupling N halves the distance"], ["/N (the kurtosis term)"]),
    ("bernoulli", ["0.399/√N", "halves the distance"], ["1/N ("]),
    ("cauchy", ["never shrinks"], ["halves", "quadrupling"]),
    ("normal", ["nothing to converge"], ["halves", "quadrupling"]),
])
def test_the_clt_page_states_the_sources_own_rate(dist, says, never):
    at = open_page("clt", {"dist": dist, "n": "30"})
    assert_clean(at)
    text = page_text(at)
    for phrase in says:
        assert phrase in text, (phrase, text)
    for phrase in never:
        assert phrase not in text, phrase


# Every substituted formula of every panel, in states where the substituted values are negative.
NEGATIVE_STATES = [
    ("mvn", {"rho": "-0.7", "mu2": "-2", "x2": "-1"}),
    ("mvn", {"rho": "-0.35", "mu1": "-3", "mu2": "4"}),
    ("kl", {"m1": "1", "m2": "-2", "s2": "2"}),
    ("beta", {"tab": "Gaussian-Gaussian", "mu0": "-2", "mu_true": "-3"}),
    ("clt", {"dist": "uniform"}),
    ("fisher", {"model": "normal-mean", "theta": "-3"}),
    ("gmm", {"sep": "3"}),
    ("sampling", {}),
]
# A negative number raised to a power without parentheses (-1.05^2), or a minus/plus sign
# directly followed by a negative number (0 - -2): both read as something other than what is computed.
BARE_NEGATIVE_POWER = re.compile(r"(?<![\w)}\]])-\d+(\.\d+)?(e[-+]?\d+)?\^")
DOUBLE_SIGN = re.compile(r"[-+]\s*-\s*\d")


@pytest.mark.parametrize("stem, query", NEGATIVE_STATES, ids=lambda v: v if isinstance(v, str) else None)
def test_substituted_formulas_parenthesise_negative_numbers(stem, query):
    at = open_page(stem, query)
    assert_clean(at)
    formulas = [element.value for element in at.get("latex")]
    assert formulas, "no formula panel found"
    for formula in formulas:
        assert not BARE_NEGATIVE_POWER.search(formula), formula
        assert not DOUBLE_SIGN.search(formula), formula


def test_the_conditional_variance_panel_squares_a_negative_covariance_in_parentheses():
    at = open_page("mvn", {"rho": "-0.7", "s1": "1.5"})
    formulas = " ".join(element.value for element in at.get("latex"))
    assert r"\frac{(-1.05)^{2}}{1}" in formulas  # Σ12 = -0.7 x 1.5 x 1


def test_latex_helpers():
    assert power(-1.05, 2) == "(-1.05)^{2}"
    assert power(1.05, 2) == "1.05^{2}"
    assert power(-0.000012345, 3, ".3g") == "(-1.23e-05)^{3}"
    assert operand(-2.0) == "(-2)" and operand(2.0) == "2" and operand(0.0) == "0"


def test_the_kl_fitting_prose_names_the_method_the_code_runs():
    at = open_page("kl", {"tab": "Fitting", "sep": "8"})
    assert_clean(at)
    text = page_text(at)
    starts = len(kl.default_starts(kl.bimodal_target(8.0, 0.3)))
    assert f"from {starts} starts" in text
    captions = " ".join(element.value for element in at.get("caption"))
    assert kl.REVERSE_FIT_METHOD == "BFGS"
    assert f"{kl.REVERSE_FIT_METHOD} with the exact gradient" in captions
    assert f"from {starts} starting means" in captions
    assert "Nelder" not in text


def test_the_berry_esseen_constant_in_prose_is_the_one_computed_with():
    at = open_page("clt")
    formulas = " ".join(element.value for element in at.get("latex"))
    assert f"{clt.BERRY_ESSEEN_C} \\times" in formulas


def test_an_unresolved_simulated_distance_is_said_to_be_unresolved():
    """The lognormal is the one simulated source left (the uniform is Irwin-Hall, exactly): at N = 1000 its
    2,000 means cannot resolve the distance, and at N = 300 (seed 42) the estimate is above the band but not
    twice it, which is still mostly noise."""
    for n in ("1000", "300"):
        at = open_page("clt", {"dist": "lognormal", "n": n, "trials": "2000", "seed": "42"})
        assert_clean(at)
        text = page_text(at)
        assert "closer to the normal CDF than 2,000 simulated means can resolve" in text, n
        assert "× looser" not in text
        assert {m.label: m.value for m in at.metric}["Bound ÷ actual distance"] == "—"
    exact = open_page("clt", {"dist": "uniform", "n": "30", "trials": "2000", "seed": "12"})
    assert "121.8× looser" in page_text(exact)


def _numbers(latex: str) -> list[float]:
    """The numbers of a substituted formula, as a reader copies them (1{,}000 is one thousand)."""
    return [float(n.replace("{,}", "")) for n in re.findall(r"-?\d+(?:\{,\}\d{3})*(?:\.\d+)?(?:e[-+]?\d+)?", latex)]


def test_latex_counts_and_factors():
    from explain.latex import count, digits_to_reproduce, factor, last_digit

    assert count(10_000_000) == "10{,}000{,}000" and count(999) == "999"
    assert last_digit(-21550122.0, 8) == 1.0 and last_digit(0.0123, 3) == pytest.approx(1e-4)
    # 0.7360741 × 10^7 must be right to a quarter of 1: eight significant digits, not six.
    assert digits_to_reproduce(0.7360741234, 1e7, 1.0) == 8 and factor(-0.7360741234, 1e7, 1.0) == "(-0.73607412)"


def test_the_maximum_log_likelihood_formula_reproduces_its_result():
    """/likelihood?source=bimodal&n=100000000&seed=31 showed −10,000,000 × 0.736074 − 10,000,000/2 × 2.837877 =
    −21550122, whose arithmetic gives −21,550,125 (here at 10^7 points, what a CPU holds)."""
    from core import likelihood
    from concepts.likelihood.explain import fit_panels

    fit = likelihood.fit(likelihood.simulate("bimodal", 10_000_000, 31))
    panel = next(p for p in fit_panels(fit) if p.label == "Maximum log-likelihood ℓ̂")
    minus_n, log_sigma, n, two, constant, result = _numbers(panel.formula[1])     # "= -N × log σ̂ - N/2 × c = ℓ̂"
    assert -minus_n == n == 10_000_000 and two == 2
    assert minus_n * log_sigma - n / two * constant == pytest.approx(result, abs=0.5)   # to the last digit shown


def test_the_expected_information_line_reproduces_its_result():
    """/fisher?model=bernoulli&theta=0.93&n=50&big_n=1000000&seed=6: N × I(θ̂) with I to 4 digits missed N I."""
    from core import fisher
    from concepts.fisher.explain import information_ratio_panel

    curve = fisher.likelihood_curve(fisher.MODELS["bernoulli"], 0.93, 1_000_000, 6)
    line = information_ratio_panel(curve).formula[1]
    n, information, product = _numbers(line.split("=", 1)[1])
    # .6g: right to half a unit of the sixth digit
    assert n == 1_000_000 and n * information == pytest.approx(product, rel=0.5e-5)


def test_the_gaussian_posterior_mean_formula_reproduces_its_result():
    """/beta's Gaussian tab wrote the posterior variance as "0.13", too short for the mean's four decimals."""
    from core import conjugate
    from concepts.beta.explain import gaussian_panels

    post = conjugate.gaussian_posterior(0.0, 1.0, 2.0, 23, 1.2345678)
    line = gaussian_panels(post)[0].formula[1]
    variance, mu0, tau0, two_a, n, xbar, sigma, two_b, result = _numbers(line)
    assert two_a == two_b == 2 and n == 23
    assert variance * (mu0 / tau0**2 + n * xbar / sigma**2) == pytest.approx(result, abs=0.5e-4)


def test_the_backend_tables_words_come_from_the_page_not_from_core():
    """core.backends and core.sweep give facts (keys, reasons); /likelihood's explain words them in the reader's
    language, as the table showed them before the words left core."""
    from concepts.likelihood import explain as words
    from core import backends, sweep

    gpu_row = backends.Backend("kernel-per-point", "call", "gpu", "float32", None, skipped=sweep.NO_GPU)
    assert words.backend_name(gpu_row) == "Triton kernel, per point"
    assert words.runs_on(gpu_row) == "GPU"
    assert words.skipped_reason(gpu_row) == "needs a GPU (no CUDA GPU on this machine)"
    limited = backends.Backend("kernel-statistics", "call", "interpreter", "float32", None,
                               skipped=backends.INTERPRETER_LIMIT)
    assert words.runs_on(limited) == "Triton interpreter"
    assert words.skipped_reason(limited) == "interpreter: N ≤ 10,000 only"
    on_h200 = backends.Backend("kernel-per-point", "call", "gpu", "float32", lambda *a: 0.0, device="NVIDIA H200")
    assert words.runs_on(on_h200) == "NVIDIA H200, float32"
    assert words.runs_on(backends.backends_for(10)[0]) == "CPU, float64"
    assert words.backend_name(backends.backends_for(10)[0]) == "scipy.stats"


@pytest.mark.parametrize("written, shown", [("-0.25", "−0.25"), ("[-1.2, 3.4]", "[−1.2, 3.4]"), ("+0.3", "+0.3"),
                                            ("-2,113,178.1", "−2,113,178.1"), ("0.3 / -0.2", "0.3 / −0.2"),
                                            ("2-11 ms", "2-11 ms"), ("1e-05", "1e-05"), ("x-1", "x-1")])
def test_a_negative_value_has_a_minus_sign_and_a_range_keeps_its_hyphen(written, shown):
    assert typeset_minus(written) == shown
    assert Panel("a number", written).value == shown and Panel("a number", "1", note=written).note == shown


@pytest.mark.parametrize("spec", available_pages(), ids=lambda spec: spec.stem)
def test_no_page_writes_markdown_with_html(spec):
    """Markdown with HTML in it makes a reader's browser load Streamlit's raw-HTML reader (rehype-raw and its
    parser, 57 kB compressed) before the first figure (bench/RESULTS.md): the page's question is markdown text,
    and ui/table.py's tables, which need HTML, are drawn by st.html."""
    at = open_page(spec.stem)
    assert_clean(at)
    assert [element.value[:80] for element in at.markdown if element.proto.allow_html] == []
    headline = [element.value for element in at.markdown][:1]
    assert headline and "<" not in headline[0], headline     # the question, right under the title: text only
    if spec.stem in ("beta", "gmm", "fisher"):    # a table in the default view (/likelihood's are in its tabs:
        assert tables(at), spec.stem               # tests/pages/test_likelihood.py reads them there)
