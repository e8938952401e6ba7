"""One look for every figure, and the figure type the viz builders return.

Look: the Okabe-Ito palette (its eight colours stay distinguishable under the common colour-vision
deficiencies, which matters in a lecture hall where a projector also washes colours out), readable
fonts, PNG export settings.

Type: a figure is a `FigureSpec`, the plain dict Plotly.js reads ({"data", "layout"}),
built without plotly.graph_objects. Graph objects validate every property on every assignment, and
that validation was most of a control move's rerun (for /beta about 60 of 100 ms, for the /clt
histogram with its animation frames, since replaced by a live control, about 90 ms). Nothing checks
property names at run time here, so tests/viz/test_figure_specs.py passes every figure the pages draw
through Plotly's validator and checks that it is already in the form Plotly would send.
"""

from __future__ import annotations

import base64
import copy
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.colors import get_colorscale
import plotly.io as pio
from _plotly_utils.utils import is_skipped_key

from viz.markup import plain

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
# Spelled out, as Plotly's validator would send it (a named scale would be rewritten on validation).
VIRIDIS = get_colorscale("Viridis")


def _build_template() -> go.layout.Template:
    # Layout defaults only: plotly_white's per-trace defaults and 3-D/geo/polar axes would be
    # copied into every figure's JSON for nothing.
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
    # Tick labels a few pixels off their axis: an x-axis's first label ("0") and a y-axis's last met at the
    # corner of the plot.
    template.layout.xaxis.ticklabelstandoff = 6
    template.layout.yaxis.ticklabelstandoff = 4
    template.layout.hoverlabel = dict(font_size=13)
    return template


# Validated once here; every figure carries this dict (Plotly.js has no registry of named templates).
TEMPLATE = _build_template().to_plotly_json()


def merge(target: dict, updates: dict) -> dict:
    """Deep-merge `updates` into `target` (nested dicts merge, anything else replaces); returns target."""
    for key, value in updates.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = value
    return target


def title(text: str) -> dict:
    return {"text": text}


def scatter(**props: Any) -> dict:
    return {"type": "scatter", **props}


def scattergl(**props: Any) -> dict:
    return {"type": "scattergl", **props}


def bar(**props: Any) -> dict:
    return {"type": "bar", **props}


def heatmap(**props: Any) -> dict:
    return {"type": "heatmap", **props}


def contour(**props: Any) -> dict:
    return {"type": "contour", **props}


# Where add_hline/add_vline put their label, as Plotly's own add_hline/add_vline place it.
_HLINE_LABEL = {"top right": (1, "right", "bottom"), "bottom right": (1, "right", "top"),
                "right": (1, "left", "middle"), "top left": (0, "left", "bottom")}
_VLINE_LABEL = {"top right": (1, "left", "top"), "top left": (1, "right", "top"),
                "bottom right": (0, "left", "bottom")}


class FigureSpec(dict):
    """A figure as the plain dict Plotly.js reads. The methods mirror the few graph-object methods
    the builders use; nested properties are written as nested dicts (no magic underscores)."""

    @property
    def data(self) -> list[dict]:
        return self["data"]

    def add_trace(self, trace: dict) -> None:
        self["data"].append(trace)

    def update_layout(self, **updates: Any) -> None:
        merge(self["layout"], updates)

    def update_xaxes(self, **props: Any) -> None:
        """Properties of the main x-axis (the only one outside the subplot figures below)."""
        merge(self["layout"].setdefault("xaxis", {}), props)

    def update_yaxes(self, **props: Any) -> None:
        merge(self["layout"].setdefault("yaxis", {}), props)

    def add_hline(self, y: float, line: dict, annotation_text: str | None = None,
                  annotation_position: str = "top right", x_axis: str = "x", y_axis: str = "y") -> None:
        """A horizontal line across the whole width of the axes `x_axis`/`y_axis`, with a label."""
        self["layout"].setdefault("shapes", []).append(
            {"type": "line", "xref": f"{x_axis} domain", "x0": 0, "x1": 1, "yref": y_axis, "y0": y, "y1": y,
             "line": line})
        if annotation_text is not None:
            x, xanchor, yanchor = _HLINE_LABEL[annotation_position]
            self._annotate(annotation_text, f"{x_axis} domain", x, xanchor, y_axis, y, yanchor)

    def add_vline(self, x: float, line: dict, annotation_text: str | None = None,
                  annotation_position: str = "top right", x_axis: str = "x", y_axis: str = "y") -> None:
        """A vertical line across the whole height of the axes `x_axis`/`y_axis`, with a label."""
        self["layout"].setdefault("shapes", []).append(
            {"type": "line", "xref": x_axis, "x0": x, "x1": x, "yref": f"{y_axis} domain", "y0": 0, "y1": 1,
             "line": line})
        if annotation_text is not None:
            y, xanchor, yanchor = _VLINE_LABEL[annotation_position]
            self._annotate(annotation_text, x_axis, x, xanchor, f"{y_axis} domain", y, yanchor)

    def add_annotation(self, **props: Any) -> None:
        """A text on the figure (Plotly's layout.annotations entry, written as it reads it)."""
        self["layout"].setdefault("annotations", []).append(props)

    def _annotate(self, text: str, xref: str, x: float, xanchor: str, yref: str, y: float, yanchor: str) -> None:
        self["layout"].setdefault("annotations", []).append(
            {"text": text, "showarrow": False, "xref": xref, "x": x, "xanchor": xanchor,
             "yref": yref, "y": y, "yanchor": yanchor})


