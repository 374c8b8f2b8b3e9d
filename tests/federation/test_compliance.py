"""Federation compliance: every case of every suite against the real gateway over HTTP.

A few suites run a second time with the gateway composing its supergraph at start from the
subgraphs' ``_service { sdl }``. Cases listed in ``known_gaps.txt`` are expected to fail
(strict xfail): when the gateway starts passing one, the run fails until the id is removed.
"""

from __future__ import annotations

import pytest

from tests.federation.case import Case
from tests.federation.gaps import known_gaps
from tests.federation.harness import Harness
from tests.federation.suite import COMPOSE_SUITES, Suite, load_suites

_GAPS = known_gaps()


def _params(only: tuple[str, ...] | None = None) -> list[object]:
    params: list[object] = []
    for suite in load_suites():
        if only is not None and suite.name not in only:
            continue
        for case in suite.cases:
            case_id = suite.case_id(case)
            marks = [pytest.mark.xfail(strict=True, reason="known gap")] if case_id in _GAPS else []
            params.append(pytest.param(suite, case, id=case_id, marks=marks))
    return params


@pytest.mark.parametrize(("suite", "case"), _params())
def test_case(harness: Harness, suite: Suite, case: Case) -> None:
    problems = harness.run(suite, case)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("suite", "case"), _params(COMPOSE_SUITES))
def test_case_composed_at_start(composing_harness: Harness, suite: Suite, case: Case) -> None:
    problems = composing_harness.run(suite, case)
    assert not problems, "\n".join(problems)


def test_known_gaps_name_real_cases() -> None:
    ids = {suite.case_id(case) for suite in load_suites() for case in suite.cases}
    assert ids >= _GAPS, f"known_gaps.txt lists unknown cases: {sorted(_GAPS - ids)}"
