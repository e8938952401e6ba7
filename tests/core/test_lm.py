"""core.lm (generation for any model) and core.hflm (a Hugging Face model from this machine) against
the models' own logits and an independent torch implementation of the sampling rules."""

from __future__ import annotations

import math
import sys

import numpy as np
import pytest
import torch

from core import charlm, lm, sampling

PROMPT = "The central limit theorem says that the "


@pytest.fixture(scope="module")
def char_model():
    return charlm.train(charlm.CORPUS_PATHS[0].read_text(encoding="utf-8")[:5000], seed=1, steps=60)


@pytest.fixture(scope="module")
def hf_model(tiny_lm_path):
    from core import hflm

    return hflm.load(str(tiny_lm_path))


def torch_pipeline(logits: torch.Tensor, temperature: float, top_k: int, top_p: float, min_p: float) -> np.ndarray:
    """The sampling rules written again in torch, from the model's logits (docs/maths.md §7)."""
    z = logits.double()
    p = torch.softmax(z / temperature, dim=-1)
    if top_k:
        threshold = torch.topk(p, top_k).values[-1]
        p = torch.where(p >= threshold, p, 0.0)
        p = p / p.sum()
    sorted_p, order = torch.sort(p, descending=True, stable=True)
    before = torch.cumsum(sorted_p, 0) - sorted_p
    keep = before < top_p
    keep[0] = True
    mask = torch.zeros_like(p, dtype=torch.bool)
    mask[order[keep]] = True
    p = torch.where(mask, p, 0.0)
    p = p / p.sum()
    p = torch.where(p >= min_p * p.max(), p, 0.0)
    return (p / p.sum()).numpy()


def test_batched_steps_equal_one_at_a_time_for_the_character_model(char_model):
    encoded = char_model.encode(PROMPT)
    state, logits = char_model.start(encoded.ids, 3)
    np.testing.assert_allclose(logits[0], char_model.next_logits(encoded.ids), rtol=1e-12)
    tokens = np.array([3, 5, 7])
    state, logits = char_model.step(state, tokens)
    for row, token in enumerate(tokens):
        np.testing.assert_allclose(logits[row], char_model.next_logits(np.append(encoded.ids, token)), rtol=1e-12)


def test_generation_records_what_each_rule_kept(char_model):
    gen = lm.generate(char_model, PROMPT, 30, seed=3, top_k=5, top_p=0.8)
    kept = gen.kept_mass
    assert kept.shape == (30, 3)
    assert np.all(np.diff(kept, axis=1) <= 1e-15) and np.all(kept > 0) and np.all(kept <= 1 + 1e-12)
    # At T = 1 the sampled distribution is the model's restricted to the kept set: KL = −log(mass kept).
    np.testing.assert_allclose(gen.truncation_kl, -np.log(kept[:, 2]), rtol=1e-10, atol=1e-12)
    assert gen.log_likelihood == pytest.approx(np.log(gen.model_probability).sum(), rel=1e-12)


def test_many_sequences_are_seeded_and_their_spread_narrows(char_model):
    first = lm.sample_sequences(char_model, PROMPT, 60, 40, seed=5)
    again = lm.sample_sequences(char_model, PROMPT, 60, 40, seed=5)
    np.testing.assert_array_equal(first.log_probs, again.log_probs)
    assert first.log_probs.shape == (40, 60) and np.all(first.log_probs <= 0)
    lengths, spread = first.surprisal_spread()
    assert lengths[0] == 1 and lengths[-1] == 60
    assert spread[-1] < spread[0] / 2  # a mean of 60 surprisals varies far less than one surprisal
    np.testing.assert_allclose(first.perplexities, np.exp(-first.log_probs.mean(axis=1)))
    with pytest.raises(ValueError, match="sequences"):
        lm.sample_sequences(char_model, PROMPT, 10, lm.MAX_SEQUENCES + 1, seed=5)


