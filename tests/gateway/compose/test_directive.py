"""join__Graph names and merged authorization directives."""

from __future__ import annotations

from gateway.compose.directive import graph_enum_names, merge_meta
from gateway.compose.model import Applied, Meta


def test_graph_enum_names_are_upper_case_unique_identifiers() -> None:
    names = graph_enum_names(["accounts", "my-service", "2fa", "My_Service", "my.service"])
    assert names == {
        "accounts": "ACCOUNTS",
        "my-service": "MY_SERVICE",
        "2fa": "_2FA",
        "My_Service": "MY_SERVICE_1",
        "my.service": "MY_SERVICE_2",
    }


def test_scopes_from_two_subgraphs_must_both_hold() -> None:
    one = Meta(applied=[Applied("requiresScopes", '@requiresScopes(scopes: [["a"], ["b"]])')])
    two = Meta(applied=[Applied("requiresScopes", '@requiresScopes(scopes: [["c"]])')])
    printed, specs = merge_meta([one, two])
    assert printed == ['@requiresScopes(scopes: [["a", "c"], ["b", "c"]])']
    assert specs == {"requiresScopes"}


def test_a_weaker_alternative_is_absorbed() -> None:
    one = Meta(applied=[Applied("policy", '@policy(policies: [["p"]])')])
    two = Meta(applied=[Applied("policy", '@policy(policies: [["p"], ["q"]])')])
    printed, _ = merge_meta([one, two])
    assert printed == ['@policy(policies: [["p"]])']


def test_identical_directives_are_kept_once_and_tags_unioned() -> None:
    one = Meta(inaccessible=False, tags=["x"], applied=[Applied("deprecated", '@deprecated(reason: "old")')])
    two = Meta(
        inaccessible=True, tags=["y", "x"], applied=[Applied("deprecated", '@deprecated(reason: "old")')]
    )
    printed, specs = merge_meta([one, two])
    assert printed == ["@inaccessible", '@tag(name: "x")', '@tag(name: "y")', '@deprecated(reason: "old")']
    assert specs == {"inaccessible", "tag"}
