"""Cases: common input fields work; a field one subgraph lacks is not in the API schema."""

from tests.federation.case import Case

CASES = [
    Case(
        "common_input_field",
        '{ schools(filter: { level: "SMP" }) { npsn name } }',
        {"schools": [{"npsn": "20100002", "name": "SMPN 5"}]},
        calls={"schools": 1},
    ),
    Case(
        "common_input_field_in_variable",
        "query ($f: SchoolFilter!) { pupilsOf(filter: $f) }",
        {"pupilsOf": ["murid-SD"]},
        variables={"f": {"level": "SD"}},
        calls={"pupils": 1},
    ),
    Case(
        "field_of_one_subgraph",
        '{ schools(filter: { name: "SMPN 5" }) { npsn } }',
        None,
        errors=True,
        calls={},
    ),
    Case(
        "introspection_input_fields",
        '{ __type(name: "SchoolFilter") { inputFields { name } } }',
        {"__type": {"inputFields": [{"name": "level"}]}},
        calls={},
    ),
]
