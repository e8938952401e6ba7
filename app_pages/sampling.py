"""Sampling (/sampling): how do temperature, top-k and top-p reshape a language model's next token?

A real (small) character-level language model, trained by the explorer on its own prose (or on
text the reader pastes), gives the next-character distribution for the end of the prompt.

URL keys (stable: shared links depend on them; generated from specs/sampling.py):
    prompt       Prompt: text, at most 500 characters
    temperature  temperature T: 0 to 3
    top_k        top-k (0 = off): 0 to 100
    top_p        top-p (1 = off): 0.05 to 1
    min_p        min-p (0 = off): 0 to 0.5
    length       characters to generate: 10 to 300
    seed         Random seed: 0 to 4_294_967_295
Text pasted for retraining stays in the browser session; it is not part of the link.
"""

from __future__ import annotations

import streamlit as st

from core import charlm, sampling
from specs.sampling import SPEC
from ui import controls
from ui.layout import CACHE_TTL, metric_slots, page_cache, show_figure, show_input_error, show_snippet
from ui.models import get_model, train_custom
from viz import sampling as figures

SAMPLE_COUNT = 1000


# Three caches, each keyed by only what it depends on, so a move of one control rebuilds only the
# figures it changes: the entropy-temperature figure (~100 ms with its frames) ignores the
# truncation settings and the seed; the stage figure ignores the seed.
@page_cache("resource", ttl=CACHE_TTL, max_entries=128, show_spinner=False)
def prompt_view(model_key, prompt):
    model = get_model(model_key)
    encoded = charlm.encode(model, charlm.validate_prompt(prompt))
    return model, encoded, charlm.next_logits(model, encoded.ids)


@page_cache("resource", ttl=CACHE_TTL, max_entries=128, show_spinner=False)
def temperature_view(model_key, prompt, temperature):
    _, _, logits = prompt_view(model_key, prompt)
    return figures.temperature_figure(sampling.temperature_sweep(logits), temperature)


@page_cache("resource", ttl=CACHE_TTL, max_entries=128, show_spinner=False)
def stages_view(model_key, prompt, temperature, top_k, top_p, min_p):
    model, _, logits = prompt_view(model_key, prompt)
    stages = sampling.pipeline(logits, temperature, top_k, top_p, min_p)
    return stages, figures.stages_figure(stages, model.vocab, top_p, temperature)


@page_cache("resource", ttl=CACHE_TTL, max_entries=128, show_spinner=False)
def draws_figure(model_key, prompt, temperature, top_k, top_p, min_p, seed):
    model, _, _ = prompt_view(model_key, prompt)
    stages, _ = stages_view(model_key, prompt, temperature, top_k, top_p, min_p)
    counts = sampling.count_draws(sampling.draw(stages.final, SAMPLE_COUNT, seed), model.vocab_size)
    return figures.samples_figure(stages.final, counts, model.vocab)


def next_token_view(model_key, prompt, temperature, top_k, top_p, min_p, seed):
    """Everything the next-token part of the page shows, from the three caches above."""
    model, encoded, logits = prompt_view(model_key, prompt)
    stages, stages_figure = stages_view(model_key, prompt, temperature, top_k, top_p, min_p)
    return {
        "model": model, "encoded": encoded, "logits": logits, "stages": stages,
        "stages_figure": stages_figure,
        "temperature_figure": temperature_view(model_key, prompt, temperature),
        "samples_figure": draws_figure(model_key, prompt, temperature, top_k, top_p, min_p, seed),
    }


@page_cache("resource", ttl=CACHE_TTL, max_entries=128, show_spinner="Generating…")
def generation_view(model_key, prompt, length, seed, temperature, top_k, top_p, min_p):
    return charlm.generate(get_model(model_key), prompt, length, seed, temperature, top_k, top_p, min_p)


@page_cache("resource", ttl=CACHE_TTL, max_entries=64, show_spinner="Generating…")
def greedy_view(model_key, prompt, length):
    """Greedy text depends on neither the seed nor the sampling settings: cached on its own."""
    return charlm.generate(get_model(model_key), prompt, length, seed=0, temperature=0.0)


