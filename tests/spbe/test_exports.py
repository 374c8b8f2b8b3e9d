"""The public names of the operations modules, pinned: a change here is an API change."""

from __future__ import annotations

import importlib

import pytest

EXPORTS = {
    "spbe.settings": [
        "GATEWAY_PORT",
        "PROJECT_ROOT",
        "SERVICES",
        "SERVICE_PORTS",
        "Settings",
        "database_name",
    ],
    "spbe.database": [
        "START_TIMEOUT",
        "DatabaseError",
        "DatabaseServer",
        "create_database",
        "drop_database",
        "ensure_database",
        "ensure_service_databases",
        "open_server",
        "quote_identifier",
        "redact",
        "start_embedded",
        "with_database",
    ],
    "spbe.migrations": [
        "LOCK_KEY",
        "Migration",
        "MigrationError",
        "applied_migrations",
        "discover",
        "migrate",
    ],
    "spbe.logs": ["AccessLogFilter", "JsonFormatter", "TextFormatter", "configure_logging"],
    "spbe.runner": [
        "EXAMPLE_QUERY",
        "SEEDED_SERVICES",
        "Listener",
        "SeedingError",
        "ServerGroup",
        "StartupError",
        "compose_supergraph",
        "gateway_app",
        "gateway_parts",
        "migrate_services",
        "prepare_databases",
        "run_until_stopped",
        "seed_if_empty",
        "serve",
        "subgraph_app",
        "up",
    ],
    "spbe.cli": ["DEFAULT_CITIZENS", "ProgressPrinter", "build_parser", "main"],
}


@pytest.mark.parametrize("module_name", sorted(EXPORTS))
def test_public_names(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert module.__all__ == EXPORTS[module_name]
    for name in module.__all__:
        assert hasattr(module, name), f"{module_name}.{name} is exported but missing"
