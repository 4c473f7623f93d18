"""Case JSON (exact contract round trip) and the CSV zip (safe against formula injection)."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from netlogic.export.csv_bundle import (
    CSV_FILES,
    EVALUATION_CSV_FILES,
    FORMULA_TRIGGERS,
    build_csv_zip,
    cell_text,
    csv_text,
    neutralise_text,
)
from netlogic.export.formats import ExportFormat, build_export
from netlogic.model.case import Case
from netlogic.model.case_io import case_to_json_text, parse_case, parse_case_text
from netlogic.reference.i18n import translator
from tests.conftest import ROOT, TODAY
from tests.test_export_support import DEMO_CASES, demo_case, mixed_evaluation

TEACHING = sorted((ROOT / "data" / "teaching").glob("*.yaml"))


def _teaching_case(path: Path) -> Case:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return parse_case(data["case"], TODAY)


def _all_cases() -> list[tuple[str, Case]]:
    from netlogic.model.case_io import load_case_file

    cases = [(p.name, load_case_file(p, TODAY)) for p in DEMO_CASES]
    cases += [(p.name, _teaching_case(p)) for p in TEACHING]
    return cases


@pytest.mark.parametrize(
    ("name", "case"), _all_cases(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_json_export_is_the_contract_text_and_reimports_to_the_same_case(
    name: str, case: Case
) -> None:
    export = build_export(
        ExportFormat.JSON, case, mixed_evaluation(case, "en"), translator("en"), TODAY
    )
    assert export.data.decode("utf-8") == case_to_json_text(case)
    again = parse_case_text(export.data, TODAY)
    assert again == case
    assert export.filename == f"{case.id}_{TODAY.isoformat()}_case.json"


def test_json_export_keeps_project_fields_and_unknown_keys() -> None:
    case = demo_case().model_copy(update={"meeting_question": "PRRT?", "notes": "é ≥ µ"})
    data = case.to_contract_json() | {"added_by_another_tool": {"x": 1}}
    case = parse_case(data, TODAY)
    text = build_export("json", case, mixed_evaluation(case, "fr"), translator("fr"), TODAY).data
    assert parse_case_text(text, TODAY).model_dump() == case.model_dump()
    assert "é ≥ µ" in text.decode("utf-8")  # written as text, not \u escapes


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),  # formula
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),  # DDE through a leading plus
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),  # minus hiding a formula
        ("@SUM(1+1)", "'@SUM(1+1)"),  # at sign starts a formula in some programs
        ("\t=1+1", "'\t=1+1"),  # tab before a formula (some importers strip it)
        ("\r=1+1", "'\r=1+1"),  # carriage return before a formula
        ("\n=1+1", "'\n=1+1"),  # line feed before a formula (was let through)
        ("\n\n@SUM(A1)", "'\n\n@SUM(A1)"),  # several line feeds before an at sign
        ("\r\n+cmd|' /C calc'!A0", "'\r\n+cmd|' /C calc'!A0"),  # CRLF before a plus
        ("\t\n-2+3", "'\t\n-2+3"),  # tab then line feed before a minus
        ("\nfollow-up", "'\nfollow-up"),  # any leading line feed is quoted, as tab and CR
        ("  =1+1", "'  =1+1"),  # spaces before a formula: some programs skip them
        ("\u00a0=1+1", "'\u00a0=1+1"),  # a no-break space before a formula too
        (" -5", " -5"),  # a negative number after a space is still a number
        ("note\n=1", "note\n=1"),  # a formula sign after the first line is inert
        ("-5", "-5"),  # a negative number as text stays a number
        ("+3.5", "+3.5"),  # an explicitly positive number stays a number
        ("-1e-3", "-1e-3"),  # scientific notation is a number too
        ("lanreotide 120 mg", "lanreotide 120 mg"),  # ordinary text untouched
        ("'=already quoted", "'=already quoted"),  # starts with a quote: not a formula
        ("", ""),  # empty stays empty
        ("a=b", "a=b"),  # an equals sign inside text is harmless
        ("=", "'="),  # a lone equals sign is still neutralised
        ("ab\x00c", "abc"),  # NUL is dropped: CSV readers refuse it
    ],
)
def test_text_cells_that_start_a_formula_are_neutralised(cell: str, written: str) -> None:
    assert neutralise_text(cell) == written


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (-5.0, "-5"),  # negative numbers are numbers, never prefixed
        (-2.5, "-2.5"),  # with decimals
        (250.0, "250"),  # whole values without a trailing .0
        (3, "3"),  # ints as they are
        (None, ""),  # missing value: empty cell
        (TODAY, TODAY.isoformat()),  # dates ISO
    ],
)
def test_numbers_stay_numbers(value: Any, written: str) -> None:
    assert cell_text(value) == written


def _read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@given(st.text())
def test_any_text_survives_a_csv_round_trip_safely(text: str) -> None:
    rows = _read(csv_text(["h"], [[text]]))
    assert len(rows) == 2
    (read,) = rows[1]
    assert read == neutralise_text(text)
    # What a spreadsheet sees never starts a formula (plain numbers aside).
    if read.startswith(FORMULA_TRIGGERS):
        float(read)


def _unzip(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}


def test_zip_has_one_file_per_table_with_every_row() -> None:
    case = demo_case("trends-recist-and-cga")
    files = _unzip(build_csv_zip(case, translator("en"), TODAY))
    assert sorted(files) == sorted(CSV_FILES)
    markers = _read(files["markers.csv"])
    imaging = _read(files["imaging.csv"])
    assert len(markers) == 1 + len(case.markers)
    assert len(imaging) == 1 + len(case.imaging)
    assert len(_read(files["treatments.csv"])) == 1 + len(case.treatments)
    # The RECIST category of the last scan is in the table (68 mm is -32%: PR).
    assert imaging[-1][5] == "PR"
    assert markers[1][3] == "100"


def test_zip_neutralises_user_text_and_keeps_accents() -> None:
    case = demo_case("ileum-g2-progressing-on-ssa")
    case.treatments[0].agent = '=HYPERLINK("http://evil","x")'
    case.imaging[0].note = "+lésion hépatique ≥ 2 cm"
    files = _unzip(build_csv_zip(case, translator("fr"), TODAY))
    treatments = _read(files["treatments.csv"])
    imaging = _read(files["imaging.csv"])
    assert treatments[0][1] == "Traitement"  # French headers
    assert treatments[1][2] == '\'=HYPERLINK("http://evil","x")'
    assert "'+lésion hépatique ≥ 2 cm" in [row[-1] for row in imaging]


def test_same_case_gives_the_same_zip() -> None:
    case = demo_case("trends-recist-and-cga")
    t = translator("en")
    assert build_csv_zip(case, t, TODAY) == build_csv_zip(case, t, TODAY)


def test_with_the_evaluation_the_zip_has_every_node_every_alert_and_the_rule_set() -> None:
    case = demo_case("ileum-g2-syndrome")
    evaluation = mixed_evaluation(case, "fr")
    unreviewed = evaluation.options[0].model_copy(update={"reviewed": False, "rule": "R-1"})
    evaluation = evaluation.model_copy(update={"options": [unreviewed, *evaluation.options[1:]]})
    files = _unzip(build_csv_zip(case, translator("fr"), TODAY, evaluation))
    assert sorted(files) == sorted(CSV_FILES + EVALUATION_CSV_FILES)
    options = _read(files["options.csv"])
    assert len(options) == 1 + len(evaluation.options)  # every node, new ones included
    therapies = {row[0] for row in options[1:]}
    assert "Cabozantinib" in therapies
    assert "Soins de support exclusifs" in therapies
    assert ["R-1", "pas encore relu par un clinicien"] in [row[2:4] for row in options]
    alerts = _read(files["alerts.csv"])
    assert [row[1] for row in alerts[1:]] == ["mdt_discussion", "clinical_trial"]
    assert alerts[1][2] == "RCP"  # the alert's title, not only its code
    about = dict(_read(files["about.csv"])[1:])
    assert about["ruleset_version"] == evaluation.ruleset_version


def test_evaluation_export_is_the_contract_with_rule_ids_and_review_flags() -> None:
    import json

    case = demo_case("ileum-g2-syndrome")
    evaluation = mixed_evaluation(case, "en")
    export = build_export(ExportFormat.EVALUATION, case, evaluation, translator("en"), TODAY)
    data = json.loads(export.data)
    assert export.filename.endswith("_evaluation.json")
    assert data["ruleset_version"] == evaluation.ruleset_version
    assert {"rule", "reviewed"} <= set(data["options"][0])
    assert "reviewed" in data["alerts"][0]
