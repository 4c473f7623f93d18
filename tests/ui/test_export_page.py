"""Export page in AppTest: renders with and without a case, one download button per format,
files built only when a button is clicked (the button holds a builder, not bytes)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from netlogic.clinical.evaluation import evaluate
from netlogic.export.formats import ExportFormat
from netlogic.model.case_io import load_case_file
from netlogic.reference.i18n import translator
from tests.conftest import ROOT
from tests.ui.conftest import open_demo
from ui.downloads import file_builder

PAGE = "pages/6_Export.py"
CASE_ID = "EX-ILEUM-SYNDROME"
CASE_FILE = ROOT / "data" / "demo_cases" / "ileum-g2-syndrome.case.json"


def download_buttons(at: AppTest) -> list[object]:
    return list(at.get("download_button"))


def labels(at: AppTest) -> list[str]:
    return [b.proto.label for b in download_buttons(at)]  # type: ignore[attr-defined]


def test_page_renders_without_a_case(app: AppTest) -> None:
    app.switch_page(PAGE).run()
    assert not app.exception
    assert [t.value for t in app.title] == ["Export"]
    assert any("No case is loaded" in i.value for i in app.info)
    assert not download_buttons(app)


def test_every_format_is_one_click_away(app: AppTest) -> None:
    open_demo(app, CASE_ID)
    app.switch_page(PAGE).run()
    assert not app.exception
    # One download button per format on arrival: no chooser, no "prepare" step.
    assert len(labels(app)) == len(ExportFormat)
    assert all(label.startswith("Download") for label in labels(app))
    assert not [b for b in app.button if "Prepare" in b.label]
    # The case and the rule set version are named above the buttons.
    captions = " ".join(c.value for c in app.caption)
    assert CASE_ID in captions
    assert "Rule set version" in captions


def test_buttons_follow_the_session_language(app: AppTest) -> None:
    open_demo(app, CASE_ID)
    app.switch_page(PAGE).run()
    app.sidebar.radio(key="frame.lang_choice").set_value("fr").run()
    assert all(label.startswith("Télécharger") for label in labels(app))


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        (ExportFormat.PDF, lambda data: data.startswith(b"%PDF-")),  # the tumour-board PDF
        (ExportFormat.HTML, lambda data: b"<!DOCTYPE html>" in data),  # the HTML summary
        (ExportFormat.JSON, lambda data: json.loads(data)["id"] == CASE_ID),  # the case file
        (ExportFormat.CSV, lambda data: len(zipfile.ZipFile(io.BytesIO(data)).namelist()) == 6),
        (ExportFormat.FHIR, lambda data: json.loads(data)["resourceType"] == "Bundle"),
        (ExportFormat.EVALUATION, lambda data: "ruleset_version" in json.loads(data)),
    ],
)
def test_each_button_builds_its_file_when_clicked(fmt: ExportFormat, check: object) -> None:
    today = date(2026, 11, 22)
    case = load_case_file(CASE_FILE, today)
    build = file_builder(fmt, case, evaluate(case, today, "en"), translator("en"), today)
    assert check(build())  # type: ignore[operator]


def test_pathway_page_offers_the_summaries_in_one_click(app: AppTest) -> None:
    # The clinician reading the pathway takes the summary to the meeting from the same page.
    open_demo(app, CASE_ID)
    app.switch_page("pages/2_Pathway.py").run()
    assert not app.exception
    assert any(label.startswith("Download") for label in labels(app))
