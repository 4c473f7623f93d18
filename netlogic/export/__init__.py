"""Exports for the tumour board and other tools: PDF, HTML, contract JSON, CSV, FHIR R4B.

Every format is built from one summary (:mod:`netlogic.export.summary`) of an evaluation.
"""
