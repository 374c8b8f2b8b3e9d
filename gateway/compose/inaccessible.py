"""@inaccessible rules on the merged supergraph (https://specs.apollo.dev/inaccessible/v0.2).

What stays in the API schema must not need what is hidden: REFERENCED_INACCESSIBLE (a visible
field, argument or input field of a hidden type), ONLY_INACCESSIBLE_CHILDREN (a visible type
whose fields or values are all hidden), QUERY_ROOT_TYPE_INACCESSIBLE, REQUIRED_INACCESSIBLE
(a hidden required argument or input field) and DEFAULT_VALUE_USES_INACCESSIBLE (a visible
default value naming a hidden enum value).
"""

from __future__ import annotations

from graphql import EnumValueNode, ListValueNode, ObjectValueNode, ValueNode, parse_type, parse_value

from .errors import CompositionIssue
from .fieldset import named_type
from .supertype import SuperArg, SuperType

__all__ = ["check_inaccessible"]

_HIDDEN = "@inaccessible"


def _enum_values(value: ValueNode) -> list[str]:
    if isinstance(value, EnumValueNode):
        return [value.value]
    if isinstance(value, ListValueNode):
        return [v for item in value.values for v in _enum_values(item)]
    if isinstance(value, ObjectValueNode):
        return [v for item in value.fields for v in _enum_values(item.value)]
    return []


class _Checker:
    def __init__(self, types: list[SuperType]) -> None:
        self.types = {t.name: t for t in types}
        self.hidden_types = {t.name for t in types if _HIDDEN in t.directives}
        self.hidden_values = {
            (t.name, v.name) for t in types if t.kind == "enum" for v in t.values if _HIDDEN in v.directives
        }
        self.issues: list[CompositionIssue] = []

    def add(
        self, code: str, message: str, subgraphs: list[str], type_name: str, field: str | None = None
    ) -> None:
        self.issues.append(CompositionIssue(code, message, tuple(subgraphs), type_name, field))

    def value(self, owner: str, coordinate: str, value: SuperArg) -> None:
        """A visible argument or input field."""
        target = named_type(parse_type(value.type))
        if _HIDDEN in value.directives:
            if value.type.endswith("!") and value.default is None:
                self.add(
                    "REQUIRED_INACCESSIBLE",
                    f'"{owner}.{coordinate}" is @inaccessible but required',
                    value.subgraphs,
                    owner,
                    coordinate,
                )
            return
        if target in self.hidden_types:
            self.add(
                "REFERENCED_INACCESSIBLE",
                f'type "{target}" is @inaccessible but "{owner}.{coordinate}", in the API schema, '
                "refers to it",
                value.subgraphs,
                owner,
                coordinate,
            )
        if (
            value.default is not None
            and self.types.get(target) is not None
            and self.types[target].kind == "enum"
        ):
            for enum_value in _enum_values(parse_value(value.default)):
                if (target, enum_value) in self.hidden_values:
                    self.add(
                        "DEFAULT_VALUE_USES_INACCESSIBLE",
                        f'enum value "{target}.{enum_value}" is @inaccessible but is the default value of '
                        f'"{owner}.{coordinate}"',
                        value.subgraphs,
                        owner,
                        coordinate,
                    )

    def check(self) -> list[CompositionIssue]:
        query = self.types.get("Query")
        if query is not None and "Query" in self.hidden_types:
            self.add(
                "QUERY_ROOT_TYPE_INACCESSIBLE",
                'the root query type "Query" is @inaccessible',
                query.subgraphs,
                "Query",
            )
        for merged in self.types.values():
            if merged.name in self.hidden_types:
                continue
            children = merged.fields or merged.input_fields or merged.values
            if children and all(_HIDDEN in c.directives for c in children):
                what = "values" if merged.kind == "enum" else "fields"
                self.add(
                    "ONLY_INACCESSIBLE_CHILDREN",
                    f'type "{merged.name}" is in the API schema but all its {what} are @inaccessible',
                    merged.subgraphs,
                    merged.name,
                )
            for field in merged.fields:
                if _HIDDEN in field.directives:
                    continue
                target = named_type(parse_type(field.type))
                if target in self.hidden_types:
                    self.add(
                        "REFERENCED_INACCESSIBLE",
                        f'type "{target}" is @inaccessible but "{merged.name}.{field.name}", '
                        "in the API schema, returns it",
                        field.subgraphs,
                        merged.name,
                        field.name,
                    )
                for arg in field.args:
                    self.value(merged.name, f"{field.name}({arg.name}:)", arg)
            for input_field in merged.input_fields:
                self.value(merged.name, input_field.name, input_field)
        return self.issues


def check_inaccessible(types: list[SuperType]) -> list[CompositionIssue]:
    """The @inaccessible issues of the merged types."""
    return _Checker(types).check()
