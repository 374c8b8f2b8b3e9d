"""Result shaping: the client's response from the merged subgraph data.

Implements the completion half of GraphQL execution (https://spec.graphql.org/October2021/
#sec-Value-Completion) over data that is already fetched: only the requested fields, in request
order, under their response keys (spec §6.3.2 "Field Collection", done by graphql-core's
``collect_fields``), ``__typename`` from the runtime type, ``@include``/``@skip``, fragments on
abstract types checked against the object's ``__typename``, enum values the API schema does not
allow nulled with an error, and null propagation (spec §6.4.4 "Handling Field Errors"): a null
in a non-null position nulls the nearest nullable parent.

Each (document, operation, @include/@skip values) compiles once into a :class:`ShapeProgram`:
the collected fields of every selection set, with their types unwrapped into small records, so
answering a request walks the data once and never re-collects fields. Abstract selection sets
are collected lazily, once per runtime type met.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from graphql import (
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    OperationDefinitionNode,
    VariableNode,
    Visitor,
    is_abstract_type,
    is_interface_type,
    is_object_type,
    visit,
)
from graphql.execution.collect_fields import (
    FieldDetails,
    FragmentDetails,
    collect_fields,
    collect_subfields,
)
from graphql.execution.values import VariableValues

if TYPE_CHECKING:
    from gateway.access.scopes import Denial

__all__ = ["ShapeProgram", "condition_variables", "shape"]

_INVALID: Any = object()  # "null in a non-null position": the parent must become null

_LEAF, _ENUM, _LIST, _OBJECT, _ABSTRACT, _TYPENAME, _PASSTHROUGH = range(7)
_NO_DENIALS: Mapping[Any, Any] = {}
_INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})


class _Type:
    """A field's output type, unwrapped: kind, nullability, list item, enum values, selections."""

    __slots__ = ("enum_hidden", "enum_name", "enum_values", "item", "kind", "non_null", "shape")

    def __init__(self, kind: int, non_null: bool) -> None:
        self.kind = kind
        self.non_null = non_null
        self.item: _Type | None = None
        self.enum_values: frozenset[str] = frozenset()
        self.enum_hidden: frozenset[str] = frozenset()  # values the API schema hides
        self.enum_name = ""
        self.shape: _Selection | None = None


class _Field:
    __slots__ = ("coordinate", "denial", "key", "type")

    def __init__(self, key: str, coordinate: str, type_: _Type, denial: Denial | None = None) -> None:
        self.key = key
        self.coordinate = coordinate
        self.type = type_
        #: why the field is answered null; such fields have kind _TYPENAME (not read from the
        #: data), so the hot loop tells them apart only inside that rare branch
        self.denial = denial


class _Selection:
    """A selection set under one field: its fields per runtime type."""

    __slots__ = ("abstract", "by_type", "details", "program")

    def __init__(
        self, program: ShapeProgram, parent: GraphQLOutputType, details: list[FieldDetails]
    ) -> None:
        self.program = program
        self.details = details
        self.abstract = parent
        self.by_type: dict[str | None, tuple[_Field, ...] | None] = {}
        if is_object_type(parent):
            self.by_type[None] = program._sub_fields(parent, details)

    def fields_for(self, typename: Any) -> tuple[_Field, ...] | None:
        known = self.by_type.get(typename, _INVALID)
        if known is not _INVALID:
            return known
        program = self.program
        runtime = program.schema.get_type(typename) if type(typename) is str else None
        fields: tuple[_Field, ...] | None = None
        abstract = self.abstract
        schema = program.schema
        if is_object_type(runtime) and is_abstract_type(abstract) and schema.is_sub_type(abstract, runtime):
            fields = program._sub_fields(runtime, self.details)
        elif (typename is None or is_abstract_type(runtime)) and is_abstract_type(abstract):
            fields = self._common_fields()
        self.by_type[typename] = fields
        return fields

    def _common_fields(self) -> tuple[_Field, ...] | None:
        """For an object whose concrete type is unknown (an ``@interfaceObject`` answers with the
        interface's name): the fields every possible type would select, i.e. those that do not
        depend on the runtime type. ``__typename`` does, so it is left to the object's own."""
        program = self.program
        possible = program.schema.get_possible_types(self.abstract)  # type: ignore[arg-type]
        if not possible and is_interface_type(self.abstract):
            # an interface no object type implements yet, served by a subgraph that has it as an
            # @interfaceObject: its own fields are all a client can select (docs/query-planning.md)
            possible = [self.abstract]  # type: ignore[list-item]
        if not possible:
            return None
        per_type = [program._sub_fields(runtime, self.details) for runtime in possible]
        keys = set.intersection(*({f.key for f in fields} for fields in per_type))
        common = []
        for field in per_type[0]:
            if field.key in keys:
                if field.type.kind is _TYPENAME and field.denial is None:
                    field = _Field(field.key, field.coordinate, _Type(_LEAF, True))
                common.append(field)
        return tuple(common)


