"""The /sampling page's words: the interpretation, the next-character and generation panels, and
what truncation costs in KL (docs/maths.md §7). Numbers come from core.sampling."""

from __future__ import annotations

import numpy as np

from core import charlm, sampling
from explain import Panel
from specs.sampling import Settings
from viz.sampling import token_label


def interpretation(encoded: charlm.EncodedPrompt, stages: sampling.PipelineStages) -> str:
    kept = int(stages.kept.sum())
    return (f"After “…{encoded.text[-30:]}” the model spreads its bets over about "
            f"{sampling.perplexity(stages.original):.1f} characters; with these settings {kept} "
            f"character{'s' if kept != 1 else ''} can be drawn, and the sampler behaves like a choice among "
            f"{sampling.perplexity(stages.final):.1f}.")


def next_token_panels(model: charlm.TrainedModel, stages: sampling.PipelineStages,
                      settings: Settings) -> list[Panel]:
    top_k, top_p, min_p = settings.top_k, settings.top_p, settings.min_p
    h_model, h_final = sampling.entropy(stages.original), sampling.entropy(stages.final)
    vocab = model.vocab_size - 1  # the padding symbol is never drawn
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
        Panel("Characters that can be drawn", f"{kept} of {vocab}",
              (rf"\text{{top-k}} = {top_k},\ \text{{top-p}} = {top_p:g},\ \text{{min-p}} = {min_p:g}",
               rf"\text{{after top-k: }} {int((stages.after_top_k > 0).sum())},\ \text{{after top-p: }} "
               rf"{int((stages.after_top_p > 0).sum())},\ \text{{final: }} {kept}"), note="the kept set"),
        Panel(f"Most likely next: “{token_label(model.vocab[top])}”", f"{stages.final[top]:.3f}",
              (rf"p_{{\text{{model}}}} = {stages.original[top]:.4f}",
               rf"q_{{\text{{sampled}}}} = {stages.final[top]:.4f}"),
              "Its probability under the distribution actually sampled from (and, above, under the model itself).",
              note=f"model: {stages.original[top]:.3f}"),
    ]


def generation_panels(sampled: charlm.Generation, greedy: charlm.Generation) -> list[Panel]:
    return [
        Panel("Log-likelihood of the sampled text", f"{sampled.log_likelihood:.2f}",
              (r"\log p(x_1..x_T \mid \text{prompt}) = \sum_{t=1}^{T} \log \mathrm{softmax}(z_t)[x_t]",
               rf"= {sampled.log_likelihood:.3f}\quad (T = {sampled.ids.size})"),
              "The chain rule: the logits computed after character t − 1 score character t. Always ≤ 0.",
              note="under the model (T = 1)"),
        Panel("Perplexity of the sampled text", f"{sampled.perplexity:.3f}",
              (r"\exp\left(-\frac{\log p}{T}\right)",
               rf"= \exp\left(-\frac{{{sampled.log_likelihood:.3f}}}{{{sampled.ids.size}}}\right)"
               rf" = {sampled.perplexity:.3f}"), "Always ≥ 1; a uniform model over V characters would score V.",
              note=f"greedy text: {greedy.perplexity:.3f}"),
        Panel("Greedy text log-likelihood", f"{greedy.log_likelihood:.2f}",
              rf"\sum_t \log p(\hat x_t \mid \cdot),\quad \hat x_t = \arg\max_k p_k = {greedy.log_likelihood:.3f}",
              "Greedy picks the best character at each step, not the most likely text: it often loops.",
              note="locally best, globally repetitive"),
    ]


def truncation_panels(stages: sampling.PipelineStages) -> list[Panel]:
    forward = sampling.kl_divergence(stages.original, stages.final)
    reverse = sampling.kl_divergence(stages.final, stages.original)
    dropped = float(stages.original[~stages.kept].sum())
    infinite = forward == float("inf")
    return [
        Panel("KL(model ‖ sampled)", "∞" if infinite else f"{abs(forward):.4f}",
              r"\sum_k p_k \log\frac{p_k}{q_k} = \infty \ \text{ whenever some } q_k = 0 < p_k",
              "Truncation puts zeros where the model has mass: any character it removed would be infinitely "
              "surprising to the sampler. This is the direction maximum likelihood cares about.",
              note="infinite once anything is cut" if infinite else "nothing was cut"),
        Panel("KL(sampled ‖ model)", f"{abs(reverse):.4f}",
              (r"\sum_k q_k \log\frac{q_k}{p_k}", r"\text{pure truncation at } T = 1:\ -\log\sum_{k\ \text{kept}} p_k"),
              "Finite: the sampler only goes where the model also goes. With truncation alone it is minus the log "
              "of the probability mass kept.", note="always finite here"),
        Panel("Model mass removed", f"{100 * dropped:.1f}%", rf"\sum_{{k\ \text{{dropped}}}} p_k = {dropped:.4f}",
              note=f"{int((~stages.kept).sum()) - 1} characters cut"),
    ]


def model_description(model: charlm.TrainedModel) -> str:
    return (f"A character-level neural language model (the previous {charlm.CONTEXT} characters → embedding → "
            f"tanh layer of {charlm.HIDDEN} → softmax over {model.vocab_size - 1} characters), trained for "
            f"{model.steps} Adam steps on {model.characters:,} characters of {model.source}. Final training loss "
            f"{model.train_loss:.3f} nats per character "
            f"(perplexity {sampling.perplexity_from_loss(model.train_loss):.2f}).")


def pipeline_snippet(model: charlm.TrainedModel, logits: np.ndarray, settings: Settings) -> str:
    """A numpy/scipy script that runs the page's pipeline on these logits and prints its numbers."""
    logit_values = [round(float(v), 6) for v in logits[1:]]
    return f"""
import numpy as np
from scipy import special

# The model's logits after the prompt (one per character, in vocabulary order):
chars = {list(model.vocab[1:])!r}
z = np.array({logit_values!r})
T, top_k, top_p, min_p = {settings.temperature!r}, {settings.top_k}, {settings.top_p!r}, {settings.min_p!r}
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
