"""Scope authorization: the operation cut down to what a caller may ask for.

Enforces ``@authenticated``, ``@requiresScopes`` and ``@policy`` (read by
:func:`gateway.supergraph.auth.auth_rules`) before planning, in the "filter" mode of Apollo
Router's authorization: an unauthorized field is removed from the operation, so no subgraph is
ever asked for it, and the response answers it ``null`` with an error (the shaping step does
that from :attr:`Authorized.denied`). Nothing is ever rejected as a whole.

A field is denied when

* its own requirement fails (on an interface: also the requirement of the field on any
  implementation, since the selection reads each implementation's field);
* its return type's requirement fails (object, interface, scalar or enum); for an abstract return
  type also when a possible type's requirement fails, unless every selection under the field is
  ``__typename`` or a fragment with a type condition: those fragments are then judged one by one.

A fragment (inline or spread) whose type condition fails (for an abstract condition: it or any
of its possible types) is removed, as Apollo Router does: on objects of other types it matches
nothing, which the spec allows. Its fields are answered as removed fields are: ``null`` with the
type's error, on each object the fragment would have applied to (Apollo Router reports one error
at the enclosing field instead). Known limit: a named fragment whose fields are also kept through
another, authorized spread gets no such error on the removed side (its fields come back null
there without an authorization error); no field is ever asked for that the caller may not see.

Introspection fields (``__typename``, ``__schema``, ``__type``) are never denied here.

Rules: ``@authenticated`` needs a caller that is not anonymous; ``@requiresScopes`` one of its
AND-groups within the caller's scopes; ``@policy`` one AND-group of policies that all hold. The
only policies known are ``consent:<category>``: held by a citizen, or by an agency that sent the
purpose of the request (``X-Purpose``; without it the code is ``PURPOSE_REQUIRED``). Any other
policy, and any other kind of caller, fails (deny by default).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from graphql import (
    DefinitionNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    NameNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    get_named_type,
    is_abstract_type,
)

from gateway.access.caller import CallerKind
from gateway.access.rights import Rights
from gateway.supergraph.auth import CONSENT_POLICY_PREFIX, AuthRules, Requirement, consent_policy_parts

__all__ = [
    "PURPOSE_REQUIRED",
    "UNAUTHORIZED_FIELD_OR_TYPE",
    "Authorized",
    "Denial",
    "Denials",
    "authorize_document",
    "check",
]

UNAUTHORIZED_FIELD_OR_TYPE = "UNAUTHORIZED_FIELD_OR_TYPE"
PURPOSE_REQUIRED = "PURPOSE_REQUIRED"

_INTROSPECTION = frozenset({"__typename", "__schema", "__type"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Denial:
    """Why a field is not answered: the error's ``code``, ``message`` and the failing ``rule``
    (``"authenticated"``, ``"requiresScopes"`` or ``"policy"``); ``scopes``: the alternatives
    of a failed ``@requiresScopes`` (each sorted)."""

    code: str
    message: str
    rule: str
    scopes: tuple[tuple[str, ...], ...] = ()

    def extensions(self) -> dict[str, Any]:
        """The GraphQL error's ``extensions`` (a fresh dict)."""
        out: dict[str, Any] = {"code": self.code, "rule": self.rule}
        if self.scopes:
            out["scopes"] = [list(group) for group in self.scopes]
        return out


