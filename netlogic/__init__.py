"""Domain logic for the NET pathway dashboard: pure functions over pydantic models.

Nothing in this package imports streamlit (a test checks it), so every clinical rule can be
run from the command line, from tests and from the app alike.
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
