"""Shared Streamlit widgets and per-session state for the dashboard pages (see ui/frame.py)."""
