"""What a subgraph's `@link`s say: which federation directives it uses under which names.

https://specs.apollo.dev/link/v1.0/ - a Federation 2 subgraph links
`https://specs.apollo.dev/federation/v2.x` and imports directives by name (`"@key"`), renamed
(`{ name: "@key", as: "@id" }`), or uses them through the namespace (`@federation__key`, or the
`as:` of the link). Without that link the SDL is Federation 1 and the directives have their
plain names. The schema definition also gives the root type names.

A version only defines the directives that had come in by then
(https://www.apollographql.com/docs/graphos/schema-design/federated-schemas/reference/versions):
`@composeDirective` in v2.1, `@interfaceObject` in v2.3, `@authenticated` and `@requiresScopes`
in v2.5, `@policy` in v2.6, `@context`, `@fromContext`, `@cost` and `@listSize` in v2.8 (as the
reference composer has them). Importing a directive the linked version does not define is
`INVALID_LINK_DIRECTIVE_USAGE`, so an authorization directive can never ride on a link that
does not know it; so is importing anything that is not a federation directive or `FieldSet`
(`"@nope"`). Through the namespace such a directive is simply unknown: applying
`@federation__policy` under v2.3 is `INVALID_GRAPHQL` (docs/composition.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from graphql import (
    DefinitionNode,
    DirectiveNode,
    ListValueNode,
    ObjectValueNode,
    SchemaDefinitionNode,
    SchemaExtensionNode,
    StringValueNode,
)

__all__ = ["FEDERATION_DIRECTIVES", "INTRODUCED", "ROOT_NAMES", "Links", "import_pair", "read_links"]

FEDERATION_DIRECTIVES = frozenset(
    {
        "key", "external", "requires", "provides", "shareable", "override", "inaccessible", "tag",
        "interfaceObject", "extends", "composeDirective", "authenticated", "requiresScopes", "policy",
        "cost", "listSize", "context", "fromContext",
    }
)  # fmt: skip
# The federation version that introduced each directive; the others are in v2.0.
INTRODUCED: dict[str, tuple[int, int]] = {
    "composeDirective": (2, 1),
    "interfaceObject": (2, 3),
    "authenticated": (2, 5),
    "requiresScopes": (2, 5),
    "policy": (2, 6),
    "context": (2, 8),
    "fromContext": (2, 8),
    "cost": (2, 8),
    "listSize": (2, 8),
}
FED1_DIRECTIVES = frozenset(
    {"key", "external", "requires", "provides", "extends", "tag", "inaccessible", "shareable"}
)
# The one type a federation link can import besides its directives (as the reference composer has it).
_IMPORTABLE_TYPES = frozenset({"FieldSet"})
ROOT_NAMES = {"query": "Query", "mutation": "Mutation", "subscription": "Subscription"}
_SPEC_URL = re.compile(r"^https?://specs\.apollo\.dev/(?P<spec>[A-Za-z]+)/v(?P<version>[0-9.]+)/?$")
_OWN_SPECS = frozenset({"inaccessible", "tag", "authenticated", "requiresScopes", "policy"})


@dataclass(slots=True)
class Links:
    """Local directive name -> federation name; Federation 2 or not and its version; root type
    renames; every link's URL with its imports (local name -> imported name); the imported
    directives the linked federation version does not define yet (with that version); the
    imports the federation spec does not have at all; the namespaced names (`federation__policy`)
    of directives the linked version does not define yet, which are unknown directives there."""

    names: dict[str, str] = field(default_factory=dict)
    fed2: bool = False
    version: tuple[int, int] = (1, 0)
    renames: dict[str, str] = field(default_factory=dict)
    links: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    too_new: list[tuple[str, str]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    undefined: set[str] = field(default_factory=set)


def import_pair(item: object) -> tuple[str, str] | None:
    """(imported name, local name) of one entry of @link(import:)."""
    if isinstance(item, StringValueNode):
        return item.value, item.value
    if isinstance(item, ObjectValueNode):
        fields = {f.name.value: f.value for f in item.fields}
        name, alias = fields.get("name"), fields.get("as")
        if isinstance(name, StringValueNode):
            return name.value, alias.value if isinstance(alias, StringValueNode) else name.value
    return None


def _read_link(links: Links, directive: DirectiveNode) -> None:
    args = {a.name.value: a.value for a in directive.arguments or ()}
    url = args.get("url")
    if not isinstance(url, StringValueNode):
        return
    imports = args.get("import")
    pairs = [
        p
        for item in (imports.values if isinstance(imports, ListValueNode) else ())
        if (p := import_pair(item))
    ]
    links.links.append((url.value, {local.lstrip("@"): imported for imported, local in pairs}))
    match = _SPEC_URL.match(url.value)
    if match is None:
        return
    spec = match.group("spec")
    alias = args.get("as")
    prefix = alias.value if isinstance(alias, StringValueNode) else spec
    if spec == "federation":
        links.fed2 = True
        major, _, minor = match.group("version").partition(".")
        version = (int(major), int(minor)) if major.isdigit() and minor.isdigit() else None
        if version is not None:
            links.version = max(links.version, version)
        for name in FEDERATION_DIRECTIVES:
            if version is not None and INTRODUCED.get(name, (2, 0)) > version:
                links.undefined.add(f"{prefix}__{name}")
            else:
                links.names[f"{prefix}__{name}"] = name
        for imported, local in pairs:
            known = imported.startswith("@") and imported[1:] in FEDERATION_DIRECTIVES
            if not known and imported not in _IMPORTABLE_TYPES:
                links.unknown.append(imported)
            if imported.startswith("@") and imported[1:] in FEDERATION_DIRECTIVES:
                links.names[local.lstrip("@")] = imported[1:]
                if version is not None and INTRODUCED.get(imported[1:], (2, 0)) > version:
                    links.too_new.append((imported, match.group("version")))
    elif spec in _OWN_SPECS:
        links.names[prefix] = spec


def read_links(definitions: Sequence[DefinitionNode]) -> Links:
    """The links and root types of a subgraph document."""
    links = Links()
    for definition in definitions:
        if not isinstance(definition, SchemaDefinitionNode | SchemaExtensionNode):
            continue
        for directive in definition.directives or ():
            if directive.name.value == "link":
                _read_link(links, directive)
        for operation in definition.operation_types or ():
            root = ROOT_NAMES[operation.operation.value]
            if operation.type.name.value != root:
                links.renames[operation.type.name.value] = root
    if not links.fed2:
        links.names.update({name: name for name in FED1_DIRECTIVES})
    return links
