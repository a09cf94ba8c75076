"""Editor sign-in: OIDC (``st.login``; the verified e-mail must be on the allow-list) or a named passphrase
account, checked by the process-wide :class:`smedx.tracker.auth.SignInGuard` (rate limit, lock-out, log). The
signed-in identity is the audit trail's "who"; names are shown as text, never as markdown."""
from __future__ import annotations

import math

import streamlit as st

from smedx.tracker import config
from smedx.tracker.auth import EDITOR, VIEWER, SignInGuard, is_editor_email
from smedx.tracker.models import ACTOR_LENGTH
from smedx.tracker.records import Actor
from smedx.ui.tracker.connection import Connection
from smedx.ui.tracker.text import k, plain

ACTOR_KEY = "tracker_actor"
GUARD = SignInGuard()  # one per process: every session's attempts count


def current_actor(settings: config.EditorSettings) -> Actor | None:
    """Who is signed in: OIDC user (editor iff the provider verified the e-mail and it is on the allow-list) or
    the passphrase account of this session."""
    if settings.oidc:
        if not st.user.is_logged_in:
            return None
        email = str(st.user.get("email") or "")
        verified = st.user.get("email_verified") in (True, "true")  # some providers send the claim as text
        editor = len(email) <= ACTOR_LENGTH and is_editor_email(email, settings.editors, verified=verified)
        return Actor(email[:ACTOR_LENGTH], EDITOR if editor else VIEWER)
    return st.session_state.get(ACTOR_KEY)


def active_editor(actor: Actor | None, connection: Connection) -> Actor | None:
    """The actor when edit controls may be shown: an editor, with the database reachable (the store still
    checks the role on every write)."""
    return actor if actor is not None and actor.is_editor and connection.store is not None else None


def _passphrase_form(lang: str, settings: config.EditorSettings) -> None:
    with st.form("tracker_login", border=False):
        name = st.text_input(k("your_name", lang), key="tracker_login_name", max_chars=config.MAX_ACCOUNT_NAME)
        passphrase = st.text_input(k("passphrase", lang), type="password", key="tracker_login_pass",
                                   max_chars=256)
        submitted = st.form_submit_button(k("sign_in", lang))
    if not submitted:
        return
    attempt = GUARD.attempt(name, passphrase, settings.accounts)
    if attempt.ok:
        st.session_state[ACTOR_KEY] = Actor(name.strip(), EDITOR)
        st.rerun()
    elif attempt.reason == "locked":
        st.error(k("sign_in_locked", lang, minutes=math.ceil(attempt.wait / 60)))
    elif attempt.reason == "too_fast":
        st.error(k("sign_in_too_fast", lang, seconds=math.ceil(attempt.wait)))
    else:
        st.error(k("sign_in_failed", lang))


def sign_in_panel(lang: str, settings: config.EditorSettings, actor: Actor | None) -> None:
    """Sidebar panel: sign in / out for editors. Viewers need nothing."""
    with st.sidebar.expander(k("editor_panel", lang), icon=":material/edit_note:"):
        if actor is not None:
            key = "signed_in_editor" if actor.is_editor else "signed_in_viewer"
            st.caption(k(key, lang, name=plain(actor.name)))
            if st.button(k("sign_out", lang), key="tracker_sign_out"):
                if settings.oidc:
                    st.logout()
                st.session_state.pop(ACTOR_KEY, None)
                st.rerun()
        elif settings.oidc:
            if st.button(k("sign_in_oidc", lang), key="tracker_sign_in"):
                st.login()
        elif settings.accounts:
            _passphrase_form(lang, settings)
        else:
            st.caption(k("shared_passphrase_refused" if settings.shared_passphrase else "editing_not_configured_named",
                         lang))
