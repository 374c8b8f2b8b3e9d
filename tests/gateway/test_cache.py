"""The prepared-document caches are bounded by bytes and keyed on a digest (issue 9, item 4)."""

from __future__ import annotations

from gateway.cache import LruCache, digest
from gateway.pipeline import Pipeline
from gateway.planner import build_plan
from gateway.supergraph import Supergraph
from gateway.transport import AiohttpTransport
from tests.gateway.executor import shop


def test_the_least_recently_used_go_when_the_bytes_run_out() -> None:
    cache: LruCache[str, str] = LruCache(100, max_bytes=10)
    cache.put("a", "A", 4)
    cache.put("b", "B", 4)
    assert cache.get("a") == "A"  # now the most recently used
    cache.put("c", "C", 4)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == ("A", None, "C")
    assert cache.bytes == 8
    cache.put("c", "C2", 1)  # replacing an entry replaces its weight
    assert cache.bytes == 5 and len(cache) == 2


def test_an_entry_heavier_than_the_entry_bound_is_not_kept() -> None:
    cache: LruCache[str, str] = LruCache(100, max_bytes=1000, max_entry_bytes=10)
    assert cache.put("big", "X", 11) == "X"
    assert cache.get("big") is None and cache.bytes == 0 and len(cache) == 0


def test_the_entry_count_still_bounds() -> None:
    cache: LruCache[int, int] = LruCache(2)
    for n in range(3):
        cache.put(n, n)
    assert (cache.get(0), cache.get(1), cache.get(2)) == (None, 1, 2)


def test_the_pipeline_keys_documents_on_a_digest_and_skips_large_ones() -> None:
    supergraph = Supergraph.parse(shop.supergraph_sdl("http://a", "http://b", "http://c"))
    pipeline = Pipeline(supergraph, build_plan, AiohttpTransport(), max_cached_document_bytes=1000)
    small = "{ me { id } }"
    pipeline.prepare(small, None)
    pipeline.prepare("#" + "x" * 2000 + "\n{ me { id } }", None)
    assert list(pipeline._documents._items) == [digest(small)]  # 32 bytes, not the text
    assert [key[0] for key in pipeline._prepared._items] == [digest(small)]
    assert pipeline._documents.bytes == len(small)
