"""The /sampling page's cached views: the next-unit distribution through the pipeline, its figures,
generated text and many seeded continuations. Every model (the built-in character model, one
trained on pasted text, a configured Hugging Face model) goes through core.lm's interface.

Separate caches, each keyed by only what it depends on, so a move of one control rebuilds only the
figures it changes: the entropy-temperature figure (~100 ms) ignores the truncation
settings and the seed; the stage figure ignores the seed.
"""

from __future__ import annotations

from typing import Any, Mapping

from dataclasses import dataclass

import numpy as np
import streamlit as st

from core import lm, sampling
from concepts.sampling import explain as panels
from concepts.sampling.models import builtin_model, get_model
from concepts.sampling.spec import SPEC, Settings
from i18n import _, lazy_text
from views import CACHE_TTL, by_fields, per_language
from concepts.sampling import figures
from views.experiments import Experiment, Outcomes
from viz.live import Family, build_family
from viz.theme import FigureSpec

SAMPLE_COUNT = 1000


@dataclass(frozen=True)
class NextTokenView:
    model: lm.LanguageModel
    encoded: lm.EncodedPrompt
    logits: np.ndarray
    stages: sampling.PipelineStages
    stages_figure: FigureSpec
    temperature_figure: FigureSpec
    samples_figure: FigureSpec


_HASH = by_fields(Settings)  # cache keys from the fields, not through pickle

@st.cache_resource(ttl=CACHE_TTL, max_entries=128, show_spinner=False)
def _prompt(model_key: str, prompt: str):
    model = get_model(model_key)
    encoded = model.encode(lm.validate_prompt(prompt))
    return model, encoded, model.next_logits(encoded.ids)


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=128, show_spinner=False)
def _temperature_figure(model_key: str, prompt: str, temperature: float, lang: str) -> FigureSpec:
    _, _, logits = _prompt(model_key, prompt)
    return figures.temperature_figure(sampling.temperature_sweep(logits), temperature)


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=128, show_spinner=False, hash_funcs=_HASH)
def _stages(model_key: str, prompt: str, settings: Settings, lang: str):
    model, _, logits = _prompt(model_key, prompt)
    stages = sampling.pipeline(logits, settings.temperature, settings.top_k, settings.top_p, settings.min_p)
    return stages, figures.stages_figure(stages, model.vocab, model.predictable, model.unit, settings.top_p)


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=128, show_spinner=False, hash_funcs=_HASH)
def _samples_figure(model_key: str, prompt: str, settings: Settings, seed: int, lang: str) -> FigureSpec:
    model, _, _ = _prompt(model_key, prompt)
    stages, _ = _stages(model_key, prompt, settings)
    counts = sampling.count_draws(sampling.draw(stages.final, SAMPLE_COUNT, seed), len(model.vocab))
    return figures.samples_figure(stages.final, counts, model.vocab, model.unit)


def next_token_view(model_key: str, prompt: str, settings: Settings, seed: int) -> NextTokenView:
    """Everything the next-character part of the page shows, from the caches above."""
    model, encoded, logits = _prompt(model_key, prompt)
    stages, stages_figure = _stages(model_key, prompt, settings)
    return NextTokenView(model, encoded, logits, stages, stages_figure,
                         _temperature_figure(model_key, prompt, settings.temperature),
                         _samples_figure(model_key, prompt, settings, seed))


TEMPERATURE_GRID = SPEC.param("temperature").grid()   # the sliders' own steps over their ranges
TOP_P_GRID = SPEC.param("top_p").grid()
INTERPRETATION_KEY = "sampling-interpretation"  # the container of the sentence that follows T and top-p


def _settings_family(model_key: str, prompt: str, seed: int, grid: tuple[float, ...], settings_at) -> Family:
    """The next-unit part of the page at every value of one setting's grid (`settings_at` maps the
    value to the full Settings). The draws' bars stay (dimmed) while it moves: which units appear
    among them changes with the setting."""
    model, encoded, logits = _prompt(model_key, prompt)
    sweep = sampling.temperature_sweep(logits)

    def stages_at(value: float) -> sampling.PipelineStages:
        at = settings_at(value)
        return sampling.pipeline(logits, at.temperature, at.top_k, at.top_p, at.min_p)

    def figures_at(value: float) -> dict:
        stages, at = stages_at(value), settings_at(value)
        return {"sampling-stages": figures.stages_figure(stages, model.vocab, model.predictable, model.unit,
                                                         at.top_p),
                "sampling-temperature": figures.temperature_figure(sweep, at.temperature),
                "sampling-draws": _samples_figure(model_key, prompt, settings_at(grid[0]), seed)}

    def panels_at(value: float) -> list:
        stages = stages_at(value)
        return panels.next_token_panels(model, stages, settings_at(value)) + panels.truncation_panels(stages, model)

    return build_family(grid, figures_at, panels_at, skip={"sampling-draws": (0, 1)},
                        texts_at=lambda value: {INTERPRETATION_KEY: panels.interpretation(
                            encoded, stages_at(value), model.unit)})


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=64, show_spinner=False, hash_funcs=_HASH)
def temperature_family(model_key: str, prompt: str, settings: Settings, seed: int, lang: str) -> Family:
    """The next-unit part of the page at every T of TEMPERATURE_GRID, the other settings as given."""
    return _settings_family(model_key, prompt, seed, TEMPERATURE_GRID,
                            lambda t: Settings(t, settings.top_k, settings.top_p, settings.min_p))


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=64, show_spinner=False, hash_funcs=_HASH)
def top_p_family(model_key: str, prompt: str, settings: Settings, seed: int, lang: str) -> Family:
    """The next-unit part of the page at every top-p of TOP_P_GRID, the other settings as given."""
    return _settings_family(model_key, prompt, seed, TOP_P_GRID,
                            lambda p: Settings(settings.temperature, settings.top_k, p, settings.min_p))


