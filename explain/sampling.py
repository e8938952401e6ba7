"""The /sampling page's words: the interpretation, the next-unit and generation panels, what
truncation costs in KL, and the many-continuations view (docs/maths.md §7). Numbers come from
core.sampling and core.lm; "unit" is the model's: a character, or a token."""

from __future__ import annotations

import numpy as np

import math

from core import charlm, lm, sampling
from explain import Panel
from specs.sampling import Settings
from viz.sampling import token_label


def interpretation(encoded: lm.EncodedPrompt, stages: sampling.PipelineStages, unit: str) -> str:
    kept = int(stages.kept.sum())
    return (f"After “…{encoded.text[-30:]}” the model spreads its bets over about "
            f"{sampling.perplexity(stages.original):.1f} {unit}s; with these settings {kept:,} "
            f"{unit}{'s' if kept != 1 else ''} can be drawn, and the sampler behaves like a choice among "
            f"{sampling.perplexity(stages.final):.1f}.")


def next_token_panels(model: lm.LanguageModel, stages: sampling.PipelineStages,
                      settings: Settings) -> list[Panel]:
    top_k, top_p, min_p = settings.top_k, settings.top_p, settings.min_p
    h_model, h_final = sampling.entropy(stages.original), sampling.entropy(stages.final)
    vocab = model.predictable  # the character model's padding symbol is never drawn
    unit = model.unit
    kept = int(stages.kept.sum())
    top = int(stages.final.argmax())
    return [
        Panel("Entropy of the model", f"{h_model:.3f} nats",
              (r"H(p) = -\sum_k p_k \log p_k,\quad p = \mathrm{softmax}(z)",
               rf"= {h_model:.4f} \le \log V = \log {vocab} = {sampling.max_entropy(vocab):.3f}"),
              "Equality with log V only for the uniform distribution.",
              note=f"perplexity {sampling.perplexity(stages.original):.2f}"),
        Panel("Entropy after the pipeline", f"{h_final:.3f} nats",
              (r"q = \mathrm{renorm}\big(\mathrm{minp}(\mathrm{topp}(\mathrm{topk}(\mathrm{softmax}(z/T)))))\big)",
               rf"H(q) = {h_final:.4f},\quad e^{{H(q)}} = {sampling.perplexity(stages.final):.3f}"),
              "Temperature first, then top-k, then top-p (the crossing token kept), then min-p, then renormalise.",
              note=f"perplexity {sampling.perplexity(stages.final):.2f}"),
        Panel(f"{unit.capitalize()}s that can be drawn", f"{kept:,} of {vocab:,}",
              (rf"\text{{top-k}} = {top_k},\ \text{{top-p}} = {top_p:g},\ \text{{min-p}} = {min_p:g}",
               rf"\text{{after top-k: }} {int((stages.after_top_k > 0).sum())},\ \text{{after top-p: }} "
               rf"{int((stages.after_top_p > 0).sum())},\ \text{{final: }} {kept}"), note="the kept set"),
        Panel(f"Most likely next: “{token_label(model.vocab[top])}”", f"{stages.final[top]:.3f}",
              (rf"p_{{\text{{model}}}} = {stages.original[top]:.4f}",
               rf"q_{{\text{{sampled}}}} = {stages.final[top]:.4f}"),
              "Its probability under the distribution actually sampled from (and, above, under the model itself).",
              note=f"model: {stages.original[top]:.3f}"),
    ]


