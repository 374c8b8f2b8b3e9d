"""Random subgraph sets for the differential test against the reference composer.

Each set has 2-4 subgraphs (Federation 2, some Federation 1) sharing entities ``E0..E2`` keyed by
``id``, fields owned by one subgraph and sometimes shared, declared @external with @requires,
or taken over with @override; a value type ``V``, an enum and an input type that differ a little;
sometimes an entity interface ``Node`` with @interfaceObject subgraphs. Many sets do not compose:
that is the point, both composers must agree on which.
"""

from __future__ import annotations

import random

from gateway.compose import SubgraphSDL

__all__ = ["random_subgraphs"]

_LINK = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", '
    '"@external", "@requires", "@provides", "@override", "@inaccessible", "@interfaceObject", "@tag"])\n'
)


def _entity(
    rng: random.Random, entity: str, me: str, fed2: bool, plan: dict[tuple[str, str], tuple[str, str]]
) -> str:
    fields = ["id: ID!"]
    external: list[str] = []
    for name in "abcd":
        kind, owner = plan[(entity, name)]
        optional = "!" if rng.random() < 0.1 else ""
        if owner == me:
            hidden = " @inaccessible" if rng.random() < 0.05 else ""
            fields.append(f"{name}: {kind}{optional}{hidden}")
        elif rng.random() < 0.25:
            if kind != "V" and rng.random() < 0.5:
                fields.append(f"{name}: {kind} @external")
                external.append(name)
            elif fed2 and rng.random() < 0.3:
                fields.append(f'{name}: {kind}{optional} @override(from: "{owner}")')
            else:
                fields.append(f"{name}: {kind}{optional}" + (" @shareable" if fed2 else ""))
    if external and rng.random() < 0.8:
        fields.append(f'r_{me}: Int @requires(fields: "{" ".join(external)}")')
    resolvable = ", resolvable: false" if rng.random() < 0.1 else ""
    return f'@key(fields: "id"{resolvable}) {{ {" ".join(fields)} }}'


def random_subgraphs(seed: int) -> list[SubgraphSDL]:
    """One random subgraph set; the same seed gives the same set."""
    rng = random.Random(seed)
    names = [f"s{i}" for i in range(rng.randint(2, 4))]
    entities = [f"E{i}" for i in range(rng.randint(1, 3))]
    plan = {
        (e, f): (rng.choice(["Int", "String", "Color", "V"]), rng.choice(names))
        for e in entities
        for f in "abcd"
    }
    with_interface = rng.random() < 0.4
    subgraphs = []
    for me in names:
        fed2 = rng.random() < 0.85
        root: list[str] = []
        body: list[str] = []
        interface_object = with_interface and fed2 and me != names[0] and rng.random() < 0.5
        implements = " implements Node" if with_interface and not interface_object else ""
        for entity in entities:
            if rng.random() < 0.75 or (with_interface and me == names[0]):
                definition = _entity(rng, entity, me, fed2, plan)
                if not fed2 and me != names[0] and rng.random() < 0.4:
                    definition = definition.replace("id: ID!", "id: ID! @external", 1)
                    body.append(f"extend type {entity}{implements} {definition}")
                else:
                    body.append(f"type {entity}{implements} {definition}")
                if rng.random() < 0.4:
                    external = [
                        n
                        for n in "abcd"
                        if f"{n}: " in definition
                        and f"{n}: " + plan[(entity, n)][0] + " @external" in definition
                    ]
                    provides = (
                        f' @provides(fields: "{external[0]}")'
                        if external and fed2 and rng.random() < 0.5
                        else ""
                    )
                    arguments = rng.choice(["", "(c: Color)", "(f: In)"])
                    root.append(f"q{entity}_{me}{arguments}: {entity}{rng.choice(['', '!'])}{provides}")
        if interface_object:
            body.append(f'type Node @key(fields: "id") @interfaceObject {{ id: ID! io_{me}: Int }}')
        elif implements:
            body.append("interface Node " + ('@key(fields: "id") ' if fed2 else "") + "{ id: ID! }")
            if me == names[0]:
                root.append("node(id: ID!): Node" + (" @shareable" if fed2 else ""))
        body.append("type V " + ("@shareable " if fed2 else "") + "{ x: Int y: Int }")
        if rng.random() < 0.3:
            root.append(f"v_{me}: V{rng.choice(['', '!'])}" + (" @shareable" if fed2 else ""))
        if rng.random() < 0.2:
            body = [f'"Described by {me}"\n{b}' if b.startswith("type E") else b for b in body]
        colors = ["RED", "GREEN", "BLUE"] + (["PINK"] if rng.random() < 0.2 else [])
        body.append("enum Color { " + " ".join(colors) + " }")
        body.append("input In { i: Int " + ("j: Int" if rng.random() < 0.7 else "") + " }")
        root = root or [f"ping_{me}: Int"]
        sdl = (_LINK if fed2 else "") + "type Query { " + " ".join(root) + " }\n" + "\n".join(body)
        subgraphs.append(SubgraphSDL(me, f"http://{me}.random.test/graphql", sdl))
    return subgraphs
