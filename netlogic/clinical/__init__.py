"""Clinical decisions: WHO grading, the facts rules test, rule tables, the pathway, alerts.

Knowledge base sections 1-8. ``evaluate`` in :mod:`netlogic.clinical.evaluation` is the one
entry point; depends on ``model`` and ``trends``.
"""
