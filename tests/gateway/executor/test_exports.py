"""The executor's public names stay what other modules import."""

import gateway.executor


def test_public_names() -> None:
    assert gateway.executor.__all__ == [
        "ALLOWED",
        "Allowed",
        "Decision",
        "Decisions",
        "Denied",
        "ExecutionAccess",
        "ShapeProgram",
        "SupergraphView",
        "condition_variables",
        "execute_plan",
        "shape",
        "type_matcher",
    ]
    for name in gateway.executor.__all__:
        assert hasattr(gateway.executor, name)
