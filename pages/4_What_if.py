"""What-if page: named scenarios compared with the case, and planned sequences checked."""

import streamlit as st

from ui.error_boundary import page_boundary
from ui.frame import page_frame
from ui.whatif_scenarios import scenario_builder, scenario_results
from ui.whatif_sequences import sequence_form, sequence_results
from ui.whatif_widgets import base_case, page_style

with page_boundary("whatif"):
    frame = page_frame("whatif")
    t = frame.t
    page_style()
    st.title(t("whatif.title"))
    st.caption(t("whatif.intro"))

    case = base_case(frame.case, t)
    site = t(f"site.{case.tumour.primary_site.value}")
    st.markdown(f"**{t('whatif.base_case', case_id=case.id, site=site)}**")

    scenarios_tab, sequence_tab = st.tabs([t("whatif.tab.scenarios"), t("whatif.tab.sequence")])
    with scenarios_tab:
        scenario_builder(case, t, frame.today)
        scenario_results(case, t, frame.today, frame.lang)
    with sequence_tab:
        sequence_form(case, t)
        sequence_results(case, t, frame.today, frame.lang)
