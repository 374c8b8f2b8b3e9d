"""Executor on hand-built plans against fixture subgraphs over real HTTP: entity merges,
representation de-duplication, error paths, unavailable subgraphs, null propagation, enum
values, mutation order, conditions."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

from graphql import DocumentNode

from gateway.executor import fetch
from gateway.pipeline import Pipeline
from gateway.planner.plan import (
    ConditionNode,
    FetchNode,
    FlattenNode,
    KeyRenamer,
    PlanNode,
    QueryPlan,
    SequenceNode,
    TypeCondition,
)
from gateway.supergraph import Supergraph
from gateway.transport import AiohttpTransport

from . import shop
from .subgraphs import FixtureSubgraph, closed_url, serve


@dataclass
class World:
    accounts: FixtureSubgraph
    products: FixtureSubgraph
    reviews: FixtureSubgraph
    supergraph: Supergraph
    transport: AiohttpTransport

    async def run(
        self, plan: PlanNode, query: str, variables: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        def planner(
            _supergraph: Any, _document: DocumentNode, _name: str | None, *, context: object = None
        ) -> QueryPlan:
            return QueryPlan(plan)

        pipeline = Pipeline(self.supergraph, planner, self.transport)
        return await pipeline.run(pipeline.prepare(query, None), variables)


@asynccontextmanager
async def world(
    *,
    accounts_down: bool = False,
    reviews_delay: float = 0.0,
    timeout: float = 5.0,
    log: list[str] | None = None,
) -> AsyncIterator[World]:
    subgraphs = (shop.accounts(log), shop.products(), shop.reviews(delay=reviews_delay))
    async with AsyncExitStack() as stack:
        urls = [await stack.enter_async_context(serve(s)) for s in subgraphs]
        if accounts_down:
            urls[0] = closed_url()
        transport = AiohttpTransport(timeout=timeout)
        stack.push_async_callback(transport.close)
        yield World(*subgraphs, Supergraph.parse(shop.supergraph_sdl(*urls)), transport)


def top_products(first: int, fields: str = "__typename upc name") -> FetchNode:
    return FetchNode("products", f"{{topProducts(first:{first}){{{fields}}}}}")


CHAIN = "{ topProducts(first: %d) { upc name reviews { body author { name } } } }"


def chain_plan(first: int) -> SequenceNode:
    return SequenceNode(
        (
            top_products(first),
            shop.product_reviews_fetch(("topProducts", "@")),
            shop.user_fetch(("topProducts", "@", "reviews", "@", "author")),
        )
    )


async def test_entities_across_three_subgraphs_merge_into_the_clients_shape() -> None:
    async with world() as w:
        response = await w.run(chain_plan(1), CHAIN % 1)
    assert response == {
        "data": {
            "topProducts": [
                {
                    "upc": "p1",
                    "name": "Batik",
                    "reviews": [
                        {"body": "Bagus", "author": {"name": "Ada"}},
                        {"body": "Mantap", "author": {"name": "Budi"}},
                    ],
                }
            ]
        }
    }


async def test_one_entities_call_per_step_with_deduplicated_representations() -> None:
    async with world() as w:
        await w.run(chain_plan(3), CHAIN % 3)
        assert len(w.reviews.requests) == 1
        assert len(w.reviews.requests[0]["variables"]["representations"]) == 3
        # authors 1, 2 (p1) and 2 (p3): two distinct users, one call
        assert len(w.accounts.requests) == 1
        assert w.accounts.requests[0]["variables"]["representations"] == [
            {"__typename": "User", "id": "1"},
            {"__typename": "User", "id": "2"},
        ]


async def test_entity_errors_get_the_clients_path_and_the_subgraph_name() -> None:
    async with world() as w:
        response = await w.run(chain_plan(3), CHAIN % 3)
    products = response["data"]["topProducts"]
    assert [p["upc"] for p in products] == ["p1", "p2", "p3"]
    assert products[1]["reviews"] is None
    assert products[2]["reviews"] == [{"body": "Segar", "author": {"name": "Budi"}}]
    [error] = response["errors"]
    assert error["message"] == "reviews of p2 are being moderated"
    assert error["path"] == ["topProducts", 1, "reviews"]
    assert error["extensions"]["serviceName"] == "reviews"


async def test_a_subgraph_that_is_down_yields_subgraph_unavailable_and_the_rest() -> None:
    async with world(accounts_down=True) as w:
        response = await w.run(chain_plan(1), CHAIN % 1)
    reviews = response["data"]["topProducts"][0]["reviews"]
    assert reviews == [
        {"body": "Bagus", "author": {"name": None}},
        {"body": "Mantap", "author": {"name": None}},
    ]
    codes = {e["extensions"]["code"] for e in response["errors"]}
    assert codes == {"SUBGRAPH_UNAVAILABLE"}
    assert sorted(e["path"] for e in response["errors"]) == [
        ["topProducts", 0, "reviews", 0, "author"],
        ["topProducts", 0, "reviews", 1, "author"],
    ]


async def test_a_slow_subgraph_times_out_into_subgraph_unavailable() -> None:
    async with world(reviews_delay=1.0, timeout=0.3) as w:
        response = await w.run(chain_plan(1), CHAIN % 1)
    assert response["data"] == {"topProducts": [{"upc": "p1", "name": "Batik", "reviews": None}]}
    [error] = response["errors"]
    assert error["extensions"] == {
        "code": "SUBGRAPH_UNAVAILABLE", "serviceName": "reviews", "reason": "TIMED_OUT"
    }
    assert error["path"] == ["topProducts", 0]
    assert "timed out" in error["message"]


async def test_a_null_in_a_non_null_field_nulls_the_nearest_nullable_parent() -> None:
    plan = FetchNode("products", '{product(upc:"p3"){name price}}')
    async with world() as w:
        response = await w.run(plan, '{ product(upc: "p3") { name price } }')
    assert response["data"] == {"product": None}
    assert [e["path"] for e in response["errors"]] == [["product", "price"]]


async def test_null_propagation_reaches_data_when_every_parent_is_non_null() -> None:
    async with world() as w:
        response = await w.run(top_products(3, "upc price"), "{ topProducts(first: 3) { upc price } }")
    assert response["data"] is None
    assert [e["path"] for e in response["errors"]] == [["topProducts", 2, "price"]]


async def test_a_null_in_a_non_null_field_without_a_subgraph_error_gets_its_own_error() -> None:
    # reviews' Review.author is User! in the supergraph; a fetch that lost it leaves it missing
    plan = SequenceNode(
        (
            top_products(1),
            shop.product_reviews_fetch(("topProducts", "@"), selection="reviews{body}"),
        )
    )
    async with world() as w:
        response = await w.run(plan, "{ topProducts(first: 1) { reviews { body author { name } } } }")
    assert response["data"] == {"topProducts": [{"reviews": None}]}
    [error] = response["errors"]
    assert error["path"] == ["topProducts", 0, "reviews", 0, "author"]
    assert error["message"] == "Cannot return null for non-nullable field Review.author."


async def test_unknown_enum_values_are_nulled_with_an_error_inaccessible_ones_silently() -> None:
    plan = FetchNode("products", "{topProducts(first:3){name color}}")
    async with world() as w:
        response = await w.run(plan, "{ topProducts(first: 3) { name color } }")
    assert response["data"] == {
        "topProducts": [
            {"name": "Batik", "color": "RED"},
            {"name": "Kopi", "color": None},  # SECRET is @inaccessible
            {"name": "Teh", "color": None},  # PURPLE is no Color at all
        ],
    }
    [error] = response["errors"]
    assert error["path"] == ["topProducts", 2, "color"]
    assert error["extensions"]["code"] == "INVALID_ENUM_VALUE"


async def test_mutation_root_fields_run_one_after_another() -> None:
    log: list[str] = []
    plan = SequenceNode(
        (
            FetchNode("accounts", 'mutation{a:addUser(name:"A"){name}}', operation_kind="mutation"),
            FetchNode("accounts", 'mutation{b:addUser(name:"B"){name}}', operation_kind="mutation"),
        )
    )
    async with world(log=log) as w:
        response = await w.run(
            plan, 'mutation { a: addUser(name: "A") { name } b: addUser(name: "B") { name } }'
        )
    assert log == ["A", "B"]
    assert list(response["data"]) == ["a", "b"]


async def test_condition_nodes_follow_the_variable() -> None:
    plan = SequenceNode(
        (
            top_products(1),
            ConditionNode(
                "withReviews", shop.product_reviews_fetch(("topProducts", "@"), "reviews{body}"), None
            ),
        )
    )
    query = (
        "query($withReviews: Boolean!) "
        "{ topProducts(first: 1) { name reviews @include(if: $withReviews) { body } } }"
    )
    async with world() as w:
        without = await w.run(plan, query, {"withReviews": False})
        assert len(w.reviews.requests) == 0
        with_reviews = await w.run(plan, query, {"withReviews": True})
        assert len(w.reviews.requests) == 1
    assert without == {"data": {"topProducts": [{"name": "Batik"}]}}
    assert with_reviews == {
        "data": {"topProducts": [{"name": "Batik", "reviews": [{"body": "Bagus"}, {"body": "Mantap"}]}]}
    }


async def test_parallel_fetches_run_together() -> None:
    from gateway.planner.plan import ParallelNode

    plan = ParallelNode(
        (FetchNode("products", "{topProducts(first:1){name}}"), FetchNode("reviews", "{reviewCount}"))
    )
    async with world(reviews_delay=0.6) as w:
        w.products.delay = 0.6
        started = asyncio.get_running_loop().time()
        response = await w.run(plan, "{ topProducts(first: 1) { name } reviewCount }")
        elapsed = asyncio.get_running_loop().time() - started
    assert response == {"data": {"topProducts": [{"name": "Batik"}], "reviewCount": 4}}
    assert elapsed < 1.1  # one after the other would take 1.2 s


async def test_one_entity_fetch_serves_objects_from_several_paths() -> None:
    reviews = shop.product_reviews_fetch(("topProducts", "@"), "reviews{body}")
    plan = SequenceNode(
        (
            FetchNode(
                "products", '{topProducts(first:1){__typename upc} product(upc:"p1"){__typename upc name}}'
            ),
            FlattenNode(reviews.path, reviews.node, more_paths=(("product",),)),
        )
    )
    query = '{ topProducts(first: 1) { reviews { body } } product(upc: "p1") { name reviews { body } } }'
    async with world() as w:
        response = await w.run(plan, query)
        assert len(w.reviews.requests) == 1
        assert w.reviews.requests[0]["variables"]["representations"] == [
            {"__typename": "Product", "upc": "p1"}
        ]
    both = [{"body": "Bagus"}, {"body": "Mantap"}]
    assert response == {
        "data": {"topProducts": [{"reviews": both}], "product": {"name": "Batik", "reviews": both}}
    }


async def test_path_rewrites_rename_only_the_objects_of_their_path() -> None:
    """One fetch for two paths that want different fields under one key: the second path's
    field travels under an alias and only that path's objects get it under the client key."""
    reviews = shop.product_reviews_fetch(
        ("topProducts", "@"), "__typename reviews{body} reviews__merged_0:reviews{body:id}"
    )
    rename = KeyRenamer((TypeCondition(("Product",)), "reviews__merged_0"), "reviews")
    plan = SequenceNode(
        (
            FetchNode("products", '{topProducts(first:1){__typename upc} product(upc:"p1"){__typename upc}}'),
            FlattenNode(
                reviews.path, reviews.node, more_paths=(("product",),), path_rewrites=((), (rename,))
            ),
        )
    )
    query = '{ topProducts(first: 1) { reviews { body } } product(upc: "p1") { reviews { body: id } } }'
    async with world() as w:
        response = await w.run(plan, query)
        assert len(w.reviews.requests) == 1
        assert w.reviews.requests[0]["variables"]["representations"] == [
            {"__typename": "Product", "upc": "p1"}
        ]
    assert response == {
        "data": {
            "topProducts": [{"reviews": [{"body": "Bagus"}, {"body": "Mantap"}]}],
            "product": {"reviews": [{"body": "r1"}, {"body": "r2"}]},
        }
    }