def new_figure(title_text: str, x_title: str | None, y_title: str | None) -> FigureSpec:
    """An empty figure in the house style, with a title and both axes labelled (None: the subplot
    figures below label their axes themselves)."""
    layout: dict[str, Any] = {"template": TEMPLATE, "title": title(title_text)}
    if x_title is not None:
        layout["xaxis"] = {"title": title(x_title)}
    if y_title is not None:
        layout["yaxis"] = {"title": title(y_title)}
    return FigureSpec(data=[], layout=layout)


def _subplot_title(text: str, x: float, y: float, anchor: str = "left") -> dict:
    """A panel's title, from its left edge (centred, a long one spilled over its neighbour's on a phone), a few
    pixels above the panel (clear of its top tick label). The right-hand panel's ends at its right edge
    (`anchor="right"`): from its left edge, a title wider than a phone's narrow column ran off the figure."""
    return {"text": text, "showarrow": False, "font": {"size": 14}, "xref": "paper", "x": x, "xanchor": anchor,
            "yref": "paper", "y": y, "yanchor": "bottom", "yshift": 4}


def two_rows_figure(title_text: str, row_titles: tuple[str, str], x_title: str,
                    y_titles: tuple[str, str], spacing: float = 0.14) -> FigureSpec:
    """Two panels of equal height sharing one x-axis: traces go on axes x/y (top) or x2/y2 (bottom)."""
    split = (1.0 - spacing) / 2
    fig = new_figure(title_text, None, y_titles[0])
    fig.update_layout(
        xaxis={"anchor": "y", "domain": [0.0, 1.0], "matches": "x2", "showticklabels": False},
        yaxis={"anchor": "x", "domain": [1.0 - split, 1.0]},
        xaxis2={"anchor": "y2", "domain": [0.0, 1.0], "title": title(x_title)},
        yaxis2={"anchor": "x2", "domain": [0.0, split], "title": title(y_titles[1])},
        annotations=[_subplot_title(row_titles[0], 0.0, 1.0), _subplot_title(row_titles[1], 0.0, split)])
    return fig


def two_columns_figure(title_text: str, column_titles: tuple[str, str], widths: tuple[float, float],
                       spacing: float = 0.1) -> FigureSpec:
    """Two panels side by side with their own axes: x/y (left) and x2/y2 (right); widths sum to 1."""
    usable = 1.0 - spacing
    left_end = usable * widths[0]
    fig = new_figure(title_text, None, None)
    fig.update_layout(
        xaxis={"anchor": "y", "domain": [0.0, left_end]}, yaxis={"anchor": "x", "domain": [0.0, 1.0]},
        xaxis2={"anchor": "y2", "domain": [left_end + spacing, 1.0]}, yaxis2={"anchor": "x2", "domain": [0.0, 1.0]},
        annotations=[_subplot_title(column_titles[0], 0.0, 1.0),
                     _subplot_title(column_titles[1], 1.0, 1.0, anchor="right")])
    return fig


def secondary_y_figure(title_text: str, x_title: str, y_titles: tuple[str, str]) -> FigureSpec:
    """One x-axis, a y-axis on each side: traces on the right one say yaxis="y2"."""
    fig = new_figure(title_text, x_title, y_titles[0])
    fig.update_layout(xaxis={"anchor": "y", "domain": [0.0, 0.94]}, yaxis={"anchor": "x", "domain": [0.0, 1.0]},
                      yaxis2={"anchor": "x", "overlaying": "y", "side": "right", "title": title(y_titles[1])})
    return fig