def _use_builtin() -> None:
    st.session_state["lm_model"] = "builtin"


def _train_on_pasted_text() -> None:
    """Button callback: runs before the page reruns, so the whole page already uses the new model."""
    st.session_state.pop("lm_error", None)
    try:
        st.session_state["lm_model"] = train_custom(st.session_state.get("lm_text", ""))
    except ValueError as error:
        st.session_state["lm_error"] = str(error)


def model_picker() -> str:
    """Built-in model, or one trained on pasted text (kept in this session, not in the link)."""
    with st.expander("The model: trained on the explorer's own prose, or on your text"):
        key = st.session_state.get("lm_model", "builtin")
        try:
            model = get_model(key)
        except KeyError:
            st.warning("The model trained on your text is gone (the server restarted); using the built-in one.")
            key = st.session_state["lm_model"] = "builtin"
            model = get_model(key)
        st.markdown(
            f"A character-level neural language model (the previous {charlm.CONTEXT} characters → embedding → "
            f"tanh layer of {charlm.HIDDEN} → softmax over {model.vocab_size - 1} characters), trained for "
            f"{model.steps} Adam steps on {model.characters:,} characters of {model.source}. Final training loss "
            f"{model.train_loss:.3f} nats per character (perplexity {2.718281828 ** model.train_loss:.2f}).")
        text = st.text_area(f"Train on your own text ({charlm.MIN_TRAIN_CHARS:,} to {charlm.MAX_TRAIN_CHARS:,} "
                            "characters; it stays in this session)", key="lm_text", height=120)
        train_col, reset_col = st.columns(2)
        train_col.button("Train on this text", width="stretch", disabled=not text.strip(),
                         on_click=_train_on_pasted_text, help="Takes a few seconds.")
        if "lm_error" in st.session_state:
            st.error(f"Cannot use the training text: {st.session_state['lm_error']}", icon=":material/error:")
        reset_col.button("Back to the built-in model", width="stretch", on_click=_use_builtin,
                         disabled=key == "builtin")
    return key


def kl_section(stages: sampling.PipelineStages) -> None:
    st.subheader("What truncation costs: KL between the model and what we sample")
    forward = sampling.kl_divergence(stages.original, stages.final)
    reverse = sampling.kl_divergence(stages.final, stages.original)
    dropped = float(stages.original[~stages.kept].sum())
    slots = metric_slots(3, per_row=3)
    controls.metric_with_formula(
        slots[0], "KL(model ‖ sampled)", "∞" if forward == float("inf") else f"{abs(forward):.4f}",
        r"\sum_k p_k \log\frac{p_k}{q_k} = \infty \ \text{ whenever some } q_k = 0 < p_k",
        "Truncation puts zeros where the model has mass: any character it removed would be infinitely "
        "surprising to the sampler. This is the direction maximum likelihood cares about.",
        note="infinite once anything is cut" if forward == float("inf") else "nothing was cut")
    controls.metric_with_formula(
        slots[1], "KL(sampled ‖ model)", f"{abs(reverse):.4f}",
        [r"\sum_k q_k \log\frac{q_k}{p_k}",
         r"\text{pure truncation at } T = 1:\ -\log\sum_{k\ \text{kept}} p_k"],
        "Finite: the sampler only goes where the model also goes. With truncation alone it is minus the log "
        "of the probability mass kept.", note="always finite here")
    controls.metric_with_formula(
        slots[2], "Model mass removed", f"{100 * dropped:.1f}%",
        rf"\sum_{{k\ \text{{dropped}}}} p_k = {dropped:.4f}", note=f"{int((~stages.kept).sum()) - 1} characters cut")
    st.page_link("app_pages/kl.py", label="Why one direction is infinite and the other is not: the KL page",
                 icon=":material/compare_arrows:")


