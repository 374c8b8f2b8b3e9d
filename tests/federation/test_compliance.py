"""Federation compliance: every case of every suite against the real gateway over HTTP.

Cases listed in ``known_gaps.txt`` are expected to fail (strict xfail): when the gateway
starts passing one, the run fails until the id is removed from that list.
"""

from __future__ import annotations

import pytest

from tests.federation.case import Case
from tests.federation.gaps import known_gaps
from tests.federation.harness import Harness
from tests.federation.suite import Suite, load_suites

_GAPS = known_gaps()


def _params() -> list[object]:
    params: list[object] = []
    for suite in load_suites():
        for case in suite.cases:
            case_id = suite.case_id(case)
            marks = [pytest.mark.xfail(strict=True, reason="known gap")] if case_id in _GAPS else []
            params.append(pytest.param(suite, case, id=case_id, marks=marks))
    return params


@pytest.mark.parametrize(("suite", "case"), _params())
def test_case(harness: Harness, suite: Suite, case: Case) -> None:
    problems = harness.run(suite, case)
    assert not problems, "\n".join(problems)


def test_known_gaps_name_real_cases() -> None:
    ids = {suite.case_id(case) for suite in load_suites() for case in suite.cases}
    assert ids >= _GAPS, f"known_gaps.txt lists unknown cases: {sorted(_GAPS - ids)}"
