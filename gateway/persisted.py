"""Persisted documents: automatic persisted queries (Apollo's protocol) and trusted documents.

Automatic persisted queries (APQ, ``--apq``; off by default): a request may send
``extensions.persistedQuery = {"version": 1, "sha256Hash": "<hex>"}`` instead of the query text.
A hash the gateway knows is run; an unknown one is answered ``PERSISTED_QUERY_NOT_FOUND`` (HTTP
200, so Apollo clients send the query again with the hash). Query and hash together register the
query once sha256(query) matches the hash (else ``PERSISTED_QUERY_HASH_MISMATCH``, 400) and the
document parses and validates. Registered queries live in a bounded LRU in this process
(``--apq-cache-size``). Without ``--apq`` a hash that names no trusted document is
``PERSISTED_QUERY_NOT_SUPPORTED`` (400) and nothing is registered.

Trusted documents: a directory (``--trusted-documents-dir``) holds one manifest per client
application, ``<app>.json`` = ``{"<sha256>": "<query>", ...}``, read at start (a hash that does
not match its query stops the start). An API key tied to an application (``--trusted-document-key
PREFIX=APP``, or a key scope ``app:<name>``) may run only that manifest's documents, by hash or by
text; anything else is ``PERSISTED_QUERY_NOT_ALLOWED`` (403). Other callers may use any manifest's
hashes as persisted queries too.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from typing import Any

import orjson

from gateway.access.caller import Caller, CallerKind
from gateway.cache import LruCache
from gateway.errors import (
    PersistedQueryHashMismatchError,
    PersistedQueryNotAllowedError,
    PersistedQueryNotFoundError,
    PersistedQueryNotSupportedError,
    RequestError,
)
from gateway.settings import Settings

__all__ = ["PersistedQueries", "load_manifests", "sha256_hex"]

_HEX64 = re.compile(r"[0-9a-f]{64}")
_APP_SCOPE = "app:"


def sha256_hex(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


def load_manifests(directory: str) -> dict[str, dict[str, str]]:
    """``{app: {hash: query}}`` from the ``*.json`` files of ``directory``; ``ValueError`` naming
    the file for anything that is not such a manifest."""
    manifests: dict[str, dict[str, str]] = {}
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".json"):
            continue
        path = os.path.join(directory, name)
        with open(path, "rb") as file:
            try:
                data = orjson.loads(file.read())
            except orjson.JSONDecodeError as error:
                raise ValueError(f"trusted documents {path}: not JSON ({error})") from None
        if type(data) is not dict:
            raise ValueError(f"trusted documents {path}: expected an object of sha256 -> query")
        for digest, query in data.items():
            if type(query) is not str or sha256_hex(query) != digest:
                raise ValueError(f"trusted documents {path}: {digest[:16]}… is not the sha256 of its query")
        manifests[name.removesuffix(".json")] = data
    return manifests


class PersistedQueries:
    """Turns a request's query text and/or persisted-query hash into the document to run."""

    def __init__(
        self,
        cache_size: int = 1024,
        *,
        apq: bool = True,
        manifests: Mapping[str, Mapping[str, str]] | None = None,
        key_apps: Mapping[str, str] | None = None,
        cache_bytes: int = 64 << 20,
    ) -> None:
        self.apq = apq
        # bounded by bytes too: a registered query may be up to --max-body-bytes long
        self._apq: LruCache[str, str] = LruCache(cache_size, max_bytes=cache_bytes)
        self.manifests = {app: dict(docs) for app, docs in (manifests or {}).items()}
        self._trusted = {h: q for docs in self.manifests.values() for h, q in docs.items()}
        self.key_apps = dict(key_apps or {})
        unknown = sorted(set(self.key_apps.values()) - set(self.manifests))
        if unknown:
            raise ValueError(f"trusted documents: no manifest for application(s) {', '.join(unknown)}")

    @classmethod
    def from_settings(cls, settings: Settings) -> PersistedQueries:
        manifests = load_manifests(settings.trusted_documents_dir) if settings.trusted_documents_dir else {}
        return cls(
            settings.apq_cache_size,
            apq=settings.apq,
            manifests=manifests,
            key_apps=dict(settings.trusted_document_keys),
            cache_bytes=settings.cache_bytes,
        )

    def app_of(self, caller: Caller) -> str | None:
        """The application whose documents alone this caller may run (None: any document)."""
        if caller.kind is not CallerKind.AGENCY:
            return None
        if caller.key_id and caller.key_id in self.key_apps:
            return self.key_apps[caller.key_id]
        for scope in sorted(caller.scopes):
            if scope.startswith(_APP_SCOPE):
                return scope[len(_APP_SCOPE) :]
        return None

    def resolve(
        self, query: str | None, extensions: dict[str, Any] | None, caller: Caller
    ) -> tuple[str, str | None]:
        """The query to run, and the hash to register it under once it validated (or None)."""
        digest = _persisted_hash(extensions)
        if digest is not None and query is not None and sha256_hex(query) != digest:
            raise PersistedQueryHashMismatchError("provided sha does not match query")
        app = self.app_of(caller)
        if app is not None:
            manifest = self.manifests.get(app, {})
            document = manifest.get(digest if digest is not None else sha256_hex(query or ""))
            if document is None:
                raise PersistedQueryNotAllowedError(
                    f"This API key may run only the trusted documents of application {app!r}."
                )
            return document, None
        if digest is None:
            assert query is not None
            return query, None
        if query is not None:
            return query, digest if self.apq else None
        known = self._apq.get(digest) or self._trusted.get(digest)
        if known is not None:
            return known, None
        if not self.apq:
            raise PersistedQueryNotSupportedError("PersistedQueryNotSupported")
        raise PersistedQueryNotFoundError("PersistedQueryNotFound")

    def remember(self, digest: str, query: str) -> None:
        """Register ``query`` (its hash checked) for later requests that send only the hash."""
        self._apq.put(digest, query, len(query))


def _persisted_hash(extensions: dict[str, Any] | None) -> str | None:
    """``extensions.persistedQuery.sha256Hash`` when present, checked (``RequestError``)."""
    if not extensions or "persistedQuery" not in extensions:
        return None
    persisted = extensions["persistedQuery"]
    if type(persisted) is not dict:
        raise RequestError("extensions.persistedQuery must be an object.")
    if persisted.get("version") != 1:
        raise RequestError("Unsupported persisted query version: only version 1 is known.")
    digest = persisted.get("sha256Hash")
    if type(digest) is not str or not _HEX64.fullmatch(digest.lower()):
        raise RequestError("extensions.persistedQuery.sha256Hash must be 64 hex digits.")
    return digest.lower()
