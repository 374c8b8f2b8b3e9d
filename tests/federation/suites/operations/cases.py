"""Cases: the operation features a gateway must honour while splitting a query."""

from tests.federation.case import Case

ANI = {"name": "Ani", "health": {"bpjs": "0001"}}

CASES = [
    Case(
        "aliases_across_subgraphs",
        '{ a: citizen(nik: "1") { n: name } b: citizen(nik: "2") { name h: health { c: careClass } } }',
        {"a": {"n": "Ani"}, "b": {"name": "Budi", "h": {"c": 2}}},
        calls={"identity": 1, "health": 1},
    ),
    Case(
        "same_field_two_aliases_different_selections",
        '{ citizen(nik: "1") { x: health { bpjs } y: health { careClass } } }',
        {"citizen": {"x": {"bpjs": "0001"}, "y": {"careClass": 1}}},
        calls={"identity": 1, "health": 1},
    ),
    Case(
        "named_fragments",
        'query { citizen(nik: "1") { ...C } }'
        " fragment C on Citizen { name ...H } fragment H on Citizen { health { bpjs } }",
        {"citizen": ANI},
    ),
    Case(
        "inline_fragments_with_and_without_type",
        '{ citizen(nik: "1") { ... { name } ... on Citizen { health { bpjs } } } }',
        {"citizen": ANI},
    ),
    Case(
        "variables",
        "query ($nik: ID!) { citizen(nik: $nik) { name health { careClass } } }",
        {"citizen": {"name": "Citra", "health": {"careClass": 3}}},
        variables={"nik": "3"},
    ),
    Case(
        "variable_default",
        'query ($nik: ID! = "2") { citizen(nik: $nik) { name } }',
        {"citizen": {"name": "Budi"}},
    ),
    Case("argument_default", "{ citizens { nik } }", {"citizens": [{"nik": "1"}, {"nik": "2"}]}),
    Case(
        "include_false_skips_subgraph",
        'query ($h: Boolean!) { citizen(nik: "1") { name health @include(if: $h) { bpjs } } }',
        {"citizen": {"name": "Ani"}},
        variables={"h": False},
        calls={"identity": 1},
    ),
    Case(
        "include_true",
        'query ($h: Boolean!) { citizen(nik: "1") { name health @include(if: $h) { bpjs } } }',
        {"citizen": ANI},
        variables={"h": True},
        calls={"identity": 1, "health": 1},
    ),
    Case(
        "skip_literal_on_fragment",
        '{ citizen(nik: "1") { name ... on Citizen @skip(if: true) { health { bpjs } } } }',
        {"citizen": {"name": "Ani"}},
        calls={"identity": 1},
    ),
    Case(
        "skip_and_include_on_same_field",
        'query ($s: Boolean!) { citizen(nik: "1") {'
        " name @skip(if: $s) @include(if: true) region { code } } }",
        {"citizen": {"region": {"code": "32"}}},
        variables={"s": True},
    ),
    Case(
        "include_on_root_field",
        'query ($on: Boolean = false) { citizens { nik } citizen(nik: "1") @include(if: $on) { name } }',
        {"citizens": [{"nik": "1"}, {"nik": "2"}]},
        calls={"identity": 1},
    ),
    Case(
        "typename_everywhere",
        '{ __typename citizen(nik: "1") { __typename region { __typename } health { __typename } } }',
        {
            "__typename": "Query",
            "citizen": {
                "__typename": "Citizen",
                "region": {"__typename": "Region"},
                "health": {"__typename": "Health"},
            },
        },
        calls={"identity": 1, "health": 1},
    ),
    Case("typename_only", "{ __typename }", {"__typename": "Query"}, calls={}),
    Case("aliased_typename", "{ t: __typename }", {"t": "Query"}, calls={}),
    Case(
        "operation_name_selects",
        'query A { citizen(nik: "1") { name } } query B { citizen(nik: "2") { name } }',
        {"citizen": {"name": "Budi"}},
        operation_name="B",
    ),
    Case(
        "get_request",
        '{ citizen(nik: "1") { name } }',
        {"citizen": {"name": "Ani"}},
        method="GET",
    ),
    Case(
        "introspection_type",
        '{ __type(name: "Citizen") { name kind fields { name } } }',
        {
            "__type": {
                "name": "Citizen",
                "kind": "OBJECT",
                "fields": [
                    {"name": "nik"},
                    {"name": "health"},
                    {"name": "visits"},
                    {"name": "name"},
                    {"name": "region"},
                ],
            }
        },
        calls={},
    ),
    Case(
        "introspection_no_federation_machinery",
        '{ a: __type(name: "_Entity") { name } b: __type(name: "join__Graph") { name } '
        'c: __type(name: "_Service") { name } }',
        {"a": None, "b": None, "c": None},
        calls={},
    ),
    Case(
        "introspection_with_data",
        '{ citizen(nik: "2") { name } __schema { queryType { name } mutationType { name } } }',
        {"citizen": {"name": "Budi"}, "__schema": {"queryType": {"name": "Query"}, "mutationType": None}},
        calls={"identity": 1},
    ),
    Case(
        "list_batched_entities",
        "query { citizens(limit: 3) { nik health { careClass } } }",
        {
            "citizens": [
                {"nik": "1", "health": {"careClass": 1}},
                {"nik": "2", "health": {"careClass": 2}},
                {"nik": "3", "health": {"careClass": 3}},
            ]
        },
        calls={"identity": 1, "health": 1},
    ),
    Case(
        "duplicate_entities_deduplicated",
        '{ a: citizen(nik: "1") { health { bpjs } } b: citizen(nik: "1") { health { careClass } } }',
        {"a": {"health": {"bpjs": "0001"}}, "b": {"health": {"careClass": 1}}},
        calls={"identity": 1, "health": 1},
    ),
    Case(
        "variable_used_in_entity_fetch",
        "query ($y: Int!, $n: ID!) { citizen(nik: $n) { name visits(year: $y) } }",
        {"citizen": {"name": "Budi", "visits": 26}},
        variables={"y": 2024, "n": "2"},
        calls={"identity": 1, "health": 1},
    ),
    Case(
        "same_field_different_arguments_aliased",
        '{ citizen(nik: "1") { a: visits(year: 2020) b: visits(year: 2021) } }',
        {"citizen": {"a": 21, "b": 22}},
        calls={"identity": 1, "health": 1},
    ),
    Case(
        "aliased_key_field",
        '{ citizen(nik: "2") { id: nik health { careClass } } }',
        {"citizen": {"id": "2", "health": {"careClass": 2}}},
        calls={"identity": 1, "health": 1},
    ),
    Case(
        "alias_named_like_the_key",
        '{ citizen(nik: "1") { nik: name health { bpjs } } }',
        {"citizen": {"nik": "Ani", "health": {"bpjs": "0001"}}},
        calls={"identity": 1, "health": 1},
    ),
    Case(
        "alias_named_like_a_field_of_the_other_subgraph",
        '{ citizen(nik: "1") { health: name h: health { bpjs } } }',
        {"citizen": {"health": "Ani", "h": {"bpjs": "0001"}}},
        calls={"identity": 1, "health": 1},
    ),
    Case(
        "named_fragment_spread_excluded",
        'query ($h: Boolean = false) { citizen(nik: "1") { name ...H @include(if: $h) } }'
        " fragment H on Citizen { health { bpjs } }",
        {"citizen": {"name": "Ani"}},
        calls={"identity": 1},
    ),
    Case(
        "same_entity_two_paths_same_key_different_arguments",
        '{ a: citizen(nik: "3") { visits(year: 2020) } b: citizen(nik: "3") { visits(year: 2030) } }',
        {"a": {"visits": 23}, "b": {"visits": 33}},
        calls={"identity": 1, "health": 1},
    ),
    Case(
        "same_entity_list_and_single_different_arguments",
        '{ citizens(limit: 3) { nik visits(year: 2001) } citizen(nik: "2") { visits(year: 2002) } }',
        {
            "citizens": [{"nik": "1", "visits": 2}, {"nik": "2", "visits": 3}, {"nik": "3", "visits": 4}],
            "citizen": {"visits": 4},
        },
        calls={"identity": 1, "health": 1},
    ),
]
