"""What a reader sees on a page run headless (AppTest), as text, and the English words left in it.

Every element's visible text is collected from its protocol message (labels, bodies, help texts,
options, placeholders, metric values) and every figure's from its Plotly spec (titles, axis titles,
legend entries, annotations, hover text); code blocks, a table's code cells and LaTeX are left out, as are
words that are the same in both languages: names (Beta, Bernoulli, Python), abbreviations (MLE, MAP, BIC, CSV), units
and the short URL names of options (a link says `data=counts` in every language)."""

from __future__ import annotations

import json
import re
from typing import Iterator

import concepts
from specs.base import Choice
from ui import table

# Field names of Streamlit's element messages that hold text a reader sees.
_TEXT_FIELDS = {"label", "body", "help", "placeholder", "options", "caption", "captions", "text", "title", "alt",
                "value", "delta"}
_SKIPPED_ELEMENTS = {"code", "latex", "html"}   # code is code, a formula the same in every language; html: style

# The same in English and Japanese writing about probability.
NAMES = {
    "ABCD", "Adam", "AIC", "arg", "argmax", "argmin", "Bernoulli", "Beta", "BFGS", "BIC", "Binomial", "BLOCK",
    "builtin", "Cauchy", "CDF", "CLT", "core", "Cov", "CPU", "CSV", "CUDA", "Data", "EB", "EFGH", "EM", "exp",
    "Exponential", "float", "float32", "float64", "Gamma", "Gaussian", "GB", "gmm", "GMM", "GPU", "HPD", "inf",
    "int", "Jeffreys", "kB", "KL", "Language", "Laplace", "lm", "log", "LogNormal", "logsumexp", "MAP", "max", "MB",
    "MCMC", "MGF", "min", "MLE", "ms", "MSE", "MVN", "nan", "Normal", "numpy", "PB", "PDF", "Plotly", "PNG", "Poisson",
    "Python", "QR", "scipy", "sd", "softmax", "SS", "Student", "std", "sum", "sup", "sweep", "tanh", "TB", "top",
    "torch", "Triton", "Uniform", "URL", "var", "Var", "µs",
}


def url_names() -> set[str]:
    """Option names: what links carry, in every language (a radio shows its meaning beside the name)."""
    names = set()
    for spec in concepts.specs_by_stem().values():
        for param in spec.params:
            if isinstance(param, Choice):
                names.update(part for option in param.options for part in str(option).split("-"))
    return names


def _proto_texts(message, depth: int = 0) -> Iterator[str]:
    if depth > 3:
        return
    for field, value in message.ListFields():
        if field.type == field.TYPE_MESSAGE:
            children = value if field.is_repeated else [value]
            for child in children:
                yield from _proto_texts(child, depth + 1)
        elif field.name in _TEXT_FIELDS and field.type == field.TYPE_STRING:
            yield from (value if field.is_repeated else [value])


def _figure_texts(spec: str) -> Iterator[str]:
    figure = json.loads(spec)
    layout = figure.get("layout", {})

    def title(node) -> str:
        text = (node or {}).get("title", "")
        return text.get("text", "") if isinstance(text, dict) else str(text)

    yield title(layout)
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")):
            yield title(axis)
    for annotation in layout.get("annotations", []):
        yield str(annotation.get("text", ""))
    for trace in figure.get("data", []):
        if trace.get("showlegend", True) is not False or trace.get("hovertemplate"):
            yield str(trace.get("name", ""))
        yield str(trace.get("hovertemplate", ""))


def visible_texts(at) -> list[str]:
    """Everything a reader can read on the page (and in its popovers, expanders and help tooltips)."""
    texts = []

    def walk(node) -> None:
        kind = getattr(node, "type", None)
        proto = getattr(node, "proto", None)
        if kind == "plotly_chart" and proto is not None:
            texts.extend(_figure_texts(proto.spec))
        elif kind not in _SKIPPED_ELEMENTS and proto is not None and hasattr(proto, "ListFields"):
            texts.extend(_proto_texts(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return [_table_text(text) if f'class="{table.CSS_CLASS}"' in text else text for text in texts if text]


_CODE = re.compile(r"<code>.*?</code>", re.S)


def _table_text(markup: str) -> str:
    """A page's table (ui/table.py) as the words a reader sees in it: its code cells left out, like code blocks."""
    return " | ".join(cell for rows in table.table_rows(_CODE.sub("", markup)) for row in rows
                      for cell in (*row.keys(), *row.values()))


_LATEX = re.compile(r"\$\$.*?\$\$|\$[^$]*\$", re.S)
# Quoted text is the reader's own or a model's (the /sampling prompt in 「…」): it stays in its language.
_NOISE = re.compile(r"「[^」]*」|“[^”]*”|`[^`]*`|\w+=\S*|\w+(?:\.\w+)+|\.\w+\b|https?://\S+|[\w.*-]+/[\w.*/-]+|:material/[a-z_]+:|<[^>]+>|\{[^}]*\}|[A-Za-z_]+\([^)]*\)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]{2,}")


def english_words(texts: list[str], allowed: set[str] = frozenset()) -> dict[str, str]:
    """Words of three or more Latin letters left in `texts`, with the text each came from: what a
    Japanese page should not show (names, abbreviations and URL names aside)."""
    keep = NAMES | url_names() | set(allowed)
    found = {}
    for text in texts:
        plain = _NOISE.sub(" ", _LATEX.sub(" ", text))
        for word in _WORD.findall(plain):
            if word not in keep and word.strip("'’") not in keep:
                found.setdefault(word, text[:120])
    return found
