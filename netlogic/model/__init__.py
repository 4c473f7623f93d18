"""The case contract: enumerations, the pydantic case model, units, reading and diffing cases.

Owns shared/contract/case-format.md on the Python side; depends only on ``reference``.
"""