def generation_panels(sampled: lm.Generation, greedy: lm.Generation, unit: str) -> list[Panel]:
    return [
        Panel("Log-likelihood of the sampled text", f"{sampled.log_likelihood:.2f}",
              (r"\log p(x_1..x_T \mid \text{prompt}) = \sum_{t=1}^{T} \log \mathrm{softmax}(z_t)[x_t]",
               rf"= {sampled.log_likelihood:.3f}\quad (T = {sampled.ids.size})"),
              f"The chain rule: the logits computed after {unit} t − 1 score {unit} t. Always ≤ 0.",
              note="under the model (T = 1)"),
        Panel("Perplexity of the sampled text", f"{sampled.perplexity:.3f}",
              (r"\exp\left(-\frac{\log p}{T}\right)",
               rf"= \exp\left(-\frac{{{sampled.log_likelihood:.3f}}}{{{sampled.ids.size}}}\right)"
               rf" = {sampled.perplexity:.3f}"), f"Always ≥ 1; a uniform model over V {unit}s would score V.",
              note=f"greedy text: {greedy.perplexity:.3f}"),
        Panel("Greedy text log-likelihood", f"{greedy.log_likelihood:.2f}",
              rf"\sum_t \log p(\hat x_t \mid \cdot),\quad \hat x_t = \arg\max_k p_k = {greedy.log_likelihood:.3f}",
              f"Greedy picks the best {unit} at each step, not the most likely text: it often loops.",
              note="locally best, globally repetitive"),
    ]


def truncation_panels(stages: sampling.PipelineStages, model: lm.LanguageModel) -> list[Panel]:
    forward = sampling.kl_divergence(stages.original, stages.final)
    reverse = sampling.kl_divergence(stages.final, stages.original)
    dropped = float(stages.original[~stages.kept].sum())
    infinite = forward == float("inf")
    return [
        Panel("KL(model ‖ sampled)", "∞" if infinite else f"{abs(forward):.4f}",
              r"\sum_k p_k \log\frac{p_k}{q_k} = \infty \ \text{ whenever some } q_k = 0 < p_k",
              f"Truncation puts zeros where the model has mass: any {model.unit} it removed would be infinitely "
              "surprising to the sampler. This is the direction maximum likelihood cares about.",
              note="infinite once anything is cut" if infinite else "nothing was cut"),
        Panel("KL(sampled ‖ model)", f"{abs(reverse):.4f}",
              (r"\sum_k q_k \log\frac{q_k}{p_k}", r"\text{pure truncation at } T = 1:\ -\log\sum_{k\ \text{kept}} p_k"),
              "Finite: the sampler only goes where the model also goes. With truncation alone it is minus the log "
              "of the probability mass kept.", note="always finite here"),
        Panel("Model mass removed", f"{100 * dropped:.1f}%", rf"\sum_{{k\ \text{{dropped}}}} p_k = {dropped:.4f}",
              note=f"{model.predictable - int(stages.kept.sum()):,} {model.unit}s cut"),
    ]


def model_description(model: lm.LanguageModel) -> str:
    if not isinstance(model, charlm.TrainedModel):
        return model.describe()
    return (f"A character-level neural language model (the previous {charlm.CONTEXT} characters → embedding → "
            f"tanh layer of {charlm.HIDDEN} → softmax over {model.vocab_size - 1} characters), trained for "
            f"{model.steps} Adam steps on {model.characters:,} characters of {model.source}. Final training loss "
            f"{model.train_loss:.3f} nats per character "
            f"(perplexity {sampling.perplexity_from_loss(model.train_loss):.2f}).")


_PIPELINE = """T, top_k, top_p, min_p = {temperature!r}, {top_k}, {top_p!r}, {min_p!r}
p = np.eye(len(z))[z.argmax()] if T == 0 else np.exp(z / T - special.logsumexp(z / T))
if top_k:                                           # keep the k most likely
    p[np.argsort(-p, kind="stable")[top_k:]] = 0; p /= p.sum()
order = np.argsort(-p, kind="stable")               # nucleus: mass before each token < top_p
keep = (np.cumsum(p[order]) - p[order]) < top_p; keep[0] = True
p[order[~keep]] = 0; p /= p.sum()
p[p < min_p * p.max()] = 0; p /= p.sum()            # min-p
nz = p[p > 0]
entropy = -(nz * np.log(nz)).sum()
print("kept:", (p > 0).sum(), " entropy:", entropy, " perplexity:", np.exp(entropy))
"""


