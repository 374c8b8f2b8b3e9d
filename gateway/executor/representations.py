"""Entity representations: which objects a ``Flatten`` step reaches, what is sent for each.

Implements the executor's side of Apollo Federation's entity fetches
(https://www.apollographql.com/docs/federation/subgraph-spec/#understanding-query_entities):
objects are collected at the flatten path (``@`` for every list item, type conditions filter on
``__typename``), one representation is built per object from the fetch's ``requires``, identical
representations are sent once, and ``input_rewrites``/``output_rewrites`` are applied.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import orjson

from gateway.planner.plan import (
    FetchRewrite,
    KeyRenamer,
    PathElement,
    RequiredField,
    RequiredFragment,
    RequiredSelection,
    TypeCondition,
    ValueSetter,
)

__all__ = [
    "Batch",
    "TypeMatcher",
    "apply_rewrites",
    "build_batch",
    "collect_objects",
    "locate_objects",
    "representer",
]

Path = tuple[str | int, ...]
#: ``matches(typename, condition)``: is an object of ``typename`` selected by ``... on condition``?
TypeMatcher = Callable[[str | None, str], bool]


def collect_objects(data: Any, path: Sequence[PathElement]) -> list[dict[str, Any]]:
    """The objects at ``path`` below ``data`` (the hot path: no response paths kept)."""
    found: list[Any] = [data]
    for element in path:
        if element == "@":
            following: list[Any] = []
            for value in found:
                if type(value) is list:
                    following.extend(value)
            found = following
        elif type(element) is TypeCondition:
            names = element.names
            found = [v for v in found if type(v) is dict and v.get("__typename") in names]
        else:
            found = [child for v in found if type(v) is dict and (child := v.get(element)) is not None]
    objects: list[dict[str, Any]] = []
    for value in found:
        if type(value) is dict:
            objects.append(value)
        elif type(value) is list:
            objects.extend(obj for obj, _ in _gather(value, ()))
    return objects


def locate_objects(data: Any, path: Sequence[PathElement]) -> list[tuple[dict[str, Any], Path]]:
    """The objects at ``path`` with their response paths (client terms); used for errors only."""
    found: list[tuple[Any, Path]] = [(data, ())]
    for element in path:
        following: list[tuple[Any, Path]] = []
        if element == "@":
            for value, at in found:
                if type(value) is list:
                    following.extend((item, (*at, index)) for index, item in enumerate(value))
        elif type(element) is TypeCondition:
            names = element.names
            following = [(v, at) for v, at in found if type(v) is dict and v.get("__typename") in names]
        else:
            for value, at in found:
                if type(value) is dict:
                    child = value.get(element)
                    if child is not None:
                        following.append((child, (*at, element)))  # type: ignore[arg-type]
        found = following
    objects: list[tuple[dict[str, Any], Path]] = []
    for value, at in found:
        objects.extend(_gather(value, at))
    return objects


def _gather(value: Any, at: Path) -> list[tuple[dict[str, Any], Path]]:
    """Objects in ``value``: itself, or every object of a (nested) list it ends on."""
    if type(value) is dict:
        return [(value, at)]
    out: list[tuple[dict[str, Any], Path]] = []
    if type(value) is list:
        for index, item in enumerate(value):
            out.extend(_gather(item, (*at, index)))
    return out


_MISSING = object()


def _select(obj: dict[str, Any], selections: Sequence[RequiredSelection], matches: TypeMatcher) -> Any:
    out: dict[str, Any] = {}
    for selection in selections:
        if type(selection) is RequiredField:
            if selection.name not in obj:
                return _MISSING
            value = obj[selection.name]
            if selection.selections and value is not None:
                value = _select_value(value, selection.selections, matches)
                if value is _MISSING:
                    return _MISSING
            out[selection.name] = value
        elif type(selection) is RequiredFragment and matches(obj.get("__typename"), selection.type_condition):
            inner = _select(obj, selection.selections, matches)
            if inner is _MISSING:
                return _MISSING
            out.update(inner)
    return out


def _select_value(value: Any, selections: Sequence[RequiredSelection], matches: TypeMatcher) -> Any:
    if type(value) is list:
        items = [None if item is None else _select_value(item, selections, matches) for item in value]
        return _MISSING if _MISSING in items else items
    if type(value) is dict:
        return _select(value, selections, matches)
    return value


def _representation(
    obj: dict[str, Any], requires: Sequence[RequiredSelection], matches: TypeMatcher
) -> dict[str, Any] | None:
    typename = obj.get("__typename")
    out: dict[str, Any] = {}
    matched = False
    for selection in requires:
        if type(selection) is RequiredFragment:
            if not matches(typename, selection.type_condition):
                continue
            inner = _select(obj, selection.selections, matches)
        else:
            inner = _select(obj, (selection,), matches)
        if inner is _MISSING:
            return None
        matched = True
        out.update(inner)
    return out if matched else None


class Batch:
    """The de-duplicated representations of one entity fetch and the objects behind each."""

    __slots__ = ("objects", "representations")

    def __init__(self) -> None:
        self.representations: list[dict[str, Any]] = []
        #: for representation ``i``: the objects it stands for
        self.objects: list[list[dict[str, Any]]] = []


Representer = Callable[[dict[str, Any]], "dict[str, Any] | None"]


@lru_cache(maxsize=4096)
def representer(requires: tuple[RequiredSelection, ...], matches: TypeMatcher) -> Representer:
    """A function building one object's representation for ``requires`` (``None``: the object
    gets none). Flat keys (``... on T { __typename id }``, the common case) get a fast one."""
    flat: list[tuple[str, tuple[str, ...]]] = []
    for selection in requires:
        if type(selection) is not RequiredFragment or not all(
            type(s) is RequiredField and not s.selections for s in selection.selections
        ):
            return lambda obj: _representation(obj, requires, matches)
        flat.append((selection.type_condition, tuple(s.name for s in selection.selections)))  # type: ignore[union-attr]

    def build(obj: dict[str, Any]) -> dict[str, Any] | None:
        typename = obj.get("__typename")
        out: dict[str, Any] | None = None
        for condition, names in flat:
            if typename == condition or matches(typename, condition):
                if out is None:
                    out = {}
                for name in names:
                    value = obj.get(name, _MISSING)
                    if value is _MISSING:
                        return None
                    out[name] = value
        return out

    return build


def build_batch(
    found: Sequence[dict[str, Any]],
    requires: tuple[RequiredSelection, ...],
    input_rewrites: Sequence[FetchRewrite],
    matches: TypeMatcher,
) -> Batch:
    """One representation per distinct object (by value), objects without one left out."""
    batch = Batch()
    index_of: dict[Any, int] = {}
    build = representer(requires, matches)
    representations = batch.representations
    objects = batch.objects
    for obj in found:
        representation = build(obj)
        if representation is None:
            continue
        if input_rewrites:
            apply_rewrites(representation, input_rewrites, matches)
        key: Any = tuple(representation.items())
        try:
            index = index_of.get(key)
        except TypeError:  # a key with object or list values
            key = orjson.dumps(representation)
            index = index_of.get(key)
        if index is None:
            index_of[key] = len(representations)
            representations.append(representation)
            objects.append([obj])
        else:
            objects[index].append(obj)
    return batch


def apply_rewrites(value: dict[str, Any], rewrites: Sequence[FetchRewrite], matches: TypeMatcher) -> None:
    """Apply ``ValueSetter``/``KeyRenamer`` rewrites to one representation or entity in place."""
    for rewrite in rewrites:
        *parents, last = rewrite.path
        targets: list[Any] = [value]
        for element in parents:
            targets = _step(targets, element, matches)
        for target in targets:
            if type(target) is not dict:
                continue
            last_key: str
            if isinstance(last, TypeCondition):  # a path ending in a condition: rewrite __typename
                if not any(matches(target.get("__typename"), name) for name in last.names):
                    continue
                last_key = "__typename"
            else:
                last_key = last
            if type(rewrite) is ValueSetter:
                target[last_key] = rewrite.set_value_to
            elif type(rewrite) is KeyRenamer and last_key in target:
                target[rewrite.rename_key_to] = target.pop(last_key)


def _step(targets: list[Any], element: PathElement, matches: TypeMatcher) -> list[Any]:
    if element == "@":
        return [item for t in targets if type(t) is list for item in t]
    if type(element) is TypeCondition:
        return [
            t for t in targets
            if type(t) is dict and any(matches(t.get("__typename"), name) for name in element.names)
        ]
    return [t[element] for t in targets if type(t) is dict and element in t]
