"""One look for every figure: the Okabe-Ito palette, readable fonts, PNG export settings.

Okabe and Ito's eight colours stay distinguishable under the common colour-vision deficiencies,
which matters in a lecture hall where a projector also washes colours out.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "pink": "#CC79A7",
    "sky": "#56B4E9",
    "vermillion": "#D55E00",
    "yellow": "#F0E442",
    "black": "#000000",
}
PALETTE = list(OKABE_ITO.values())
TEMPLATE_NAME = "explorer"


def _build_template() -> go.layout.Template:
    # Layout defaults only: plotly_white's per-trace defaults and 3-D/geo/polar axes would be
    # copied into every figure's JSON on every rerun for nothing.
    white = pio.templates["plotly_white"].layout
    template = go.layout.Template(layout=dict(
        paper_bgcolor=white.paper_bgcolor, plot_bgcolor=white.plot_bgcolor, hovermode=white.hovermode,
        xaxis=white.xaxis, yaxis=white.yaxis, colorscale=white.colorscale,
        annotationdefaults=white.annotationdefaults, shapedefaults=white.shapedefaults))
    template.layout.colorway = PALETTE
    template.layout.font = dict(family="Inter, Source Sans Pro, Arial, sans-serif", size=14, color="#1F2430")
    template.layout.title = dict(font=dict(size=17), x=0.0, xanchor="left")
    template.layout.legend = dict(bgcolor="rgba(255,255,255,0.7)", borderwidth=0)
    template.layout.margin = dict(l=60, r=20, t=60, b=55)
    template.layout.hoverlabel = dict(font_size=13)
    return template


pio.templates[TEMPLATE_NAME] = _build_template()


class PrecomputedFigure(go.Figure):
    """A figure's plain-dict form, computed once, in the shape st.plotly_chart accepts.

    st.plotly_chart calls to_dict() on every rerun, and for a figure with frames that means
    base64-encoding a hundred arrays again (30+ ms). A cached figure never changes, so its dict
    can be computed once and handed back. st.plotly_chart reads nothing but to_dict(), so the
    twin itself stays an empty figure: copying the source figure into it would validate every
    trace and frame again (tens of ms on a cache miss). Do not mutate one after creating it.
    """

    def __init__(self, figure: go.Figure):
        super().__init__()
        self._precomputed_dict = figure.to_dict()

    def to_dict(self) -> dict:
        return self._precomputed_dict


def precomputed(figure: go.Figure, presenter: bool = False) -> PrecomputedFigure:
    """The precomputed twin of a figure (or of its presenter version), made on first use and stored
    on the figure itself, so a figure kept in a Streamlit cache pays for the conversion once."""
    if isinstance(figure, PrecomputedFigure) and not presenter:
        return figure
    attribute = "_presenter_twin" if presenter else "_precomputed_twin"
    twin = getattr(figure, attribute, None)
    if twin is None:
        twin = PrecomputedFigure(presenter_version(figure) if presenter else figure)
        setattr(figure, attribute, twin)
    return twin


def presenter_version(figure: go.Figure) -> go.Figure:
    """A copy for a projector: larger fonts everywhere, thicker lines are left to the builders."""
    big = go.Figure(figure)
    big.update_layout(font=dict(size=20), title_font=dict(size=26), legend_font=dict(size=18),
                      hoverlabel=dict(font_size=18))
    big.update_annotations(font_size=18)
    if big.layout.height:
        big.update_layout(height=int(big.layout.height * 1.2))
    return big


def plotly_config(filename: str) -> dict:
    """Mode-bar settings for st.plotly_chart: PNG export at twice the size, no Plotly logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def new_figure(title: str, x_title: str, y_title: str) -> go.Figure:
    """An empty figure in the house style, with a title and both axes labelled."""
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE_NAME, title=title, xaxis_title=x_title, yaxis_title=y_title)
    return fig