def condition_variables(document: DocumentNode) -> tuple[str, ...]:
    """Names of the variables used by ``@include``/``@skip`` anywhere in ``document``; the shaping
    program depends on their values only."""
    names: list[str] = []

    class _Conditions(Visitor):
        def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
            if node.name.value in ("include", "skip"):
                for argument in node.arguments or ():
                    if isinstance(argument.value, VariableNode) and argument.value.name.value not in names:
                        names.append(argument.value.name.value)

    visit(document, _Conditions())
    return tuple(names)


class ShapeProgram:
    """The compiled shaping of one operation for one set of ``@include``/``@skip`` values.

    ``schema`` is the API schema; ``full_schema`` (the supergraph's, with ``@inaccessible``
    elements) tells hidden enum values, which become null silently, from unknown ones, which
    become null with an error. ``denied`` (:mod:`gateway.access.scopes`, keyed by the
    document's own field nodes) are the fields the caller may not see: a response key with a
    denied field node is answered null with the denial's error at its path, and a non-null one
    nulls its parent, the denial explaining it."""

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        operation: OperationDefinitionNode,
        variable_values: VariableValues,
        full_schema: GraphQLSchema | None = None,
        denied: Mapping[FieldNode, Denial] = _NO_DENIALS,
        fragments: Mapping[str, FragmentDefinitionNode] | None = None,
    ) -> None:
        """``fragments``: the document's fragments by name when the caller has them already
        (the pipeline's :class:`~gateway.operation.OperationContext`)."""
        self.schema = schema
        self._denied = denied
        self._full_schema = full_schema
        self._operation = operation
        self._variables = variable_values
        if fragments is None:
            fragments = {
                d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
            }
        self._fragments = {name: FragmentDetails(d) for name, d in fragments.items()}
        root = schema.get_root_type(operation.operation)
        if root is None:
            raise ValueError(f"the schema has no {operation.operation.value} type")
        collected = collect_fields(schema, self._fragments, variable_values, root, operation)
        self.root = self._fields(root, collected.grouped_field_set)

    # -- compiling ------------------------------------------------------------------------

    def _sub_fields(self, parent: GraphQLObjectType, details: list[FieldDetails]) -> tuple[_Field, ...]:
        collected = collect_subfields(
            self.schema, self._fragments, self._variables, self._operation, parent, details
        )
        return self._fields(parent, collected.grouped_field_set)

    def _fields(self, parent: GraphQLObjectType, grouped: Any) -> tuple[_Field, ...]:
        fields: list[_Field] = []
        denied = self._denied
        for key, details in grouped.items():
            name = details[0].node.name.value
            coordinate = f"{parent.name}.{name}"
            denial = None
            if denied:  # by identity (Denials): graphql-core nodes hash by value, deeply
                denial = next((d for detail in details if (d := denied.get(detail.node)) is not None), None)
            if denial is not None:
                guarded = parent.fields.get(name)
                non_null = guarded is not None and isinstance(guarded.type, GraphQLNonNull)
                fields.append(_Field(key, coordinate, _Type(_TYPENAME, non_null), denial))
            elif name == "__typename":
                typename = _Type(_TYPENAME, True)
                typename.enum_name = parent.name
                fields.append(_Field(key, coordinate, typename))
            elif name in _INTROSPECTION_ROOTS:
                fields.append(_Field(key, coordinate, _Type(_PASSTHROUGH, False)))
            else:
                definition: GraphQLField = parent.fields[name]
                fields.append(_Field(key, coordinate, self._type(definition.type, details)))
        return tuple(fields)

    def _type(self, type_: GraphQLOutputType, details: list[FieldDetails]) -> _Type:
        non_null = isinstance(type_, GraphQLNonNull)
        if non_null:
            type_ = type_.of_type  # type: ignore[union-attr]
        if isinstance(type_, GraphQLList):
            shaped = _Type(_LIST, non_null)
            shaped.item = self._type(type_.of_type, details)
            return shaped
        if isinstance(type_, GraphQLEnumType):
            shaped = _Type(_ENUM, non_null)
            shaped.enum_values = frozenset(type_.values)
            full = self._full_schema.get_type(type_.name) if self._full_schema is not None else None
            if isinstance(full, GraphQLEnumType):
                shaped.enum_hidden = frozenset(full.values) - shaped.enum_values
            shaped.enum_name = type_.name
            return shaped
        if is_object_type(type_) or is_abstract_type(type_):
            shaped = _Type(_OBJECT if is_object_type(type_) else _ABSTRACT, non_null)
            shaped.shape = _Selection(self, type_, details)
            return shaped
        return _Type(_LEAF, non_null)

    # -- running --------------------------------------------------------------------------

    def run(
        self, data: dict[str, Any] | None, errors: Sequence[dict[str, Any]] = ()
    ) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        """Shape ``data`` (merged, client keys) given the ``errors`` execution met; returns the
        response ``data`` and the errors to send (execution's, then shaping's)."""
        found: list[dict[str, Any]] = []
        result = self._object(data or {}, self.root, found)
        for error in found:
            error["path"].reverse()
        if found and errors:
            covered = [e["path"] for e in errors if type(e.get("path")) is list]
            found = [e for e in found if not (e.get("_null") and _overlaps(e["path"], covered))]
        for error in found:
            error.pop("_null", None)
        return (None if result is _INVALID else result), [*errors, *found]

    def _object(self, obj: dict[str, Any], fields: tuple[_Field, ...], errors: list[dict[str, Any]]) -> Any:
        out: dict[str, Any] = {}
        for field in fields:
            key = field.key
            shaped = field.type
            kind = shaped.kind
            if kind is _TYPENAME:
                denial = field.denial
                if denial is None:
                    out[key] = shaped.enum_name
                    continue
                errors.append(_denial_error(denial, key))
                if shaped.non_null:
                    return _INVALID
                out[key] = None
                continue
            value = obj.get(key)
            if value is None:
                if shaped.non_null:
                    errors.append(_null_error(field.coordinate, key))
                    return _INVALID
                out[key] = None
            elif kind is _LEAF or kind is _PASSTHROUGH:
                out[key] = value
            else:
                before = len(errors)
                if kind is _OBJECT and type(value) is dict:  # the common case, without _value
                    value = self._object(value, shaped.shape.by_type[None], errors)  # type: ignore[union-attr,arg-type]
                    if value is _INVALID and not shaped.non_null:
                        value = None
                else:
                    value = self._value(value, shaped, field.coordinate, errors)
                if len(errors) != before:
                    for error in errors[before:]:
                        error["path"].append(key)
                if value is _INVALID:
                    return _INVALID
                out[key] = value
        return out

    def _objects(
        self, value: list[Any], shaped: _Type, item_type: _Type, coordinate: str, errors: list[dict[str, Any]]
    ) -> Any:
        """A list of objects of one concrete type (the bulk of most answers)."""
        fields = item_type.shape.by_type[None]  # type: ignore[union-attr]
        shape_object = self._object
        items: list[Any] = []
        for index, item in enumerate(value):
            before = len(errors)
            if type(item) is dict:
                item = shape_object(item, fields, errors)  # type: ignore[arg-type]
                if item is _INVALID and not item_type.non_null:
                    item = None
            elif item is None:
                if item_type.non_null:
                    errors.append(_null_error(coordinate, index))
                    return _INVALID if shaped.non_null else None
            else:
                item = self._value(item, item_type, coordinate, errors)
            if len(errors) != before:
                for error in errors[before:]:
                    error["path"].append(index)
            if item is _INVALID:
                return _INVALID if shaped.non_null else None
            items.append(item)
        return items

    def _value(self, value: Any, shaped: _Type, coordinate: str, errors: list[dict[str, Any]]) -> Any:
        kind = shaped.kind
        if kind is _LIST:
            if type(value) is not list:
                errors.append(_error(f"Expected a list for field {coordinate}.", "INVALID_SUBGRAPH_VALUE"))
                return _INVALID if shaped.non_null else None
            item_type: _Type = shaped.item  # type: ignore[assignment]
            if item_type.kind is _LEAF and not item_type.non_null:
                return value
            if item_type.kind is _OBJECT:
                return self._objects(value, shaped, item_type, coordinate, errors)
            items: list[Any] = []
            for index, item in enumerate(value):
                if item is None:
                    if item_type.non_null:
                        error = _null_error(coordinate, index)
                        errors.append(error)
                        return _INVALID if shaped.non_null else None
                    items.append(None)
                    continue
                if item_type.kind is _LEAF:
                    items.append(item)
                    continue
                before = len(errors)
                item = self._value(item, item_type, coordinate, errors)
                if len(errors) != before:
                    for error in errors[before:]:
                        error["path"].append(index)
                if item is _INVALID:
                    return _INVALID if shaped.non_null else None
                items.append(item)
            return items
        if kind is _OBJECT or kind is _ABSTRACT:
            selection: _Selection = shaped.shape  # type: ignore[assignment]
            fields = None
            if type(value) is dict:
                typename = None if kind is _OBJECT else value.get("__typename")
                fields = selection.fields_for(typename)
            if fields is None:
                errors.append(_error(
                    f"Could not resolve the runtime type of field {coordinate}.", "INVALID_SUBGRAPH_VALUE"
                ))
                return _INVALID if shaped.non_null else None
            shaped_object = self._object(value, fields, errors)
            if shaped_object is _INVALID:
                return _INVALID if shaped.non_null else None
            return shaped_object
        if kind is _ENUM:
            if value in shaped.enum_values:
                return value
            if value in shaped.enum_hidden and not shaped.non_null:
                return None  # @inaccessible: a value this API does not show, silently null
            errors.append(_error(
                f'Enum "{shaped.enum_name}" cannot represent value: {value!r} (field {coordinate}).',
                "INVALID_ENUM_VALUE",
            ))
            return _INVALID if shaped.non_null else None
        return value


