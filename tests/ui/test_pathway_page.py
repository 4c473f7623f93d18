"""Pathway page in AppTest: the answer first, alerts by urgency, the tree's cards, rule ids,
"why not" in words, unreviewed rules marked, French throughout, no raw codes, no emoji."""

from __future__ import annotations

import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from netlogic.clinical import evaluation as evaluation_module
from netlogic.clinical.evaluation import Evaluation
from netlogic.model.case import Case
from tests.ui.conftest import open_demo, page_text

PAGE = "pages/2_Pathway.py"
# Pictographs and the variation selector that turns a symbol into an emoji: they render as
# empty boxes where no emoji font is installed.
EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\ufe0f]")


def _pathway(app: AppTest, case_id: str, lang: str = "en") -> AppTest:
    open_demo(app, case_id)
    if lang != "en":
        app.session_state["frame.lang"] = lang
    app.switch_page(PAGE).run()
    assert not app.exception
    return app


def _everything(at: AppTest) -> str:
    dialogs = [m.value for d in at.get("dialog") for m in d.markdown]
    return page_text(at) + "\n" + "\n".join(dialogs + [str(m.value) for m in at.metric])


def test_header_band_gives_grade_pace_and_offers_recommended_first(app: AppTest) -> None:
    _pathway(app, "EX-ILEUM-SYNDROME")
    assert app.metric[0].value == "NET G2"
    header = [m.value for m in app.markdown if "recommended" in m.value or "option" in m.value]
    offers = next(h for h in header if "Somatostatin analogue" in h)
    # Recommended first, then options.
    assert offers.index("Somatostatin analogue") < offers.index("Surgery")
    assert any("Progression" in m.value and "no progression" in m.value for m in app.markdown)
    # The discordance is a short badge; its alert's message is said once.
    text = _everything(app)
    assert "Ki-67 and mitoses disagree" in text
    assert text.count("the higher grade is kept; check both on the same sample") == 1


def test_french_header_reads_tne(app: AppTest) -> None:
    _pathway(app, "EX-ILEUM-SYNDROME", "fr")
    assert app.metric[0].value == "TNE G2"
    assert any("recommandé" in m.value for m in app.markdown)
    assert "RCP" in page_text(app)


def test_alerts_grouped_by_level_each_message_once(app: AppTest) -> None:
    _pathway(app, "EX-ILEUM-SYNDROME")
    # Level 1 open, as an error box.
    assert "Control the syndrome first" in app.error[0].value
    # Levels 2 and 3: one collapsed line each, naming the alerts by title.
    labels = [e.label for e in app.expander]
    level2 = next(label for label in labels if "to act on at this meeting" in label)
    assert "Grade discordance" in level2
    assert any("to keep in mind" in label for label in labels)
    alert_boxes = [e for e in app.expander if "to act on" in e.label or "keep in mind" in e.label]
    messages = [app.error[0].value] + [m.value for e in alert_boxes for m in e.markdown]
    current = app.session_state["current_case.case"]
    alerts = evaluation_module.evaluate(current, date.today()).alerts
    assert len(messages) == len(set(messages)) == len({(a.code, a.message) for a in alerts})


def test_no_raw_codes_or_file_names_reach_the_page(app: AppTest) -> None:
    _pathway(app, "EX-ILEUM-PD-SSA")
    # Material icon names (":material/check_circle:") are markup, not words on the screen;
    # the rule file's own text of a condition is shown on purpose, in small type.
    text = re.sub(r":material/[a-z_]+:", "", _everything(app))
    text = re.sub(r"As written in the rule file: .*", "", text)
    assert re.findall(r"\b[a-z]+_[a-z_]+\b", text) == []
    assert ".txt" not in text
    assert not EMOJI.search(text)


def test_each_card_shows_the_rule_that_set_its_status(app: AppTest) -> None:
    _pathway(app, "EX-ILEUM-SYNDROME")
    assert any("rule SSA-" in m.value for m in app.markdown)


def test_a_node_of_the_list_opens_its_card_with_why_not(app: AppTest) -> None:
    _pathway(app, "EX-ILEUM-SYNDROME")
    app.button(key="pathway_tree.list.therapy:prrt").click().run()
    assert not app.exception
    dialog = app.get("dialog")
    assert len(dialog) == 1
    shown = "\n".join(m.value for m in dialog[0].markdown)
    assert "rule PRRT-" in shown
    assert "Rules that would have offered it" in shown
    # The unmet condition in words, with this case's value; the raw text in small type.
    assert "lines that failed include somatostatin analogue (this case: none)" in shown
    captions = "\n".join(c.value for c in dialog[0].caption)
    assert "failed contains ssa" in captions
    # The card opens once: the next run does not open it again.
    app.run()
    assert not app.get("dialog")


def test_the_root_and_a_family_open_their_cards(app: AppTest) -> None:
    _pathway(app, "EX-ILEUM-SYNDROME")
    app.button(key="pathway_tree.list.root").click().run()
    assert "Basis" in "\n".join(m.value for m in app.get("dialog")[0].markdown)
    app.button(key="pathway_tree.list.family:targeted").click().run()
    shown = "\n".join(m.value for m in app.get("dialog")[0].markdown)
    assert "Cabozantinib" in shown
    assert "Belzutifan" in shown


def test_offered_only_hides_the_nodes_not_offered(app: AppTest) -> None:
    _pathway(app, "EX-ILEUM-SYNDROME")
    assert app.button(key="pathway_tree.list.therapy:cabozantinib")
    app.toggle(key="pathway_tree.offered_only_choice").set_value(True).run()
    keys = {b.key for b in app.button}
    assert "pathway_tree.list.therapy:ssa" in keys
    assert "pathway_tree.list.therapy:cabozantinib" not in keys
    # The choice holds across a page switch.
    app.switch_page("pages/3_Trends.py").run()
    app.switch_page(PAGE).run()
    assert app.toggle(key="pathway_tree.offered_only_choice").value is True


def test_unreviewed_rules_are_marked_not_hidden(app: AppTest) -> None:
    _pathway(app, "EX-ILEUM-SYNDROME")
    banner = [c.value for c in app.caption if "Not yet reviewed by a clinician" in c.value]
    assert len(banner) == 1
    assert any("not yet reviewed by a clinician" in m.value for m in app.markdown)


def test_no_banner_when_every_rule_was_reviewed(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = evaluation_module.evaluate

    def reviewed(case: Case, today: date | None = None, lang: str = "en") -> Evaluation:
        ev = real(case, today, lang)
        return ev.model_copy(
            update={
                "options": [o.model_copy(update={"reviewed": True}) for o in ev.options],
                "alerts": [a.model_copy(update={"reviewed": True}) for a in ev.alerts],
            }
        )

    monkeypatch.setattr("ui.frame.evaluate", reviewed)
    _pathway(app, "EX-ILEUM-SYNDROME")
    assert not [c for c in app.caption if "Not yet reviewed" in c.value]
    assert not [m for m in app.markdown if "not yet reviewed" in m.value]


def test_sources_are_readable_titles_and_trials_open_their_figures(app: AppTest) -> None:
    _pathway(app, "EX-ILEUM-PD-SSA")
    captions = "\n".join(c.value for c in app.caption)
    assert "Sources:" in captions
    assert ".txt" not in captions
    # A cited trial opens its row of the evidence table (trial results, never predictions).
    assert any("not a prediction for this patient" in c.value for c in app.caption)


def test_pathway_without_a_case_points_to_the_case_page(app: AppTest) -> None:
    app.switch_page(PAGE).run()
    assert not app.exception
    assert any("No case is open" in w.value for w in app.warning)
