"""Print the merged supergraph as SDL in the format Apollo's and Hive's composition write.

The layout follows https://specs.apollo.dev/join/v0.3: a schema definition with the @link
applications, the link and join definitions, the specs in use, the join__Graph enum, then the
merged types.
"""

from __future__ import annotations

import json

from graphql.language.block_string import print_block_string

from .directive import SPEC_DEFINITIONS, SPEC_LINKS
from .supertype import SuperArg, Supergraph, SuperType

__all__ = ["print_supergraph"]

_SPEC_ORDER = ("tag", "inaccessible", "authenticated", "requiresScopes", "policy", "cost", "context")

_MACHINERY = '''directive @join__enumValue(graph: join__Graph!) repeatable on ENUM_VALUE

directive @join__graph(name: String!, url: String!) on ENUM_VALUE

directive @join__field(
  graph: join__Graph
  requires: join__FieldSet
  provides: join__FieldSet
  type: String
  external: Boolean
  override: String
  usedOverridden: Boolean{field_extra}
) repeatable on FIELD_DEFINITION | INPUT_FIELD_DEFINITION
{context_input}
directive @join__implements(graph: join__Graph!, interface: String!) repeatable on OBJECT | INTERFACE

directive @join__type(
  graph: join__Graph!
  key: join__FieldSet
  extension: Boolean! = false
  resolvable: Boolean! = true
  isInterfaceObject: Boolean! = false
) repeatable on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR

directive @join__unionMember(graph: join__Graph!, member: String!) repeatable on UNION

scalar join__FieldSet
{field_value}
directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA

scalar link__Import

enum link__Purpose {
  """
  `SECURITY` features provide metadata necessary to securely resolve fields.
  """
  SECURITY
  """
  `EXECUTION` features provide metadata necessary for operation execution.
  """
  EXECUTION
}'''


_CONTEXT_ARGUMENT = """
input join__ContextArgument {
  name: String!
  type: String!
  context: String!
  selection: join__FieldValue!
}
"""


def _machinery(join_version: str) -> str:
    """The link and join definitions; join v0.4 adds overrideLabel, v0.5 context arguments."""
    field_extra = ""
    if join_version >= "0.4":
        field_extra += "\n  overrideLabel: String"
    if join_version >= "0.5":
        field_extra += "\n  contextArguments: [join__ContextArgument!]"
    context = join_version >= "0.5"
    return (
        _MACHINERY.replace("{field_extra}", field_extra)
        .replace("{context_input}", _CONTEXT_ARGUMENT if context else "")
        .replace("{field_value}", "\nscalar join__FieldValue\n" if context else "")
    )


def _description(text: str | None, indent: str) -> str:
    if not text:
        return ""
    block = print_block_string(text)
    return "".join(f"{indent}{line}\n" if line else "\n" for line in block.split("\n"))


def _directives(directives: list[str]) -> str:
    return "".join(f" {d}" for d in directives)


def _input_value(value: SuperArg, indent: str) -> str:
    default = f" = {value.default}" if value.default is not None else ""
    return (
        f"{_description(value.description, indent)}{indent}{value.name}: {value.type}{default}"
        + _directives(value.directives)
    )


def _arguments(args: list[SuperArg]) -> str:
    if not args:
        return ""
    if any(a.description for a in args):
        return "(\n" + "\n".join(_input_value(a, "    ") for a in args) + "\n  )"
    return "(" + ", ".join(_input_value(a, "") for a in args) + ")"


def _type(merged: SuperType) -> str:
    head = _description(merged.description, "")
    if merged.kind in ("object", "interface"):
        keyword = "type" if merged.kind == "object" else "interface"
        implements = f" implements {' & '.join(merged.interfaces)}" if merged.interfaces else ""
        lines = [
            f"{_description(f.description, '  ')}  {f.name}{_arguments(f.args)}: {f.type}"
            + _directives(f.directives)
            for f in merged.fields
        ]
        body = " {\n" + "\n".join(lines) + "\n}" if lines else ""
        return f"{head}{keyword} {merged.name}{implements}{_directives(merged.directives)}{body}"
    if merged.kind == "input":
        lines = [_input_value(f, "  ") for f in merged.input_fields]
        body = " {\n" + "\n".join(lines) + "\n}" if lines else ""
        return f"{head}input {merged.name}{_directives(merged.directives)}{body}"
    if merged.kind == "enum":
        lines = [
            f"{_description(v.description, '  ')}  {v.name}{_directives(v.directives)}" for v in merged.values
        ]
        body = " {\n" + "\n".join(lines) + "\n}" if lines else ""
        return f"{head}enum {merged.name}{_directives(merged.directives)}{body}"
    if merged.kind == "union":
        members = f" = {' | '.join(merged.members)}" if merged.members else ""
        return f"{head}union {merged.name}{_directives(merged.directives)}{members}"
    return f"{head}scalar {merged.name}{_directives(merged.directives)}"


def _spec_link(spec: str, used: set[str]) -> str:
    if spec == "cost" and "listSize" in used:
        return SPEC_LINKS[spec][:-1] + ', import: ["@listSize"])'
    return SPEC_LINKS[spec]


def _composed_links(supergraph: Supergraph) -> list[str]:
    """One @link per spec URL of the directives kept by @composeDirective."""
    by_url: dict[str, list[str]] = {}
    for name, directive in supergraph.composed.items():
        entry = (
            json.dumps(directive.imported)
            if directive.imported.lstrip("@") == name
            else (f'{{ name: {json.dumps(directive.imported)}, as: "@{name}" }}')
        )
        by_url.setdefault(directive.url, []).append(entry)
    return [f"@link(url: {json.dumps(url)}, import: [{', '.join(items)}])" for url, items in by_url.items()]


def print_supergraph(supergraph: Supergraph) -> str:
    """The supergraph SDL text."""
    specs = [s for s in _SPEC_ORDER if s in supergraph.specs]
    links = [
        '@link(url: "https://specs.apollo.dev/link/v1.0")',
        f'@link(url: "https://specs.apollo.dev/join/v{supergraph.join_version}", for: EXECUTION)',
        *(_spec_link(s, supergraph.specs) for s in specs),
        *_composed_links(supergraph),
    ]
    roots = "\n".join(f"  {op}: {name}" for op, name in supergraph.roots.items())
    parts = [f"schema {' '.join(links)} {{\n{roots}\n}}", _machinery(supergraph.join_version)]
    parts.extend(SPEC_DEFINITIONS[s] for s in specs)
    parts.extend(d.definition for d in supergraph.composed.values())
    parts.extend(supergraph.executable)
    graphs = "\n".join(
        f"  {value} @join__graph(name: {json.dumps(name)}, url: {json.dumps(url)})"
        for value, name, url in supergraph.graphs
    )
    parts.append(f"enum join__Graph {{\n{graphs}\n}}")
    parts.extend(_type(t) for t in supergraph.types)
    return "\n\n".join(parts) + "\n"