async def test_an_entity_error_is_reported_at_every_path_of_its_representation() -> None:
    reviews = shop.product_reviews_fetch(("topProducts", "@"), "reviews{body}")
    plan = SequenceNode(
        (
            FetchNode("products", '{topProducts(first:2){__typename upc} product(upc:"p2"){__typename upc}}'),
            FlattenNode(reviews.path, reviews.node, more_paths=(("product",),)),
        )
    )
    query = '{ topProducts(first: 2) { reviews { body } } product(upc: "p2") { reviews { body } } }'
    async with world() as w:
        response = await w.run(plan, query)
        assert len(w.reviews.requests[0]["variables"]["representations"]) == 2
    assert response["data"] == {
        "topProducts": [{"reviews": [{"body": "Bagus"}, {"body": "Mantap"}]}, {"reviews": None}],
        "product": {"reviews": None},
    }
    assert [e["path"] for e in response["errors"]] == [["topProducts", 1, "reviews"], ["product", "reviews"]]


async def test_a_big_step_is_sent_as_several_calls_and_answers_the_same(monkeypatch: Any) -> None:
    """Over ``ENTITY_BATCH`` representations a step becomes several ``_entities`` calls side by
    side (a subgraph caps one call, docs/subgraphs.md "Limits"); data and error paths are those of
    one call."""
    async with world() as w:
        whole = await w.run(chain_plan(3), CHAIN % 3)
        assert len(w.reviews.requests) == 1
    monkeypatch.setattr(fetch, "ENTITY_BATCH", 1)
    async with world() as w:
        split = await w.run(chain_plan(3), CHAIN % 3)
        sizes = [len(r["variables"]["representations"]) for r in w.reviews.requests]
        assert sizes == [1, 1, 1]
        assert [len(r["variables"]["representations"]) for r in w.accounts.requests] == [1, 1]
    assert split == whole
    assert [e["path"] for e in split["errors"]] == [["topProducts", 1, "reviews"]]
