"""Cases: the API schema as written by the subgraphs, without federation machinery."""

from tests.federation.case import Case

CASES = [
    Case(
        "descriptions",
        '{ __type(name: "Region") { description } q: __type(name: "Query") { fields { name description } } }',
        {
            "__type": {"description": "A region of Indonesia."},
            "q": {
                "fields": [
                    {"name": "region", "description": "Look a region up by its Kemendagri code."},
                    {"name": "regions", "description": None},
                ]
            },
        },
        calls={},
    ),
    Case(
        "deprecated_fields_hidden_by_default",
        '{ __type(name: "Region") { fields { name } } }',
        {
            "__type": {
                "fields": [{"name": "code"}, {"name": "name"}, {"name": "level"}, {"name": "population"}]
            }
        },
        calls={},
    ),
    Case(
        "deprecated_fields_on_request",
        '{ __type(name: "Region") { fields(includeDeprecated: true) { name isDeprecated deprecationReason'
        " } } }",
        {
            "__type": {
                "fields": [
                    {"name": "code", "isDeprecated": False, "deprecationReason": None},
                    {"name": "name", "isDeprecated": False, "deprecationReason": None},
                    {"name": "oldName", "isDeprecated": True, "deprecationReason": "Use name"},
                    {"name": "level", "isDeprecated": False, "deprecationReason": None},
                    {"name": "population", "isDeprecated": False, "deprecationReason": None},
                ]
            }
        },
        calls={},
    ),
    Case(
        "deprecated_enum_values",
        '{ __type(name: "Level") { a: enumValues { name } b: enumValues(includeDeprecated: true) { name }'
        " } }",
        {
            "__type": {
                "a": [{"name": "PROVINCE"}, {"name": "REGENCY"}, {"name": "VILLAGE"}],
                "b": [{"name": "PROVINCE"}, {"name": "REGENCY"}, {"name": "DISTRICT"}, {"name": "VILLAGE"}],
            }
        },
        calls={},
    ),
    Case(
        "argument_and_input_defaults",
        '{ q: __type(name: "Query") { fields { args { name defaultValue } } }'
        ' f: __type(name: "RegionFilter") { inputFields { name defaultValue } } }',
        {
            "q": {
                "fields": [
                    {
                        "args": [
                            {"name": "code", "defaultValue": None},
                            {"name": "depth", "defaultValue": "1"},
                        ]
                    },
                    {"args": [{"name": "filter", "defaultValue": None}]},
                ]
            },
            "f": {
                "inputFields": [
                    {"name": "level", "defaultValue": "PROVINCE"},
                    {"name": "limit", "defaultValue": "10"},
                ]
            },
        },
        calls={},
    ),
    Case(
        "interfaces_and_possible_types",
        '{ r: __type(name: "Region") { interfaces { name } } p: __type(name: "Place") { kind possibleTypes'
        " { name } } }",
        {
            "r": {"interfaces": [{"name": "Place"}]},
            "p": {"kind": "INTERFACE", "possibleTypes": [{"name": "Region"}]},
        },
        calls={},
    ),
    Case(
        "no_federation_directives",
        "{ __schema { directives { name } } }",
        {
            "__schema": {
                "directives": [
                    {"name": "include"},
                    {"name": "skip"},
                    {"name": "deprecated"},
                    {"name": "specifiedBy"},
                    {"name": "oneOf"},
                ]
            }
        },
        calls={},
    ),
    Case(
        "root_types",
        "{ __schema { queryType { name } mutationType { name } subscriptionType { name } } }",
        {"__schema": {"queryType": {"name": "Query"}, "mutationType": None, "subscriptionType": None}},
        calls={},
    ),
]
