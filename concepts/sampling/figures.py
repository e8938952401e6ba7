"""Figures for the sampling page: the distribution at each pipeline stage with the kept set and the
nucleus threshold, entropy and perplexity against temperature, and 1000
seeded samples against the probabilities they were drawn from."""

from __future__ import annotations

import html

import numpy as np

from core.lm import Generation, SequenceSample
from core.sampling import PipelineStages, TemperatureSweep
from i18n import _, ngettext
from viz.theme import (OKABE_ITO, FigureSpec, bar, new_figure, scatter, secondary_y_figure,
                        title, two_columns_figure, two_rows_figure)

TOP_TOKENS = 20



def units(unit: str, count: float = 2) -> str:
    """The model's unit ("character" or "token", core.lm) in the reader's words, for `count` of them."""
    if unit == "token":
        return ngettext("token", "tokens", count)
    return ngettext("character", "characters", count)

def token_label(piece: str) -> str:
    """A visible label for a character or token: spaces and new lines must not vanish on an axis."""
    return piece.replace(" ", "␣").replace("\n", "⏎") if piece else "∅"


def _labels(vocab: tuple[str, ...], ids: np.ndarray) -> list[str]:
    """Axis labels for ids; a label two tokens share (tokens that decode alike) gets the id added,
    or Plotly would stack their bars in one category."""
    labels = [token_label(vocab[i]) for i in ids]
    return [f"{label} #{i}" if labels.count(label) > 1 else label for label, i in zip(labels, ids)]


def stages_figure(stages: PipelineStages, vocab: tuple[str, ...], predictable: int, unit: str,
                  top_p: float) -> FigureSpec:
    # The model's own top units (the same order as after any temperature above 0), so the bars keep
    # their places while the temperature moves.
    order = np.argsort(-stages.original, kind="stable")[:TOP_TOKENS]
    labels = _labels(vocab, order)
    # No count in the title: temperature and top-p are live controls, and a title change costs a
    # full redraw per move (the count is the "can be drawn" metric, which follows them).
    fig = two_columns_figure(
        _("The next-{unit} distribution at each stage of the pipeline ({count} {units})").format(
            unit=units(unit, 1), count=f"{predictable:,}", units=units(unit, predictable)),
        (_("top {count} {units}").format(count=len(order), units=units(unit, len(order))),
         _("cumulative, sorted")), widths=(0.62, 0.38))
    kept = stages.kept[order]
    fig.add_trace(bar(x=labels, y=stages.original[order], name=_("model (T = 1)"),
                      marker=dict(color=OKABE_ITO["sky"])))
    fig.add_trace(bar(x=labels, y=stages.tempered[order], name=_("after temperature T"),
                      marker=dict(color=OKABE_ITO["orange"])))
    fig.add_trace(bar(x=labels, y=stages.final[order], name=_("final: kept and renormalised"),
                      marker=dict(color=np.where(kept, OKABE_ITO["blue"], "rgba(0,0,0,0)"),
                                  line=dict(color=OKABE_ITO["blue"], width=1.5))))
    cumulative = np.cumsum(stages.after_top_k[np.argsort(-stages.after_top_k, kind="stable")])[:TOP_TOKENS]
    ranks = np.arange(1, cumulative.size + 1)
    fig.add_trace(scatter(x=ranks, y=cumulative, mode="lines+markers", name=_("cumulative probability"),
                          line=dict(color=OKABE_ITO["green"], width=2.5), xaxis="x2", yaxis="y2"))
    fig.add_trace(scatter(x=[1, int(ranks[-1])], y=[top_p, top_p], mode="lines", name=_("top_p threshold"),
                          line=dict(color=OKABE_ITO["vermillion"], width=2, dash="dash"), xaxis="x2", yaxis="y2"))
    fig.update_layout(height=470, barmode="group", bargap=0.15, margin=dict(b=120),
                      legend=dict(orientation="h", yanchor="top", y=-0.16, x=0),
                      xaxis=dict(title=title(_("next {unit} (␣ = space)").format(unit=units(unit, 1)))),
                      yaxis=dict(title=title(_("probability"))), xaxis2=dict(title=title(_("rank"))),
                      yaxis2=dict(title=title(_("cumulative probability")), range=[0, 1.02]))
    return fig


