"""Write ``expected/<set>.graphql``: the reference composer's supergraph for every fixture set.

    .venv/bin/python -m tests.gateway.compose.update_expected

The files let ``test_expected.py`` compare our output with the reference where Node is absent;
``test_equivalence.py`` compares with the live reference where it is present.
"""

from __future__ import annotations

from pathlib import Path

from .fixtures import fixture_names, load_fixture
from .reference import prepare, reference_compose

__all__ = ["main"]

EXPECTED = Path(__file__).resolve().parent / "expected"


def main() -> None:
    prepare()
    EXPECTED.mkdir(exist_ok=True)
    for name in fixture_names():
        supergraph, errors = reference_compose(load_fixture(name))
        if errors or supergraph is None:
            raise SystemExit(f"{name}: the reference composer rejects it: {errors}")
        (EXPECTED / f"{name}.graphql").write_text(supergraph.rstrip("\n") + "\n", encoding="utf-8")
        print(f"wrote expected/{name}.graphql")


if __name__ == "__main__":
    main()
