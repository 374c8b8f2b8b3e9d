"""The spec's meta-schema for the schemas the gateway validates against and introspects.

graphql-core 3.3 answers introspection with its own meta-schema, which carries proposals that no
released edition of the spec has: the ``FRAGMENT_VARIABLE_DEFINITION`` and
``DIRECTIVE_DEFINITION`` directive locations, ``__Directive.isDeprecated`` and
``deprecationReason``, and ``__Schema.directives(includeDeprecated:)``. Clients that check the
schema they load reject those. :func:`spec_schema` gives a schema whose ``__schema`` and
``__type`` answer with the meta-schema of the spec as released
(https://spec.graphql.org/September2025/#sec-Schema-Introspection: October 2021's, plus the
deprecation of arguments and input fields and ``__Type.isOneOf``), and whose validation knows only
that. docs/gateway.md, "Introspection".
"""

from __future__ import annotations

from typing import Any

from graphql import (
    DirectiveLocation,
    GraphQLCompositeType,
    GraphQLDirective,
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    SchemaMetaFieldDef,
    introspection_types,
)

__all__ = ["SPEC_DIRECTIVE_LOCATIONS", "spec_schema"]

#: ``__DirectiveLocation``'s values in the spec, in its order
SPEC_DIRECTIVE_LOCATIONS = (
    "QUERY",
    "MUTATION",
    "SUBSCRIPTION",
    "FIELD",
    "FRAGMENT_DEFINITION",
    "FRAGMENT_SPREAD",
    "INLINE_FRAGMENT",
    "VARIABLE_DEFINITION",
    "SCHEMA",
    "SCALAR",
    "OBJECT",
    "FIELD_DEFINITION",
    "ARGUMENT_DEFINITION",
    "INTERFACE",
    "UNION",
    "ENUM",
    "ENUM_VALUE",
    "INPUT_OBJECT",
    "INPUT_FIELD_DEFINITION",
)


def _copy(type_: GraphQLNamedType, **changes: Any) -> Any:
    """A copy of a built-in meta type with ``changes``: graphql-core refuses a new type under a
    reserved name, so the copy is made without its check (the copy never meets the original in
    one schema)."""
    copy = object.__new__(type(type_))
    copy.__init__(**{**type_.to_kwargs(), **changes})  # type: ignore[misc]
    return copy


def _field(field: GraphQLField, **changes: Any) -> GraphQLField:
    return GraphQLField(**{**field.to_kwargs(), **changes})


def _spec_locations(directive: GraphQLDirective, _info: Any) -> list[DirectiveLocation]:
    """A directive's locations that the spec has (graphql-core's ``@deprecated`` also names
    ``DIRECTIVE_DEFINITION``)."""
    return [location for location in directive.locations if location.name in SPEC_DIRECTIVE_LOCATIONS]


def _meta_types() -> tuple[GraphQLEnumType, GraphQLObjectType, GraphQLObjectType, GraphQLField]:
    location: GraphQLEnumType = introspection_types["__DirectiveLocation"]  # type: ignore[assignment]
    spec_location = _copy(
        location, values={name: location.values[name] for name in SPEC_DIRECTIVE_LOCATIONS}
    )
    directive: GraphQLObjectType = introspection_types["__Directive"]  # type: ignore[assignment]
    kept = ("name", "description", "isRepeatable", "locations", "args")
    directive_fields = {name: directive.fields[name] for name in kept}
    directive_fields["locations"] = _field(
        directive.fields["locations"],
        type_=GraphQLNonNull(GraphQLList(GraphQLNonNull(spec_location))),
        resolve=_spec_locations,
    )
    spec_directive = _copy(directive, fields=directive_fields)
    schema: GraphQLObjectType = introspection_types["__Schema"]  # type: ignore[assignment]
    schema_fields = dict(schema.fields)
    schema_fields["directives"] = _field(
        schema.fields["directives"],
        type_=GraphQLNonNull(GraphQLList(GraphQLNonNull(spec_directive))),
        args={},
    )
    spec_meta = _copy(schema, fields=schema_fields)
    meta_field = _field(SchemaMetaFieldDef, type_=GraphQLNonNull(spec_meta))
    return spec_location, spec_directive, spec_meta, meta_field


_LOCATION, _DIRECTIVE, _SCHEMA, _SCHEMA_FIELD = _meta_types()


class _SpecSchema(GraphQLSchema):
    """A schema whose ``__schema`` field and ``__Schema``/``__Directive``/``__DirectiveLocation``
    types are the spec's."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.type_map["__Schema"] = _SCHEMA
        self.type_map["__Directive"] = _DIRECTIVE
        self.type_map["__DirectiveLocation"] = _LOCATION

    def get_field(self, parent_type: GraphQLCompositeType, field_name: str) -> GraphQLField | None:
        if field_name == "__schema":
            return _SCHEMA_FIELD if self.query_type is parent_type else None
        return super().get_field(parent_type, field_name)


def spec_schema(schema: GraphQLSchema) -> GraphQLSchema:
    """``schema`` with the spec's meta-schema (the same types, directives and description)."""
    if isinstance(schema, _SpecSchema):
        return schema
    return _SpecSchema(**schema.to_kwargs())
