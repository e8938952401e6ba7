"""/sampling with a real Hugging Face model (the tiny GPT-2 the tests build) and without one."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
import torch

from core import sampling
from tests.pages.support import assert_clean, metric_values, open_page
from concepts.sampling.models import LM_SETTING

PROMPT = "The central limit theorem says that the "


def _final_probabilities(at) -> list[float]:
    """The 'final' bars of the stage figure, as the page sent them."""
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    trace = next(t for t in spec["data"] if t["name"] == "final: kept and renormalised")
    y = trace["y"]
    if isinstance(y, dict):
        y = np.frombuffer(base64.b64decode(y["bdata"]), dtype=np.dtype(y["dtype"]))
    return list(map(float, y))


@pytest.fixture
def configured(tiny_lm_path, monkeypatch):
    monkeypatch.setenv(LM_SETTING, str(tiny_lm_path))
    from core import hflm

    return hflm.load(str(tiny_lm_path))


@pytest.mark.parametrize("query, settings", [({}, (1.0, 0, 1.0, 0.0)),
                                             ({"temperature": "0.6", "top_p": "0.9"}, (0.6, 0, 0.9, 0.0)),
                                             ({"top_k": "12", "min_p": "0.05"}, (1.0, 12, 1.0, 0.05))])
def test_the_page_shows_the_models_own_probabilities(configured, query, settings):
    at = open_page("sampling", {"model": "lm"} | query)
    assert_clean(at)
    assert not at.warning
    metrics = metric_values(at)
    ids = configured.encode(PROMPT).ids
    with torch.no_grad():
        logits = configured.network(input_ids=torch.tensor([ids.tolist()])).logits[0, -1].double().numpy()
    expected = sampling.pipeline(logits, *settings).final
    top = np.argsort(-sampling.pipeline(logits, settings[0]).tempered, kind="stable")[:20]
    np.testing.assert_allclose(_final_probabilities(at), expected[top], rtol=0, atol=1e-6)
    assert metrics["Tokens that can be drawn"] == f"{int((expected > 0).sum())} of 400"
    assert any("gpt2 causal language model" in m.value for m in at.markdown)


def test_the_sequence_view_opens_on_demand_with_tokens(configured):
    at = open_page("sampling", {"model": "lm", "length": "20", "sequences": "10"})
    at.session_state["sequences-panel"] = True  # what opening the panel does
    at.run()
    assert_clean(at)
    metrics = metric_values(at)
    assert "Spread of surprisal per token: narrowing" in metrics
    assert float(metrics["Median perplexity"]) >= 1


def test_a_broken_setting_falls_back_to_the_built_in_model(tmp_path, monkeypatch):
    monkeypatch.setenv(LM_SETTING, str(tmp_path / "no-model-here"))
    at = open_page("sampling", {"model": "lm"})
    assert not at.exception and not at.error
    assert "there is no folder at that path" in at.warning[0].value
    assert "Characters that can be drawn" in metric_values(at)


def test_model_lm_without_a_setting_says_so(monkeypatch):
    monkeypatch.delenv(LM_SETTING, raising=False)
    at = open_page("sampling", {"model": "lm"})
    assert not at.exception and not at.error
    assert "no language model is configured" in at.warning[0].value
