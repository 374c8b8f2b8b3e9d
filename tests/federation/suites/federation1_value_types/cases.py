"""Cases: value types resolve where they are returned; entities still join."""

from tests.federation.case import Case

CASES = [
    Case(
        "value_type_from_each_subgraph",
        '{ fee(service: "KTP") { amount currency } fine(code: "T1") { amount } }',
        {"fee": {"amount": 30000, "currency": "IDR"}, "fine": {"amount": 250000}},
        calls={"fees": 1, "fines": 1},
    ),
    Case(
        "value_type_inside_entity",
        "{ services { code fee { amount currency } } }",
        {"services": [{"code": "SIM", "fee": {"amount": 50000, "currency": "IDR"}}]},
        calls={"fines": 1, "fees": 1},
    ),
]
