"""The command line (``python -m netlogic``): evaluate, compare, sequence, export, cases, rules.

Each command imports only what it uses, so ``evaluate`` starts without the database layer.
"""
