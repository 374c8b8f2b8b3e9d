"""The selection set of one subgraph operation, built up while planning.

A small mutable tree (fields keyed by response key and directives, inline fragments keyed by
type condition and directives) that merges what several parts of the client's operation ask of
the same subgraph, then turns into a graphql-core ``SelectionSetNode`` (GraphQL spec section
2.4, https://spec.graphql.org/October2021/#sec-Selection-Sets) for printing.
"""

from __future__ import annotations

from graphql import (
    ArgumentNode,
    DirectiveNode,
    FieldNode,
    InlineFragmentNode,
    ListValueNode,
    NamedTypeNode,
    NameNode,
    ObjectValueNode,
    SelectionNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    print_ast,
)

from .plan import PathElement, TypeCondition

__all__ = ["FieldItem", "FragmentItem", "SelectionTree", "dealias_conflicts"]


def _signature(directives: tuple[DirectiveNode, ...]) -> str:
    return " ".join(print_ast(d) for d in directives) if directives else ""


def _collect_variables(value: ValueNode, variables: set[str]) -> None:
    if isinstance(value, VariableNode):
        variables.add(value.name.value)
    elif isinstance(value, ListValueNode):
        for inner in value.values:
            _collect_variables(inner, variables)
    elif isinstance(value, ObjectValueNode):
        for field in value.fields:
            _collect_variables(field.value, variables)


def _argument_text(argument: ArgumentNode, variables: set[str]) -> str:
    _collect_variables(argument.value, variables)
    return argument.name.value + ":" + print_ast(argument.value)


def _directives_text(directives: tuple[DirectiveNode, ...], variables: set[str]) -> str:
    parts = []
    for directive in directives:
        text = "@" + directive.name.value
        if directive.arguments:
            text += "(" + ",".join(_argument_text(a, variables) for a in directive.arguments) + ")"
        parts.append(text)
    return "".join(parts)


def _arguments(item: FieldItem) -> str:
    return " ".join(print_ast(a) for a in item.arguments)


class FieldItem:
    """A field in a subgraph operation: ``alias: name(args) @directives { sub }``."""

    __slots__ = ("alias", "arguments", "depth", "directives", "name", "signature", "sub")

    def __init__(self, alias: str | None, name: str, arguments: tuple[ArgumentNode, ...],
                 directives: tuple[DirectiveNode, ...], signature: str = "", depth: int = 0) -> None:
        self.alias = alias
        self.name = name
        self.arguments = arguments
        self.directives = directives
        self.signature = signature  # the field's type as the subgraph declares it
        self.depth = depth  # list levels of that type
        self.sub: SelectionTree | None = None

    def subtree(self) -> SelectionTree:
        """The field's sub-selection, created on first use."""
        if self.sub is None:
            self.sub = SelectionTree()
        return self.sub


class FragmentItem:
    """An inline fragment ``... on Type @directives { sub }`` (type condition may be absent)."""

    __slots__ = ("directives", "sub", "type_condition")

    def __init__(self, type_condition: str | None, directives: tuple[DirectiveNode, ...]) -> None:
        self.type_condition = type_condition
        self.directives = directives
        self.sub = SelectionTree()