notice_area = controls.start_page(
    "Temperature and top-p: how a language model picks its next token",
    "How do temperature, top-k, top-p and min-p reshape a language model's next-token distribution, and what "
    "do they do to the text it writes? A small model trained on this explorer's own prose answers live.")
with st.sidebar:
    controls.preset_buttons(SPEC.presets, where=st.sidebar, key_prefix="sampling-preset")
    st.divider()
    temperature = controls.control(SPEC.param("temperature"))
    top_k = controls.control(SPEC.param("top_k"))
    top_p = controls.control(SPEC.param("top_p"))
    min_p = controls.control(SPEC.param("min_p"))
    length = controls.control(SPEC.param("length"))
    seed = controls.seed_input(st.sidebar)

prompt = controls.control(SPEC.param("prompt"))
model_key = model_picker()
controls.show_url_notices(notice_area)
settings = dict(temperature=float(temperature), top_k=int(top_k), top_p=float(top_p), min_p=float(min_p))
try:
    view = next_token_view(model_key, prompt, seed=int(seed), **settings)
except ValueError as error:
    show_input_error(error, "the next-character distribution")
    st.stop()

model, encoded, stages = view["model"], view["encoded"], view["stages"]
if encoded.replaced:
    shown = ", ".join(repr(ch) for ch in encoded.replaced[:12])
    st.warning(f"The model has never seen {shown}{'…' if len(encoded.replaced) > 12 else ''}; those characters "
               "were read as spaces.", icon=":material/translate:")
if not encoded.ids.size:
    st.info("The prompt is empty: the model predicts the first character of a text.", icon=":material/info:")

h_model, h_final = sampling.entropy(stages.original), sampling.entropy(stages.final)
kept = int(stages.kept.sum())
st.markdown(f"**After “…{encoded.text[-30:]}” the model spreads its bets over about "
            f"{sampling.perplexity(stages.original):.1f} characters; with these settings {kept} "
            f"character{'s' if kept != 1 else ''} can be drawn, and the sampler behaves like a choice among "
            f"{sampling.perplexity(stages.final):.1f}.**")
slots = metric_slots(4, per_row=4)
controls.metric_with_formula(
    slots[0], "Entropy of the model", f"{h_model:.3f} nats",
    [r"H(p) = -\sum_k p_k \log p_k,\quad p = \mathrm{softmax}(z)", rf"= {h_model:.4f} \le \log V = "
     rf"\log {model.vocab_size - 1} = {sampling.max_entropy(model.vocab_size - 1):.3f}"],
    "Equality with log V only for the uniform distribution.",
    note=f"perplexity {sampling.perplexity(stages.original):.2f}")
controls.metric_with_formula(
    slots[1], "Entropy after the pipeline", f"{h_final:.3f} nats",
    [r"q = \mathrm{renorm}\big(\mathrm{minp}(\mathrm{topp}(\mathrm{topk}(\mathrm{softmax}(z/T)))))\big)",
     rf"H(q) = {h_final:.4f},\quad e^{{H(q)}} = {sampling.perplexity(stages.final):.3f}"],
    "Temperature first, then top-k, then top-p (the crossing token kept), then min-p, then renormalise.",
    note=f"perplexity {sampling.perplexity(stages.final):.2f}")
controls.metric_with_formula(
    slots[2], "Characters that can be drawn", f"{kept} of {model.vocab_size - 1}",
    [rf"\text{{top-k}} = {int(top_k)},\ \text{{top-p}} = {float(top_p):g},\ \text{{min-p}} = {float(min_p):g}",
     rf"\text{{after top-k: }} {int((stages.after_top_k > 0).sum())},\ \text{{after top-p: }} "
     rf"{int((stages.after_top_p > 0).sum())},\ \text{{final: }} {kept}"], note="the kept set")
top_char = int(stages.final.argmax())
controls.metric_with_formula(
    slots[3], f"Most likely next: “{figures.token_label(model.vocab[top_char])}”", f"{stages.final[top_char]:.3f}",
    [rf"p_{{\text{{model}}}} = {stages.original[top_char]:.4f}",
     rf"q_{{\text{{sampled}}}} = {stages.final[top_char]:.4f}"],
    "Its probability under the distribution actually sampled from (and, above, under the model itself).",
    note=f"model: {stages.original[top_char]:.3f}")
