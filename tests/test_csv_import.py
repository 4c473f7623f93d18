"""CSV of marker and imaging values (netlogic.model.csv_import): accepted files, refused lines."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netlogic.model.case_io import CaseValidationError
from netlogic.model.csv_import import merge_into, parse_measurements_csv
from netlogic.model.vocabulary import MarkerName, Modality, Response, StopReason
from tests.conftest import TODAY


@pytest.mark.parametrize(
    ("text", "markers", "imaging"),
    [
        # English spreadsheet export: comma separated, decimal point.
        ("date,name,value,unit\n2025-01-15,chromogranin_a,250.5,ng/mL\n", 1, 0),
        # French spreadsheet export: semicolons and decimal comma (250,5 is 250.5).
        ("date;name;value;unit\n2025-01-15;Chromogranine A;250,5;ng/mL\n", 1, 0),
        # Usual lab spellings are understood: CgA, 5-HIAA, NT-proBNP.
        ("date,name,value,unit\n2025-01-15,CgA,1,ng/mL\n2025-01-15,5-HIAA,2,umol/24h\n", 2, 0),
        # A CT line carries the RECIST sum of target diameters in mm.
        ("date,name,value,unit\n2025-01-10,ct,84,mm\n2025-04-10,MRI,90,\n", 0, 2),
        # Column order does not matter and blank lines are skipped.
        ("unit,value,date,name\n\nng/mL,10,2025-01-01,nse\n", 1, 0),
        # Byte-order mark from Excel "CSV UTF-8".
        ("\ufeffdate,name,value,unit\n2025-01-01,gastrin,100,pg/mL\n", 1, 0),
    ],
)
def test_accepted_files(text: str, markers: int, imaging: int) -> None:
    found = parse_measurements_csv(text, TODAY)
    assert (len(found.markers), len(found.imaging)) == (markers, imaging)


def test_values_are_read_as_written() -> None:
    found = parse_measurements_csv("date;name;value;unit\n2025-01-15;CgA;250,5;ng/mL\n", TODAY)
    marker = found.markers[0]
    assert (marker.date, marker.name, marker.value, marker.unit) == (
        date(2025, 1, 15),
        MarkerName.CHROMOGRANIN_A,
        250.5,
        "ng/mL",
    )


@pytest.mark.parametrize(
    ("text", "field"),
    [
        # A negative marker value is impossible.
        ("date,name,value,unit\n2025-01-01,cga,-1,ng/mL\n", "line 2.value"),
        # A value that is not a number.
        ("date,name,value,unit\n2025-01-01,cga,high,ng/mL\n", "line 2.value"),
        # An unknown marker or modality is named, not guessed.
        ("date,name,value,unit\n2025-01-01,troponin,1,ng/L\n", "line 2.name"),
        # A date that does not exist on the calendar.
        ("date,name,value,unit\n2025-02-30,cga,1,ng/mL\n", "line 2.date"),
        # A measurement cannot lie in the future.
        ("date,name,value,unit\n2099-01-01,cga,1,ng/mL\n", "line 2.date"),
        # Imaging values are sums of diameters in mm, not another unit.
        ("date,name,value,unit\n2025-01-01,ct,8,cm\n", "line 2.unit"),
        # No header naming the columns.
        ("2025-01-01,cga,1,ng/mL\n", "file"),
        # Empty file.
        ("", "file"),
    ],
)
def test_refused_lines_name_the_line_and_column(text: str, field: str) -> None:
    with pytest.raises(CaseValidationError) as caught:
        parse_measurements_csv(text, TODAY)
    assert field in [p.field for p in caught.value.problems]


def test_every_bad_line_is_reported_and_nothing_is_kept() -> None:
    text = "date,name,value,unit\n2025-01-01,cga,-1,ng/mL\n2025-01-02,cga,5,ng/mL\nx,foo,1,\n"
    with pytest.raises(CaseValidationError) as caught:
        parse_measurements_csv(text, TODAY)
    lines = {p.field.split(".")[0] for p in caught.value.problems}
    assert lines == {"line 2", "line 4"}


@given(
    rows=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=3650),
            st.sampled_from([m.value for m in MarkerName] + ["ct", "mri"]),
            # Up to the bound on a sum of diameters (2000 mm, netlogic.model.bounds).
            st.floats(min_value=0, max_value=2000, allow_nan=False, allow_infinity=False),
        ),
        max_size=30,
    ),
    semicolon=st.booleans(),
)
def test_any_valid_file_round_trips(rows: list[tuple[int, str, float]], semicolon: bool) -> None:
    sep = ";" if semicolon else ","
    lines = ["date,name,value,unit".replace(",", sep)]
    for days_ago, name, value in rows:
        written = repr(value).replace(".", ",") if semicolon else repr(value)
        unit = "mm" if name in ("ct", "mri") else "ng/mL"
        lines.append(
            sep.join([(TODAY - timedelta(days=days_ago)).isoformat(), name, written, unit])
        )
    found = parse_measurements_csv("\n".join(lines) + "\n", TODAY)
    assert len(found.markers) + len(found.imaging) == len(rows)
    assert sorted(m.value for m in found.markers) == sorted(
        v for _, n, v in rows if n not in ("ct", "mri")
    )
    assert all(s.modality in (Modality.CT, Modality.MRI) for s in found.imaging)
    assert [m.date for m in found.markers] == sorted(m.date for m in found.markers)


@given(st.text(max_size=300))
def test_arbitrary_text_is_read_or_refused_in_words(text: str) -> None:
    try:
        parse_measurements_csv(text, TODAY)
    except CaseValidationError as exc:
        assert exc.problems
        assert all(p.message for p in exc.problems)


def test_refusals_in_french_for_a_french_session() -> None:
    # A French clinician reads why line 2 was refused in French; the field path stays the same.
    text = "date,name,value,unit\n2025-01-10,chromogranin_a,beaucoup,ng/mL\n"
    with pytest.raises(CaseValidationError) as caught:
        parse_measurements_csv(text, TODAY, "fr")
    (problem,) = caught.value.problems
    assert problem.field == "line 2.value"
    assert problem.message == "ligne 2 : la valeur 'beaucoup' n'est pas un nombre"


# --- pasted text: more than markers, headers in French, merged into the screen ----------------

PASTED = (
    "date;nom;valeur;unité;LSN\n"
    "2025-01-10;Chromogranine A;180,5;ng/mL;100\n"
    "10/04/2025;5-HIAA urinaire;42;umol/24h;40\n"
    "\n"
    "Date;Modalité;Somme (mm);Nouvelles lésions;Commentaire\n"
    "2025-01-12;TDM;84;non;\n"
    "2025-04-12;IRM;90,5;oui;foie\n"
    "\n"
    "traitement;molécule;début;fin;meilleure réponse;motif d'arrêt\n"
    "Analogues de la somatostatine;lanréotide 120 mg;2024-03-01;;MS;\n"
    "everolimus;10 mg;2023-01-01;2024-02-01;PD;progression\n"
)


def test_markers_with_uln_imaging_and_lines_are_read_from_french_headers() -> None:
    found = parse_measurements_csv(PASTED, TODAY, "fr")
    assert [(m.name.value, m.value, m.unit, m.uln) for m in found.markers] == [
        ("chromogranin_a", 180.5, "ng/mL", 100),
        ("u5hiaa", 42, "umol/24h", 40),
    ]
    assert found.markers[1].date == date(2025, 4, 10)  # 10/04/2025 read day first in French
    scans = [(s.modality.value, s.sum_diameters_mm, s.new_lesions, s.note) for s in found.imaging]
    assert scans == [
        ("ct", 84, False, ""),
        ("mri", 90.5, True, "foie"),
    ]
    assert [(x.therapy.value, x.end, x.best_response, x.stop_reason) for x in found.treatments] == [
        ("everolimus", date(2024, 2, 1), Response.PD, StopReason.PROGRESSION),
        ("ssa", None, Response.SD, None),
    ]


@pytest.mark.parametrize(
    ("text", "lang", "count"),
    [
        # Cells copied out of a spreadsheet are separated by tabs; 8,5 stays one cell.
        ("date\tname\tvalue\tunit\n2025-01-10\tCgA\t8,5\tng/mL\n", "en", 1),
        # English headers in a French session, and the app's own column titles.
        (
            "Date (YYYY-MM-DD),Marker,Value,Unit,Upper limit of normal\n"
            "2025-01-10,NSE,12,ng/mL,16\n",
            "fr",
            1,
        ),
        # A column the import does not read is set aside (and named in the preview).
        ("date,name,value,unit,lab\n2025-01-10,CgA,85,ng/mL,central\n", "en", 1),
        # Treatment lines alone.
        ("therapy,start\nprrt,2025-01-10\n", "en", 1),
    ],
)
def test_more_spellings_are_read(text: str, lang: str, count: int) -> None:
    assert parse_measurements_csv(text, TODAY, lang).count() == count


def test_columns_set_aside_are_named() -> None:
    found = parse_measurements_csv("date,name,value,unit,lab\n2025-01-10,CgA,85,ng/mL,x\n", TODAY)
    assert found.ignored_columns == ["lab"]


@pytest.mark.parametrize(
    ("text", "lang", "field"),
    [
        # "8,5" in a comma-separated line is two cells: refused, never CgA 8 in unit "5".
        ("date,name,value,unit\n2025-01-10,CgA,8,5,ng/mL\n", "en", "line 2.line"),
        # ... and with a ULN column the tail lands in the unit: refused too.
        ("date,name,value,unit,uln\n2025-01-10,CgA,8,5,100\n", "en", "line 2.unit"),
        # 1,250 in an English tab file: thousands or decimals? Refused.
        ("date\tname\tvalue\tunit\n2025-01-10\tCgA\t1,250\tng/mL\n", "en", "line 2.value"),
        # Day-first dates are refused in English (03/04 is April or March).
        ("date,name,value,unit\n03/04/2025,CgA,85,ng/mL\n", "en", "line 2.date"),
        # A therapy the pathway does not know.
        ("therapy,start\naspirin,2025-01-10\n", "en", "line 2.therapy"),
        # A response that is not CR, PR, SD, PD or NE.
        ("therapy,start,best_response\nssa,2025-01-10,good\n", "en", "line 2.best_response"),
        # A yes/no column with something else in it.
        ("date,modality,new_lesions\n2025-01-10,ct,maybe\n", "en", "line 2.new_lesions"),
        # A treatment ending before it started.
        ("therapy,start,end\nssa,2025-01-10,2024-01-10\n", "en", "line 2.end"),
    ],
)
def test_pasted_lines_without_one_reading_are_refused(text: str, lang: str, field: str) -> None:
    with pytest.raises(CaseValidationError) as caught:
        parse_measurements_csv(text, TODAY, lang)
    assert any(p.field.startswith(field) for p in caught.value.problems), caught.value.problems


def test_values_are_merged_into_the_case_on_screen_and_not_added_twice() -> None:
    screen = {
        "id": "T-1",
        "patient": {"age_years": "12a"},  # not valid yet: kept as it is
        "markers": [
            {
                "date": "2025-01-10",
                "name": "chromogranin_a",
                "value": 180.5,
                "unit": "ng/mL",
                "uln": 100.0,
            }
        ],
        "imaging": [],
        "treatments": [],
    }
    found = parse_measurements_csv(PASTED, TODAY, "fr")
    merged = merge_into(screen, found)
    assert merged.data["patient"] == {"age_years": "12a"}
    assert merged.added == {"markers": 1, "imaging": 2, "treatments": 2}
    assert merged.already_there == 1
    assert len(merged.data["markers"]) == 2
