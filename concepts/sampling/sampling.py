"""Sampling (/sampling): how do temperature, top-k and top-p reshape a language model's next token?

The explorer's own character-level language model (trained on its prose, or on text the reader
pastes), or with model=lm the server's Hugging Face causal LM (PROB_EXPLORER_LM), with its tokenizer.

URL keys (stable: shared links depend on them; generated from concepts/sampling/spec.py):
    model        Model: builtin, lm
    prompt       Prompt: text, at most 500 characters
    temperature  temperature T: 0 to 3
    top_k        top-k (0 = off): 0 to 100
    top_p        top-p (1 = off): 0.05 to 1
    min_p        min-p (0 = off): 0 to 0.5
    length       characters (or tokens) to generate: 10 to 300
    sequences    continuations in the sequence view: 10 to 300
    seed         Random seed: 0 to 4_294_967_295
Text pasted for retraining stays in the browser session; it is not part of the link.
"""

from __future__ import annotations

import streamlit as st

from concepts.sampling import explain as panels
from i18n import _
from concepts.sampling.spec import SPEC, Settings
from ui import controls, frame, live
from ui.frame import page_frame, show_settings_summary
from ui.layout import folded_panel, show_figure, show_snippet, shown_as_error
from ui.literal import literal
from concepts.sampling.model_picker import model_picker
from concepts.sampling.models import configured_lm_name
from concepts.sampling.figures import coloured_text_html, truncation_steps_figure, units
from concepts.sampling.views import (INTERPRETATION_KEY, SAMPLE_COUNT, NextTokenView, generation_view, greedy_view,
                            next_token_view, sequences_view, temperature_family, top_p_family)


def next_token_section(stage: frame.Stage, view: NextTokenView, settings: Settings, prompt: str) -> None:
    unit = view.model.unit
    if view.encoded.replaced:
        shown = ", ".join(repr(ch) for ch in view.encoded.replaced[:12])
        shown += "…" if len(view.encoded.replaced) > 12 else ""
        stage.sentence.warning(_("The model has never seen {characters}; those characters were read as spaces.").format(
            characters=literal(shown)), icon=":material/translate:")
    if not view.encoded.ids.size:
        stage.sentence.info(_("The prompt is empty: the model predicts the first {unit} of a text.").format(
            unit=units(unit, 1)), icon=":material/info:")
    # Literal: the sentence quotes the reader's prompt (and the live control redraws it as plain text).
    stage.sentence.container(key=INTERPRETATION_KEY).markdown(
        f"**{literal(panels.interpretation(view.encoded, view.stages, unit))}**")
    stage.show_readouts(panels.next_token_panels(view.model, view.stages, settings))
    stage.show_main_figure(view.stages_figure, "sampling-stages")
    with stage.more:
        left, right = st.columns(2)
        with left:
            show_figure(view.temperature_figure, "sampling-temperature")
            st.caption(_("Entropy rises from 0 (greedy) towards log V as T grows; drag the temperature under the "
                         "first figure and the marker, the bars and the numbers follow."))
        with right:
            show_figure(view.samples_figure, "sampling-draws")
            st.caption(_("{count} draws with the current seed. Each observed share should sit within about two "
                         "standard errors of its probability, 19 times in 20.").format(count=f"{SAMPLE_COUNT:,}"))
    with stage.explain:
        show_snippet(panels.pipeline_snippet(view.model, view.logits, settings, prompt),
                     label=panels.snippet_label(view.model))


def generation_section(model, sampled, greedy) -> None:
    for title, generation in ((_("Sampled with these settings"), sampled),
                              (_("Greedy (T = 0), for comparison"), greedy)):
        st.markdown(_("**{title}** (darker = more probable under the model):").format(title=title))
        st.html(coloured_text_html(generation.pieces(model), generation.model_probability))
    controls.show_panels(panels.generation_panels(sampled, greedy, model.unit), per_row=3)
    show_figure(truncation_steps_figure(sampled, model.unit), "sampling-steps")


with page_frame(SPEC, _("Temperature and top-p: how a language model picks its next token"),
                _("How do temperature, top-k, top-p and min-p reshape a language model's next-token distribution, "
                  "and what do they do to the text it writes? A small model trained on this explorer's own prose "
                  "answers live (or a real language model, where the server has one)."),
                what=_("the next-token distribution")) as toolbar:
    with toolbar.settings:
        chosen_model = controls.control(SPEC.param("model"),
                                        help="lm: " + (configured_lm_name() or _("none is configured on this server")))
        length = controls.control(SPEC.param("length"))
        count = controls.control(SPEC.param("sequences"))
        seed = controls.seed_input()
    show_settings_summary(toolbar, panels.settings_summary(length, count), seed)
    stage = frame.stage("sampling")
    with stage.controls:
        prompt = controls.control(SPEC.param("prompt"))
        top_k = controls.control(SPEC.param("top_k"))
        min_p = controls.control(SPEC.param("min_p"))
        model_key = model_picker(chosen_model)
    temperature, top_p = live.live_value(SPEC.param("temperature")), live.live_value(SPEC.param("top_p"))
    settings = Settings(temperature, top_k, top_p, min_p)

    view = next_token_view(model_key, prompt, settings, seed)
    next_token_section(stage, view, settings, prompt)
    with stage.more:
        st.subheader(_("Generate"))
        with shown_as_error(_("the continuation")):
            generation_section(view.model, generation_view(model_key, prompt, length, seed, settings),
                               greedy_view(model_key, prompt, length))
        st.subheader(_("What truncation costs: KL between the model and what we sample"))
        controls.show_panels(panels.truncation_panels(view.stages, view.model), per_row=3)
        st.page_link("concepts/kl/kl.py", label=_("Why one direction is infinite and the other is not: the KL page"),
                     icon=":material/compare_arrows:")
        unit = view.model.unit
        # Opened on demand (the panel reruns the page): a hundred continuations cost ~0.6 s on a CPU with
        # the built-in model, which a first load should not pay for a section below the fold.
        with folded_panel(_("Many continuations: how sure is the model of its own text, {unit} by {unit}?").format(
                unit=units(unit, 1)), "sequences-panel", icon=":material/stacked_line_chart:") as opened:
            if opened:
                with shown_as_error(_("the continuations")):
                    sequences = sequences_view(model_key, prompt, length, count, seed, settings)
                    controls.show_panels(panels.sequence_panels(sequences.sample, unit), per_row=3)
                    show_figure(sequences.figure, "sampling-sequences")
    # T's and top-p's sliders are drawn last, under the first figure: their live families need every other
    # setting.
    temperature_slot, top_p_slot = stage.control.columns(2, gap="medium")
    live.live_control(SPEC.param("temperature"), temperature,
                      lambda: temperature_family(model_key, prompt, settings, seed), where=temperature_slot)
    live.live_control(SPEC.param("top_p"), top_p, lambda: top_p_family(model_key, prompt, settings, seed),
                      where=top_p_slot)
