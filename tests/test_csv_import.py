"""CSV of marker and imaging values (netlogic.model.csv_import): accepted files, refused lines."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netlogic.model.case_io import CaseValidationError
from netlogic.model.csv_import import parse_measurements_csv
from netlogic.model.vocabulary import MarkerName, Modality
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
            st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
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
