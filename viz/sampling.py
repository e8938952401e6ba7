"""Figures for the sampling page: the distribution at each pipeline stage with the kept set and the
nucleus threshold, entropy and perplexity against temperature (client-side frames), and 1000
seeded samples against the probabilities they were drawn from."""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.sampling import PipelineStages, TemperatureSweep
from viz.theme import OKABE_ITO, TEMPLATE_NAME, new_figure

TOP_TOKENS = 20


def token_label(ch: str) -> str:
    """A visible label for a character: spaces and punctuation must not vanish on an axis."""
    return {" ": "␣", "\n": "⏎"}.get(ch, ch)


def stages_figure(stages: PipelineStages, vocab: tuple[str, ...], top_p: float, temperature: float) -> go.Figure:
    order = np.argsort(-stages.tempered, kind="stable")[:TOP_TOKENS]
    labels = [f"{token_label(vocab[i])}" for i in order]
    fig = make_subplots(rows=1, cols=2, column_widths=[0.62, 0.38], horizontal_spacing=0.1,
                        subplot_titles=(f"top {len(order)} characters at each stage",
                                        "cumulative probability, sorted"))
    kept = stages.kept[order]
    fig.add_trace(go.Bar(x=labels, y=stages.original[order], name="model (T = 1)",
                         marker=dict(color=OKABE_ITO["sky"])), row=1, col=1)
    fig.add_trace(go.Bar(x=labels, y=stages.tempered[order], name=f"after temperature {temperature:g}",
                         marker=dict(color=OKABE_ITO["orange"])), row=1, col=1)
    fig.add_trace(go.Bar(x=labels, y=stages.final[order], name="final: kept and renormalised",
                         marker=dict(color=np.where(kept, OKABE_ITO["blue"], "rgba(0,0,0,0)"),
                                     line=dict(color=OKABE_ITO["blue"], width=1.5))), row=1, col=1)
    cumulative = np.cumsum(stages.after_top_k[np.argsort(-stages.after_top_k, kind="stable")])[:TOP_TOKENS]
    ranks = np.arange(1, cumulative.size + 1)
    fig.add_trace(go.Scatter(x=ranks, y=cumulative, mode="lines+markers", name="cumulative probability",
                             line=dict(color=OKABE_ITO["green"], width=2.5)), row=1, col=2)
    fig.add_trace(go.Scatter(x=[1, ranks[-1]], y=[top_p, top_p], mode="lines", name=f"top_p = {top_p:g}",
                             line=dict(color=OKABE_ITO["vermillion"], width=2, dash="dash")), row=1, col=2)
    fig.update_layout(template=TEMPLATE_NAME, height=470, barmode="group", bargap=0.15, margin=dict(b=120),
                      title=f"The next-character distribution: {int(stages.kept.sum())} of {stages.kept.size - 1} "
                            "characters can still be drawn",
                      legend=dict(orientation="h", yanchor="top", y=-0.16, x=0))
    fig.update_yaxes(title_text="probability", row=1, col=1)
    fig.update_xaxes(title_text="next character (␣ = space)", row=1, col=1)
    fig.update_xaxes(title_text="rank", row=1, col=2)
    fig.update_yaxes(title_text="cumulative probability", range=[0, 1.02], row=1, col=2)
    return fig


def temperature_figure(sweep: TemperatureSweep, current: float) -> go.Figure:
    """Entropy and perplexity against T; Plotly frames move the marker along T on the client."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(go.Scatter(x=sweep.temperatures, y=sweep.entropies, mode="lines", name="entropy H (nats)",
                             line=dict(color=OKABE_ITO["blue"], width=3)), secondary_y=False)
    fig.add_trace(go.Scatter(x=sweep.temperatures, y=sweep.perplexities, mode="lines",
                             name="perplexity exp(H): effective choices",
                             line=dict(color=OKABE_ITO["vermillion"], width=3, dash="dash")), secondary_y=True)
    index = int(np.argmin(np.abs(sweep.temperatures - current)))

    def marker(i: int) -> go.Scatter:
        return go.Scatter(x=[sweep.temperatures[i]], y=[sweep.entropies[i]], mode="markers", name="marker",
                          showlegend=False,
                          marker=dict(size=13, color=OKABE_ITO["orange"], line=dict(color="black", width=1)))

    def title(i: int) -> str:
        return (f"At T = {sweep.temperatures[i]:g}: entropy {sweep.entropies[i]:.2f} nats, "
                f"perplexity {sweep.perplexities[i]:.2f}")

    fig.add_trace(marker(index), secondary_y=False)
    fig.frames = [go.Frame(data=[marker(i)], traces=[2], name=f"{t:g}", layout=dict(title_text=title(i)))
                  for i, t in enumerate(sweep.temperatures)]
    fig.update_layout(
        template=TEMPLATE_NAME, height=500, margin=dict(b=190), title=title(index),
        legend=dict(orientation="h", yanchor="top", y=-0.5, x=0),
        sliders=[dict(active=index, currentvalue=dict(prefix="T = "), pad=dict(t=50),
                      steps=[dict(method="animate", label=f"{t:g}" if i % 4 == 3 else "",
                                  args=[[f"{t:g}"], dict(mode="immediate", frame=dict(duration=0, redraw=True),
                                                         transition=dict(duration=0))])
                             for i, t in enumerate(sweep.temperatures)])])
    fig.update_xaxes(title_text="temperature T")
    fig.update_yaxes(title_text="entropy (nats)", secondary_y=False)
    fig.update_yaxes(title_text="perplexity", secondary_y=True)
    return fig


def samples_figure(p: np.ndarray, counts: np.ndarray, vocab: tuple[str, ...]) -> go.Figure:
    total = int(counts.sum())
    order = np.argsort(-p, kind="stable")
    order = order[p[order] > 0][:TOP_TOKENS]
    labels = [token_label(vocab[i]) for i in order]
    fig = new_figure(f"{total:,} seeded draws against the probabilities they came from",
                     "character (␣ = space)", "share of draws")
    fig.add_trace(go.Bar(x=labels, y=counts[order] / total, name="observed share", marker=dict(color=OKABE_ITO["sky"])))
    errors = np.sqrt(p[order] * (1 - p[order]) / total)
    fig.add_trace(go.Scatter(x=labels, y=p[order], mode="markers", name="probability ± 2 standard errors",
                             marker=dict(color=OKABE_ITO["vermillion"], size=10, symbol="diamond"),
                             error_y=dict(type="data", array=2 * errors, visible=True)))
    fig.update_layout(height=400, legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0))
    return fig


def coloured_text_html(text: str, probabilities: np.ndarray) -> str:
    """Each generated character on a background whose strength is its model probability.

    Characters are HTML-escaped one by one: the text comes from a model trained on user text.
    """
    spans = []
    for ch, p in zip(text, probabilities):
        shade = 0.12 + 0.75 * float(p)
        spans.append(f'<span title="p = {float(p):.3f}" style="background: rgba(0,114,178,{shade:.2f}); '
                     f'color: {"white" if p > 0.55 else "#1F2430"}; padding: 1px 0">'
                     f"{html.escape(token_label(ch) if ch == chr(10) else ch).replace(' ', '&nbsp;')}</span>")
    return ('<div style="font-family: ui-monospace, monospace; font-size: 1.05rem; line-height: 1.9; '
            'word-break: break-all">' + "".join(spans) + "</div>")
