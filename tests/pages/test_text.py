"""What the pages say must be true of what they show (issue 12): rates that follow the source,
substituted formulas that compute, and prose about a method that reads it from the code that runs it.
"""

from __future__ import annotations

import re

import pytest

from core import clt, kl
from tests.pages.support import assert_clean, open_page
from ui.latex import operand, power


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
