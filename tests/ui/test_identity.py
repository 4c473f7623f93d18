"""Who uses the app (issue "hardening"): with an OpenID Connect ``[auth]`` section every page
asks for a login and shows nothing else, the author of a save is the identity provider's
login, and opening a saved case is recorded in the audit trail. Without ``[auth]``: local
mode, said on the Home page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from netlogic.clinical.evaluation import evaluate
from netlogic.export.formats import ExportFormat
from netlogic.reference.i18n import Translator
from netlogic.store.repository import open_store
from tests.conftest import TODAY
from tests.test_store_support import make_case
from tests.ui.case_entry import save
from tests.ui.conftest import APP, open_demo, page_text
from ui import identity
from ui.case_store import record_export
from ui.downloads import ExportFailedError, file_builder

# The settings Streamlit's st.login reads (see its docstring); nothing here is ever called.
FAKE_OIDC = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-test-cookie-secret-not-used-for-anything",
    "client_id": "netlogic-test",
    "client_secret": "not-a-secret",
    "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
}
CLINICIAN = {"is_logged_in": True, "email": "dr.martin@hospital.example", "name": "Dr Martin"}
PAGES = (
    "pages/1_Case.py",
    "pages/2_Pathway.py",
    "pages/3_Trends.py",
    "pages/4_What_if.py",
    "pages/5_Teaching.py",
    "pages/6_Export.py",
    "pages/7_Meeting.py",
    "pages/8_Concordance.py",
)
SAVED_ID = "T-PRIVATE-1"


def _session(user: dict[str, Any], *, auth: bool, case_id: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    if auth:
        at.secrets["auth"] = dict(FAKE_OIDC)
    at.user = dict(user)
    if case_id is not None:
        at.query_params["case"] = case_id
    return at


@pytest.fixture
def saved_case(store_url: str) -> str:
    with open_store(store_url) as store:
        store.save(make_case(SAVED_ID), "dr-a")
    return store_url


@pytest.mark.parametrize(
    "authlib",
    [
        True,  # the normal team server: a login button, nothing else
        False,  # Authlib missing: the login could not work, so an error and still nothing
    ],
)
def test_anonymous_session_sees_the_login_only_and_no_case(
    saved_case: str, monkeypatch: pytest.MonkeyPatch, authlib: bool
) -> None:
    monkeypatch.setattr(identity, "authlib_installed", lambda: authlib)
    at = _session({"is_logged_in": False}, auth=True, case_id=SAVED_ID)
    for page in ("app.py", *PAGES):
        (at.switch_page(page) if page != "app.py" else at).run()
        assert not at.exception, page
        assert [t.value for t in at.title] == ["Sign in to the NET pathway dashboard"], page
        assert bool(at.button) is authlib, page
        assert SAVED_ID not in page_text(at), page
        assert not at.sidebar.radio, page  # the frame stopped before drawing its sidebar
        assert at.session_state["current_case.case"] is None, page
    with open_store(saved_case) as store:
        assert store.access_log(SAVED_ID) == []  # nothing was read


def test_logged_in_save_is_authored_by_the_identity_provider(store_url: str) -> None:
    at = _session(CLINICIAN, auth=True)
    at.run()
    assert not at.exception
    assert "Signed in as dr.martin@hospital.example" in page_text(at)
    open_demo(at, "EX-ILEUM-SYNDROME")
    save(at)
    with open_store(store_url) as store:
        assert [v.author for v in store.history("EX-ILEUM-SYNDROME")] == [CLINICIAN["email"]]


@pytest.mark.parametrize(
    ("user", "auth", "reader"),
    [
        (CLINICIAN, True, CLINICIAN["email"]),  # team mode: the login is the reader
        ({}, False, "local"),  # local mode: recorded as local, like saves
    ],
)
def test_opening_a_saved_case_is_recorded(
    saved_case: str, user: dict[str, Any], auth: bool, reader: str
) -> None:
    at = _session(user, auth=auth, case_id=SAVED_ID)
    at.switch_page("pages/2_Pathway.py").run()
    assert not at.exception
    assert at.session_state["current_case.case"] is not None
    with open_store(saved_case) as store:
        log = store.access_log(SAVED_ID)
    assert [(a.who, a.action, a.version) for a in log] == [(reader, "read", 1)]


def test_local_mode_says_so_on_the_home_page(store_url: str) -> None:
    at = _session({}, auth=False)
    at.run()
    assert not at.exception
    assert "Single-user local mode" in page_text(at)
    assert "127.0.0.1" in page_text(at)


def test_an_export_of_a_saved_case_is_recorded(saved_case: str) -> None:
    record_export(SAVED_ID, 1, "dr.martin@hospital.example")
    record_export(SAVED_ID, None, "dr.martin@hospital.example")  # never saved: nothing to record
    with open_store(saved_case) as store:
        log = store.access_log(SAVED_ID)
    assert [(a.who, a.action, a.version) for a in log] == [
        ("dr.martin@hospital.example", "export", 1)
    ]


def test_an_unreadable_secrets_file_counts_as_a_login_required(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A typo in secrets.toml must not turn a team server into an open one (fail closed).
    broken = tmp_path / "secrets.toml"
    broken.write_text("[auth\nclient_id = ", encoding="utf-8")
    monkeypatch.setattr(identity.st, "get_option", lambda _name: [str(broken)])
    assert identity.auth_configured()
    with pytest.raises(OSError, match="cannot be read"):
        identity._auth_section()


def test_a_download_of_a_saved_case_is_recorded_before_the_file_is_built(
    saved_case: str,
) -> None:
    """The Export and Pathway buttons record who downloads before the file exists; a record
    the store refuses (nobody logged in: an empty name) means no file at all."""
    case = make_case(SAVED_ID)
    evaluation = evaluate(case, today=TODAY, lang="en")
    build = file_builder(
        ExportFormat.JSON, case, evaluation, Translator(), TODAY, audit=(1, "dr.martin@x.example")
    )
    assert build().startswith(b"{")
    refused = file_builder(ExportFormat.JSON, case, evaluation, Translator(), TODAY, audit=(1, ""))
    with pytest.raises(ExportFailedError):
        refused()
    with open_store(saved_case) as store:
        log = store.access_log(SAVED_ID)
    assert [(a.who, a.action) for a in log] == [("dr.martin@x.example", "export")]
