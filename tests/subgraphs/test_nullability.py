"""Failure isolation in the schemas (docs/subgraphs.md, "Failure isolation"; issue 9, item 8):
what one subgraph serves must be nullable wherever another subgraph's answer holds it, so that
the subgraph being down nulls only its own part (GraphQL spec §6.4.4: a null in a non-null
position nulls the nearest nullable parent).

Read from each subgraph's own ``_service { sdl }``:

- every ``Query`` root field is nullable: the root fields of one document may come from
  different subgraphs, and a non-null one that fails nulls all of ``data``;
- every field a subgraph contributes to a type that another subgraph also defines (an entity's
  fields beyond what the other knows, such as identity's ``Region.name`` on the regions health
  and education refer to) is nullable, keys excepted.

Mutations stay non-null: they are served by the consent registry alone and run one by one.
"""

from __future__ import annotations

from graphql import NonNullTypeNode, ObjectTypeDefinitionNode, ObjectTypeExtensionNode, parse

from subgraphs.app import SERVICES
from tests.subgraphs.test_guards import service_sdl

#: Root fields of the federation protocol, answered for the gateway only.
FEDERATION_ROOTS = frozenset({"_entities", "_service"})


def _fields(service: str) -> dict[str, dict[str, bool]]:
    """Type -> field -> non-null, for the object types of ``service``'s SDL."""
    found: dict[str, dict[str, bool]] = {}
    for node in parse(service_sdl(service), no_location=True).definitions:
        if isinstance(node, ObjectTypeDefinitionNode | ObjectTypeExtensionNode):
            fields = found.setdefault(node.name.value, {})
            for field in node.fields or ():
                fields[field.name.value] = isinstance(field.type, NonNullTypeNode)
    return found


def violations() -> list[str]:
    by_service = {service: _fields(service) for service in SERVICES}
    found = []
    for service, types in by_service.items():
        for name, non_null in types.get("Query", {}).items():
            if non_null and name not in FEDERATION_ROOTS:
                found.append(f"{service}: Query.{name} is non-null: its failure would null every root field")
        for type_name, fields in types.items():
            if type_name in {"Query", "Mutation", "_Service"}:
                continue
            others = {s: t[type_name] for s, t in by_service.items() if s != service and type_name in t}
            for field, non_null in fields.items():
                contributed = any(field not in other for other in others.values())
                if contributed and non_null:
                    found.append(
                        f"{service}: {type_name}.{field} is non-null but {', '.join(sorted(others))} "
                        f"also define {type_name}: {service} down would null the whole {type_name}"
                    )
    return found


def test_what_one_subgraph_contributes_is_nullable() -> None:
    assert violations() == []


def test_the_check_sees_the_fields_it_should() -> None:
    """A broken check would pass: it must see Citizen's and Region's contributed fields."""
    identity = _fields("identity")
    assert identity["Citizen"]["nik"] is True and identity["Citizen"]["fullName"] is False
    assert identity["Region"]["code"] is True and identity["Region"]["name"] is False
    assert "name" not in _fields("health")["Region"]
    assert _fields("police")["Query"]["drivingLicenceClasses"] is False