# numpy dtype -> Plotly.js typed-array code; 64-bit integers are first narrowed (_NARROWER, smallest first).
_TYPED_ARRAY_CODES = {"int8": "i1", "uint8": "u1", "int16": "i2", "uint16": "u2", "int32": "i4", "uint32": "u4",
                      "float32": "f4", "float64": "f8"}
_NARROWER = {"i": (np.int8, np.int16, np.int32), "u": (np.uint8, np.uint16, np.uint32)}


def _typed_array(array: np.ndarray) -> Any:
    """A numeric array as Plotly's base64 typed array ({"dtype", "bdata"}), with 64-bit integers
    narrowed to the smallest type that holds them, as Plotly does. Plotly's own converter goes
    through a dataframe-detection layer that cost 0.2 ms per array (20 ms for the /gmm EM figure)."""
    if array.size == 0 or array.dtype.kind not in "iuf":
        return array.tolist()
    if array.dtype.kind in "iu" and array.dtype.itemsize == 8:
        low, high = array.min(), array.max()
        narrow = next((t for t in _NARROWER[array.dtype.kind] if np.iinfo(t).min <= low and high <= np.iinfo(t).max),
                      None)
        if narrow is None:
            return array.tolist()
        array = array.astype(narrow)
    code = _TYPED_ARRAY_CODES.get(array.dtype.name)
    if code is None:  # float16 and the like: plain numbers
        return array.tolist()
    spec = {"dtype": code, "bdata": base64.b64encode(np.ascontiguousarray(array)).decode("ascii")}
    if array.ndim > 1:
        spec["shape"] = ", ".join(str(n) for n in array.shape)
    return spec


def typed_array_values(value: Any) -> Any:
    """The inverse of _typed_array: a {"dtype", "bdata"[, "shape"]} spec as a numpy array (read-only);
    anything else unchanged."""
    if not (isinstance(value, dict) and {"dtype", "bdata"} <= value.keys()):
        return value
    array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
    return array.reshape([int(n) for n in value["shape"].split(",")]) if "shape" in value else array


