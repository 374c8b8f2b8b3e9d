"""Runtime configuration of the ``spbe`` command, read from the environment.

Implements the "Configuration" section of ``docs/operations.md``: every knob is an
environment variable with a safe default, so ``python3 dev.py up`` works with none set.

=====================  ==========================================================
``DATABASE_URL``       a PostgreSQL *server* URL; unset means the embedded server
``SPBE_DATA_DIR``      where the embedded server keeps its data (``.data``)
``SPBE_SQL_DIR``       where the migration files live (``sql``)
``SPBE_DB_PREFIX``     prefix of the service databases' names (``spbe_``)
``SPBE_HOST``          interface the HTTP servers bind (``127.0.0.1``)
``SPBE_PORT_BASE``     gateway port; subgraphs listen on the next ports (``4000``)
``SPBE_LOG_LEVEL``     ``DEBUG``, ``INFO`` (default), ``WARNING``...
``SPBE_LOG_FORMAT``    ``text`` (default) or ``json``
=====================  ==========================================================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "GATEWAY_PORT",
    "PROJECT_ROOT",
    "SERVICES",
    "SERVICE_PORTS",
    "Settings",
    "database_name",
]

#: The checkout (or image) directory: the parent of the ``spbe`` package.
PROJECT_ROOT: Path = Path(__file__).resolve().parent.parent

#: Every service that owns a database, in start-up order (identity first: it owns ``Citizen``).
SERVICES: tuple[str, ...] = (
    "identity", "health", "education", "police", "consent", "social", "civilservice", "payments",
)

#: Default HTTP port of each service's subgraph.
SERVICE_PORTS: Mapping[str, int] = {
    "identity": 4001,
    "health": 4002,
    "education": 4003,
    "police": 4004,
    "consent": 4005,
    "social": 4006,
    "civilservice": 4007,
    "payments": 4008,
}

#: Default HTTP port of the gateway.
GATEWAY_PORT: int = 4000


def database_name(service: str, prefix: str = "spbe_") -> str:
    """Name of ``service``'s own database on the server: ``spbe_<service>`` (docs/subgraphs.md)."""
    return f"{prefix}{service}"


@dataclass(frozen=True, slots=True)
class Settings:
    """Process configuration; build it with :meth:`from_env`."""

    database_url: str | None = None
    data_dir: Path = PROJECT_ROOT / ".data"
    sql_dir: Path = PROJECT_ROOT / "sql"
    database_prefix: str = "spbe_"
    host: str = "127.0.0.1"
    log_level: str = "INFO"
    log_format: str = "text"
    service_ports: Mapping[str, int] = field(default_factory=lambda: dict(SERVICE_PORTS))
    gateway_port: int = GATEWAY_PORT

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the variables listed in the module docstring; empty values count as unset."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        base = int(get("SPBE_PORT_BASE") or GATEWAY_PORT)
        return cls(
            database_url=get("DATABASE_URL"),
            data_dir=Path(get("SPBE_DATA_DIR") or PROJECT_ROOT / ".data"),
            sql_dir=Path(get("SPBE_SQL_DIR") or PROJECT_ROOT / "sql"),
            database_prefix=get("SPBE_DB_PREFIX") or "spbe_",
            host=get("SPBE_HOST") or "127.0.0.1",
            log_level=(get("SPBE_LOG_LEVEL") or "INFO").upper(),
            log_format=(get("SPBE_LOG_FORMAT") or "text").lower(),
            service_ports={name: base + port - GATEWAY_PORT for name, port in SERVICE_PORTS.items()},
            gateway_port=base,
        )

    def database_name(self, service: str) -> str:
        """Name of ``service``'s database under this configuration's prefix."""
        return database_name(service, self.database_prefix)

    def services(self) -> tuple[str, ...]:
        """The services that have migrations in :attr:`sql_dir`, in :data:`SERVICES` order."""
        return tuple(s for s in SERVICES if (self.sql_dir / s).is_dir())
