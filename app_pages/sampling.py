"""Sampling (/sampling): how do temperature, top-k and top-p reshape a language model's next token?

The explorer's own character-level language model (trained on its prose, or on text the reader
pastes), or with model=lm the server's Hugging Face causal LM (PROB_EXPLORER_LM), with its tokenizer.

URL keys (stable: shared links depend on them; generated from specs/sampling.py):
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

from core import charlm
from explain import sampling as panels
from specs.sampling import SPEC, Settings
from ui import controls, live
from ui.layout import page_frame, show_figure, show_snippet, shown_as_error
from ui.models import configured_lm_name, get_model, train_custom
from viz.sampling import coloured_text_html, truncation_steps_figure
from views.sampling import (INTERPRETATION_KEY, SAMPLE_COUNT, NextTokenView, generation_view, greedy_view,
                            next_token_view, sequences_view, temperature_family, top_p_family)


def _use_builtin() -> None:  # back to the linked model
    st.session_state["lm_custom"] = None


def _train_on_pasted_text() -> None:
    """Button callback: runs before the page reruns, so the whole page already uses the new model."""
    st.session_state.pop("lm_error", None)
    try:
        st.session_state["lm_custom"] = train_custom(st.session_state.get("lm_text", ""))
    except ValueError as error:
        st.session_state["lm_error"] = str(error)


def model_picker(chosen: str) -> str:
    """The model's key: a character model trained on pasted text (this session only), or the linked
    choice (`model`): the built-in character model, or the server's configured language model."""
    key = st.session_state.get("lm_custom") or chosen
    with st.expander("The model: the explorer's own, your text's, or a real language model"):
        try:
            model = get_model(key)
        except KeyError:
            st.warning("The model trained on your text is gone (the server restarted); using the built-in one.")
            key, st.session_state["lm_custom"] = "builtin", None
            model = get_model(key)
        except ValueError as error:
            st.warning(f"Cannot use the language model: {error}. Showing the built-in character model.",
                       icon=":material/warning:")
            key, model = "builtin", get_model("builtin")
        st.markdown(panels.model_description(model))
        text = st.text_area(f"Train a character model on your own text ({charlm.MIN_TRAIN_CHARS:,} to "
                            f"{charlm.MAX_TRAIN_CHARS:,} characters; it stays in this session)", key="lm_text",
                            height=120)
        train_col, reset_col = st.columns(2)
        train_col.button("Train on this text", width="stretch", disabled=not text.strip(),
                         on_click=_train_on_pasted_text, help="Takes a few seconds.")
        if "lm_error" in st.session_state:
            st.error(f"Cannot use the training text: {st.session_state['lm_error']}", icon=":material/error:")
        reset_col.button("Back to the linked model", width="stretch", on_click=_use_builtin,
                         disabled=not st.session_state.get("lm_custom"))
    return key


def next_token_section(view: NextTokenView, settings: Settings, prompt: str) -> None:
    unit = view.model.unit
    if view.encoded.replaced:
        shown = ", ".join(repr(ch) for ch in view.encoded.replaced[:12])
        st.warning(f"The model has never seen {shown}{'…' if len(view.encoded.replaced) > 12 else ''}; those "
                   "characters were read as spaces.", icon=":material/translate:")
    if not view.encoded.ids.size:
        st.info(f"The prompt is empty: the model predicts the first {unit} of a text.", icon=":material/info:")
    st.container(key=INTERPRETATION_KEY).markdown(f"**{panels.interpretation(view.encoded, view.stages, unit)}**")
    controls.show_panels(panels.next_token_panels(view.model, view.stages, settings))
    show_snippet(panels.pipeline_snippet(view.model, view.logits, settings, prompt),
                 label=panels.snippet_label(view.model))
    show_figure(view.stages_figure, "sampling-stages")
    left, right = st.columns(2)
    with left:
        show_figure(view.temperature_figure, "sampling-temperature")
        st.caption("Entropy rises from 0 (greedy) towards log V as T grows; drag the temperature in the sidebar "
                   "and the marker, the bars and the numbers follow.")
    with right:
        show_figure(view.samples_figure, "sampling-draws")
        st.caption(f"{SAMPLE_COUNT:,} draws with the current seed. Each observed share should sit within about "
                   "two standard errors of its probability, 19 times in 20.")


def generation_section(model, sampled, greedy) -> None:
    for title, generation in (("Sampled with these settings", sampled), ("Greedy (T = 0), for comparison", greedy)):
        st.markdown(f"**{title}** (darker = more probable under the model):")
        st.html(coloured_text_html(generation.pieces(model), generation.model_probability))
    controls.show_panels(panels.generation_panels(sampled, greedy, model.unit), per_row=3)
    show_figure(truncation_steps_figure(sampled, model.unit), "sampling-steps")


with page_frame(SPEC, "Temperature and top-p: how a language model picks its next token",
                "How do temperature, top-k, top-p and min-p reshape a language model's next-token distribution, "
                "and what do they do to the text it writes? A small model trained on this explorer's own prose "
                "answers live (or a real language model, where the server has one).",
                what="the next-token distribution"):
    with st.sidebar:
        chosen_model = controls.control(SPEC.param("model"),
                                        help=f"lm: {configured_lm_name() or 'none is configured on this server'}")
        temperature, temperature_slot = live.live_value(SPEC.param("temperature")), st.container()
        top_k = controls.control(SPEC.param("top_k"))
        top_p, top_p_slot = live.live_value(SPEC.param("top_p")), st.container()
        settings = Settings(temperature, top_k, top_p, controls.control(SPEC.param("min_p")))
        length = controls.control(SPEC.param("length"))
        count = controls.control(SPEC.param("sequences"))
        seed = controls.seed_input(st.sidebar)
    prompt = controls.control(SPEC.param("prompt"))
    model_key = model_picker(chosen_model)

    view = next_token_view(model_key, prompt, settings, seed)
    next_token_section(view, settings, prompt)
    st.subheader("Generate")
    with shown_as_error("the continuation"):
        generation_section(view.model, generation_view(model_key, prompt, length, seed, settings),
                           greedy_view(model_key, prompt, length))
    st.subheader("What truncation costs: KL between the model and what we sample")
    controls.show_panels(panels.truncation_panels(view.stages, view.model), per_row=3)
    st.page_link("app_pages/kl.py", label="Why one direction is infinite and the other is not: the KL page",
                 icon=":material/compare_arrows:")
    unit = view.model.unit
    # Opened on demand (the panel reruns the page): a hundred continuations cost ~0.6 s on a CPU with
    # the built-in model, which a first load should not pay for a section below the fold.
    with st.expander(f"Many continuations: how sure is the model of its own text, {unit} by {unit}?",
                     icon=":material/stacked_line_chart:", key="sequences-panel", on_change="rerun") as panel:
        if panel.open:
            with shown_as_error("the continuations"):
                sequences = sequences_view(model_key, prompt, length, count, seed, settings)
                controls.show_panels(panels.sequence_panels(sequences.sample, unit), per_row=3)
                show_figure(sequences.figure, "sampling-sequences")
    # T's and top-p's sliders are drawn last, in their places: their live families need every other setting.
    live.live_control(SPEC.param("temperature"), temperature,
                      lambda: temperature_family(model_key, prompt, settings, seed), where=temperature_slot)
    live.live_control(SPEC.param("top_p"), top_p, lambda: top_p_family(model_key, prompt, settings, seed),
                      where=top_p_slot)