def test_the_hf_model_gives_its_own_logits(hf_model):
    encoded = hf_model.encode(PROMPT)
    assert hf_model.unit == "token" and hf_model.predictable == len(hf_model.vocab) == 400
    assert hf_model.decode(encoded.ids) == PROMPT
    with torch.no_grad():
        direct = hf_model.network(input_ids=torch.tensor([encoded.ids.tolist()])).logits[0, -1]
    np.testing.assert_array_equal(hf_model.next_logits(encoded.ids), direct.double().numpy())


@pytest.mark.parametrize("settings", [(1.0, 0, 1.0, 0.0), (0.7, 0, 0.9, 0.0), (1.3, 20, 0.95, 0.0),
                                      (1.0, 0, 1.0, 0.05), (0.5, 50, 0.8, 0.02)])
def test_pipeline_probabilities_match_the_models_logits(hf_model, settings):
    ids = hf_model.encode(PROMPT).ids
    with torch.no_grad():
        logits = hf_model.network(input_ids=torch.tensor([ids.tolist()])).logits[0, -1]
    ours = sampling.pipeline(hf_model.next_logits(ids), *settings).final
    np.testing.assert_allclose(ours, torch_pipeline(logits, *settings), rtol=0, atol=1e-6)
    assert 0 < (ours > 0).sum() <= 400


def test_the_key_value_cache_gives_the_same_logits_as_a_full_pass(hf_model):
    ids = hf_model.encode(PROMPT).ids
    state, _ = hf_model.start(ids, 2)
    state, logits = hf_model.step(state, np.array([11, 12]))
    for row, token in enumerate((11, 12)):
        np.testing.assert_allclose(logits[row], hf_model.next_logits(np.append(ids, token)), atol=1e-5)


def test_generation_runs_past_the_context_window(hf_model):
    gen = lm.generate(hf_model, PROMPT, hf_model.context + 10, seed=1)
    assert gen.ids.size == hf_model.context + 10
    assert math.isfinite(gen.log_likelihood) and gen.perplexity >= 1


def test_an_empty_prompt_starts_from_the_start_token(hf_model):
    assert hf_model.encode("").ids.size == 0
    np.testing.assert_array_equal(hf_model.next_logits(np.array([], dtype=np.int64)),
                                  hf_model.next_logits(np.array([hf_model.start_id])))


def test_missing_models_and_packages_give_a_sentence(tmp_path, monkeypatch):
    from core import hflm

    with pytest.raises(ValueError, match="there is no folder at that path"):
        hflm.load(str(tmp_path / "absent"))
    with pytest.raises(ValueError, match="cannot load the language model .*nothing is downloaded"):
        hflm.load(str(tmp_path))  # a folder with no model in it
    monkeypatch.setitem(sys.modules, "transformers", None)  # import fails as if not installed
    with pytest.raises(ValueError, match="transformers package is not installed"):
        hflm.load(str(tmp_path))


def test_the_surprisal_spread_is_not_read_from_rounding_noise():
    """At T = 0 every continuation is the same: the sds are rounding (~1e-17), and the page said
    'narrowing 0.56×'. A spread that grows is called widening, not narrowing."""
    from concepts.sampling.explain import sequence_panels

    step = np.log(np.array([0.3, 0.5, 0.2, 0.4, 0.6, 0.1, 0.3, 0.2, 0.5, 0.4] * 2))
    identical = np.tile(step, (10, 1)) + np.random.default_rng(1).normal(0, 1e-17, (10, 20))
    panel = sequence_panels(lm.SequenceSample(identical, 1), "character")[2]
    assert panel.value == "—" and "same" in panel.note
    rng = np.random.default_rng(2)
    growing = -np.abs(rng.normal(1.0, 0.01, (10, 20))) * np.linspace(0.1, 30, 20) ** 2   # later steps vary more
    panel = sequence_panels(lm.SequenceSample(growing, 2), "character")[2]
    assert panel.label.endswith("widening") and float(panel.value.rstrip("×")) < 1
    settling = np.log(rng.uniform(0.05, 0.95, (200, 64)))                              # independent steps
    panel = sequence_panels(lm.SequenceSample(settling, 3), "character")[2]
    assert panel.label.endswith("narrowing") and float(panel.value.rstrip("×")) > 3
