"""What a person typed is shown as text (ui/literal.py): rendered by a CommonMark parser, an escaped value
reads back exactly and makes no heading, link, image, code span or HTML; the links from the outside probe
(issue 27, item 4) show their values as text on the page."""

from __future__ import annotations

import html
import re

import pytest
from markdown_it import MarkdownIt

from tests.pages.support import open_page
from ui.literal import code_literal, literal

HOSTILE = [
    "x\n# :red[Server compromised]\n",
    "`[Log in](https://evil.example)",
    "![](https://evil.example/p.png)",
    "<img src=x onerror=alert(1)>",
    "**bold** _it_ ~~s~~ $x^2$ \\` ``` `` ` a",
    "- item\n> quote\n1. one",
    "[a]: https://evil.example\n[a]",
    "&amp; &#x41; \\n",
    "<https://evil.example>",
]
MARKUP = re.compile(r"<(?!/?p>)[a-z]")      # any element but the paragraph around the text


def rendered(markdown: str) -> str:
    return MarkdownIt("commonmark").render(markdown)


def text_of(rendered_html: str) -> str:
    """The text a reader sees (the invisible word joiners that keep addresses from becoming links removed)."""
    return html.unescape(re.sub(r"<[^>]+>", "", rendered_html)).replace("\u2060", "").strip()


@pytest.mark.parametrize("value", HOSTILE)
def test_a_literal_reads_back_as_typed_and_makes_no_markup(value):
    out = rendered(literal(value))
    assert not MARKUP.search(out), out
    assert text_of(out) == value.replace("\n", "⏎").strip()


@pytest.mark.parametrize("value", HOSTILE)
def test_a_code_literal_is_one_code_span_holding_the_value(value):
    out = rendered("- " + code_literal(value) + ": must be a number")
    assert out.count("<code>") == 1 and not re.search(r"<(a|img|h\d|strong|em|blockquote)\b", out), out
    assert html.unescape(re.search(r"<code>(.*)</code>", out, re.S).group(1)).strip() == value.replace(
        "\n", "⏎").strip()


@pytest.mark.parametrize("value", ["https://evil.example/p.png", "HTTP://evil.example", "www.evil.example",
                                   "ftp://x.example", "mail me@evil.example"])
def test_a_bare_address_is_not_made_a_link(value):
    """GitHub-flavoured markdown links a bare address even with its punctuation escaped (seen in Chromium on
    a notice): a word joiner after the scheme, www or @ keeps it text. Checked here by GFM's own rule: an
    autolink literal needs the scheme, www or @ immediately followed by its punctuation."""
    shown = literal(value)
    assert not re.search(r"(?i)(https?|ftp|www)\\?[:.]|@\w", shown), shown
    assert text_of(rendered(shown)) == value


def test_a_limit_cuts_and_says_so():
    assert text_of(rendered(literal("abcdefgh", limit=3))) == "abc…"
    assert "<code>" in rendered(code_literal(""))     # an empty value is still a (blank) code span


LINKS = [
    ({"lesson": "x\n# :red[Server compromised]\n"}, "Server compromised"),
    ({"seed": "`[Log in](https://evil.example)"}, "Log in"),
    ({"lesson": "![](https://evil.example/p.png)"}, "evil.example"),
]


@pytest.mark.parametrize("query, echoed", LINKS)
def test_hostile_links_are_echoed_as_text(query, echoed):
    at = open_page("clt", query)
    notices = [w.value for w in at.warning if echoed in text_of(rendered(w.value))]
    assert notices, [w.value for w in at.warning]
    for notice in notices:
        out = rendered(notice)
        assert not re.search(r"<(a|img|h\d)\b", out), out
        assert echoed in text_of(out)
