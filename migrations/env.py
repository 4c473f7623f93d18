"""Alembic environment for the case store.

Configured from Python (``netlogic.store.repository.alembic_config``), not from an ini file: the
only supported way to apply migrations is ``python -m netlogic cases migrate``, which passes an
open connection in ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

import netlogic.store.meetings_schema  # noqa: F401  (registers the meeting tables)
from netlogic.store.schema import metadata

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError(
            "migrations run only through `python -m netlogic cases migrate` "
            "(netlogic.store.repository.migrate), which provides the database connection"
        )
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported for the case store")
run_migrations_online()
