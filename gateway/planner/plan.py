"""Query plans as plain data.

A plan is a tree of frozen dataclasses in the shape of Apollo Federation's query plans
(``QueryPlan``, ``Fetch``, ``Flatten``, ``Sequence``, ``Parallel``, ``Condition``), so that a
printer can write them in Apollo's query-plan text and the executor can walk them with one
``match``. The planner builds them; the executor never changes them.

Contract between planner and executor:

* A ``FetchNode`` without ``requires`` is a root fetch: its ``operation`` is sent to the subgraph
  as is and the ``data`` it returns is merged into the response at the root (or at the
  enclosing ``FlattenNode``'s path, which a root fetch never has).
* A ``FetchNode`` with ``requires`` is an entity fetch. It always sits under a ``FlattenNode``.
  The executor collects the objects at the flatten path, builds one representation per object
  from ``requires`` (only objects whose ``__typename`` matches a fragment's type condition, and
  only if every required field is present), de-duplicates them, sends them as the
  ``$representations`` variable, and merges each returned entity back into the object it came
  from. Objects without a representation are left as they are.
* Subgraph operations keep the client's response keys (aliases), so merged data has the
  client's keys; anything the planner had to rename is undone by ``output_rewrites``.
* ``variable_usages`` names the client variables the operation uses; the executor sends only
  those (with defaults applied).
* Addition: a ``FlattenNode`` may list ``more_paths``; the objects at all its paths go into the
  one entity fetch (one request per subgraph per plan step), and ``path_rewrites`` for what one
  of those paths asked under an internal alias.
* Addition: a ``FetchNode`` may carry a ``guard`` (consent boundaries, docs/query-planning.md).
  Such a fetch is always an entity fetch under a ``FlattenNode`` whose representations are
  exactly the data subjects (``guard.type_name``) the guarded fields belong to; its selection
  holds, at the top of the entity, only ``__typename``, key fields and guarded fields of
  ``guard.category``. Before sending it, the executor reads ``guard.key_field`` from each
  representation (after ``input_rewrites``), asks once for the whole step which subjects the
  caller may see in that category, drops the others' representations and reports each dropped
  object at ``<object path> + [response key]`` for every key of ``guard.response_keys``. A
  representation without a string key value is dropped (fail closed). Fetches without a guard
  are run as described above.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

__all__ = [
    "ConditionNode",
    "FetchNode",
    "FetchRewrite",
    "FlattenNode",
    "Guard",
    "KeyRenamer",
    "ParallelNode",
    "PathElement",
    "PlanNode",
    "QueryPlan",
    "RequiredField",
    "RequiredFragment",
    "RequiredSelection",
    "SequenceNode",
    "TypeCondition",
    "ValueSetter",
]


@dataclass(frozen=True, slots=True)
class RequiredField:
    """A field copied from the current object into a representation (``name { sub }``)."""

    name: str
    selections: tuple[RequiredSelection, ...] = ()


@dataclass(frozen=True, slots=True)
class RequiredFragment:
    """``... on TypeName { selections }`` inside ``requires``."""

    type_condition: str
    selections: tuple[RequiredSelection, ...]


RequiredSelection: TypeAlias = RequiredField | RequiredFragment


@dataclass(frozen=True, slots=True)
class TypeCondition:
    """A path element that keeps only objects whose ``__typename`` is one of ``names``
    (printed as ``|[A,B]`` after the previous element)."""

    names: tuple[str, ...]


# A response key, ``"@"`` for every item of a list, or a type condition.
PathElement: TypeAlias = str | TypeCondition


@dataclass(frozen=True, slots=True)
class ValueSetter:
    """Input rewrite: set the value at ``path`` of each representation to ``set_value_to``
    (Apollo uses it to send an ``@interfaceObject`` its own ``__typename``)."""

    path: tuple[PathElement, ...]
    set_value_to: str


@dataclass(frozen=True, slots=True)
class KeyRenamer:
    """Output rewrite: rename the key at ``path`` of each returned entity to ``rename_key_to``."""

    path: tuple[PathElement, ...]
    rename_key_to: str


FetchRewrite: TypeAlias = ValueSetter | KeyRenamer


@dataclass(frozen=True, slots=True)
class Guard:
    """The consent boundary of an entity fetch: the fetch selects fields of ``type_name`` (the
    data subject, e.g. ``Citizen``) that need the subject's consent in ``category``.

    ``key_field`` is the representation field naming the subject (the single scalar field of
    the key used, e.g. ``nik``); ``fields`` the guarded field names the fetch selects (for the
    trail); ``response_keys`` the client's response keys of those fields at the top of the
    entity selection (where the executor reports a subject it left out).
    """

    type_name: str
    key_field: str
    category: str
    fields: tuple[str, ...] = ()
    response_keys: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FetchNode:
    service_name: str
    operation: str
    operation_kind: str = "query"  # "query" | "mutation"
    operation_name: str | None = None
    variable_usages: tuple[str, ...] = ()
    requires: tuple[RequiredSelection, ...] = ()
    input_rewrites: tuple[FetchRewrite, ...] = ()
    output_rewrites: tuple[FetchRewrite, ...] = ()
    id: str | None = None
    guard: Guard | None = None  # an entity fetch behind a consent boundary (see the contract)


@dataclass(frozen=True, slots=True)
class FlattenNode:
    """Run ``node`` (an entity fetch) on the objects at ``path``.

    ``more_paths`` (optional, an addition to Apollo's shape): further paths whose objects join
    the same fetch, so that one plan step sends one ``_entities`` request per subgraph with the
    representations of all those objects de-duplicated. The executor collects the objects at
    ``path`` and then at each of ``more_paths``, in that order. Printed as
    ``Flatten(paths: ["a", "b"])`` when present.

    ``path_rewrites`` (optional, with ``more_paths``): output rewrites for the objects of one
    path only, aligned with ``(path, *more_paths)``. When the paths ask the same field with
    different arguments, the fetch asks it under an internal alias for some of them, and the
    ``KeyRenamer`` of that path gives the value back its client key, on a copy of each returned
    entity, before it is merged into that path's objects (after the fetch's own
    ``output_rewrites``). Empty: no path has its own rewrites.
    """

    path: tuple[PathElement, ...]
    node: PlanNode
    more_paths: tuple[tuple[PathElement, ...], ...] = ()
    path_rewrites: tuple[tuple[FetchRewrite, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class SequenceNode:
    nodes: tuple[PlanNode, ...]


@dataclass(frozen=True, slots=True)
class ParallelNode:
    nodes: tuple[PlanNode, ...]


@dataclass(frozen=True, slots=True)
class ConditionNode:
    """``@include``/``@skip`` on a variable: run ``if_clause`` when the variable is true."""

    condition: str
    if_clause: PlanNode | None
    else_clause: PlanNode | None


PlanNode: TypeAlias = FetchNode | FlattenNode | SequenceNode | ParallelNode | ConditionNode


@dataclass(frozen=True, slots=True)
class QueryPlan:
    node: PlanNode | None