class SelectionTree:
    """Ordered, merging selection set."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: dict[tuple[str, str, str], FieldItem | FragmentItem] = {}

    def __bool__(self) -> bool:
        return bool(self.items)

    def field(self, alias: str | None, name: str, arguments: tuple[ArgumentNode, ...] = (),
              directives: tuple[DirectiveNode, ...] = (), signature: str = "", depth: int = 0) -> FieldItem:
        """Get or add the field with this response key and these directives."""
        key = ("f", alias or name, _signature(directives))
        item = self.items.get(key)
        if item is None:
            item = FieldItem(alias if alias != name else None, name, arguments, directives, signature, depth)
            self.items[key] = item
        assert isinstance(item, FieldItem)
        return item

    def fragment(self, type_condition: str | None,
                 directives: tuple[DirectiveNode, ...] = ()) -> FragmentItem:
        """Get or add the inline fragment with this type condition and these directives."""
        key = ("i", type_condition or "", _signature(directives))
        item = self.items.get(key)
        if item is None:
            item = FragmentItem(type_condition, directives)
            self.items[key] = item
        assert isinstance(item, FragmentItem)
        return item

    def merge(self, selection_set: SelectionSetNode) -> None:
        """Add a field set (a ``@key`` or ``@requires`` selection) to the tree."""
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                item = self.field(node.alias.value if node.alias else None, node.name.value,
                                  tuple(node.arguments or ()))
                if node.selection_set is not None:
                    item.subtree().merge(node.selection_set)
            elif isinstance(node, InlineFragmentNode):
                condition = node.type_condition.name.value if node.type_condition else None
                self.fragment(condition).sub.merge(node.selection_set)

    def conflicts_with(self, other: SelectionTree) -> bool:
        """Whether merging ``other`` in would give one response key two different fields."""
        for item in other.items.values():
            if isinstance(item, FieldItem):
                key = item.alias or item.name
                for mine in self.items.values():
                    if not isinstance(mine, FieldItem) or (mine.alias or mine.name) != key:
                        continue
                    if mine.name != item.name or _arguments(mine) != _arguments(item):
                        return True
                    if mine.sub is not None and item.sub is not None and mine.sub.conflicts_with(item.sub):
                        return True
            else:
                for mine in self.items.values():
                    if isinstance(mine, FragmentItem) and mine.type_condition == item.type_condition and \
                            mine.sub.conflicts_with(item.sub):
                        return True
        return False

    def absorb(self, other: SelectionTree) -> None:
        """Merge ``other`` into this tree (check :meth:`conflicts_with` first)."""
        for item in other.items.values():
            if isinstance(item, FieldItem):
                mine = self.field(item.alias, item.name, item.arguments, item.directives)
                if item.sub is not None:
                    mine.subtree().absorb(item.sub)
            else:
                self.fragment(item.type_condition, item.directives).sub.absorb(item.sub)

    def response_keys(self) -> set[str]:
        """Every response key used in the tree, at any depth."""
        keys: set[str] = set()
        for item in self.items.values():
            if isinstance(item, FieldItem):
                keys.add(item.alias or item.name)
            if item.sub is not None:
                keys |= item.sub.response_keys()
        return keys

    def has_typename_first(self) -> None:
        """Make sure ``__typename`` is selected (first, as Apollo writes it)."""
        key = ("f", "__typename", "")
        if key not in self.items:
            self.items = {key: FieldItem(None, "__typename", (), ()), **self.items}

    def write(self, out: list[str], variables: set[str]) -> None:
        """Append the tree as compact GraphQL text (``{a b:c(x:1) ...on T{d}}``) to ``out``
        and the names of the variables it uses to ``variables``. Faster than printing an AST
        and stripping it, which matters for the first request of each document."""
        out.append("{")
        first = True
        for item in self.items.values():
            if isinstance(item, FieldItem):
                sub = item.sub
                if not first:
                    out.append(" ")
                first = False
                if item.alias:
                    out.append(item.alias + ":")
                out.append(item.name)
                if item.arguments:
                    out.append("(" + ",".join(_argument_text(a, variables) for a in item.arguments) + ")")
                if item.directives:
                    out.append(_directives_text(item.directives, variables))
                if sub is not None:
                    if sub.items:
                        sub.write(out, variables)
                    else:
                        out.append("{__typename}")
            else:
                if not item.sub.items:
                    continue
                if not first:
                    out.append(" ")
                first = False
                out.append("...")
                if item.type_condition:
                    out.append("on " + item.type_condition)
                if item.directives:
                    out.append(_directives_text(item.directives, variables))
                item.sub.write(out, variables)
        out.append("}")

    def to_ast(self) -> SelectionSetNode:
        """The tree as a graphql-core selection set (empty fragments and sets are dropped)."""
        nodes: list[SelectionNode] = []
        for item in self.items.values():
            if isinstance(item, FieldItem):
                sub = item.sub.to_ast() if item.sub is not None else None
                if sub is not None and not sub.selections:
                    sub = SelectionSetNode(selections=(FieldNode(name=NameNode(value="__typename"),
                                                                 arguments=(), directives=()),))
                nodes.append(FieldNode(
                    alias=NameNode(value=item.alias) if item.alias else None,
                    name=NameNode(value=item.name), arguments=item.arguments,
                    directives=item.directives, selection_set=sub))
            else:
                sub = item.sub.to_ast()
                if not sub.selections:
                    continue
                nodes.append(InlineFragmentNode(
                    type_condition=NamedTypeNode(name=NameNode(value=item.type_condition))
                    if item.type_condition else None,
                    directives=item.directives, selection_set=sub))
        return SelectionSetNode(selections=tuple(nodes))


def dealias_conflicts(tree: SelectionTree, path: tuple[PathElement, ...],
                      renames: list[tuple[tuple[PathElement, ...], str]]) -> None:
    """Give fields of sibling fragments that share a response key but not a type (as their
    subgraph declares it) their own key: a subgraph would reject the operation otherwise
    (https://spec.graphql.org/October2021/#sec-Field-Selection-Merging). Each rename is
    recorded as (path of the aliased key, original key) for a ``KeyRenamer``."""
    seen: dict[str, FieldItem] = {}
    for item in tree.items.values():
        if isinstance(item, FieldItem):
            seen.setdefault(item.alias or item.name, item)
    for item in tree.items.values():
        if isinstance(item, FragmentItem):
            for inner in item.sub.items.values():
                if not isinstance(inner, FieldItem):
                    continue
                key = inner.alias or inner.name
                first = seen.setdefault(key, inner)
                if first is inner or (first.signature == inner.signature and first.name == inner.name
                                      and _arguments(first) == _arguments(inner)):
                    continue
                alias = f"{key}__alias_{len(renames)}"
                inner.alias = alias
                condition = (TypeCondition((item.type_condition,)),) if item.type_condition else ()
                renames.append(((*path, *condition, alias), key))
    for item in tree.items.values():
        if isinstance(item, FieldItem):
            if item.sub is not None:
                dealias_conflicts(item.sub, (*path, item.alias or item.name, *("@",) * item.depth), renames)
        else:
            condition = (TypeCondition((item.type_condition,)),) if item.type_condition else ()
            for inner in item.sub.items.values():
                if isinstance(inner, FieldItem) and inner.sub is not None:
                    dealias_conflicts(inner.sub, (*path, *condition, inner.alias or inner.name,
                                                  *("@",) * inner.depth), renames)
