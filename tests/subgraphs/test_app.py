"""subgraphs.app: one factory for the five services, and the public names of every module."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import subgraphs
import subgraphs.app
from subgraphs.app import create_app


def test_create_app_knows_every_service() -> None:
    assert subgraphs.app.__all__ == ["LINKAGE_SERVICES", "SERVICES", "create_app"]
    assert {"social", "education", "health"} == subgraphs.app.LINKAGE_SERVICES
    assert subgraphs.app.SERVICES == (
        "identity", "health", "education", "police", "social", "civilservice", "payments", "consent",
    )  # fmt: skip
    with pytest.raises(ValueError, match="unknown service"):
        create_app("consent-typo", "postgresql://unused")


def test_create_app_builds_each_service_without_connecting() -> None:
    for service in subgraphs.app.SERVICES:
        app = create_app(service, "postgresql://127.0.0.1:1/never-connected")
        assert {route.path for route in app.routes} == {"/health", "/graphql"}  # type: ignore[attr-defined]


def test_every_module_exports_what_exists() -> None:
    modules = [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(subgraphs.__path__, prefix="subgraphs.")
        if not info.ispkg
    ]
    assert len(modules) >= 20
    for module in modules:
        exported = module.__all__
        assert all(hasattr(module, name) for name in exported), module.__name__


def test_only_social_education_and_health_get_the_linkage_secret() -> None:
    """docs/statistics.md, "Linkage across services": the others never hold it."""
    from subgraphs.common.linkage import Linkage
    from subgraphs.common.server import SubgraphGraphQL

    linkage = Linkage(secret=b"k" * 32)
    for service in subgraphs.app.SERVICES:
        app = create_app(service, "postgresql://127.0.0.1:1/never-connected", linkage=linkage)
        (graphql,) = [r.app for r in app.routes if r.path == "/graphql"]  # type: ignore[attr-defined]
        assert isinstance(graphql, SubgraphGraphQL)
        assert (graphql._linkage is linkage) == (service in {"social", "education", "health"}), service
