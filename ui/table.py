"""The pages' small tables as plain HTML: every cell text, never markup; numbers right-aligned.

A page's tables are a handful of rows of already formatted strings (a method's cost, an estimator's bias, the
kernel's lines). Streamlit's data grid drew them on a canvas and cost every first visit of a page with a table
~230 kB of JavaScript (its DataFrame, Arrow-formatting and JSON-viewer bundles, gzip-compressed: issue 34's
3 MB budget); a plain table needs none, is read by screen readers as a table, and scrolls sideways on a phone
inside its own box instead of widening the page.

Pure: no Streamlit (ui/layout.py's show_table draws what `table_html` returns, with st.html: as markdown with
HTML in it, the table made the browser load Streamlit's raw-HTML reader). `text` writes `$` as an entity and
`table_html` returns one line, so a table stays right even if it is ever written as markdown again. `table_rows`
reads a table back, for the tests and for anything that checks what a page shows.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Mapping, Sequence

from explain import Code, typeset_minus

CSS_CLASS = "explorer-table"
# A shown number: an optional sign (ASCII or the typeset minus), digits with separators, an optional unit or
# remark after it ("1.2 ms (5 runs)", "0.812 (by MSE)"). A dash alone stands for "no number" in a number column.
_NUMBER = re.compile(r"^[+\-−]?(\d[\d,]*(\.\d*)?|\.\d+)([eE][+\-−]?\d+)?(\s.*)?$|^[—–-]$|^[+\-−]?inf$|^nan$")


def text(value: object) -> str:
    """A cell's text as HTML text: escaped, and `$` written as an entity, so that no markdown or math reader on
    the way (Streamlit's) takes a value for a formula."""
    return html.escape(str(value), quote=True).replace("$", "&#36;")


def cell_content(value: object) -> str:
    """What goes inside a cell: code (explain.Code) as it is, in <code>; anything else as text, its negative
    numbers with a true minus sign like every readout (explain.typeset_minus)."""
    if isinstance(value, Code):
        return f"<code>{text(value)}</code>"
    return text(typeset_minus(str(value)))


def is_number_column(values: Sequence[str]) -> bool:
    """Whether a column holds numbers (every cell one, and at least one not a dash): right-aligned, in
    figures of equal width, so that digits line up down the column."""
    cells = [str(value).strip() for value in values]
    return bool(cells) and all(_NUMBER.match(cell) for cell in cells) and any(
        cell not in ("—", "–", "-") for cell in cells)


def table_html(rows: Sequence[Mapping[str, object]], label: str = "") -> str:
    """One HTML table of `rows` (column name → shown value; the first row's names are the columns), in a box that
    scrolls sideways when the table is wider than the screen. The box takes the keyboard's focus (so arrow keys
    scroll it), named `label` for a screen reader (default: its columns). One line, with no blank line: a markdown
    reader takes it whole as HTML."""
    if not rows:
        return ""
    columns = list(rows[0].keys())
    numeric = {column: is_number_column([str(row.get(column, "")) for row in rows]) for column in columns}

    def cell(tag: str, column: str, content: str, scope: str = "") -> str:
        attributes = (' class="num"' if numeric[column] else "") + (f' scope="{scope}"' if scope else "")
        return f"<{tag}{attributes}>{content}</{tag}>"

    head = "".join(cell("th", column, text(column), scope="col") for column in columns)
    body = "".join("<tr>" + "".join(cell("td", column, cell_content(row.get(column, ""))) for column in columns)
                   + "</tr>" for row in rows)
    name = text(label or ", ".join(map(str, columns)))
    return (f'<div class="{CSS_CLASS}" role="region" tabindex="0" aria-label="{name}">'
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


class _TableReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(markup: str) -> list[list[dict[str, str]]]:
    """Every table in `markup` as rows (column name → text), the inverse of table_html."""
    reader = _TableReader()
    reader.feed(markup)
    reader.close()
    return [[dict(zip(rows[0], row)) for row in rows[1:]] for rows in reader.tables if rows]
