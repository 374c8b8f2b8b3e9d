"""Merge subgraph types into supergraph types.

Implements the merge rules of Federation 2 composition
(https://www.apollographql.com/docs/graphos/schema-design/federated-schemas/reference/composition-rules):
object and interface fields are unioned, output field types merge to their common supertype,
arguments, input fields and input types intersect (the stricter type wins), enums follow their
use (input only: intersection; output only: union; both: must be equal), and every element
records where it comes from with the join v0.3 directives (https://specs.apollo.dev/join/v0.3).
Checks made here: TYPE_KIND_MISMATCH, EXTENSION_WITH_NO_BASE, INVALID_FIELD_SHARING,
EXTERNAL_MISSING_ON_BASE, EXTERNAL_TYPE_MISMATCH, FIELD_TYPE_MISMATCH, FIELD_ARGUMENT_TYPE_MISMATCH,
FIELD_ARGUMENT_DEFAULT_MISMATCH, REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH,
REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH, EMPTY_MERGED_INPUT_TYPE, ENUM_VALUE_MISMATCH,
EMPTY_MERGED_ENUM_TYPE and OVERRIDE_*; interface checks are in ``interface.py``.
"""

from __future__ import annotations

import json
import re

from graphql import NonNullTypeNode, print_ast

from .directive import graph_enum_names, merge_meta
from .errors import CompositionIssue
from .fieldset import named_type, normalize_field_set, walk_field_set
from .interface import check_implementations, check_interface_keys, expand_interface_objects
from .model import ComposedDirective, Field, InputValue, Meta, Subgraph, TypeDef
from .supertype import SuperArg, SuperField, Supergraph, SuperType, SuperValue
from .typeref import TypeMismatch, TypeRelations

__all__ = ["merge_subgraphs"]

BUILT_IN_SCALARS = frozenset({"String", "Int", "Float", "Boolean", "ID"})


