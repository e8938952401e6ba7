"""The /sampling page's words: the interpretation, the next-unit and generation panels, what
truncation costs in KL, and the many-continuations view (docs/maths.md §7). Numbers come from
core.sampling and core.lm; "unit" is the model's: a character, or a token."""

from __future__ import annotations

import numpy as np

import math

from core import charlm, lm, sampling
from explain import Panel
from i18n import N_, _
from concepts.sampling.spec import Settings
from concepts.sampling.figures import token_label, units


# Where a character model's training text came from (core.charlm.BUILTIN, CUSTOM), in words.
SOURCE_WORDS = {charlm.BUILTIN: N_("the explorer's own prose, in English and in Japanese"),
                charlm.CUSTOM: N_("your text")}


def interpretation(encoded: lm.EncodedPrompt, stages: sampling.PipelineStages, unit: str) -> str:
    kept = int(stages.kept.sum())
    return _("After “…{prompt}” the model spreads its bets over about {spread} {units}; with these settings {kept} "
             "{kept_units} can be drawn, and the sampler behaves like a choice among {choice}.").format(
        prompt=encoded.text[-30:], spread=f"{sampling.perplexity(stages.original):.1f}", units=units(unit),
        kept=f"{kept:,}", kept_units=units(unit, kept), choice=f"{sampling.perplexity(stages.final):.1f}")


def next_token_panels(model: lm.LanguageModel, stages: sampling.PipelineStages,
                      settings: Settings) -> list[Panel]:
    top_k, top_p, min_p = settings.top_k, settings.top_p, settings.min_p
    h_model, h_final = sampling.entropy(stages.original), sampling.entropy(stages.final)
    vocab = model.predictable  # the character model's padding symbol is never drawn
    unit = model.unit
    kept = int(stages.kept.sum())
    after_k, after_p, final = _("after top-k:"), _("after top-p:"), _("final:")
    top = int(stages.final.argmax())
    nats = _("{value} nats")
    return [
        Panel(_("Entropy of the model"), nats.format(value=f"{h_model:.3f}"),
              (r"H(p) = -\sum_k p_k \log p_k,\quad p = \mathrm{softmax}(z)",
               rf"= {h_model:.4f} \le \log V = \log {vocab} = {sampling.max_entropy(vocab):.3f}"),
              _("Equality with log V only for the uniform distribution."),
              note=_("perplexity {value}").format(value=f"{sampling.perplexity(stages.original):.2f}")),
        Panel(_("Entropy after the pipeline"), nats.format(value=f"{h_final:.3f}"),
              (r"q = \mathrm{renorm}\big(\mathrm{minp}(\mathrm{topp}(\mathrm{topk}(\mathrm{softmax}(z/T))))\big)",
               rf"H(q) = {h_final:.4f},\quad e^{{H(q)}} = {sampling.perplexity(stages.final):.3f}"),
              _("Temperature first, then top-k, then top-p (the crossing token kept), then min-p, then renormalise."),
              note=_("perplexity {value}").format(value=f"{sampling.perplexity(stages.final):.2f}")),
        Panel(_("{units} that can be drawn").format(units=units(unit).capitalize()),
              _("{kept} of {vocab}").format(kept=f"{kept:,}", vocab=f"{vocab:,}"),
              (rf"\text{{top-k}} = {top_k},\ \text{{top-p}} = {top_p:g},\ \text{{min-p}} = {min_p:g}",
               rf"\text{{{after_k} }} {int((stages.after_top_k > 0).sum())},\ \text{{{after_p} }} "
               rf"{int((stages.after_top_p > 0).sum())},\ \text{{{final} }} {kept}"), note=_("the kept set")),
        Panel(_("Most likely next: “{label}”").format(label=token_label(model.vocab[top])), f"{stages.final[top]:.3f}",
              (rf"p_{{\text{{model}}}} = {stages.original[top]:.4f}",
               rf"q_{{\text{{sampled}}}} = {stages.final[top]:.4f}"),
              _("Its probability under the distribution actually sampled from (and, above, under the model itself)."),
              note=_("model: {value}").format(value=f"{stages.original[top]:.3f}")),
    ]


