"""Who is using the app (issue "hardening": access control and the audit trail).

* Team mode: ``.streamlit/secrets.toml`` has an ``[auth]`` section (OpenID Connect, see the
  README, "Running for a team"). Every page then requires a login: :func:`require_login`,
  called by ``ui.frame.page_frame`` before the URL's case or draft is opened, shows a login
  button and stops the page for an anonymous session (nothing else drawn, no case opened).
  The author of a save and the reader in the audit trail come only from the identity
  provider (:func:`current_user`: its e-mail, else its subject id), never from a field the
  user can type.
* Single-user local mode: no ``[auth]``. The server listens on 127.0.0.1 only
  (``.streamlit/config.toml``), everything is recorded as ``local`` and the Home page says so
  (:func:`home_note`).

A secrets file that exists but cannot be read stops every page (fail closed): a typo in it
must not silently turn a team server into an open one.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import streamlit as st

from netlogic.reference.i18n import Translator, translator

LOCAL_USER = "local"
# Claims that identify one person for good; a display name is neither unique nor stable.
_IDENTITY_CLAIMS = ("email", "sub")


def _auth_section() -> Mapping[str, Any] | None:
    """The ``[auth]`` secrets section; None without one; raises OSError when a secrets file
    exists but cannot be parsed."""
    # st.secrets, not Streamlit's module singleton: AppTest's ``at.secrets`` replaces it.
    if st.secrets.load_if_toml_exists():
        section = st.secrets.get("auth")
        return section if isinstance(section, Mapping) and section else None
    files = [Path(p).expanduser() for p in st.get_option("secrets.files")]
    if any(p.is_file() for p in files):
        raise OSError("a secrets file exists but cannot be read")
    return None


def auth_configured() -> bool:
    """True in team mode (an ``[auth]`` section, or a secrets file we cannot read)."""
    try:
        return _auth_section() is not None
    except OSError:
        return True


def _providers(section: Mapping[str, Any]) -> list[str | None]:
    """``[auth]`` with its own client_id is the default provider (None); otherwise each
    ``[auth.NAME]`` subsection is one provider."""
    if "client_id" in section:
        return [None]
    return [name for name, value in section.items() if isinstance(value, Mapping)] or [None]


def authlib_installed() -> bool:
    """st.login needs Authlib; without it a configured login would fail on the first click."""
    return importlib.util.find_spec("authlib") is not None


def is_logged_in() -> bool:
    return bool(st.user.get("is_logged_in"))


def current_user() -> str:
    """The identity saves and reads are recorded under: the provider's e-mail (else its
    subject id) in team mode, ``local`` otherwise. Empty when nobody is logged in, which
    the store refuses."""
    if not auth_configured():
        return LOCAL_USER
    if not is_logged_in():
        return ""
    for claim in _IDENTITY_CLAIMS:
        value = st.user.get(claim)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _stop_with(t: Translator, key: str) -> None:
    st.title(t("identity.title"))
    st.error(t(key), icon=":material/lock:")
    st.stop()


def _login(provider: str | None) -> None:
    if provider is None:
        st.login()
    else:
        st.login(provider)


def require_login(lang: str) -> None:
    """In team mode, stop the page unless the session is logged in (call before anything is
    drawn or opened)."""
    try:
        section = _auth_section()
    except OSError:
        _stop_with(translator(lang), "identity.secrets_unreadable")
        return
    if section is None or is_logged_in():
        return
    t = translator(lang)
    if not authlib_installed():
        _stop_with(t, "identity.authlib_missing")
    st.title(t("identity.title"))
    st.write(t("identity.login_needed"))
    for provider in _providers(section):
        label = t("identity.login") if provider is None else t("identity.login_with", name=provider)
        if st.button(label, type="primary", key=f"identity.login.{provider}"):
            _login(provider)
    st.stop()


def home_note(t: Translator) -> None:
    """On the Home page: who is signed in (with a logout), or that this is local mode."""
    if not auth_configured():
        st.info(t("identity.local_mode"), icon=":material/person:")
        return
    st.caption(t("identity.signed_in", user=current_user()))
    if st.button(t("identity.logout"), key="identity.logout"):
        st.logout()
