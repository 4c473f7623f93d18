"""Meeting page, the minutes: the meeting's minutes and each case's decision sheet as PDF, in
English and in French (``netlogic.export.minutes_pdf``).

Each button's data is a callable: the PDF is built when the button is clicked, from the store
as it is then (every decision recorded so far), and handed to the browser at once; nothing is
kept after the download. This module owns the widget keys prefixed ``meeting_minutes.``.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from netlogic.meetings import MeetingView
from netlogic.reference.i18n import LANGUAGES, Translator
from ui import meeting_data
from ui.frame import LANGUAGE_NAMES
from ui.plain_text import plain

PDF = "application/pdf"


def sheet_buttons(meeting_id: str, case_id: str, t: Translator, columns: list[Any]) -> None:
    """One case's decision sheet, one button per language in ``columns``."""
    for column, lang in zip(columns, LANGUAGES, strict=True):
        name = f"decision-{meeting_id}-{case_id}-{lang}.pdf"
        column.download_button(
            t("meeting_ui.sheet", language=LANGUAGE_NAMES[lang]),
            data=meeting_data.minutes_builder(meeting_id, lang, case_id),
            file_name=name,
            mime=PDF,
            key=f"meeting_minutes.sheet.{meeting_id}.{case_id}.{lang}",
            icon=":material/picture_as_pdf:",
            on_click="ignore",
            help=name,
        )


def minutes_section(view: MeetingView, t: Translator) -> None:
    """The whole meeting's minutes in each language, then each decided case's sheet."""
    st.subheader(t("meeting_ui.minutes"))
    st.caption(t("meeting_ui.minutes_intro"))
    st.markdown(f"**{t('meeting_ui.minutes_whole')}**")
    for column, lang in zip(st.columns(len(LANGUAGES)), LANGUAGES, strict=True):
        name = f"minutes-{view.meeting_id}-{lang}.pdf"
        column.download_button(
            t("meeting_ui.minutes_pdf", language=LANGUAGE_NAMES[lang]),
            data=meeting_data.minutes_builder(view.meeting_id, lang),
            file_name=name,
            mime=PDF,
            key=f"meeting_minutes.minutes.{view.meeting_id}.{lang}",
            icon=":material/picture_as_pdf:",
            type="primary" if lang == t.lang else "secondary",
            on_click="ignore",
            help=name,
        )
    st.markdown(f"**{t('meeting_ui.sheets')}**")
    # One line per decided case: its ID, then its sheet in each language.
    for entry in (e for e in view.agenda if e.decision is not None):
        label, *buttons = st.columns([2, 3, 3], vertical_alignment="center")
        label.markdown(f"**{plain(entry.case_id)}**")
        sheet_buttons(view.meeting_id, entry.case_id, t, buttons)