def generation_panels(sampled: lm.Generation, greedy: lm.Generation, unit: str) -> list[Panel]:
    return [
        Panel(_("Log-likelihood of the sampled text"), f"{sampled.log_likelihood:.2f}",
              (r"\log p(x_1..x_L \mid \text{prompt}) = \sum_{t=1}^{L} \log \mathrm{softmax}(z_t)[x_t]",
               rf"= {sampled.log_likelihood:.3f}\quad (L = {sampled.ids.size})"),
              _("The chain rule: the logits computed after {unit} t − 1 score {unit} t. Always ≤ 0.").format(
                  unit=units(unit, 1)),
              note=_("under the model (T = 1)")),
        Panel(_("Perplexity of the sampled text"), f"{sampled.perplexity:.3f}",
              (r"\exp\left(-\frac{\log p}{L}\right)",
               rf"= \exp\left(-\frac{{{sampled.log_likelihood:.3f}}}{{{sampled.ids.size}}}\right)"
               rf" = {sampled.perplexity:.3f}"),
              _("Always ≥ 1; a uniform model over V {units} would score V.").format(units=units(unit)),
              note=_("greedy text: {value}").format(value=f"{greedy.perplexity:.3f}")),
        Panel(_("Greedy text log-likelihood"), f"{greedy.log_likelihood:.2f}",
              (r"\hat x_t = \arg\max_k \mathrm{softmax}(z_t)_k",
               rf"\sum_{{t=1}}^{{L}} \log p(\hat x_t \mid \cdot) = {greedy.log_likelihood:.3f}"),
              _("Greedy picks the best {unit} at each step, not the most likely text: it often loops.").format(
                  unit=units(unit, 1)),
              note=_("locally best, globally repetitive")),
    ]


def truncation_panels(stages: sampling.PipelineStages, model: lm.LanguageModel) -> list[Panel]:
    forward = sampling.kl_divergence(stages.original, stages.final)
    reverse = sampling.kl_divergence(stages.final, stages.original)
    dropped = float(stages.original[~stages.kept].sum())
    infinite = forward == float("inf")
    whenever, pure, kept, dropped_word = _("whenever some"), _("pure truncation at"), _("kept"), _("dropped")
    cut = model.predictable - int(stages.kept.sum())
    return [
        Panel(_("KL(model ‖ sampled)"), "∞" if infinite else f"{abs(forward):.4f}",
              rf"\sum_k p_k \log\frac{{p_k}}{{q_k}} = \infty \ \text{{ {whenever} }} q_k = 0 < p_k",
              _("Truncation puts zeros where the model has mass: any {unit} it removed would be infinitely surprising "
                "to the sampler. This is the direction maximum likelihood cares about.").format(
                  unit=units(model.unit, 1)),
              note=_("infinite once anything is cut") if infinite else _("nothing was cut")),
        Panel(_("KL(sampled ‖ model)"), f"{abs(reverse):.4f}",
              (r"\sum_k q_k \log\frac{q_k}{p_k}",
               rf"\text{{{pure} }} T = 1:\ -\log\sum_{{k\ \text{{{kept}}}}} p_k"),
              _("Finite: the sampler only goes where the model also goes. With truncation alone it is minus the log "
                "of the probability mass kept."), note=_("always finite here")),
        Panel(_("Model mass removed"), f"{100 * dropped:.1f}%",
              rf"\sum_{{k\ \text{{{dropped_word}}}}} p_k = {dropped:.4f}",
              note=_("{count} {units} cut").format(count=f"{cut:,}", units=units(model.unit, cut))),
    ]


