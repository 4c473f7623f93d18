"""Typed text is shown as typed: Markdown or HTML in a marker unit, a treatment agent, an
imaging note, the notes or the meeting question never becomes a link, an image or markup.

Streamlit renders Markdown in markdown, captions, alerts, expander titles, radio labels and
``st.table`` cells, and GitHub-flavoured Markdown turns a bare address into a live link; Plotly
reads trace names and hover texts as HTML. The hostile case below is saved, opened from the
store, and every page that shows it is inspected element by element.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from netlogic.model.case_io import parse_case
from netlogic.store.repository import open_store
from tests.conftest import TODAY
from tests.ui.case_entry import section, sources_tab

MARK = "evil.example"
# Within the input bounds (a unit holds at most 32 characters).
UNIT = f"[u](//{MARK}) <b>x</b>"
AGENT = f"lanreotide [click](http://{MARK}) **120 mg** www.{MARK} <b>bold</b>"
NOTE = f"![pixel](http://{MARK}/n.png) <img src=x onerror=alert(1)> :red[alarm] $x^2$"
CASE_ID = "PT-HOSTILE"

# A backslash before ASCII punctuation is a Markdown escape: the character is shown as typed.
_ESCAPED = re.compile(r"\\[!-/:-@\[-`{-~]")
# Our own icon directive in front of a caution (":orange[:material/warning:]").
_OUR_ICON = re.compile(r":[a-z]+\[:material/[a-z_]+:\]")


def hostile_case() -> dict[str, Any]:
    return {
        "schema_version": "1",
        "id": CASE_ID,
        "tumour": {"primary_site": "small_intestine", "ki67_percent": 4, "differentiation": "well"},
        "disease": {"stage": "metastatic", "metastatic_sites": ["liver"]},
        "markers": [
            {"date": "2026-01-05", "name": "chromogranin_a", "value": 90, "unit": UNIT},
            {"date": "2026-06-05", "name": "chromogranin_a", "value": 180, "unit": UNIT},
        ],
        "imaging": [
            {"date": "2026-01-02", "modality": "ct", "sum_diameters_mm": 40, "note": NOTE},
            {"date": "2026-06-02", "modality": "ct", "sum_diameters_mm": 44, "note": NOTE},
        ],
        "treatments": [{"therapy": "ssa", "agent": AGENT, "start": "2026-01-10"}],
        "notes": NOTE,
        "meeting_question": f"PRRT? {NOTE}",
    }


@pytest.fixture
def opened(app: AppTest, store_url: str) -> AppTest:
    with open_store(store_url) as store:
        store.save(parse_case(hostile_case(), TODAY), "test")
    app.switch_page("pages/1_Case.py").run()
    sources_tab(app, "Saved case")
    app.selectbox(key="case_sources.saved").set_value(CASE_ID)
    app.button(key="case_sources.open_saved").click().run()
    assert not app.exception
    return app


def markdown_bodies(at: AppTest) -> list[str]:
    """Every text Streamlit renders as Markdown on the page (tables cell by cell)."""
    bodies = [str(e.value) for e in (*at.markdown, *at.caption)]
    bodies += [str(e.value) for e in (*at.info, *at.warning, *at.error, *at.success)]
    bodies += [str(e.label) for e in at.expander]
    for table in at.table:
        frame = table.value
        bodies += [str(c) for c in frame.columns]
        bodies += [str(cell) for row in frame.itertuples(index=False) for cell in row]
    return bodies


def active_markup(body: str) -> list[str]:
    """What in a Markdown source would still make a link, an image or HTML."""
    bare = _ESCAPED.sub("", _OUR_ICON.sub("", body))  # escaped characters are text
    problems = [c for c in ("[", "]", "<", ">") if c in bare]
    shown = _ESCAPED.sub(lambda m: m.group()[1], body)  # the text after Markdown parsing
    # GitHub-flavoured Markdown links addresses found in that text.
    problems += re.findall(r"(?i)https?://|www\.\w|\w@\w", shown)
    return problems


def shown_text(body: str) -> str:
    """What the reader sees: escapes resolved, the invisible word joiners left out."""
    return _ESCAPED.sub(lambda m: m.group()[1], body).replace("\u2060", "")


def check_page(at: AppTest, page: str, at_least: int) -> None:
    at.switch_page(page).run()
    assert not at.exception
    hostile = [b for b in markdown_bodies(at) if MARK in shown_text(b)]
    assert len(hostile) >= at_least, page  # the typed text is there, so the check bites
    assert {b: active_markup(b) for b in hostile if active_markup(b)} == {}


def test_the_trends_page_shows_units_and_agents_as_typed(opened: AppTest) -> None:
    # Units in the kinetics sentence, the table titles, the history's text alternative and the
    # marker tables; the agent in the treatment lines table.
    check_page(opened, "pages/3_Trends.py", at_least=4)


def test_the_trends_chart_shows_units_and_agents_as_text(opened: AppTest) -> None:
    opened.switch_page("pages/3_Trends.py").run()
    (chart,) = opened.get("plotly_chart")
    figure = json.loads(chart.proto.spec)
    texts = [str(trace.get("name", "")) for trace in figure["data"]]
    texts += [str(trace.get("hovertemplate", "")) for trace in figure["data"]]
    texts += [json.dumps(trace.get("hovertext", [])) for trace in figure["data"]]
    texts += [str(a.get("text", "")) for a in figure["layout"].get("annotations", [])]
    with_unit = [x for x in texts if MARK in x]
    assert with_unit  # the unit is in the legend and the titles
    for text in with_unit:
        assert "<a" not in text
        assert "<b>bold" not in text
        assert "\\u003ca" not in text  # nor as a JSON escape of "<a"


def test_the_pathway_page_shows_the_agent_in_reasons_as_typed(opened: AppTest) -> None:
    # "Current dosing: {agent}" (knowledge base 8.13) quotes the agent in an SSA caution.
    check_page(opened, "pages/2_Pathway.py", at_least=1)


def test_the_case_page_keeps_the_typed_text_and_renders_none_of_it(opened: AppTest) -> None:
    check_page(opened, "pages/1_Case.py", at_least=0)
    section(opened, "meeting")
    assert any(NOTE in str(a.value) for a in opened.text_area)  # kept whole in its field


@pytest.mark.parametrize(
    "typed_marker",
    [
        f"![x](http://{MARK}/p.png)",  # an image in an enumeration the error box echoes
        f"[click](http://{MARK})",  # a link
        f"see www.{MARK} now",  # a bare address GitHub-flavoured Markdown would link
    ],
)
def test_a_refused_paste_echoes_the_typed_value_as_text(app: AppTest, typed_marker: str) -> None:
    app.switch_page("pages/1_Case.py").run()
    sources_tab(app, "Import a file")
    pasted = f"date,marker,value,unit\n2025-01-10,{typed_marker},8,ng/mL"
    app.text_area(key="case_sources.paste").input(pasted)
    next(b for b in app.button if b.label == "Preview the pasted values").click().run()
    assert not app.exception
    boxes = [str(e.value) for e in app.error if MARK in shown_text(str(e.value))]
    assert boxes  # the value is echoed, so the check bites
    assert {b: active_markup(b) for b in boxes if active_markup(b)} == {}
