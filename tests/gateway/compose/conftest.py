"""Fixtures of the composition tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .server import serve_subgraphs


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    """Base URL of the test subgraphs (served over real HTTP for the module)."""
    with serve_subgraphs() as url:
        yield url
