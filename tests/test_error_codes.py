"""Every error code the gateway or a subgraph can answer has its own section in docs/errors.md,
and every section there is a code the source still uses.

The codes are found in the source's syntax tree (gateway/ and subgraphs/; gateway/compose/ is left
out: its codes are composition errors printed at start, never answered to a client): string
constants, or module-level constants naming one, used as a ``code = ...`` assignment or keyword,
a ``"code": ...`` entry, or the code argument of ``graphql_error``, ``client_error``, ``_error``,
``_refuse`` or ``Denied``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "errors.md"
SOURCES = ("gateway", "subgraphs")
LEFT_OUT = ("gateway/compose/",)
#: Codes in code positions that are never answered, and why.
NOT_ANSWERED = {"GRAPHQL_ERROR": "subgraphs/common/schema.py: the log label of an error without a code"}
#: function name -> position of its code argument
CODE_ARGUMENT = {"graphql_error": 1, "client_error": 1, "_error": 1, "_refuse": 3, "Denied": 0}
CODE = re.compile(r"^[A-Z]{2}[A-Z0-9]*(?:_[A-Z0-9]+)*$")


def _files() -> list[Path]:
    found = []
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*.py")):
            if not path.relative_to(ROOT).as_posix().startswith(LEFT_OUT):
                found.append(path)
    return found


def _constants(trees: list[ast.Module]) -> dict[str, str]:
    """Module-level ``NAME = "VALUE"`` of every file."""
    out: dict[str, str] = {}
    for tree in trees:
        for node in tree.body:
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                out[node.targets[0].id] = node.value.value
    return out


def _codes_in(expression: ast.AST, constants: dict[str, str]) -> Iterator[str]:
    for node in ast.walk(expression):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            value = node.value
        elif isinstance(node, ast.Name) and node.id in constants:
            value = constants[node.id]
        else:
            continue
        if CODE.match(value):
            yield value


def _called(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def source_codes() -> dict[str, set[str]]:
    """Code -> the files that answer it."""
    files = _files()
    trees = [ast.parse(path.read_text(), str(path)) for path in files]
    constants = _constants(trees)
    found: dict[str, set[str]] = {}
    for path, tree in zip(files, trees, strict=True):
        where = path.relative_to(ROOT).as_posix()
        for node in ast.walk(tree):
            spots: list[ast.AST] = []
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Name) and t.id == "code" for t in targets) and node.value:
                    spots.append(node.value)
            elif isinstance(node, ast.keyword) and node.arg == "code":
                spots.append(node.value)
            elif isinstance(node, ast.Dict):
                spots.extend(
                    value
                    for key, value in zip(node.keys, node.values, strict=True)
                    if isinstance(key, ast.Constant) and key.value == "code"
                )
            elif isinstance(node, ast.Call) and _called(node) in CODE_ARGUMENT:
                position = CODE_ARGUMENT[_called(node) or ""]
                if len(node.args) > position:
                    spots.append(node.args[position])
            for spot in spots:
                for code in _codes_in(spot, constants):
                    found.setdefault(code, set()).add(where)
    for code in NOT_ANSWERED:
        found.pop(code, None)
    return found


def documented_codes() -> set[str]:
    """The codes with a section (``### `CODE` ``) in docs/errors.md."""
    return set(re.findall(r"^### `([A-Z][A-Z0-9_]*)`", PAGE.read_text(), re.MULTILINE))


def test_the_scan_finds_the_codes_it_should() -> None:
    """A broken scan would find nothing and pass: it must see codes of every kind of use."""
    codes = source_codes()
    for code in (
        "BAD_REQUEST",  # class attribute
        "NOT_FOUND",  # graphql_error literal, and a constant in client_error
        "SUBGRAPH_UNAVAILABLE",  # a constant in graphql_error
        "NULL_IN_NON_NULL_FIELD",  # a "code" entry
        "UNAUTHORIZED_FIELD_OR_TYPE",  # a code= keyword
        "CONSENT_REQUIRED",  # Denied
        "PAYLOAD_TOO_LARGE",  # _refuse
        "GRAPHQL_PARSE_FAILED",  # code = ... if ... else ...
        "INVALID_NIK",
        "FORBIDDEN",
        "UNAUTHENTICATED",
        "MANDATE_STATE_CONFLICT",
    ):
        assert code in codes, code
    assert "NO_BASIS" not in codes  # a reason (extensions.reason), not a code


def test_every_code_is_documented() -> None:
    documented = documented_codes()
    missing = {code: sorted(files) for code, files in source_codes().items() if code not in documented}
    assert missing == {}, f"codes answered but not documented in docs/errors.md: {missing}"


def test_every_documented_code_is_used() -> None:
    stale = documented_codes() - source_codes().keys()
    assert stale == set(), f"docs/errors.md documents codes the source no longer answers: {sorted(stale)}"