class Denials(Mapping[FieldNode, Denial]):
    """Denials keyed by ``FieldNode`` identity (graphql-core nodes compare and hash by value)."""

    __slots__ = ("_items",)

    def __init__(self, items: Iterable[tuple[FieldNode, Denial]] = ()) -> None:
        self._items: dict[int, tuple[FieldNode, Denial]] = {id(node): (node, d) for node, d in items}

    def __getitem__(self, node: FieldNode) -> Denial:
        found = self._items.get(id(node))
        if found is None or found[0] is not node:
            raise KeyError(node)
        return found[1]

    def __iter__(self) -> Iterator[FieldNode]:
        return (node for node, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Denials({[(node.name.value, d.code) for node, d in self._items.values()]})"


@dataclass(frozen=True, slots=True)
class Authorized:
    """The authorized ``document`` (only the selected operation and the fragments it still
    spreads; a selection set left empty holds ``__typename``), its ``operation``, and the denied
    fields of the ORIGINAL document (by ``FieldNode`` identity)."""

    document: DocumentNode
    operation: OperationDefinitionNode
    denied: Mapping[FieldNode, Denial] = field(default_factory=Denials)


# -- the rules ------------------------------------------------------------------------------


def _alternatives(groups: tuple[frozenset[str], ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(sorted(group)) for group in groups)


def _spoken(groups: tuple[tuple[str, ...], ...]) -> str:
    return " or ".join(" and ".join(group) for group in groups)


def _policy_holds(policy: str, rights: Rights) -> bool:
    if not policy.startswith(CONSENT_POLICY_PREFIX):
        return False  # unknown policy: deny by default
    return rights.kind is CallerKind.CITIZEN or (rights.kind is CallerKind.AGENCY and rights.has_purpose)


def check(requirement: Requirement, rights: Rights, coordinate: str) -> Denial | None:
    """The first rule of ``requirement`` that ``rights`` fail (``@authenticated``, then
    ``@requiresScopes``, then ``@policy``), as a :class:`Denial` naming ``coordinate``; None when
    all hold."""
    if requirement.authenticated and rights.kind is CallerKind.ANONYMOUS:
        return Denial(
            code=UNAUTHORIZED_FIELD_OR_TYPE,
            message=f"Unauthorized field or type: {coordinate} needs an authenticated caller.",
            rule="authenticated",
        )
    if requirement.scopes and not any(group <= rights.scopes for group in requirement.scopes):
        scopes = _alternatives(requirement.scopes)
        return Denial(
            code=UNAUTHORIZED_FIELD_OR_TYPE,
            message=f"Unauthorized field or type: {coordinate} needs scope {_spoken(scopes)}.",
            rule="requiresScopes",
            scopes=scopes,
        )
    if requirement.policies:
        purpose_for: str | None = None
        for group in requirement.policies:
            missing = sorted(policy for policy in group if not _policy_holds(policy, rights))
            if not missing:
                return None
            if (
                purpose_for is None
                and rights.kind is CallerKind.AGENCY
                and not rights.has_purpose
                and all(policy.startswith(CONSENT_POLICY_PREFIX) for policy in missing)
            ):
                parts = consent_policy_parts(missing[0])
                purpose_for = parts[0] if parts is not None else None
        if purpose_for is not None:
            what = "Field" if "." in coordinate else "Type"
            return Denial(
                code=PURPOSE_REQUIRED,
                message=(
                    f"{what} {coordinate} holds personal data (consent category {purpose_for}): "
                    "send the purpose of this request in the X-Purpose header."
                ),
                rule="policy",
            )
        policies = _spoken(_alternatives(requirement.policies))
        return Denial(
            code=UNAUTHORIZED_FIELD_OR_TYPE,
            message=f"Unauthorized field or type: {coordinate} needs policy {policies}.",
            rule="policy",
        )
    return None


# -- the document ---------------------------------------------------------------------------

_TYPENAME_ONLY = SelectionSetNode(selections=(FieldNode(name=NameNode(value="__typename")),))


class _Fragment:
    """One fragment definition after authorization (done once, whatever the spreads)."""

    __slots__ = ("definition", "kept", "spreads")

    def __init__(self) -> None:
        self.definition: FragmentDefinitionNode | None = None
        self.kept: set[int] = set()
        self.spreads: set[str] = set()


class _Authorizer:
    def __init__(
        self,
        schema: GraphQLSchema,
        api_schema: GraphQLSchema,
        rules: AuthRules,
        fragments: dict[str, FragmentDefinitionNode],
        rights: Rights,
    ) -> None:
        self.schema = schema
        self.api_schema = api_schema
        self.rules = rules
        self.rights = rights
        self.fragments = fragments
        self.done: dict[str, _Fragment] = {}
        self.denied: dict[int, tuple[FieldNode, Denial]] = {}
        self.fragment_denied: dict[int, tuple[FieldNode, Denial]] = {}
        self._types: dict[str, Denial | None] = {}
        self._fields: dict[tuple[str, str], Denial | None] = {}

    # what the rights fail ---------------------------------------------------------------

    def _own_type(self, name: str) -> Denial | None:
        requirement = self.rules.type(name)
        return check(requirement, self.rights, name) if requirement else None

    def _possible(self, type_: GraphQLNamedType) -> list[GraphQLObjectType]:
        full = self.schema.get_type(type_.name)
        if not isinstance(full, GraphQLInterfaceType | GraphQLUnionType):
            return []
        return sorted(self.schema.get_possible_types(full), key=lambda t: t.name)

    def own_and_possible(self, type_: GraphQLNamedType) -> tuple[Denial | None, Denial | None]:
        """The type's own denial, and the first denial among its possible types."""
        own = self._own_type(type_.name)
        possible = None
        if is_abstract_type(type_):
            for runtime in self._possible(type_):
                possible = self._own_type(runtime.name)
                if possible is not None:
                    break
        return own, possible

    def type_denial(self, type_: GraphQLNamedType) -> Denial | None:
        """For a fragment's type condition: the type or one of its possible types fails."""
        name = type_.name
        if name not in self._types:
            own, possible = self.own_and_possible(type_)
            self._types[name] = own or possible
        return self._types[name]

    def field_denial(self, parent: GraphQLNamedType, name: str) -> Denial | None:
        """The field's own requirement (and, on an interface, its implementations')."""
        key = (parent.name, name)
        if key not in self._fields:
            denial = None
            requirement = self.rules.field(parent.name, name)
            if requirement:
                denial = check(requirement, self.rights, f"{parent.name}.{name}")
            if denial is None and isinstance(parent, GraphQLInterfaceType):
                for runtime in self._possible(parent):
                    requirement = self.rules.field(runtime.name, name)
                    if requirement and (denial := check(requirement, self.rights, f"{runtime.name}.{name}")):
                        break
            self._fields[key] = denial
        return self._fields[key]

    # rewriting --------------------------------------------------------------------------

    def selection_set(
        self, parent: GraphQLNamedType, node: SelectionSetNode, kept: set[int], spreads: set[str]
    ) -> SelectionSetNode:
        """The authorized selection set (``node`` itself when nothing changed)."""
        out: list[SelectionNode] = []
        changed = False
        for selection in node.selections:
            found = self.selection(parent, selection, kept, spreads)
            if found is not selection:
                changed = True
            if found is not None:
                out.append(found)
        if not changed:
            return node
        if not out:
            return _TYPENAME_ONLY
        return SelectionSetNode(selections=tuple(out))

    def selection(
        self, parent: GraphQLNamedType, selection: SelectionNode, kept: set[int], spreads: set[str]
    ) -> SelectionNode | None:
        if isinstance(selection, FieldNode):
            return self.field(parent, selection, kept, spreads)
        if isinstance(selection, InlineFragmentNode):
            condition = parent
            if selection.type_condition is not None:
                condition = self._api_type(selection.type_condition.name.value)
                denial = self.type_denial(condition)
                if denial is not None:
                    self.deny_fields(selection.selection_set, denial, set())
                    return None
            inner = self.selection_set(condition, selection.selection_set, kept, spreads)
            if inner is selection.selection_set:
                return selection
            return _with_selections(selection, inner)
        assert isinstance(selection, FragmentSpreadNode)
        name = selection.name.value
        definition = self.fragments[name]
        denial = self.type_denial(self._api_type(definition.type_condition.name.value))
        if denial is not None:
            self.deny_fields(definition.selection_set, denial, {name})
            return None
        self.fragment(name)
        spreads.add(name)
        return selection

    def field(
        self, parent: GraphQLNamedType, node: FieldNode, kept: set[int], spreads: set[str]
    ) -> FieldNode | None:
        name = node.name.value
        if name in _INTROSPECTION:
            return node
        assert isinstance(parent, GraphQLObjectType | GraphQLInterfaceType)
        definition: GraphQLField = parent.fields[name]
        returned = get_named_type(definition.type)
        denial = self.field_denial(parent, name)
        if denial is None:
            own, possible = self.own_and_possible(returned)
            denial = own
            if denial is None and possible is not None and not _only_typed_fragments(node.selection_set):
                denial = possible
        if denial is not None:
            self.denied[id(node)] = (node, denial)
            return None
        kept.add(id(node))
        if node.selection_set is None:
            return node
        inner = self.selection_set(returned, node.selection_set, kept, spreads)
        if inner is node.selection_set:
            return node
        return _with_selections(node, inner)

    def fragment(self, name: str) -> _Fragment:
        done = self.done.get(name)
        if done is None:
            self.done[name] = done = _Fragment()
            definition = self.fragments[name]
            condition = self._api_type(definition.type_condition.name.value)
            inner = self.selection_set(condition, definition.selection_set, done.kept, done.spreads)
            if inner is definition.selection_set:
                done.definition = definition
            else:
                done.definition = _with_selections(definition, inner)
        return done

    def deny_fields(self, node: SelectionSetNode, denial: Denial, seen: set[str]) -> None:
        """The fields a removed fragment would have put on its objects get ``denial``."""
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                if selection.name.value not in _INTROSPECTION:
                    self.fragment_denied.setdefault(id(selection), (selection, denial))
            elif isinstance(selection, InlineFragmentNode):
                self.deny_fields(selection.selection_set, denial, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in seen and name in self.fragments:
                    self.deny_fields(self.fragments[name].selection_set, denial, seen | {name})

    def _api_type(self, name: str) -> GraphQLNamedType:
        found = self.api_schema.get_type(name)
        assert found is not None, name
        return found


_Node = TypeVar("_Node", FieldNode, InlineFragmentNode, FragmentDefinitionNode, OperationDefinitionNode)


def _with_selections(node: _Node, selection_set: SelectionSetNode) -> _Node:
    """A copy of ``node`` (graphql-core nodes are frozen) with another selection set."""
    values = {key: getattr(node, key) for key in node.keys}
    values["selection_set"] = selection_set
    return type(node)(**values)


def _only_typed_fragments(node: SelectionSetNode | None) -> bool:
    """Every selection is ``__typename`` or a fragment with a type condition (through
    fragments without one)."""
    if node is None:
        return False
    for selection in node.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value != "__typename":
                return False
        elif (
            isinstance(selection, InlineFragmentNode)
            and selection.type_condition is None
            and not _only_typed_fragments(selection.selection_set)
        ):
            return False
    return True


def authorize_document(
    schema: GraphQLSchema,
    api_schema: GraphQLSchema,
    rules: AuthRules,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    rights: Rights,
) -> Authorized:
    """``operation`` of ``document`` (validated against ``api_schema``) without what ``rights``
    may not see. ``schema`` is the supergraph's full schema (with ``@inaccessible`` types): the
    possible types of abstract types come from it, so a hidden implementation still counts."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    authorizer = _Authorizer(schema, api_schema, rules, fragments, rights)
    root = api_schema.get_root_type(operation.operation)
    assert root is not None, operation.operation
    kept: set[int] = set()
    spreads: set[str] = set()
    inner = authorizer.selection_set(root, operation.selection_set, kept, spreads)
    authorized = operation
    if inner is not operation.selection_set:
        authorized = _with_selections(operation, inner)
    # the fragments still spread, transitively, and the fields they keep
    reachable: list[str] = []
    pending = sorted(spreads)
    while pending:
        name = pending.pop()
        if name in reachable:
            continue
        reachable.append(name)
        done = authorizer.done[name]
        kept |= done.kept
        pending.extend(sorted(done.spreads))
    definitions: list[DefinitionNode] = [authorized]
    for definition in document.definitions:
        if isinstance(definition, FragmentDefinitionNode) and definition.name.value in reachable:
            rewritten = authorizer.done[definition.name.value].definition
            assert rewritten is not None
            definitions.append(rewritten)
    denied = dict(authorizer.denied)
    for key, entry in authorizer.fragment_denied.items():
        if key not in kept:
            denied.setdefault(key, entry)
    if len(definitions) == len(document.definitions) and all(
        new is old for new, old in zip(definitions, document.definitions, strict=True)
    ):
        new_document = document
    else:
        new_document = DocumentNode(definitions=tuple(definitions))
    return Authorized(new_document, authorized, Denials(denied.values()))