class _Merger:
    def __init__(self, subgraphs: list[Subgraph]) -> None:
        self.subgraphs = subgraphs
        self.graph = graph_enum_names([s.name for s in subgraphs])
        self.issues: list[CompositionIssue] = []
        self.specs: set[str] = set()
        self.implements: dict[str, set[str]] = {}
        self.members: dict[str, set[str]] = {}
        self.input_use: set[str] = set()
        self.output_use: set[str] = set()
        self._used: dict[str, set[tuple[str, str]]] = {}
        for subgraph in subgraphs:
            self._index(subgraph)
        self.types = TypeRelations(self.implements, self.members)

    def _index(self, subgraph: Subgraph) -> None:
        for typedef in subgraph.types.values():
            self.implements.setdefault(typedef.name, set()).update(typedef.interfaces)
            self.members.setdefault(typedef.name, set()).update(typedef.members)
            for f in typedef.fields.values():
                self.output_use.add(named_type(f.type))
                self.input_use.update(named_type(a.type) for a in f.args.values())
            self.input_use.update(named_type(f.type) for f in typedef.input_fields.values())

    def issue(
        self, code: str, message: str, subgraphs: list[str], type_name: str, fld: str | None = None
    ) -> None:
        self.issues.append(CompositionIssue(code, message, tuple(subgraphs), type_name, fld))

    def meta(self, metas: list[Meta]) -> list[str]:
        printed, specs = merge_meta(metas)
        self.specs.update(specs)
        return printed

    def used(self, subgraph: Subgraph) -> set[tuple[str, str]]:
        """(type, field) pairs selected by the subgraph's keys and @requires."""
        if subgraph.name not in self._used:
            used: set[tuple[str, str]] = set()
            for typedef in subgraph.types.values():
                sets = [k.fields for k in typedef.keys] + [
                    f.requires for f in typedef.fields.values() if f.requires
                ]
                for text in sets:
                    used.update(
                        (t, n) for t, n, _ in walk_field_set(subgraph, typedef.name, text).coordinates
                    )
            self._used[subgraph.name] = used
        return self._used[subgraph.name]

    # -- types -----------------------------------------------------------------------------
    def merge(self) -> list[SuperType]:
        sources: dict[str, list[tuple[Subgraph, TypeDef]]] = {}
        for subgraph in self.subgraphs:
            for typedef in subgraph.types.values():
                if typedef.kind == "scalar" and typedef.name in BUILT_IN_SCALARS:
                    continue
                sources.setdefault(typedef.name, []).append((subgraph, typedef))
        merged: list[SuperType] = []
        for name, found in sources.items():
            kinds = {("interface" if t.interface_object else t.kind) for _, t in found}
            if len(kinds) > 1:
                detail = ", ".join(f'{t.kind} in "{s.name}"' for s, t in found)
                self.issue(
                    "TYPE_KIND_MISMATCH",
                    f'type "{name}" has different kinds: {detail}',
                    [s.name for s, _ in found],
                    name,
                )
                continue
            kind = kinds.pop()
            self.check_base(name, found)
            if any(t.interface_object for _, t in found) and not any(t.kind == "interface" for _, t in found):
                self.issue(
                    "INTERFACE_OBJECT_USAGE_ERROR",
                    f'"{name}" is an @interfaceObject but no subgraph defines an interface "{name}"',
                    [s.name for s, t in found if t.interface_object],
                    name,
                )
                continue
            if kind in ("object", "interface"):
                merged.append(self.composite(name, kind, found))
            elif kind == "input":
                merged.append(self.input_object(name, found))
            elif kind == "enum":
                merged.append(self.enum(name, found))
            elif kind == "union":
                merged.append(self.union(name, found))
            else:
                merged.append(self.scalar(name, found))
        expand_interface_objects(merged, sources)
        self.issues.extend(check_implementations(merged, sources))
        self.issues.extend(check_interface_keys(merged, sources))
        return merged

    def check_base(self, name: str, found: list[tuple[Subgraph, TypeDef]]) -> None:
        """A type written only as extensions (`extend type`, Fed1 @extends) needs a definition somewhere."""
        if name in ("Query", "Mutation", "Subscription"):
            return
        only_extended = [s.name for s, t in found if t.extension and (not t.extends or not s.fed2)]
        if len(only_extended) == len(found):
            self.issue(
                "EXTENSION_WITH_NO_BASE",
                f'type "{name}" is an extension type, but no subgraph defines "{name}" itself',
                only_extended,
                name,
            )

    def join_types(self, found: list[tuple[Subgraph, TypeDef]]) -> list[str]:
        directives: list[str] = []
        for subgraph, typedef in found:
            extra = ", isInterfaceObject: true" if typedef.interface_object else ""
            graph = self.graph[subgraph.name]
            if not typedef.keys:
                directives.append(f"@join__type(graph: {graph}{extra})")
            for key in typedef.keys:
                resolvable = "" if key.resolvable else ", resolvable: false"
                if typedef.extends or (subgraph.fed2 and typedef.extension):
                    resolvable = ", extension: true" + resolvable
                directives.append(
                    f"@join__type(graph: {graph}, key: {json.dumps(key.fields)}{resolvable}{extra})"
                )
        return directives

    def base(self, kind: str, name: str, found: list[tuple[Subgraph, TypeDef]]) -> SuperType:
        description = next((t.description for _, t in found if t.description), None)
        directives = self.join_types(found)
        for subgraph, typedef in found:
            for context in typedef.contexts:
                directives.append(f"@context(name: {json.dumps(f'{subgraph.name}__{context}')})")
                self.specs.add("context")
        return SuperType(kind, name, description, directives, subgraphs=[s.name for s, _ in found])

    def composite(self, name: str, kind: str, found: list[tuple[Subgraph, TypeDef]]) -> SuperType:
        merged = self.base(kind, name, found)
        for subgraph, typedef in found:
            for interface in typedef.interfaces:
                merged.directives.append(
                    f'@join__implements(graph: {self.graph[subgraph.name]}, interface: "{interface}")'
                )
                if interface not in merged.interfaces:
                    merged.interfaces.append(interface)
        merged.directives.extend(self.meta([t.meta for _, t in found]))
        parents = self.subgraphs if name == "Query" else [s for s, _ in found]
        names: list[str] = []
        for _, typedef in found:
            names.extend(n for n in typedef.fields if n not in names)
        for field_name in names:
            fsources = [(s, t.fields[field_name]) for s, t in found if field_name in t.fields]
            dropped = [(s, t.dropped[field_name]) for s, t in found if field_name in t.dropped]
            result = self.field(name, kind == "object", parents, fsources, dropped)
            if result is not None:
                merged.fields.append(result)
        return merged

    def overrides(
        self, type_name: str, fname: str, fsources: list[tuple[Subgraph, Field]]
    ) -> tuple[set[str], dict[str, str], dict[str, str], dict[str, str]]:
        """@override of one field: (subgraphs whose @override changes nothing, overridden
        subgraph -> overriding one, subgraph -> progressive override label, subgraph -> state:
        normal, used/unused (overridden, still needed or not by its keys, @requires or
        interfaces), labelled)."""
        all_names = {s.name for s in self.subgraphs}
        overridden: dict[str, str] = {}
        labels: dict[str, str] = {}
        # @override(from:) a subgraph that exists but lacks the type does not by itself call for
        # join__field (as the reference composes it).
        with_type = {s.name for s in self.subgraphs if type_name in s.types}
        ignored = {s.name for s, f in fsources if f.override in all_names and f.override not in with_type}
        for subgraph, f in fsources:
            if f.override is None or subgraph.name in ignored:
                continue
            if f.override == subgraph.name:
                self.issue(
                    "OVERRIDE_FROM_SELF_ERROR",
                    f'field "{type_name}.{fname}" overrides its own subgraph',
                    [subgraph.name],
                    type_name,
                    fname,
                )
                continue
            if f.external:
                self.issue(
                    "OVERRIDE_COLLISION_WITH_ANOTHER_DIRECTIVE",
                    f'field "{type_name}.{fname}" is both @override and @external',
                    [subgraph.name],
                    type_name,
                    fname,
                )
            source = next((g for s, g in fsources if s.name == f.override), None)
            if source is not None and source.override is not None:
                self.issue(
                    "OVERRIDE_SOURCE_HAS_OVERRIDE",
                    f'field "{type_name}.{fname}" is overridden from "{f.override}" which itself '
                    "overrides it",
                    [subgraph.name, f.override],
                    type_name,
                    fname,
                )
            if f.override in all_names:
                overridden[f.override] = subgraph.name
            if f.override_label is not None:
                labels[subgraph.name] = labels[f.override] = f.override_label
        state: dict[str, str] = {}
        for subgraph, _ in fsources:
            if subgraph.name in overridden:
                used = (type_name, fname) in self.used(subgraph) or _implements_field(
                    subgraph, type_name, fname
                )
                state[subgraph.name] = "used" if used else "unused"
            else:
                state[subgraph.name] = "normal"
            if subgraph.name in labels and subgraph.name in overridden:
                state[subgraph.name] = "labelled"
        return ignored, overridden, labels, state

    def field(
        self,
        type_name: str,
        is_object: bool,
        parents: list[Subgraph],
        fsources: list[tuple[Subgraph, Field]],
        dropped: list[tuple[Subgraph, Field]] | None = None,
    ) -> SuperField | None:
        """Merge one field; ``dropped`` are unused Fed1 @external declarations, which take part in
        the type only (as the reference composer has it)."""
        typed = fsources + (dropped or [])
        fname = fsources[0][1].name
        present = {s.name for s, _ in fsources}
        ignored, overridden, labels, state = self.overrides(type_name, fname, fsources)
        if all(f.external for _, f in fsources):
            self.issue(
                "EXTERNAL_MISSING_ON_BASE",
                f'field "{type_name}.{fname}" is marked @external in every subgraph that defines it: '
                "no subgraph resolves it",
                [s.name for s, _ in fsources],
                type_name,
                fname,
            )
        # Sharing is checked among the definitions that do not take the field over with @override
        # (the subgraphs overridden count), as the reference composer checks it.
        sharing = [
            (s, f) for s, f in fsources if not f.external and not (f.override and s.name not in ignored)
        ]
        unshared = [s.name for s, f in sharing if not f.shareable]
        if is_object and len(sharing) > 1 and unshared:
            self.issue(
                "INVALID_FIELD_SHARING",
                f'non-shareable field "{type_name}.{fname}" is resolved from several subgraphs: '
                f"{', '.join(s.name for s, _ in sharing)} (not @shareable in {', '.join(unshared)})",
                [s.name for s, _ in sharing],
                type_name,
                fname,
            )
        try:
            merged_type = self.types.output_type([f.type for _, f in typed])
            internal = [f.type for _, f in fsources if not f.external]
            internal_type = self.types.output_type(internal) if internal else merged_type
        except TypeMismatch:
            detail = ", ".join(f'{print_ast(f.type)} in "{s.name}"' for s, f in typed)
            self.issue(
                "FIELD_TYPE_MISMATCH",
                f'field "{type_name}.{fname}" has incompatible types: {detail}',
                [s.name for s, _ in typed],
                type_name,
                fname,
            )
            return None
        for subgraph, f in fsources:
            # A Federation 2 @external declaration has the field's type or a subtype of it.
            if f.external and subgraph.fed2 and not self.types.is_subtype_ref(f.type, internal_type):
                self.issue(
                    "EXTERNAL_TYPE_MISMATCH",
                    f'field "{type_name}.{fname}" is @external with type {print_ast(f.type)}, not '
                    f"{print_ast(internal_type)} or a subtype of it",
                    [subgraph.name],
                    type_name,
                    fname,
                )
        printed = [print_ast(f.type) for _, f in typed]
        # The reference composer records no per-subgraph type for Query fields; we write the same.
        all_equal = len(set(printed)) == 1 or type_name == "Query"
        args = self.arguments(type_name, fname, fsources)
        needs_join = (
            not all_equal
            or bool(overridden)
            or any(f.external or f.provides or f.requires for _, f in fsources)
            or any(f.override and s.name not in ignored for s, f in fsources)
            or any(p.name not in present for p in parents)
            or any(a.from_context for _, f in fsources for a in f.args.values())
        )
        directives: list[str] = []
        if needs_join:
            for subgraph, f in fsources:
                if state[subgraph.name] == "unused":
                    continue
                parts = [f"graph: {self.graph[subgraph.name]}"]
                if f.requires:
                    parts.append(f"requires: {json.dumps(normalize_field_set(f.requires))}")
                if f.provides:
                    parts.append(f"provides: {json.dumps(normalize_field_set(f.provides))}")
                if not all_equal:
                    parts.append(f"type: {json.dumps(print_ast(f.type))}")
                if f.external:
                    parts.append("external: true")
                if f.override:
                    parts.append(f"override: {json.dumps(f.override)}")
                if state[subgraph.name] == "used":
                    parts.append("usedOverridden: true")
                if subgraph.name in labels:
                    parts.append(f"overrideLabel: {json.dumps(labels[subgraph.name])}")
                contextual = _context_arguments(subgraph, f)
                if contextual:
                    parts.append(f"contextArguments: [{contextual}]")
                directives.append(f"@join__field({', '.join(parts)})")
        directives.extend(self.meta([f.meta for _, f in fsources]))
        description = next((f.description for _, f in fsources if f.description), None)
        sources = [s.name for s, _ in fsources]
        return SuperField(fname, print_ast(merged_type), description, args, directives, sources)

    def arguments(self, type_name: str, fname: str, fsources: list[tuple[Subgraph, Field]]) -> list[SuperArg]:
        names: list[str] = []
        for _, f in fsources:
            names.extend(n for n in f.args if n not in names)
        result: list[SuperArg] = []
        for arg_name in names:
            present = [(s, f.args[arg_name]) for s, f in fsources if arg_name in f.args]
            if any(a.from_context for _, a in present):
                continue  # filled from a @context by the gateway, not by the client
            coordinate = f"{fname}({arg_name}:)"
            merged = self.input_value(
                type_name,
                coordinate,
                present,
                len(fsources),
                [s for s, _ in fsources],
                "REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH",
                "FIELD_ARGUMENT_TYPE_MISMATCH",
                join=False,
            )
            if merged is not None:
                result.append(merged)
        return result

    def input_value(
        self,
        type_name: str,
        coordinate: str,
        present: list[tuple[Subgraph, InputValue]],
        total: int,
        owners: list[Subgraph],
        missing_code: str,
        type_code: str,
        *,
        join: bool,
    ) -> SuperArg | None:
        if len(present) < total:
            required = [
                s.name for s, v in present if isinstance(v.type, NonNullTypeNode) and v.default is None
            ]
            if required:
                missing = [s.name for s in owners if s.name not in {p.name for p, _ in present}]
                self.issue(
                    missing_code,
                    f'"{type_name}.{coordinate}" is required in {", ".join(required)} but missing in '
                    f"{', '.join(missing)}",
                    required + missing,
                    type_name,
                    coordinate,
                )
            return None
        try:
            merged_type = self.types.input_type([v.type for _, v in present])
        except TypeMismatch:
            detail = ", ".join(f'{print_ast(v.type)} in "{s.name}"' for s, v in present)
            self.issue(
                type_code,
                f'"{type_name}.{coordinate}" has incompatible types: {detail}',
                [s.name for s, _ in present],
                type_name,
                coordinate,
            )
            return None
        defaults = {print_ast(v.default) for _, v in present if v.default is not None}
        if len(defaults) > 1:
            self.issue(
                "FIELD_ARGUMENT_DEFAULT_MISMATCH" if not join else "INPUT_FIELD_DEFAULT_MISMATCH",
                f'"{type_name}.{coordinate}" has different default values: {", ".join(sorted(defaults))}',
                [s.name for s, _ in present],
                type_name,
                coordinate,
            )
        default = next((print_ast(v.default) for _, v in present if v.default is not None), None)
        directives: list[str] = []
        printed = [print_ast(v.type) for _, v in present]
        if join and len(set(printed)) > 1:
            directives = [
                f"@join__field(graph: {self.graph[s.name]}, type: {json.dumps(t)})"
                for (s, _), t in zip(present, printed, strict=True)
            ]
        directives.extend(self.meta([v.meta for _, v in present]))
        description = next((v.description for _, v in present if v.description), None)
        sources = [s.name for s, _ in present]
        return SuperArg(present[0][1].name, print_ast(merged_type), default, description, directives, sources)

    def input_object(self, name: str, found: list[tuple[Subgraph, TypeDef]]) -> SuperType:
        merged = self.base("input", name, found)
        merged.directives.extend(self.meta([t.meta for _, t in found]))
        names: list[str] = []
        for _, typedef in found:
            names.extend(n for n in typedef.input_fields if n not in names)
        for field_name in names:
            present = [(s, t.input_fields[field_name]) for s, t in found if field_name in t.input_fields]
            value = self.input_value(
                name,
                field_name,
                present,
                len(found),
                [s for s, _ in found],
                "REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH",
                "FIELD_TYPE_MISMATCH",
                join=True,
            )
            if value is not None:
                merged.input_fields.append(value)
        if not merged.input_fields:
            self.issue(
                "EMPTY_MERGED_INPUT_TYPE",
                f'input type "{name}" has no field common to all subgraphs that define it',
                [s.name for s, _ in found],
                name,
            )
        return merged

    def enum(self, name: str, found: list[tuple[Subgraph, TypeDef]]) -> SuperType:
        merged = self.base("enum", name, found)
        merged.directives.extend(self.meta([t.meta for _, t in found]))
        names: list[str] = []
        for _, typedef in found:
            names.extend(n for n in typedef.values if n not in names)
        as_input, as_output = name in self.input_use, name in self.output_use
        for value in names:
            having = [(s, t.values[value]) for s, t in found if value in t.values]
            if len(having) < len(found):
                lacking = [s.name for s, t in found if value not in t.values]
                hidden = any(v.meta.inaccessible for _, v in having)
                if as_input and as_output and not hidden:
                    self.issue(
                        "ENUM_VALUE_MISMATCH",
                        f'enum "{name}" is used as both input and output type, but value "{value}" is '
                        f"not defined in {', '.join(lacking)}",
                        [s.name for s, _ in having] + lacking,
                        name,
                        value,
                    )
                    continue
                if as_input and not as_output:
                    continue
            directives = [f"@join__enumValue(graph: {self.graph[s.name]})" for s, _ in having]
            directives.extend(self.meta([v.meta for _, v in having]))
            description = next((v.description for _, v in having if v.description), None)
            merged.values.append(SuperValue(value, description, directives))
        if not merged.values:
            self.issue(
                "EMPTY_MERGED_ENUM_TYPE",
                f'enum "{name}" has no value common to all subgraphs',
                [s.name for s, _ in found],
                name,
            )
        return merged

    def union(self, name: str, found: list[tuple[Subgraph, TypeDef]]) -> SuperType:
        merged = self.base("union", name, found)
        for subgraph, typedef in found:
            for member in typedef.members:
                merged.directives.append(
                    f'@join__unionMember(graph: {self.graph[subgraph.name]}, member: "{member}")'
                )
                if member not in merged.members:
                    merged.members.append(member)
        merged.directives.extend(self.meta([t.meta for _, t in found]))
        return merged

    def scalar(self, name: str, found: list[tuple[Subgraph, TypeDef]]) -> SuperType:
        merged = self.base("scalar", name, found)
        merged.directives.extend(self.meta([t.meta for _, t in found]))
        return merged

    # -- type references -------------------------------------------------------------------