def temperature_figure(sweep: TemperatureSweep, current: float) -> FigureSpec:
    """Entropy and perplexity against T, with a marker at the current temperature (the page's live
    temperature control moves it while dragged)."""
    index = int(np.argmin(np.abs(sweep.temperatures - current)))
    # A title without the current numbers: a title change redraws the whole figure, and the live
    # temperature moves the marker many times a second (the numbers are in the metrics).
    fig = secondary_y_figure(_("Entropy and perplexity against temperature (marker: the current T)"),
                             _("temperature T"), (_("entropy (nats)"), _("perplexity")))
    fig.add_trace(scatter(x=sweep.temperatures, y=sweep.entropies, mode="lines", name=_("entropy H (nats)"),
                          line=dict(color=OKABE_ITO["blue"], width=3)))
    fig.add_trace(scatter(x=sweep.temperatures, y=sweep.perplexities, mode="lines",
                          name=_("perplexity exp(H): effective choices"),
                          line=dict(color=OKABE_ITO["vermillion"], width=3, dash="dash"), yaxis="y2"))
    fig.add_trace(scatter(x=[sweep.temperatures[index]], y=[sweep.entropies[index]], mode="markers",
                          name=_("the current temperature"), showlegend=False,
                          marker=dict(size=13, color=OKABE_ITO["orange"], line=dict(color="black", width=1))))
    fig.update_xaxes(range=[-0.05, float(sweep.temperatures[-1]) + 0.05])
    fig.update_yaxes(range=[-0.05 * float(sweep.entropies.max()), 1.08 * float(sweep.entropies.max())])
    fig.update_layout(height=440, margin=dict(b=120), legend=dict(orientation="h", yanchor="top", y=-0.2, x=0),
                      yaxis2=dict(range=[1 - 0.05 * (float(sweep.perplexities.max()) - 1),
                                         1 + 1.08 * (float(sweep.perplexities.max()) - 1)]))
    return fig


def samples_figure(p: np.ndarray, counts: np.ndarray, vocab: tuple[str, ...], unit: str) -> FigureSpec:
    total = int(counts.sum())
    order = np.argsort(-p, kind="stable")
    order = order[p[order] > 0][:TOP_TOKENS]
    labels = _labels(vocab, order)
    fig = new_figure(_("{count} seeded draws against the probabilities they came from").format(count=f"{total:,}"),
                     _("{unit} (␣ = space)").format(unit=units(unit, 1)), _("share of draws"))
    fig.add_trace(bar(x=labels, y=counts[order] / total, name=_("observed share"),
                      marker=dict(color=OKABE_ITO["sky"])))
    errors = np.sqrt(p[order] * (1 - p[order]) / total)
    fig.add_trace(scatter(x=labels, y=p[order], mode="markers", name=_("probability ± 2 standard errors"),
                          marker=dict(color=OKABE_ITO["vermillion"], size=10, symbol="diamond"),
                          error_y=dict(type="data", array=2 * errors, visible=True)))
    fig.update_layout(height=400, legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0))
    return fig


def coloured_text_html(pieces: list[str], probabilities: np.ndarray) -> str:
    """Each generated character or token on a background whose strength is its model probability.

    Pieces are HTML-escaped one by one: the text comes from a model trained on user text.
    """
    spans = []
    for ch, p in zip(pieces, probabilities):
        shade = 0.12 + 0.75 * float(p)
        spans.append(f'<span title="p = {float(p):.3f}" style="background: rgba(0,114,178,{shade:.2f}); '
                     f'color: {"white" if p > 0.55 else "#1F2430"}; padding: 1px 0">'
                     f"{html.escape(ch.replace(chr(10), '⏎')).replace(' ', '&nbsp;')}</span>")
    return ('<div style="font-family: ui-monospace, monospace; font-size: 1.05rem; line-height: 1.9; '
            'word-break: break-all">' + "".join(spans) + "</div>")


