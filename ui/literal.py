"""A reader's input, shown as text inside the app's markdown: never as markup.

Streamlit draws st.warning, st.error, st.info and st.markdown as markdown (with its own additions: `:red[…]`
colours, `$…$` formulas, `:material/…:` icons). A value from a link or a text box echoed into one of them
becomes markup: `?lesson=%21%5B%5D%28https%3A//evil.example/p.png%29` was an image every reader's browser
fetched from an outside host, a newline followed by `#` a heading, a backtick the end of a code span.
Everything a person typed goes through one of these two functions before it meets markdown.
"""

from __future__ import annotations

import re
import string

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
# Line breaks and other control characters: a line break starts a new block (a heading, a list, a quote).
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def _one_line(text: str, limit: int | None) -> str:
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    return _CONTROL.sub("⏎", text)


# GitHub-flavoured markdown turns a bare address into a link even when its punctuation is escaped
# ("https://evil.example" in a notice was a clickable link): an invisible word joiner after the scheme, "www"
# or "@" keeps it text, and reads the same.
_AUTOLINK_START = re.compile(r"(?i)(https?|ftp|mailto|www|@)(?=[:.]|(?<=@))")
_WORD_JOINER = "\u2060"


def literal(text: object, limit: int | None = None) -> str:
    """Markdown that reads exactly `text` (cut to `limit` characters, "…" added): every ASCII punctuation
    character backslash-escaped, which CommonMark and Streamlit's extensions read as that character, and
    no bare address that would become a link."""
    text = _AUTOLINK_START.sub(lambda match: match.group(0) + _WORD_JOINER, _one_line(str(text), limit))
    return _PUNCTUATION.sub(r"\\\1", text)


def code_literal(text: object, limit: int | None = None) -> str:
    """`text` as an inline code span: set in code type, nothing inside it read as markup. The fence is one
    backtick longer than the longest run inside, so no backtick in the value can close it."""
    text = _one_line(str(text), limit)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{padding}{text}{padding}{fence}"
