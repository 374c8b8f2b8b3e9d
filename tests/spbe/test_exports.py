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
        "seed_demo_registry",
        "seed_if_empty",
        "serve",
        "subgraph_app",
        "up",
    ],
    "spbe.cli": ["DEFAULT_CITIZENS", "ProgressPrinter", "build_parser", "main"],
    "spbe.registry": [
        "RegistryError",
        "actor",
        "format_table",
        "format_time",
        "parse_duration",
        "parse_list",
        "parse_time",
    ],
    "spbe.keys": [
        "SCOPES",
        "CreatedKey",
        "KeyInfo",
        "create_key",
        "format_keys",
        "list_keys",
        "revoke_key",
        "rotate_key",
    ],
    "spbe.mandates": [
        "BASES",
        "CATEGORIES",
        "MandateInfo",
        "create_mandate",
        "format_mandates",
        "list_mandates",
        "revoke_mandate",
    ],
    "spbe.tokens": [
        "DEV_AUDIENCE",
        "DEV_ISSUER",
        "DevIssuer",
        "ensure_dev_issuer",
        "jwks_path",
        "mint_citizen_token",
        "validate_nik",
    ],
    "spbe.secrets": [
        "SECRET_ENV",
        "SECRET_FILE",
        "ensure_subgraph_secret",
        "find_subgraph_secret",
        "sealer_for",
        "secret_path",
    ],
    "spbe.audit": [
        "GENESIS",
        "MAX_SUSPECTS",
        "AuditReport",
        "Problem",
        "canonical_text",
        "entry_digest",
        "epoch_micros",
        "format_report",
        "verify_access_log",
    ],
    "spbe.demo": [
        "ADMIN_AGENCY",
        "DEMO_AGENCY",
        "DEMO_PURPOSE",
        "DemoAccess",
        "RegistrySeed",
        "banner",
        "demo_access",
        "seed_registry",
    ],
}


@pytest.mark.parametrize("module_name", sorted(EXPORTS))
def test_public_names(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert module.__all__ == EXPORTS[module_name]
    for name in module.__all__:
        assert hasattr(module, name), f"{module_name}.{name} is exported but missing"
