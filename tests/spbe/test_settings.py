"""spbe.settings reads the environment documented in docs/operations.md."""

from __future__ import annotations

from pathlib import Path

from spbe.settings import PROJECT_ROOT, SERVICE_PORTS, Settings, database_name


def test_defaults_need_no_environment() -> None:
    settings = Settings.from_env({})
    assert settings.database_url is None
    assert settings.data_dir == PROJECT_ROOT / ".data"
    assert settings.sql_dir == PROJECT_ROOT / "sql"
    assert settings.host == "127.0.0.1"
    assert settings.gateway_port == 4000
    assert dict(settings.service_ports) == dict(SERVICE_PORTS)
    assert settings.service_ports["identity"] == 4001 and settings.service_ports["police"] == 4004


def test_environment_overrides() -> None:
    settings = Settings.from_env(
        {
            "DATABASE_URL": "postgresql://u@db:5432/postgres",
            "SPBE_DATA_DIR": "/srv/spbe",
            "SPBE_DB_PREFIX": "demo_",
            "SPBE_HOST": "0.0.0.0",
            "SPBE_PORT_BASE": "9000",
            "SPBE_LOG_LEVEL": "debug",
            "SPBE_LOG_FORMAT": "JSON",
        }
    )
    assert settings.database_url == "postgresql://u@db:5432/postgres"
    assert settings.data_dir == Path("/srv/spbe")
    assert settings.database_name("health") == "demo_health"
    assert settings.host == "0.0.0.0"
    assert settings.gateway_port == 9000 and settings.service_ports["education"] == 9003
    assert (settings.log_level, settings.log_format) == ("DEBUG", "json")


def test_empty_values_count_as_unset() -> None:
    assert Settings.from_env({"DATABASE_URL": " ", "SPBE_HOST": ""}) == Settings.from_env({})


def test_services_are_those_with_migrations(tmp_path: Path) -> None:
    for name in ("police", "identity", "unknown"):
        (tmp_path / name).mkdir()
    assert Settings(sql_dir=tmp_path).services() == ("identity", "police")
    assert Settings().services()[:4] == ("identity", "health", "education", "police")


def test_database_names() -> None:
    assert database_name("identity") == "spbe_identity"
    assert Settings().database_name("consent") == "spbe_consent"