def model_description(model: lm.LanguageModel) -> str:
    if not isinstance(model, charlm.TrainedModel):   # a real language model (core.hflm), in the reader's words
        return _("{name}: a {kind} causal language model with {parameters} parameters, a vocabulary of {vocab} tokens "
                 "and a context of {context} tokens, loaded from this machine with its own tokenizer.").format(
            name=model.name, kind=model.network.config.model_type, parameters=f"{model.parameters:,}",
            vocab=f"{model.vocab_size:,}", context=f"{model.context:,}")
    text = _("A character-level neural language model (the previous {context} characters → embedding → tanh layer of "
             "{hidden} → softmax over {vocab} characters), trained for {steps} Adam steps on {characters} characters "
             "of {source}. Final training loss {loss} nats per character (perplexity {perplexity}).").format(
        context=charlm.CONTEXT, hidden=charlm.HIDDEN, vocab=model.vocab_size - 1, steps=model.steps,
        characters=f"{model.characters:,}", source=_(SOURCE_WORDS[model.source]), loss=f"{model.train_loss:.3f}",
        perplexity=f"{sampling.perplexity_from_loss(model.train_loss):.2f}")
    return text


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
        logits_comment = _("The model's logits after the prompt (one per character, in vocabulary order):")
        logit_values = [round(float(v), 6) for v in logits[1:]]
        return f"""
import numpy as np
from scipy import special

# {logits_comment}
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
        return _("Reproduce these numbers in Python (numpy and scipy only)")
    return _("Reproduce these numbers in Python (transformers for the logits, then numpy and scipy)")


def sequence_panels(sample: lm.SequenceSample, unit: str) -> list[Panel]:
    perplexities = sample.perplexities
    count, length = sample.log_probs.shape
    lengths, spread = sample.surprisal_spread()
    # A spread below this is rounding, not variation (at T = 0 every continuation is the same and the sds are
    # ~3e-17 nats): the ratio of two such numbers is noise and was shown as "narrowing 0.56×".
    usable = spread > lm.SPREAD_RESOLUTION
    ratio = spread[usable][0] / spread[usable][-1] if usable.sum() > 1 else math.nan
    growth = math.sqrt(lengths[usable][-1] / lengths[usable][0]) if usable.sum() > 1 else math.nan
    word_from, word_to, ratio_of_lengths = _("from"), _("to"), _("ratio of lengths")
    return [
        Panel(_("Median perplexity"), f"{np.median(perplexities):.3f}",
              (r"\mathrm{PPL} = \exp\left(-\frac{1}{L}\sum_{t=1}^{L} \log p(x_t \mid x_{<t})\right)",),
              _("Over {count} continuations of {length} {units}, each drawn with these settings and scored by the "
                "model itself (T = 1, no truncation).").format(count=count, length=length,
                                                              units=units(unit, length)),
              note=_("middle 90%: {low} to {high}").format(low=f"{np.percentile(perplexities, 5):.3g}",
                                                           high=f"{np.percentile(perplexities, 95):.3g}")),
        Panel(_("Sequence log-likelihood (mean ± sd)"), f"{sample.log_likelihoods.mean():.2f}",
              (r"\log p(x_1..x_L) = \sum_{t} \log p(x_t \mid x_{<t})",),
              _("A sum of per-unit surprisals: its mean grows like L and its spread like √L, so the per-unit average "
                "settles."), note=_("sd {sd}").format(sd=f"{sample.log_likelihoods.std(ddof=1):.2f}")),
        Panel((_("Spread of surprisal per {unit}: widening") if ratio < 1 else
               _("Spread of surprisal per {unit}: narrowing")).format(unit=units(unit, 1)),
              "—" if math.isnan(ratio) else f"{ratio:.2f}×",
              (r"\mathrm{sd}\left(\tfrac{1}{L}\sum_{t \le L} s_t\right) \approx \frac{\sigma_s}{\sqrt{L}}",
               rf"\text{{{word_from} }} L = {lengths[usable][0] if usable.any() else 1} \text{{ {word_to} }} "
               rf"{length}:\ \sqrt{{\text{{{ratio_of_lengths}}}}} = {growth:.2f}"),
              _("The CLT page's idea applied to text: if the surprisals were independent the spread would shrink by "
                "the square root of the length ratio; dependence between neighbouring units slows it."),
              note=_("every continuation is the same: no spread to compare") if math.isnan(ratio) else
              _("ratio of sds, shortest to longest")),
    ]


def settings_summary(length: int, count: int) -> list[str]:
    """What the Settings panel holds besides the seed, for the line beside it."""
    return [_("length {length}").format(length=f"{length:,}"), _("{count} continuations").format(count=count)]
