"""core.sampling against hand-computed cases and invariants; the chain-rule log-likelihood."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special

from core import charlm, sampling

# probabilities 0.5, 0.25, 0.15, 0.1 as logits
P4 = np.array([0.5, 0.25, 0.15, 0.1])
Z4 = np.log(P4)


def test_identity_settings_change_nothing():
    np.testing.assert_allclose(sampling.filter_logits(Z4), P4, rtol=1e-12)
    np.testing.assert_allclose(sampling.filter_logits(Z4 + 1000.0), P4, rtol=1e-12)  # shift invariance, no overflow


def test_greedy_at_zero_temperature():
    np.testing.assert_array_equal(sampling.filter_logits(Z4, temperature=0), [1, 0, 0, 0])
    np.testing.assert_array_equal(sampling.filter_logits([1.0, 3.0, 3.0], temperature=0), [0, 1, 0])  # first max


def test_temperature_hand_case():
    # T = 2 takes square roots of the probabilities before renormalising
    root = np.sqrt(P4)
    np.testing.assert_allclose(sampling.filter_logits(Z4, temperature=2.0), root / root.sum(), rtol=1e-12)


def test_top_k_hand_case():
    np.testing.assert_allclose(sampling.filter_logits(Z4, top_k=2), [2 / 3, 1 / 3, 0, 0], rtol=1e-12)


@pytest.mark.parametrize("top_p, expected", [
    (0.5, [1, 0, 0, 0]),            # 0.5 alone reaches 0.5
    (0.6, [2 / 3, 1 / 3, 0, 0]),    # 0.5 < 0.6: the crossing token (0.25) is kept
    (0.75, [2 / 3, 1 / 3, 0, 0]),   # 0.75 reached exactly by two tokens
    (0.76, [0.5 / 0.9, 0.25 / 0.9, 0.15 / 0.9, 0]),
    (0.01, [1, 0, 0, 0]),           # never fewer than one token
])
def test_top_p_hand_cases(top_p, expected):
    np.testing.assert_allclose(sampling.filter_logits(Z4, top_p=top_p), expected, rtol=1e-12, atol=1e-15)


def test_min_p_hand_case():
    # keep p >= 0.4 * 0.5 = 0.2: the first two
    np.testing.assert_allclose(sampling.filter_logits(Z4, min_p=0.4), [2 / 3, 1 / 3, 0, 0], rtol=1e-12)


def test_order_of_stages_matters():
    # temperature before top-p: at T = 3 the distribution flattens, so top-p 0.6 keeps more tokens
    flat = sampling.pipeline(Z4, temperature=3.0, top_p=0.6)
    assert flat.kept.sum() == 3
    # top-k before top-p: after top-2 the renormalised head is 2/3, so top-p 0.6 keeps one token
    np.testing.assert_allclose(sampling.filter_logits(Z4, top_k=2, top_p=0.6), [1, 0, 0, 0])


logit_lists = st.lists(st.floats(-20, 20, allow_nan=False), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(z=logit_lists, t=st.floats(0, 5), k=st.integers(0, 50), p=st.floats(0.01, 1.0), m=st.floats(0, 1))
def test_invariants(z, t, k, p, m):
    q = sampling.filter_logits(z, temperature=t, top_k=k, top_p=p, min_p=m)
    assert q.shape == (len(z),)
    assert np.all(q >= 0) and q.sum() == pytest.approx(1.0)
    assert (q > 0).sum() >= 1
    if k:
        assert (q > 0).sum() <= k
    assert q[int(np.argmax(sampling.apply_temperature(np.array(z), t)))] > 0  # the mode always survives


def test_entropy_and_perplexity():
    assert sampling.entropy(np.full(50, 1 / 50)) == pytest.approx(math.log(50))
    assert sampling.perplexity(np.full(50, 1 / 50)) == pytest.approx(50)
    assert sampling.perplexity([1.0, 0, 0]) == 1.0
    assert sampling.entropy(P4) <= sampling.max_entropy(4)


def test_kl_of_truncation():
    q = sampling.filter_logits(Z4, top_k=2)
    assert sampling.kl_divergence(P4, q) == math.inf
    assert sampling.kl_divergence(q, P4) == pytest.approx(-math.log(0.75))  # minus log of the mass kept


def test_draws_follow_the_probabilities():
    draws = sampling.draw(P4, 20_000, seed=1)
    share = np.bincount(draws, minlength=4) / draws.size
    assert np.all(np.abs(share - P4) <= 4 * np.sqrt(P4 * (1 - P4) / draws.size))  # 4 binomial s.e.
    assert np.array_equal(draws, sampling.draw(P4, 20_000, seed=1))


def test_sequence_log_likelihood_against_logsumexp():
    rng = np.random.default_rng(3)
    logits = rng.normal(size=(12, 7))
    tokens = rng.integers(0, 7, size=12)
    expected = sum(logits[t, tokens[t + 1]] - special.logsumexp(logits[t]) for t in range(11))
    assert sampling.sequence_log_likelihood(logits, tokens) == pytest.approx(expected, rel=1e-12)
    assert sampling.sequence_log_likelihood(logits, tokens) <= 0
    uniform = np.zeros((12, 7))
    ll = sampling.sequence_log_likelihood(uniform, tokens)
    assert sampling.sequence_perplexity(ll, 11) == pytest.approx(7)  # a uniform model over V has perplexity V


@pytest.mark.parametrize("kwargs, message", [({"temperature": -1}, "temperature"), ({"top_k": 1.5}, "top_k"),
                                             ({"top_p": 0}, "top_p must be > 0"), ({"min_p": 2}, "min_p")])
def test_invalid_settings(kwargs, message):
    with pytest.raises(ValueError, match=message):
        sampling.filter_logits(Z4, **kwargs)


def test_invalid_logits():
    for bad in ([], [np.nan, 1.0], [np.inf], [[1.0, 2.0]], [-np.inf, -np.inf]):
        with pytest.raises(ValueError):
            sampling.filter_logits(bad)


@pytest.fixture(scope="module")
def small_model():
    return charlm.train(charlm.CORPUS_PATHS[0].read_text(encoding="utf-8")[:3000], seed=0, steps=150)


def test_training_is_seeded_and_learns(small_model):
    again = charlm.train(charlm.CORPUS_PATHS[0].read_text(encoding="utf-8")[:3000], seed=0, steps=150)
    assert all(np.array_equal(small_model.state[k].numpy(), again.state[k].numpy()) for k in small_model.state)
    assert small_model.train_loss < math.log(small_model.vocab_size - 1)  # better than uniform


def test_generation_log_likelihood_is_the_chain_rule(small_model):
    gen = charlm.generate(small_model, "the coin ", 40, seed=2)
    full = np.concatenate([gen.prompt.ids, gen.ids])
    logits = charlm.logits_along(small_model, full)
    log_probs = logits[:-1] - special.logsumexp(logits[:-1], axis=1, keepdims=True)
    per_token = log_probs[np.arange(full.size - 1), full[1:]]
    assert gen.log_likelihood == pytest.approx(per_token[gen.prompt.ids.size - 1:].sum(), abs=1e-4)
    assert gen.perplexity >= 1


def test_one_step_numpy_forward_matches_the_torch_network(small_model):
    """next_logits is the network's forward pass in float64 numpy; torch runs it in float32."""
    import torch
    net = small_model.network()
    for prompt in ("", "th", "the central limit"):
        ids = charlm.encode(small_model, prompt).ids
        with torch.no_grad():
            expected = net(torch.from_numpy(charlm._context_ids(ids))[None, :])[0].double().numpy()
        got = charlm.next_logits(small_model, ids)
        assert got[0] == -np.inf
        np.testing.assert_allclose(got[1:], expected[1:], atol=1e-5)


def test_greedy_generation_takes_the_argmax(small_model):
    gen = charlm.generate(small_model, "the ", 20, seed=9, temperature=0)
    assert np.all(gen.sampling_probability == 1.0)


def test_unknown_characters_are_replaced_and_reported(small_model):
    encoded = charlm.encode(small_model, "Ünïcode 😀")
    assert "😀" in encoded.replaced and len(encoded.text) == len("ünïcode 😀")


def test_training_text_bounds():
    with pytest.raises(ValueError, match="at least"):
        charlm.train("too short")
    with pytest.raises(ValueError, match="at most"):
        charlm.train("x" * (charlm.MAX_TRAIN_CHARS + 1))
