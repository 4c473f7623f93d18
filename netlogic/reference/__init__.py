"""Reference data every layer reads: translations, the checked YAML loader, sources.

Nothing here knows a case. Catalogues and rule files are static data read once per process.
"""