def pipeline_snippet(model: lm.LanguageModel, logits: np.ndarray, settings: Settings, prompt: str) -> str:
    """A script that runs the page's pipeline on these logits and prints its numbers: numpy and scipy
    with the character model's logits written out; for a token model (tens of thousands of logits)
    the model itself is loaded with transformers, as the page does."""
    pipeline = _PIPELINE.format(temperature=settings.temperature, top_k=settings.top_k, top_p=settings.top_p,
                                min_p=settings.min_p)
    if isinstance(model, charlm.TrainedModel):
        logit_values = [round(float(v), 6) for v in logits[1:]]
        return f"""
import numpy as np
from scipy import special

# The model's logits after the prompt (one per character, in vocabulary order):
chars = {list(model.vocab[1:])!r}
z = np.array({logit_values!r})
""" + pipeline
    return f"""
import numpy as np
import torch
from scipy import special
from transformers import AutoModelForCausalLM, AutoTokenizer

name = {model.name!r}                                # PROB_EXPLORER_LM on this server
tokenizer = AutoTokenizer.from_pretrained(name, local_files_only=True)
model = AutoModelForCausalLM.from_pretrained(name, local_files_only=True)
ids = tokenizer({prompt!r}, add_special_tokens=False)["input_ids"] or [tokenizer.bos_token_id]
with torch.no_grad():
    z = model(input_ids=torch.tensor([ids])).logits[0, -1].double().numpy()
""" + pipeline


def snippet_label(model: lm.LanguageModel) -> str:
    if isinstance(model, charlm.TrainedModel):
        return "Reproduce these numbers in Python (numpy and scipy only)"
    return "Reproduce these numbers in Python (transformers for the logits, then numpy and scipy)"


def sequence_panels(sample: lm.SequenceSample, unit: str) -> list[Panel]:
    perplexities = sample.perplexities
    count, length = sample.log_probs.shape
    lengths, spread = sample.surprisal_spread()
    usable = spread > 0
    ratio = spread[usable][0] / spread[usable][-1] if usable.sum() > 1 else math.nan
    growth = math.sqrt(lengths[usable][-1] / lengths[usable][0]) if usable.sum() > 1 else math.nan
    return [
        Panel("Median perplexity", f"{np.median(perplexities):.3f}",
              (r"\mathrm{PPL} = \exp\left(-\frac{1}{L}\sum_{t=1}^{L} \log p(x_t \mid x_{<t})\right)",),
              f"Over {count} continuations of {length} {unit}s, each drawn with these settings and scored by the "
              "model itself (T = 1, no truncation).",
              note=f"middle 90%: {np.percentile(perplexities, 5):.3g} to {np.percentile(perplexities, 95):.3g}"),
        Panel("Sequence log-likelihood (mean ± sd)", f"{sample.log_likelihoods.mean():.2f}",
              (r"\log p(x_1..x_L) = \sum_{t} \log p(x_t \mid x_{<t})",),
              "A sum of per-unit surprisals: its mean grows like L and its spread like √L, so the per-unit "
              "average settles.", note=f"sd {sample.log_likelihoods.std(ddof=1):.2f}"),
        Panel(f"Spread of surprisal per {unit}: narrowing", "—" if math.isnan(ratio) else f"{ratio:.2f}×",
              (r"\mathrm{sd}\left(\tfrac{1}{L}\sum_{t \le L} s_t\right) \approx \frac{\sigma_s}{\sqrt{L}}",
               rf"\text{{from }} L = {lengths[usable][0] if usable.any() else 1} \text{{ to }} {length}:\ "
               rf"\sqrt{{\text{{ratio of lengths}}}} = {growth:.2f}"),
              "The CLT page's idea applied to text: if the surprisals were independent the spread would shrink "
              "by the square root of the length ratio; dependence between neighbouring units slows it.",
              note="ratio of sds, shortest to longest"),
    ]
