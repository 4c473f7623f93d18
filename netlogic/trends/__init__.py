"""Measurements over time: RECIST 1.1, marker kinetics, the derived pace, trend figures.

The contract's "Trend definitions", exactly; depends on ``model``.
"""
