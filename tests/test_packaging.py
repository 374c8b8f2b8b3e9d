"""pyproject.toml and constraints.txt: the floors are true, and a fresh machine installs what CI
tested (docs/operations.md "dev.py")."""

from __future__ import annotations

import tomllib
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from spbe.settings import PROJECT_ROOT


def _requirements() -> list[Requirement]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    names = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    return [Requirement(text) for text in names]


def _pins() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in (PROJECT_ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints.txt pins exact versions only: {line!r}"
            pins[str(canonicalize_name(name))] = Version(version)
    return pins


def test_graphql_core_floor_has_what_the_code_imports() -> None:
    # gateway/executor/shape.py imports collect_subfields, FieldDetails, FragmentDetails and
    # VariableValues from graphql.execution, which graphql-core has from 3.3.0 on (3.2.14 has none)
    (graphql_core,) = [r for r in _requirements() if r.name == "graphql-core"]
    assert not graphql_core.specifier.contains("3.2.14")
    assert graphql_core.specifier.contains("3.3.0")


def test_constraints_pin_every_dependency_within_its_range() -> None:
    pins = _pins()
    for requirement in _requirements():
        pinned = pins.get(str(canonicalize_name(requirement.name)))
        assert pinned is not None, f"{requirement.name} is not in constraints.txt"
        assert requirement.specifier.contains(pinned), f"{requirement.name}=={pinned}: not {requirement}"


def test_this_environment_is_the_one_constraints_txt_describes() -> None:
    pins = _pins()
    installed = {
        str(canonicalize_name(d.metadata["Name"])): Version(d.version) for d in metadata.distributions()
    }
    differing = {
        name: (str(pin), str(installed.get(name))) for name, pin in pins.items() if installed.get(name) != pin
    }
    assert not differing, f"installed versions differ from constraints.txt (python3 dev.py lock): {differing}"