logit_values = [round(float(v), 6) for v in view["logits"][1:]]
show_snippet(f"""
import numpy as np
from scipy import special

# The model's logits after the prompt (one per character, in vocabulary order):
chars = {list(model.vocab[1:])!r}
z = np.array({logit_values!r})
T, top_k, top_p, min_p = {float(temperature)!r}, {int(top_k)}, {float(top_p)!r}, {float(min_p)!r}
p = np.eye(len(z))[z.argmax()] if T == 0 else np.exp(z / T - special.logsumexp(z / T))
if top_k:                                           # keep the k most likely
    p[np.argsort(-p, kind="stable")[top_k:]] = 0; p /= p.sum()
order = np.argsort(-p, kind="stable")               # nucleus: mass before each token < top_p
keep = (np.cumsum(p[order]) - p[order]) < top_p; keep[0] = True
p[order[~keep]] = 0; p /= p.sum()
p[p < min_p * p.max()] = 0; p /= p.sum()            # min-p
nz = p[p > 0]
print("kept:", (p > 0).sum(), " entropy:", -(nz * np.log(nz)).sum(), " perplexity:", np.exp(-(nz * np.log(nz)).sum()))
""")
show_figure(view["stages_figure"], "sampling-stages")

left, right = st.columns(2)
with left:
    show_figure(view["temperature_figure"], "sampling-temperature")
    st.caption("Drag the T slider under the figure (client-side): entropy rises from 0 (greedy) towards "
               "log V as T grows. The marker starts at the current temperature.")
with right:
    show_figure(view["samples_figure"], "sampling-draws")
    st.caption(f"{SAMPLE_COUNT:,} draws with the current seed. Each observed share should sit within about two "
               "standard errors of its probability, 19 times in 20.")

st.subheader("Generate")
try:
    sampled = generation_view(model_key, prompt, int(length), int(seed), **settings)
    greedy = greedy_view(model_key, prompt, int(length))
except ValueError as error:
    show_input_error(error, "the continuation")
    st.stop()
for title, generation in (("Sampled with these settings", sampled), ("Greedy (T = 0), for comparison", greedy)):
    st.markdown(f"**{title}** (darker = more probable under the model):")
    st.html(figures.coloured_text_html(generation.text(model), generation.model_probability))
slots = metric_slots(3, per_row=3)
controls.metric_with_formula(
    slots[0], "Log-likelihood of the sampled text", f"{sampled.log_likelihood:.2f}",
    [r"\log p(x_1..x_T \mid \text{prompt}) = \sum_{t=1}^{T} \log \mathrm{softmax}(z_t)[x_t]",
     rf"= {sampled.log_likelihood:.3f}\quad (T = {sampled.ids.size})"],
    "The chain rule: the logits computed after character t − 1 score character t. Always ≤ 0.",
    note="under the model (T = 1)")
controls.metric_with_formula(
    slots[1], "Perplexity of the sampled text", f"{sampled.perplexity:.3f}",
    [r"\exp\left(-\frac{\log p}{T}\right)",
     rf"= \exp\left(-\frac{{{sampled.log_likelihood:.3f}}}{{{sampled.ids.size}}}\right)"
     rf" = {sampled.perplexity:.3f}"], "Always ≥ 1; a uniform model over V characters would score V.",
    note=f"greedy text: {greedy.perplexity:.3f}")
controls.metric_with_formula(
    slots[2], "Greedy text log-likelihood", f"{greedy.log_likelihood:.2f}",
    rf"\sum_t \log p(\hat x_t \mid \cdot),\quad \hat x_t = \arg\max_k p_k = {greedy.log_likelihood:.3f}",
    "Greedy picks the best character at each step, not the most likely text: it often loops.",
    note="locally best, globally repetitive")
kl_section(stages)