@st.cache_resource(ttl=CACHE_TTL, max_entries=128, show_spinner=lazy_text("Generating…"), hash_funcs=_HASH)
def generation_view(model_key: str, prompt: str, length: int, seed: int, settings: Settings) -> lm.Generation:
    return lm.generate(get_model(model_key), prompt, length, seed, settings.temperature, settings.top_k,
                       settings.top_p, settings.min_p)


@st.cache_resource(ttl=CACHE_TTL, max_entries=64, show_spinner=lazy_text("Generating…"))
def greedy_view(model_key: str, prompt: str, length: int) -> lm.Generation:
    """Greedy text depends on neither the seed nor the sampling settings: cached on its own."""
    return lm.generate(get_model(model_key), prompt, length, seed=0, temperature=0.0)


@dataclass(frozen=True)
class SequencesView:
    sample: lm.SequenceSample
    figure: FigureSpec


@per_language
@st.cache_resource(ttl=CACHE_TTL, max_entries=32, show_spinner=lazy_text("Generating many seeded continuations…"),
                   hash_funcs=_HASH)
def sequences_view(model_key: str, prompt: str, length: int, count: int, seed: int,
                   settings: Settings, lang: str) -> SequencesView:
    model = get_model(model_key)
    sample = lm.sample_sequences(model, prompt, length, count, seed, settings.temperature, settings.top_k,
                                 settings.top_p, settings.min_p)
    return SequencesView(sample, figures.sequences_figure(sample, model.unit))


# --- hooks found by the page registry (concepts/__init__.py) -------------------------------------------------


def warm_defaults() -> None:
    """The built-in language model (trained once per process: seconds) and the live families at the page's
    default state, at server start, before the first reader."""
    builtin_model()
    d = SPEC.defaults()
    settings = Settings(d["temperature"], d["top_k"], d["top_p"], d["min_p"])
    temperature_family("builtin", d["prompt"], settings, d["seed"])
    top_p_family("builtin", d["prompt"], settings, d["seed"])


def _characters_kept(state: Mapping[str, Any]) -> float:
    """How many characters survive the sampling pipeline on the page's model and prompt."""
    settings = Settings(state["temperature"], int(state["top_k"]), state["top_p"], state["min_p"])
    view = next_token_view(state["model"], state["prompt"], settings, int(state["seed"]))
    return float(view.stages.kept.sum())


ANSWERS = {"characters_kept": _characters_kept}


# --- a class experiment (views/experiments.py): every device samples the next unit --------------------------

SHOWN_OUTCOMES = 12      # the most likely units the class's figure names; the rest are counted together


def _final_distribution(state: Mapping[str, Any]) -> tuple[lm.LanguageModel, np.ndarray]:
    model, _, logits = _prompt(state["model"], state["prompt"])
    settings = Settings(state["temperature"], int(state["top_k"]), state["top_p"], state["min_p"])
    return model, sampling.filter_logits(logits, settings.temperature, settings.top_k, settings.top_p,
                                         settings.min_p)


def _next_unit(state: Mapping[str, Any], seed: int) -> float:
    """One device's next unit after the prompt, drawn after temperature, top-k, top-p and min-p (its id)."""
    _, final = _final_distribution(state)
    return float(sampling.draw(final, 1, seed)[0])


def _next_unit_outcomes(state: Mapping[str, Any]) -> Outcomes:
    """The pipeline's final probabilities: the SHOWN_OUTCOMES most likely units it keeps, named."""
    model, final = _final_distribution(state)
    likely = np.argsort(-final, kind="stable")[:SHOWN_OUTCOMES]
    likely = likely[final[likely] > 0]
    result = _("next character") if model.unit == "character" else _("next token")
    return Outcomes(0, len(model.vocab) - 1, likely, final[likely], True, _("after the sampling pipeline"), result,
                    names=model.vocab)


EXPERIMENTS = {"next_unit": Experiment(_next_unit, _next_unit_outcomes)}