def truncation_steps_figure(generation: Generation, unit: str) -> FigureSpec:
    """Per generated unit: the model mass each rule left in play, and KL(sampled ‖ model)."""
    steps = np.arange(1, generation.ids.size + 1)
    fig = two_rows_figure(_("What truncation cost at each generated {unit}").format(unit=units(unit, 1)),
                          (_("probability mass still in play"), _("KL(sampled ‖ model), nats")),
                          _("generated {unit} t").format(unit=units(unit, 1)), (_("mass kept"), "KL"))
    for column, (name, colour, dash) in enumerate(((_("after top-k"), OKABE_ITO["sky"], "solid"),
                                                   (_("after top-p"), OKABE_ITO["blue"], "dash"),
                                                   (_("after min-p (final)"), OKABE_ITO["vermillion"], "dot"))):
        fig.add_trace(scatter(x=steps, y=generation.kept_mass[:, column], mode="lines", name=name,
                              line=dict(color=colour, width=2.5, dash=dash)))
    fig.add_trace(scatter(x=steps, y=generation.truncation_kl, mode="lines+markers", name=_("KL(sampled ‖ model)"),
                          line=dict(color=OKABE_ITO["green"], width=2), marker=dict(size=4), xaxis="x2",
                          yaxis="y2"))
    fig.update_layout(height=480, margin=dict(b=110), legend=dict(orientation="h", yanchor="top", y=-0.14, x=0),
                      yaxis=dict(range=[0, 1.05]), yaxis2=dict(rangemode="tozero"))
    return fig


def sequences_figure(sample: SequenceSample, unit: str) -> FigureSpec:
    """Left: perplexities of many seeded continuations. Right: their spread against length (log-log)."""
    count, length = sample.log_probs.shape
    fig = two_columns_figure(_("{count} seeded continuations of {length} {units}").format(
        count=count, length=length, units=units(unit, length)),
        (_("perplexity of each continuation"), _("spread of mean surprisal per {unit}").format(unit=units(unit, 1))),
        widths=(0.5, 0.5))
    perplexities = sample.perplexities
    fig.add_trace({"type": "histogram", "x": perplexities, "nbinsx": 30, "name": _("continuations"),
                   "marker": {"color": OKABE_ITO["sky"]}, "showlegend": False})
    lengths, spread = sample.surprisal_spread()
    usable = spread > 0
    fig.add_trace(scatter(x=lengths[usable], y=spread[usable], mode="lines+markers", name=_("sd across continuations"),
                          line=dict(color=OKABE_ITO["blue"], width=2.5), xaxis="x2", yaxis="y2"))
    if usable.any():
        anchor_n, anchor_sd = float(lengths[usable][0]), float(spread[usable][0])
        span = np.array([anchor_n, float(lengths[-1])])
        fig.add_trace(scatter(x=span, y=anchor_sd * np.sqrt(anchor_n / span), mode="lines", name=_("slope −1/2 (CLT)"),
                              line=dict(color="black", width=1.5, dash="dash"), xaxis="x2", yaxis="y2"))
    fig.update_layout(height=440, margin=dict(b=120), legend=dict(orientation="h", yanchor="top", y=-0.2, x=0.5),
                      xaxis=dict(title=title(_("perplexity"))), yaxis=dict(title=title(_("continuations"))),
                      xaxis2=dict(title=title(_("first L {units} (log scale)").format(units=units(unit))), type="log"),
                      yaxis2=dict(title=title(_("sd (nats, log scale)")), type="log"))
    return fig