def _context_arguments(subgraph: Subgraph, field: Field) -> str:
    """join v0.5 contextArguments for the field's @fromContext arguments (printed list items)."""
    items = []
    for arg in field.args.values():
        if not arg.from_context:
            continue
        match = re.match(r"\s*\$(\w+)(.*)$", arg.from_context, re.S)
        context, selection = (match.group(1), match.group(2)) if match else ("", arg.from_context)
        items.append(
            f"{{context: {json.dumps(f'{subgraph.name}__{context}')}, name: {json.dumps(arg.name)}, "
            f"type: {json.dumps(print_ast(arg.type))}, selection: {json.dumps(selection)}}}"
        )
    return ", ".join(items)


def _implements_field(subgraph: Subgraph, type_name: str, field_name: str) -> bool:
    """The subgraph's type has the field because one of its interfaces there does."""
    typedef = subgraph.types.get(type_name)
    if typedef is None:
        return False
    return any(field_name in subgraph.types[i].fields for i in typedef.interfaces if i in subgraph.types)


def merge_subgraphs(subgraphs: list[Subgraph]) -> tuple[Supergraph, list[CompositionIssue]]:
    """Merge ``subgraphs`` (sorted by name); returns the supergraph model and the issues found."""
    for subgraph in subgraphs:
        subgraph.types.setdefault("Query", TypeDef("object", "Query"))
    merger = _Merger(subgraphs)
    types = merger.merge()
    graphs = [(merger.graph[s.name], s.name, s.url) for s in subgraphs]
    roots = {
        op: root
        for op, root in (("query", "Query"), ("mutation", "Mutation"), ("subscription", "Subscription"))
        if any(root in s.roots.values() for s in subgraphs) or root == "Query"
    }
    version = max((s.version for s in subgraphs), default=(1, 0))
    join_version = "0.5" if version >= (2, 8) else "0.4" if version >= (2, 7) else "0.3"
    composed: dict[str, ComposedDirective] = {}
    for subgraph in subgraphs:
        for name, directive in subgraph.composed.items():
            composed.setdefault(name, directive)
    supergraph = Supergraph(
        graphs, types, roots, merger.specs, join_version, composed, _executable(subgraphs)
    )
    return supergraph, merger.issues


def _executable(subgraphs: list[Subgraph]) -> list[str]:
    """Executable directive definitions: locations common to the subgraphs defining each."""
    found: dict[str, list[tuple[str, list[str]]]] = {}
    for subgraph in subgraphs:
        for name, definition in subgraph.executable.items():
            found.setdefault(name, []).append(definition)
    printed: list[str] = []
    for definitions in found.values():
        text, locations = definitions[0]
        common = [loc for loc in locations if all(loc in other for _, other in definitions)]
        if common:
            printed.append(f"{text.rpartition(' on ')[0]} on {' | '.join(common)}")
    return printed