def _error(message: str, code: str) -> dict[str, Any]:
    return {"message": message, "path": [], "extensions": {"code": code}}


def _denial_error(denial: Denial, key: str) -> dict[str, Any]:
    return {"message": denial.message, "path": [key], "extensions": denial.extensions()}


def _null_error(coordinate: str, last: str | int) -> dict[str, Any]:
    return {
        "message": f"Cannot return null for non-nullable field {coordinate}.",
        "path": [last],
        "extensions": {"code": "NULL_IN_NON_NULL_FIELD"},
        "_null": True,
    }


def _overlaps(path: list[Any], covered: list[list[Any]]) -> bool:
    """Is ``path`` inside, or above, a path an execution error already reports?"""
    for other in covered:
        shorter = min(len(path), len(other))
        if path[:shorter] == other[:shorter]:
            return True
    return False


def shape(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variable_values: VariableValues,
    data: dict[str, Any] | None,
    errors: Sequence[dict[str, Any]] = (),
    full_schema: GraphQLSchema | None = None,
    denied: Mapping[FieldNode, Denial] = _NO_DENIALS,
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The client's response ``(data, errors)`` from merged data, compiling a one-off program
    (the pipeline keeps compiled programs in its cache instead)."""
    return ShapeProgram(schema, document, operation, variable_values, full_schema, denied).run(data, errors)
