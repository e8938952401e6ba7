"""The home page's cards: each concept page's main figure as a picture, beside its title and question.

The pictures are photographs of each page's default view (scripts/home_pictures.py redraws them), one per
language, since a figure's words are in the reader's language. A missing picture is said in the log and the
card is drawn without it: the link and the question are what a reader needs.
"""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

import i18n
from i18n import _
from ui.registry import PageEntry

PICTURES_DIR = Path(__file__).resolve().parent / "assets" / "home"
PICTURE_WIDTH = 480   # pixels in the file: twice a card's picture on a laptop, sharp on a phone's screen
CARD_KEY = "home-card"   # the key prefix of a card's container: the stylesheet's and the browser tests' hook

_log = logging.getLogger(__name__)


def picture_path(stem: str, lang: str) -> Path:
    return PICTURES_DIR / f"{stem}-{lang}.png"


def page_card(entry: PageEntry) -> None:
    """One page: its picture, then its title as the link, then its question (which wraps, where a link's
    label was cut on a phone)."""
    with st.container(border=True, key=f"{CARD_KEY}-{entry.stem}"):
        picture, words = st.columns([2, 3], gap="small", vertical_alignment="center")
        path = picture_path(entry.stem, i18n.language())
        if path.is_file():
            picture.image(str(path), width="stretch",
                          alt=_("The main figure of “{title}”").format(title=_(entry.title)))
        else:
            _log.warning("home: no picture at %s; run scripts/home_pictures.py", path)
        words.page_link(str(entry.path), label=f"**{_(entry.title)}**", icon=entry.icon)
        words.markdown(_(entry.question))


def page_cards(entries: list[PageEntry], per_row: int = 2) -> None:
    """The cards, `per_row` to a row on a wide screen (Streamlit stacks columns on a phone)."""
    for start in range(0, len(entries), per_row):
        for column, entry in zip(st.columns(per_row, gap="small"), entries[start:start + per_row]):
            with column:
                page_card(entry)