def _encoded(value: Any) -> Any:
    """A copy with every numpy array as Plotly's base64 typed array (as graph objects send them);
    the input is not changed, so cached figures and the shared template stay intact."""
    if isinstance(value, dict):
        return {key: item if is_skipped_key(key) else _encoded(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encoded(item) for item in value]
    if isinstance(value, np.ndarray):
        return _typed_array(value)
    return value


class PrecomputedFigure(go.Figure):
    """A figure's wire form, computed once, in the shape st.plotly_chart accepts.

    st.plotly_chart takes a graph-object figure and reads nothing but to_dict(); given a plain dict
    it would build and validate a graph-object figure from it on every rerun. So this twin stays an
    empty graph-object figure whose to_dict() returns the encoded spec. Do not mutate one.
    """

    def __init__(self, spec: dict):
        super().__init__()
        self._precomputed_dict = _encoded(spec)

    def to_dict(self) -> dict:
        return self._precomputed_dict


def precomputed(figure: FigureSpec, presenter: bool = False, height: int | None = None) -> PrecomputedFigure:
    """The precomputed twin of a figure's screen version (viz.theme.screen_version), made on first use and
    stored on the figure itself, so a figure kept in a Streamlit cache pays for the conversion once."""
    attribute = f"_screen_twin_{int(presenter)}_{height}"
    twin = getattr(figure, attribute, None)
    if twin is None:
        twin = PrecomputedFigure(screen_version(figure, presenter=presenter, height=height))
        setattr(figure, attribute, twin)
    return twin


# On screen, a figure's legend is one wrapped row above the plot: never over the data, never under the
# x-axis title at a width the builder did not foresee (a legend placed in paper units below the plot lands on
# the tick labels once the figure is narrower or shorter). Plotly widens the top margin to fit it, and wraps
# its entries to the plot's width.
SCREEN_LEGEND = {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom",
                 "bgcolor": "rgba(255,255,255,0)", "font": {"size": 13}}
_SCREEN_TOP = 8   # the legend's row widens it
# Room for the axes, set before Plotly draws: the bottom for the x tick labels and title, the left for the
# y tick labels and title. Plotly's automargin widens a margin the axes need more of, but only by drawing the
# whole figure a second time: with a bottom of 56 and a left of 60 that was 72 of the concept pages' 74 figures,
# and it made a figure's first draw take 1.7-1.8x as long (bench/bench_figure_draw.py). These sizes fit 60 of them
# in either language; automargin still widens the margin of a figure with wider y tick labels.
AXES_ROOM = {"b": 64, "l": 72}
PRESENTER_AXES_ROOM = {"b": 74, "l": 84}   # its tick labels and titles are larger
# Pixels kept above the top panel for its title (a subplot title sits just above its panel).
_PANEL_TITLE_ROOM = 26


def screen_version(figure: FigureSpec, presenter: bool = False, height: int | None = None) -> FigureSpec:
    """The figure as the page draws it: its title taken out (the page writes it above the chart, as text that
    wraps at any width: ui.layout.show_figure), its legend above the plot (SCREEN_LEGEND), and `height` in
    place of the builder's where the template sets one (the main figure of a stage). The figure itself, with
    its title, stays what the CSV, the PNG export and the description read."""
    source = presenter_version(figure) if presenter else figure
    layout = {key: value for key, value in source["layout"].items() if key not in ("title", "legend", "margin")}
    if height is not None:
        layout["height"] = height   # the template's, in presenter mode too: the projector's screen is a laptop's
    legend = {**SCREEN_LEGEND, **{key: value for key, value in (source["layout"].get("legend") or {}).items()
                                  if key in ("traceorder",)}}
    if presenter:
        legend["font"] = {"size": 18}
    margin = screen_margin(source["layout"].get("margin") or {}, presenter)
    if _has_panel_title_on_top(source["layout"]):
        plot_height = (layout.get("height") or 450) - margin["t"] - margin["b"]
        legend["y"] = 1 + _PANEL_TITLE_ROOM / max(plot_height, 100)
    # No drag-to-zoom by default: on a phone a vertical swipe that started on a figure zoomed it instead of
    # scrolling the page. Zooming is one explicit step away: the mode bar's zoom and pan tools, or its +/−
    # buttons (the only ones a touch screen shows: ui/live/page.css); a double click resets.
    layout.update(legend=legend, margin=margin, dragmode=False)
    for name, axis in list(layout.items()):
        if name[1:5] == "axis" and isinstance(axis, dict) and axis.get("type") == "log" and "dtick" not in axis:
            # Powers of ten only: Plotly's default labels 2 and 5 between them ran into each other ("5 2").
            layout[name] = {**axis, "dtick": 1}
    return FigureSpec(source, layout=layout)


def screen_margin(builder_margin: dict, presenter: bool = False) -> dict:
    """The margins a figure is drawn with on screen: a top that the legend's row above the plot widens, and the
    axes' room up front (AXES_ROOM). A left or right margin the builder set is kept (/families' map has no
    y axis); its bottom, sized for the printed figure's legend under the plot, is not."""
    room = PRESENTER_AXES_ROOM if presenter else AXES_ROOM
    return {"l": room["l"], **builder_margin, "t": _SCREEN_TOP, "b": room["b"]}


def _has_panel_title_on_top(layout: dict) -> bool:
    """Whether an annotation sits above the plot area (a subplot's title over the top panel)."""
    return any(note.get("yref") == "paper" and note.get("y", 0) >= 1 and note.get("yanchor") == "bottom"
               for note in layout.get("annotations", ()))


def figure_title(figure: dict) -> str:
    """The figure's title as written by its builder, in plain text (viz.markup; "" if none)."""
    title_value = figure["layout"].get("title") or {}
    return plain(title_value.get("text", "") if isinstance(title_value, dict) else title_value)


def presenter_version(figure: FigureSpec) -> FigureSpec:
    """A copy for a projector: larger fonts everywhere (thicker lines are left to the builders)."""
    layout = copy.deepcopy({key: value for key, value in figure["layout"].items() if key != "template"})
    merge(layout, {"font": {"size": 20}, "title": {"font": {"size": 26}}, "legend": {"font": {"size": 18}},
                   "hoverlabel": {"font": {"size": 18}}})
    for annotation in layout.get("annotations", []):
        merge(annotation, {"font": {"size": 18}})
    if layout.get("height"):
        layout["height"] = int(layout["height"] * 1.2)
    layout["template"] = figure["layout"].get("template", TEMPLATE)
    return FigureSpec(figure, layout=layout)


def plotly_config(filename: str) -> dict:
    """Mode-bar settings for st.plotly_chart: PNG export at twice the size, no Plotly logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }
