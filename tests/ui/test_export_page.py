"""Export page in AppTest: renders with and without a case, builds files only when asked."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.conftest import open_demo

PAGE = "pages/6_Export.py"
CASE_ID = "EX-ILEUM-SYNDROME"


def prepared(at: AppTest, fmt: str) -> bytes:
    """The bytes kept for the Export page's ``fmt`` file (owned by ui.downloads)."""
    fingerprint_and_file = at.session_state["downloads.files"][f"export_page.{fmt}"]
    data: bytes = fingerprint_and_file[1].data
    return data


def download_buttons(at: AppTest) -> list[object]:
    return list(at.get("download_button"))


def test_page_renders_without_a_case(app: AppTest) -> None:
    app.switch_page(PAGE).run()
    assert not app.exception
    assert [t.value for t in app.title] == ["Export"]
    assert any("No case is loaded" in i.value for i in app.info)
    assert not download_buttons(app)


def test_page_with_a_case_builds_nothing_until_asked(app: AppTest) -> None:
    open_demo(app, CASE_ID)
    app.switch_page(PAGE).run()
    assert not app.exception
    assert any(CASE_ID in c.value for c in app.caption)
    assert not download_buttons(app)  # nothing built on page load
    assert app.session_state["downloads.files"] == {}


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("pdf", lambda data: data.startswith(b"%PDF-")),  # the tumour-board PDF
        ("json", lambda data: json.loads(data)["id"] == CASE_ID),  # the case file
        ("csv", lambda data: len(zipfile.ZipFile(io.BytesIO(data)).namelist()) == 3),  # tables
        ("fhir", lambda data: json.loads(data)["resourceType"] == "Bundle"),  # FHIR bundle
    ],
)
def test_preparing_a_format_offers_its_download(app: AppTest, fmt: str, check: object) -> None:
    open_demo(app, CASE_ID)
    app.switch_page(PAGE).run()
    app.radio(key="downloads.export_page.format_choice").set_value(fmt).run()
    app.button(key=f"downloads.export_page.prepare.{fmt}").click().run()
    assert not app.exception
    (button,) = download_buttons(app)
    assert button.proto.label.startswith("Download")  # type: ignore[attr-defined]
    assert check(prepared(app, fmt))  # type: ignore[operator]
    assert any(f"{CASE_ID}_" in c.value for c in app.caption)  # file name shown


def test_format_choice_is_kept_and_a_file_in_another_language_is_dropped(app: AppTest) -> None:
    open_demo(app, CASE_ID)
    app.switch_page(PAGE).run()
    app.radio(key="downloads.export_page.format_choice").set_value("html").run()
    app.button(key="downloads.export_page.prepare.html").click().run()
    assert b"Tumour board summary" in prepared(app, "html")
    app.switch_page("pages/2_Pathway.py").run()
    app.switch_page(PAGE).run()
    assert app.radio(key="downloads.export_page.format_choice").value == "html"
    app.sidebar.radio(key="frame.lang_choice").set_value("fr").run()
    assert [t.value for t in app.title] == ["Export"]
    # The English file is not offered any more: the French one must be prepared first.
    assert not download_buttons(app)
    assert any("Préparer" in b.label for b in app.button)
    app.button(key="downloads.export_page.prepare.html").click().run()
    assert "Synthèse pour la RCP".encode() in prepared(app, "html")


def test_pathway_page_offers_the_tumour_board_pdf(app: AppTest) -> None:
    # The clinician reading the pathway takes the summary to the meeting from the same page.
    open_demo(app, CASE_ID)
    app.switch_page("pages/2_Pathway.py").run()
    assert not download_buttons(app)  # built only when asked
    app.button(key="downloads.pathway.prepare.pdf").click().run()
    assert not app.exception
    (button,) = download_buttons(app)
    assert button.proto.label.startswith("Download")  # type: ignore[attr-defined]
    kept = app.session_state["downloads.files"]["pathway.pdf"][1].data
    assert kept.startswith(b"%PDF-")
