"""Plotly's text markup in figure text, and its plain reading.

Figure text (legend names, axis titles, annotations) typesets maths with the tags Plotly draws: Z<sub>N</sub>,
θ<sup>h</sup>, a line break <br>. Everything that reads a figure as plain text (the page's figure title, the CSV,
the screen-reader description) reads `plain(text)`: Z_N, θ^h, a space.
"""

from __future__ import annotations

import re

_SCRIPT = re.compile(r"<(sub|sup)>(.*?)</\1>", re.IGNORECASE | re.DOTALL)
_BREAK = re.compile(r"\s*<br\s*/?>\s*", re.IGNORECASE)
_OTHER_TAG = re.compile(r"</?(b|i|em|strong|span)(\s[^>]*)?>", re.IGNORECASE)


def _script(match: re.Match) -> str:
    mark = "_" if match.group(1).lower() == "sub" else "^"
    inner = match.group(2)
    # One symbol needs no brackets (Z_N, θ^h); more does (τ_(N + 1)).
    return f"{mark}{inner}" if len(inner) == 1 else f"{mark}({inner})"


def plain(text: object) -> str:
    """`text` without Plotly's tags: sub- and superscripts as _x and ^x, line breaks as spaces."""
    result = _SCRIPT.sub(_script, str(text))
    result = _BREAK.sub(" ", result)
    return _OTHER_TAG.sub("", result).strip()
