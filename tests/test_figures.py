"""Trend figures checked on ``fig.to_dict()``: traces, thresholds, bands, size on long histories."""

from __future__ import annotations

from typing import Any

import pytest

from bench.cases import HISTORY_END, long_history_case
from netlogic.model.case import Case
from netlogic.model.case_io import load_case_file
from netlogic.reference.i18n import Translator
from netlogic.trends.figures import (
    MAX_POINTS_PER_SERIES,
    combined_figure,
    history_figure,
    imaging_figure,
    lane_text,
    marker_figure,
    plotly_config,
    timeline_figure,
)
from tests.conftest import EXAMPLES, ROOT, TODAY

EN = Translator("en")
FR = Translator("fr")


def case_with(**fields: Any) -> Case:
    return Case.model_validate(
        {"schema_version": "1", "id": "T-FIG", "tumour": {"primary_site": "small_intestine"}}
        | fields
    )


def example(name: str) -> Case:
    return load_case_file(EXAMPLES / f"{name}.case.json", TODAY)


def roles(fig: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {tr["meta"]["role"]: tr for tr in fig["data"] if isinstance(tr.get("meta"), dict)}


def test_imaging_figure_draws_sum_and_every_threshold() -> None:
    # Example: baseline 100 mm, nadir 68 mm -> PR line 70 mm, PD line max(81.6, 73) = 81.6 mm.
    fig = imaging_figure(example("trends-recist-and-cga"), EN).to_dict()
    lines = roles(fig)
    assert list(lines["sum_diameters"]["y"]) == [100, 80, 68]
    assert lines["baseline"]["y"][0] == 100
    assert lines["nadir"]["y"][0] == 68
    assert lines["pr_threshold"]["y"][0] == pytest.approx(70)
    assert lines["pd_threshold"]["y"][0] == pytest.approx(81.6)
    # Each point carries its category and, after the first, its growth rate.
    labels = list(lines["sum_diameters"]["text"])
    assert labels[0] == "SD"
    assert labels[-1].startswith("PR")
    assert "-15" in labels[-1]


def test_pd_threshold_uses_the_5_mm_floor_on_small_sums() -> None:
    # Nadir 20 mm: +20% is 24 mm but +5 mm is 25 mm; the larger (25) is the PD line.
    case = case_with(
        imaging=[
            {"date": "2024-01-01", "modality": "ct", "sum_diameters_mm": 30},
            {"date": "2024-04-01", "modality": "ct", "sum_diameters_mm": 20},
        ]
    )
    assert roles(imaging_figure(case, EN).to_dict())["pd_threshold"]["y"][0] == pytest.approx(25)


def test_treatment_bands_match_the_treatment_dates() -> None:
    # Ileal NET on octreotide since 2023-01-10, ongoing: band to the last scan (2024-07-08).
    fig = imaging_figure(example("ileum-g2-progressing-on-ssa"), EN).to_dict()
    bands = [s for s in fig["layout"]["shapes"] if str(s.get("name", "")).startswith("band:")]
    assert [(b["x0"], b["x1"]) for b in bands] == [("2023-01-10", "2024-07-08")]
    texts = [a["text"] for a in fig["layout"]["annotations"]]
    assert "Somatostatin analogue" in texts


def test_marker_figure_has_a_panel_per_series_with_uln_and_units() -> None:
    # CgA in ng/mL and in U/L are two panels (two assays), each with its own hover unit.
    case = case_with(
        markers=[
            {"date": "2024-01-01", "name": "chromogranin_a", "value": 150, "unit": "ng/mL"}
            | {"uln": 100},
            {"date": "2024-04-01", "name": "chromogranin_a", "value": 300, "unit": "ug/L"},
            {"date": "2024-05-01", "name": "chromogranin_a", "value": 20, "unit": "U/L"},
        ]
    )
    fig = marker_figure(case, EN).to_dict()
    values = [tr for tr in fig["data"] if tr.get("mode") == "lines+markers"]
    assert [tr["name"] for tr in values] == ["Chromogranin A (ng/mL)", "Chromogranin A (U/L)"]
    assert "ng/mL" in values[0]["hovertemplate"]
    assert values[0]["yaxis"] != values[1].get("yaxis", "y")
    assert roles(fig)["uln"]["y"][0] == 100


def test_ppi_is_noted_on_chromogranin_a_in_french() -> None:
    case = case_with(
        on_ppi=True,
        markers=[{"date": "2024-01-01", "name": "chromogranin_a", "value": 150, "unit": "ng/mL"}],
    )
    fig = marker_figure(case, FR).to_dict()
    texts = " ".join(a["text"] for a in fig["layout"]["annotations"])
    assert "sous IPP" in texts
    assert "pompe à protons" in texts


def test_marker_figure_date_window_and_selection() -> None:
    # Only the chosen series and only values inside the window are drawn.
    case = case_with(
        markers=[
            {"date": "2024-01-01", "name": "nse", "value": 10, "unit": "ng/mL"},
            {"date": "2024-06-01", "name": "nse", "value": 12, "unit": "ng/mL"},
            {"date": "2024-06-01", "name": "gastrin", "value": 90, "unit": "pg/mL"},
        ]
    )
    from datetime import date

    fig = marker_figure(case, EN, markers=["nse"], start=date(2024, 3, 1)).to_dict()
    drawn = [tr for tr in fig["data"] if tr.get("mode") == "lines+markers"]
    assert [list(tr["x"]) for tr in drawn] == [["2024-06-01"]]


def test_timeline_has_a_lane_per_line_coloured_by_family() -> None:
    case = case_with(
        treatments=[
            {"therapy": "ssa", "start": "2020-01-01", "end": "2022-01-01"}
            | {"best_response": "SD", "stop_reason": "progression"},
            {"therapy": "prrt", "start": "2022-02-01", "end": "2022-08-01", "cycles": 4},
            {"therapy": "everolimus", "start": "2023-01-01"},
        ]
    )
    fig = timeline_figure(case, EN).to_dict()
    lanes = [lane for tr in fig["data"] for lane in tr["y"]]
    assert lanes == ["Line 1: Somatostatin analogue", "Line 2: PRRT", "Line 3: Everolimus"]
    assert len({tr["marker"]["color"] for tr in fig["data"]}) == 3
    assert "SD" in fig["data"][0]["text"][0]
    assert "progression" in fig["data"][0]["text"][0]


def test_combined_figure_shares_one_time_axis() -> None:
    fig = combined_figure(example("trends-recist-and-cga"), EN).to_dict()
    # Every x axis but the bottom one follows the bottom one (zoom once, all panels move).
    axes = {k: v for k, v in fig["layout"].items() if k.startswith("xaxis")}
    bottom = f"x{len(axes)}"
    assert len(axes) >= 2
    assert [v.get("matches") for v in axes.values()][:-1] == [bottom] * (len(axes) - 1)
    assert {"sum_diameters", "pr_threshold", "pd_threshold"} <= set(roles(fig))


def test_empty_case_gives_explained_empty_figures() -> None:
    for build in (marker_figure, imaging_figure, timeline_figure, combined_figure):
        fig = build(case_with(), EN).to_dict()
        assert fig["layout"]["annotations"], build.__name__


def test_long_history_stays_small_and_uses_webgl() -> None:
    # A 15-year history: every figure under 1 MB; dense series drawn with WebGL.
    case = long_history_case()
    assert max(m.date for m in case.markers) <= HISTORY_END
    for build in (marker_figure, imaging_figure, timeline_figure, combined_figure):
        fig = build(case, EN)
        assert len(fig.to_json().encode()) < 1_000_000, build.__name__
    types = {tr["type"] for tr in marker_figure(case, EN).to_dict()["data"]}
    assert "scattergl" in types


def test_very_dense_series_is_downsampled_for_drawing_only() -> None:
    # 5000 values: drawn points capped, the summary still uses every value.
    case = long_history_case(n_markers=5000, seed=1)
    fig = marker_figure(case, EN, markers=["chromogranin_a"]).to_dict()
    drawn = next(tr for tr in fig["data"] if tr.get("mode") == "lines+markers")
    assert len(drawn["x"]) <= MAX_POINTS_PER_SERIES + 3
    assert len(fig["data"]) >= 1
    assert len(marker_figure(case, EN).to_json().encode()) < 1_000_000


def test_long_history_case_is_deterministic() -> None:
    a, b = long_history_case(seed=3), long_history_case(seed=3)
    assert a.to_contract_json() == b.to_contract_json()
    assert (len(a.markers), len(a.imaging), len(a.treatments)) == (500, 60, 10)


def _history_case() -> Case:
    return load_case_file(ROOT / "data" / "demo_cases" / "pancreas-g2-history.case.json", TODAY)


def test_history_figure_puts_lines_markers_and_imaging_on_one_time_axis() -> None:
    fig = history_figure(_history_case(), EN).to_dict()
    axes = {k: v for k, v in fig["layout"].items() if k.startswith("xaxis")}
    bottom = f"x{len(axes)}"
    # Lines lane, CgA, NSE, RECIST: four rows, every axis follows the bottom one (linked zoom).
    assert len(axes) == 4
    assert [v.get("matches") for v in axes.values()][:-1] == [bottom] * 3
    lanes = fig["layout"]["yaxis"]["categoryarray"]
    # Lanes in start order, whatever the family (the second SSA course is the last lane).
    assert lanes[0] == "1 · Surgery"
    assert lanes[-1] == "5 · Somatostatin analogue"


def test_history_figure_writes_nothing_on_the_plot_but_row_titles() -> None:
    # Band labels, scan labels and notes overlapped or were clipped: the only annotations
    # left are the row titles, above their rows; the rest is in axes, legend and hover.
    fig = history_figure(_history_case(), FR).to_dict()
    titles = [a["text"] for a in fig["layout"]["annotations"]]
    assert titles == [
        "Lignes de traitement",
        "Chromogranine A (ng/mL)",
        "NSE (ng/mL)",
        "RECIST 1.1 : somme (mm)",
    ]
    assert all(tr.get("mode") != "lines+markers+text" for tr in fig["data"])
    # Bar text that does not fit is hidden, never drawn over its neighbour.
    assert fig["layout"]["uniformtext"] == {"minsize": 10, "mode": "hide"}


@pytest.mark.parametrize(
    ("line", "text"),
    [
        # Known parts only: never "best - - ongoing".
        ({"therapy": "ssa", "start": "2024-01-01"}, "ongoing"),
        ({"therapy": "ssa", "start": "2024-01-01", "best_response": "SD"}, "best SD · ongoing"),
        (
            {"therapy": "prrt", "start": "2024-01-01", "end": "2024-06-01"}
            | {"stop_reason": "completed"},
            "completed",
        ),
        ({"therapy": "prrt", "start": "2024-01-01", "end": "2024-06-01"}, ""),
    ],
)
def test_lane_text_says_only_what_is_known(line: dict[str, Any], text: str) -> None:
    case = case_with(treatments=[line])
    assert lane_text(case.treatments[0], EN) == text


def test_french_charts_use_plotlys_french_locale_from_the_repository() -> None:
    config = plotly_config("fr")
    assert config["locale"] == "fr"
    fmt = config["locales"]["fr"]["format"]
    assert fmt["decimal"] == ","
    assert fmt["shortMonths"][1] == "Fév"
    assert "locale" not in plotly_config("en")  # plotly's own English
    assert config["displaylogo"] is False
