"""Meeting page: the tumour-board meeting (RCP). Prepare it (date, name, who is present and
the quorum, the agenda of saved cases), then present each case on the room's screen and record
the decision against the pathway; download the minutes."""

import streamlit as st

from ui import meeting_data
from ui.error_boundary import page_boundary
from ui.frame import page_frame
from ui.meeting_decision import decision_form, decision_record
from ui.meeting_minutes import minutes_section, sheet_buttons
from ui.meeting_present import (
    case_screen,
    current_mode,
    mode_switch,
    navigation,
    shown_position,
    style,
)
from ui.meeting_setup import (
    agenda_panel,
    choose_meeting,
    chosen_meeting,
    meeting_header,
    participants_panel,
    quorum_banner,
)

with page_boundary("meeting"):
    frame = page_frame("meeting")
    t = frame.t
    presenting = current_mode() == "present"
    if presenting:
        # The room sees the case, not the meeting list: the meeting chosen while preparing.
        style()
        meeting_id = chosen_meeting()
    else:
        st.title(t("page.meeting.title"))
        st.caption(t("meeting_ui.intro"))
        meeting_id = choose_meeting(t, frame.author, frame.today)
    view, problem = meeting_data.meeting(t, meeting_id) if meeting_id else (None, None)
    if view is None:
        if presenting:
            mode_switch(t)
        st.info(problem.message if problem else t("meeting_ui.none_yet"), icon=":material/groups:")
        st.stop()

    if not presenting:
        meeting_header(view, t)
        mode_switch(t)  # after the quorum: the way to the room's screen
        participants_panel(view, t, frame.author)
        agenda_panel(view, t, frame.author)
        minutes_section(view, t)
        st.caption(t("meetings.notice"))
        st.stop()

    # --- presentation: one case at a time, then its decision ---
    if not view.agenda:
        mode_switch(t)
        st.info(t("meetings.agenda_empty"), icon=":material/playlist_add:")
        st.stop()
    navigation(view, t)  # with the mode switch, on one line
    entry = view.agenda[shown_position(view)]
    case_screen(view, entry, t)

    st.header(t("meetings.section.decision"))
    quorum_banner(view, t)
    if entry.decision is not None:
        decision_record(entry.decision, t)
        sheet_buttons(view.meeting_id, entry.case_id, t, st.columns(2))
    offer, problem = meeting_data.options(t, view.meeting_id, entry.case_id)
    if offer is None:
        st.error(problem.message if problem else "", icon=":material/error:")
        st.stop()
    if entry.decision is None:
        decision_form(view, offer, t, frame.author, again=False)
    else:
        with st.expander(t("meeting_ui.correct"), icon=":material/edit:"):
            decision_form(view, offer, t, frame.author, again=True)
    st.caption(t("meetings.notice"))
