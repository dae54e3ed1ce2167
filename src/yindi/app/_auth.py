"""The access gate: with a token set, a session shows nothing until it presents the token.

The token comes as ``?token=...`` in the address or through the token box; it is compared in
constant time, and a session that presented it is remembered (as a hash) for its reruns.
Without a token (the default, on 127.0.0.1 only) every session is let in. Presentation only.
"""

from __future__ import annotations

import hashlib
import hmac
import time

import streamlit as st

from yindi.report._i18n import t

__all__ = ["authorised", "token_matches"]

_KEY = "_yindi_access"


def token_matches(given: str, expected: str) -> bool:
    """Constant-time comparison of a presented token with the server's."""
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def _mark(expected: str) -> str:
    return hashlib.sha256(("yindi-session:" + expected).encode()).hexdigest()


def authorised(expected: str) -> bool:
    """True when the session may see the app; otherwise draws only the token box."""
    if not expected:
        return True
    if st.session_state.get(_KEY) == _mark(expected):
        return True
    given = st.query_params.get("token", "")
    if given and token_matches(given, expected):
        st.session_state[_KEY] = _mark(expected)
        return True
    st.title("yindi")
    st.info(
        t(
            "This dashboard needs an access token. Open the address yindi serve printed, or enter the token."
        )
    )
    with st.form("yindi-token"):
        entered = st.text_input(t("Access token"), type="password")
        sent = st.form_submit_button(t("Enter"))
    if sent or given:
        if sent and token_matches(entered, expected):
            st.session_state[_KEY] = _mark(expected)
            st.query_params["token"] = entered
            st.rerun()
        time.sleep(1.0)  # a wrong token costs a second: no guessing at speed
        st.error(t("This token is not valid."))
    return False
