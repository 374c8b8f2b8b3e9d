"""Names of linked features in a supergraph.

Implements the naming rules of the core schema ``@link`` specification
(https://specs.apollo.dev/link/v1.0/#@link): a feature's elements are written ``prefix__Name``
(types) and ``@prefix__name`` (directives), the directive named like the feature is ``@prefix``,
``as:`` changes the prefix and ``import:`` brings names in without a prefix (optionally renamed).
The older ``@core(feature:)`` form (https://specs.apollo.dev/core/v0.2) is read the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from graphql import (
    DirectiveNode,
    ListValueNode,
    ObjectValueNode,
    StringValueNode,
    ValueNode,
)

__all__ = ["Feature", "LinkedFeatures"]

_URL = re.compile(r"^(?P<base>.*?)/(?P<name>[A-Za-z_][\w-]*)/v(?P<major>\d+)\.(?P<minor>\d+)/?$")


@dataclass(frozen=True, slots=True)
class Feature:
    """One ``@link``'ed specification: its identity and how its names are written here."""

    url: str
    name: str
    version: tuple[int, int]
    prefix: str
    imports: dict[str, str] = field(default_factory=dict)  # "@name" or "Name" -> local name

    @property
    def is_apollo(self) -> bool:
        """Whether the feature is one of the machinery specs at specs.apollo.dev."""
        return "specs.apollo.dev" in self.url

    def directive(self, name: str) -> str:
        """The local name of the spec's directive ``@name`` (without the ``@``)."""
        imported = self.imports.get("@" + name)
        if imported is not None:
            return imported
        if name == self.name:
            return self.prefix
        return f"{self.prefix}__{name}"

    def type(self, name: str) -> str:
        """The local name of the spec's type ``name``."""
        return self.imports.get(name) or f"{self.prefix}__{name}"

    def owns(self, local_name: str, *, directive: bool) -> bool:
        """Whether ``local_name`` (a type, or a directive without ``@``) belongs to this feature."""
        if local_name.startswith(self.prefix + "__"):
            return True
        if directive and local_name == self.prefix:
            return True
        return any(local == local_name and key.startswith("@") == directive
                   for key, local in self.imports.items())


def _string(value: ValueNode | None) -> str | None:
    return value.value if isinstance(value, StringValueNode) else None


def _imports(value: ValueNode | None) -> dict[str, str]:
    result: dict[str, str] = {}
    if not isinstance(value, ListValueNode):
        return result
    for item in value.values:
        if isinstance(item, StringValueNode):
            name = item.value
            result[name] = name.lstrip("@")
        elif isinstance(item, ObjectValueNode):
            fields = {f.name.value: _string(f.value) for f in item.fields}
            imported = fields.get("name")
            if imported:
                result[imported] = (fields.get("as") or imported).lstrip("@")
    return result


class LinkedFeatures:
    """All features linked on a schema definition, looked up by spec name (``join``, ``tag``...)."""

    def __init__(self, features: Iterable[Feature]) -> None:
        self._by_name: dict[str, Feature] = {}
        for feature in features:
            self._by_name.setdefault(feature.name, feature)

    @classmethod
    def from_directives(cls, directives: Iterable[DirectiveNode]) -> LinkedFeatures:
        """Read ``@link(url:, as:, import:)`` / ``@core(feature:, as:)`` applications."""
        found: list[Feature] = []
        for directive in directives:
            if directive.name.value not in ("link", "core"):
                continue
            args = {arg.name.value: arg.value for arg in directive.arguments or ()}
            url = _string(args.get("url")) or _string(args.get("feature"))
            if url is None:
                continue
            match = _URL.match(url)
            if match is None:
                continue
            name = match["name"]
            prefix = _string(args.get("as")) or name
            found.append(Feature(url=url, name=name,
                                 version=(int(match["major"]), int(match["minor"])),
                                 prefix=prefix, imports=_imports(args.get("import"))))
        return cls(found)

    def get(self, name: str) -> Feature | None:
        """The feature linked under spec name ``name``, if any."""
        return self._by_name.get(name)

    def __iter__(self) -> Iterator[Feature]:
        return iter(self._by_name.values())
