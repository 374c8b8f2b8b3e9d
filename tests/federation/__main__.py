"""``python -m tests.federation [SUITE ...]``: run the compliance cases, print a table.

One row per suite with passed/total and the failing case names; ``-v`` prints why each
failing case failed; ``--write-gaps`` rewrites ``known_gaps.txt`` to the failing cases.
Exit status 1 when any case fails.
"""

from __future__ import annotations

import argparse
import sys

from tests.federation.gaps import GAPS_FILE
from tests.federation.gateway import GatewayStartError, composable
from tests.federation.harness import Harness
from tests.federation.suite import load_suites


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.federation", description=__doc__)
    parser.add_argument("suites", nargs="*", help="suite names (default: all)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print why cases fail")
    parser.add_argument(
        "--compose",
        action="store_true",
        help="let each gateway compose from the subgraph URLs (--subgraph) instead of the supergraph file",
    )
    parser.add_argument(
        "--write-gaps", action="store_true", help="rewrite known_gaps.txt with the failing cases (all suites)"
    )
    args = parser.parse_args(argv)
    suites = [s for s in load_suites() if not args.suites or s.name in args.suites]
    harness = Harness()
    if args.compose:
        suites = [s for s in suites if composable(s)]
    harness.start(order=suites, compose=args.compose)
    total = passed = 0
    failing_ids: list[str] = []
    print(f"{'suite':40} {'pass':>9}  failing")
    try:
        for suite in suites:
            failing: list[str] = []
            for case in suite.cases:
                try:
                    problems = harness.run(suite, case)
                except GatewayStartError as error:
                    problems = [f"gateway did not start: {str(error)[:2000]}"]
                except Exception as error:  # a broken answer must not stop the table
                    problems = [f"{type(error).__name__}: {error}"]
                if problems:
                    failing.append(case.name)
                    failing_ids.append(suite.case_id(case))
                    if args.verbose:
                        print(f"--- {suite.case_id(case)}\n" + "\n".join(problems), file=sys.stderr)
            ok = len(suite.cases) - len(failing)
            total += len(suite.cases)
            passed += ok
            print(f"{suite.name:40} {ok:>4}/{len(suite.cases):<4}  {' '.join(failing)}", flush=True)
    finally:
        harness.stop()
    print(f"{'TOTAL':40} {passed:>4}/{total:<4}")
    if args.write_gaps and not args.suites and not args.compose:
        header = (
            "# Cases the gateway does not pass yet (strict xfail).\n"
            "# Regenerate: python -m tests.federation --write-gaps\n"
        )
        GAPS_FILE.write_text(header + "".join(f"{case_id}\n" for case_id in failing_ids))
    return 0 if passed == total else 1


if __name__ == "__main__":
    sys.exit(main())
