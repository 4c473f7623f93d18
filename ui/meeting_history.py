"""The case's tumour-board decisions on the Case page, beside its versions: which meeting,
what was decided, where it stood against the pathway then, on which case version and rule
set, whether it was taken with quorum. A decision recorded again at the same meeting keeps the
earlier one in the list, marked as replaced (nothing is overwritten).

Read from the store through ``netlogic.meetings.case_decisions``. This module owns no session
state (its table's widget key is prefixed ``meeting_history.``).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from netlogic.meetings import CaseDecision
from netlogic.model.meeting import Concordance
from netlogic.reference.i18n import Translator
from ui import meeting_data


def _therapies(item: CaseDecision, t: Translator) -> str:
    decision = item.decision
    return ", ".join(
        t(
            "meeting_ui.therapy_choice",
            therapy=t(f"therapy.{th.value}"),
            status=t(f"status.{decision.status_at_decision[th].value}"),
        )
        for th in decision.therapies
    )


def _state(item: CaseDecision, t: Translator) -> str:
    if item.superseded:
        return t("meeting_ui.history.superseded")
    if item.decision.present_again:
        return t("meetings.present_again")
    return t("meeting_ui.history.current")


def decisions_frame(found: list[CaseDecision], t: Translator) -> pd.DataFrame:
    rows = list(reversed(found))  # newest first, like the versions above
    return pd.DataFrame(
        {
            t("meetings.date"): [d.meeting_date.isoformat() for d in rows],
            t("meetings.meeting"): [d.meeting_name for d in rows],
            t("meetings.decision.therapies"): [_therapies(d, t) for d in rows],
            t("meetings.decision.type"): [
                t(f"meetings.type.{d.decision.type.value}") for d in rows
            ],
            t("meetings.decision.concordance"): [
                t(f"meetings.concordance.{d.decision.concordance.value}") for d in rows
            ],
            t("meetings.decision.justification"): [d.decision.justification or "–" for d in rows],
            t("meeting_ui.col.version"): [str(d.decision.case_version) for d in rows],
            t("meeting_ui.col.ruleset"): [d.decision.ruleset_version for d in rows],
            t("meeting_ui.col.state"): [_state(d, t) for d in rows],
            t("meeting_ui.col.recorded_by"): [d.decision.recorded_by for d in rows],
        }
    )


def decisions_section(t: Translator, case_id: str) -> None:
    """The case's meeting decisions (nothing shown for a case never presented)."""
    if not case_id:
        return
    found, problem = meeting_data.decisions_of_case(t, case_id)
    st.markdown(f"**{t('meeting_ui.history.title')}**")
    if problem is not None:
        st.caption(problem.message)
        return
    if not found:
        st.caption(t("meeting_ui.history.none"))
        return
    outside = sum(1 for d in found if d.decision.concordance is Concordance.OUTSIDE_OFFERED)
    st.dataframe(
        decisions_frame(found, t),
        hide_index=True,
        width="stretch",
        key="meeting_history.decisions",
    )
    st.caption(t("meeting_ui.history.caption", count=len(found), outside=outside))
