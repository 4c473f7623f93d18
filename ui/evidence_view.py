"""Sources and trial rows on screen: readable titles, and a trial's figures on demand.

A source is shown only by its readable title (:func:`netlogic.reference.sources.source_list`);
a source that names a trial of the evidence table (``CABINET``, ``NETTER-1``) also opens a
popover with the trial's population, arms and results in the session's language. Figures are
trial results for the trial population, never a prediction for this patient (knowledge base
section 7), and every popover says so.
"""

from __future__ import annotations

import streamlit as st

from netlogic.clinical.evidence import Trial, evidence, trial_results
from netlogic.reference.i18n import Translator
from netlogic.reference.sources import source_list

TRIAL_ICON = ":material/science:"


def trial_block(trial: Trial, t: Translator) -> None:
    """One row of the evidence table in words (population, arms, results, note, caveat)."""
    colon = t("punct.colon")
    st.markdown(f"**{trial.display_name}**{colon} {trial.population.get(t.lang)}")
    arms = " / ".join(arm.get(t.lang) for arm in trial.arms)
    st.markdown(f"{t('evidence.arms')}{colon} {arms}")
    st.markdown("\n".join(f"- {line}" for line in trial_results(trial, t)))
    if trial.note is not None:
        st.caption(trial.note.get(t.lang))
    st.caption(t("evidence.caveat"))


def sources_block(sources: list[str], t: Translator, key: str) -> None:
    """The sources as readable titles; each cited trial opens its rows of the evidence table.

    ``key`` makes the popovers unique when several cards on one page cite the same trial.
    """
    if not sources:
        return
    table = evidence()
    trials = {s: rows for s in sources if (rows := table.trials_cited_as(s))}
    st.caption(t("pathway.sources_line", sources=source_list(sources, t.lang)))
    if not trials:
        return
    columns = st.columns(min(len(trials), 3))
    for i, (source, rows) in enumerate(trials.items()):
        with columns[i % len(columns)].popover(
            rows[0].display_name, icon=TRIAL_ICON, width="stretch", key=f"{key}.trial.{source}"
        ):
            for row in rows:
                trial_block(row, t)
