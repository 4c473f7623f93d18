"""NET pathway dashboard: home page. Placeholder until the dashboard issue lands."""

import streamlit as st

st.set_page_config(page_title="NET pathway", layout="wide")
st.title("NET pathway dashboard")
st.info("Decision support for the multidisciplinary team, not a prescription.")
