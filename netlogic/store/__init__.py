"""The versioned case store (SQLAlchemy, Alembic): append-only versions, demo data loading.

Depends only on ``model``; SQLite by default, PostgreSQL when configured.
"""
