"""/sampling's model panel: the built-in character model, one trained on the reader's pasted text (this
session only), or the language model the server is configured with (PROB_EXPLORER_LM)."""

from __future__ import annotations

import streamlit as st

from core import charlm
from concepts.sampling import explain as panels
import i18n
from i18n import _
from ui.literal import literal
from concepts.sampling.models import get_model, train_custom


def _use_builtin() -> None:  # back to the linked model
    st.session_state["lm_custom"] = None


def _train_on_pasted_text() -> None:
    """Button callback: runs before the page reruns, so the whole page already uses the new model."""
    st.session_state.pop("lm_error", None)
    try:
        st.session_state["lm_custom"] = train_custom(st.session_state.get("lm_text", ""))
    except ValueError as error:
        st.session_state["lm_error"] = literal(i18n.error_message(error))


def model_picker(chosen: str) -> str:
    """The model's key: a character model trained on pasted text (this session only), or the linked
    choice (`model`): the built-in character model, or the server's configured language model."""
    key = st.session_state.get("lm_custom") or chosen
    with st.expander(_("The model: the explorer's own, your text's, or a real language model")):
        try:
            model = get_model(key)
        except KeyError:
            st.warning(_("The model trained on your text is gone (the server restarted); using the built-in one."))
            key, st.session_state["lm_custom"] = "builtin", None
            model = get_model(key)
        except ValueError as error:
            st.warning(_("Cannot use the language model: {error}. Showing the built-in character model.").format(
                error=literal(i18n.error_message(error))), icon=":material/warning:")
            key, model = "builtin", get_model("builtin")
        st.markdown(panels.model_description(model))
        text = st.text_area(_("Train a character model on your own text ({low} to {high} characters; it stays in "
                              "this session)").format(low=f"{charlm.MIN_TRAIN_CHARS:,}",
                                                      high=f"{charlm.MAX_TRAIN_CHARS:,}"), key="lm_text", height=120)
        train_col, reset_col = st.columns(2)
        train_col.button(_("Train on this text"), width="stretch", disabled=not text.strip(),
                         on_click=_train_on_pasted_text, help=_("Takes a few seconds."))
        if "lm_error" in st.session_state:
            st.error(_("Cannot use the training text: {error}").format(error=st.session_state["lm_error"]),
                     icon=":material/error:")
        reset_col.button(_("Back to the linked model"), width="stretch", on_click=_use_builtin,
                         disabled=not st.session_state.get("lm_custom"))
    return key
