"""Merging subgraph answers into the response being built.

Apollo Federation's execution model (https://www.apollographql.com/docs/graphos/reference/
federation/query-plans): every fetch's ``data`` is merged into one tree keyed by the client's
response keys; entity answers are merged into the very objects their representations came from.
"""

from __future__ import annotations

from typing import Any

__all__ = ["deep_merge"]


def deep_merge(target: dict[str, Any], source: dict[str, Any]) -> None:
    """Merge ``source`` into ``target`` in place: objects key by key, lists item by item."""
    for key, value in source.items():
        current = target.get(key)
        if current is None or value is None:
            target[key] = value
        elif type(value) is dict:
            if type(current) is dict:
                deep_merge(current, value)
            else:
                target[key] = value
        elif type(value) is list and type(current) is list and len(current) == len(value):
            _merge_lists(current, value)
        else:
            target[key] = value


def _merge_lists(current: list[Any], value: list[Any]) -> None:
    for index, item in enumerate(value):
        existing = current[index]
        if type(item) is dict and type(existing) is dict:
            deep_merge(existing, item)
        elif type(item) is list and type(existing) is list and len(item) == len(existing):
            _merge_lists(existing, item)
        else:
            current[index] = item
