"""The explorer: GraphiQL served by the gateway, offline (docs/explorer.md).

``GET /explorer`` (and ``GET /graphql`` or ``/`` without a query when the ``Accept`` header
prefers ``text/html``, i.e. a browser) answers the page; ``GET /explorer/assets/<name>`` answers
one of an explicit allow-list of files: GraphiQL and React as pinned by tools/explorer's
package-lock.json (installed by ``npm ci --prefix tools/explorer``) and the page's own script.
Asset URLs carry their content's hash (``?v=``) and answer with an ``ETag`` and a year's
immutable caching. Without the npm assets the page says how to install them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gateway.explorer.page import CSP, EXPLORER_JS, MISSING_HTML, PAGE_HTML

__all__ = ["ASSETS", "DEFAULT_ASSETS_DIR", "PREFIX", "Explorer", "prefers_html"]

Scope = MutableMapping[str, Any]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
Header = tuple[bytes, bytes]

PREFIX = "/explorer"
ASSET_PREFIX = PREFIX + "/assets/"
#: tools/explorer/node_modules beside the gateway package (the repository's checkout)
DEFAULT_ASSETS_DIR = Path(__file__).resolve().parents[2] / "tools" / "explorer" / "node_modules"

#: the only files served under /explorer/assets/: name -> (path under node_modules, media type);
#: ``explorer.js`` is the page's own script (gateway/explorer/page.py)
ASSETS: dict[str, tuple[str | None, str]] = {
    "react.production.min.js": ("react/umd/react.production.min.js", "text/javascript"),
    "react-dom.production.min.js": ("react-dom/umd/react-dom.production.min.js", "text/javascript"),
    "graphiql.min.js": ("graphiql/graphiql.min.js", "text/javascript"),
    "graphiql.min.css": ("graphiql/graphiql.min.css", "text/css"),
    "explorer.js": (None, "text/javascript"),
}
_HTML = b"text/html; charset=utf-8"
_IMMUTABLE = b"public, max-age=31536000, immutable"
_PAGE_PATHS = frozenset({PREFIX, PREFIX + "/"})
_GRAPHQL_PATHS = frozenset({"/graphql", "/graphql/", "/"})
_SECURITY: tuple[Header, ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
)


@dataclass(frozen=True, slots=True)
class _Asset:
    body: bytes
    media: bytes
    etag: bytes
    version: str


def prefers_html(accept: bytes | None) -> bool:
    """Whether an ``Accept`` header ranks ``text/html`` above every JSON type (what browsers
    send when navigating); ``*/*`` alone (curl) is not a preference for HTML."""
    if not accept:
        return False
    html = 0.0
    json = 0.0
    for part in accept.decode("latin-1").split(","):
        media, *params = (piece.strip().lower() for piece in part.split(";"))
        weight = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    weight = float(param[2:])
                except ValueError:
                    weight = 1.0
        if media in ("text/html", "application/xhtml+xml"):
            html = max(html, weight)
        elif media in ("application/json", "application/graphql-response+json"):
            json = max(json, weight)
    return html > 0 and html > json


class Explorer:
    """The explorer's HTTP handler; :meth:`handles` says which requests are its own."""

    def __init__(self, assets_dir: Path | None = None) -> None:
        self.assets_dir = DEFAULT_ASSETS_DIR if assets_dir is None else assets_dir
        self._cache: dict[str, _Asset] = {}

    def handles(self, scope: Scope, headers: dict[bytes, bytes]) -> bool:
        """Whether to answer this request: ``/explorer`` and below, and a browser's plain
        ``GET`` of the GraphQL endpoint (a ``GET`` carrying a query still runs it)."""
        path: str = scope["path"]
        if path in _PAGE_PATHS or path.startswith(ASSET_PREFIX):
            return True
        return (
            path in _GRAPHQL_PATHS
            and scope["method"] in ("GET", "HEAD")
            and not scope.get("query_string")
            and prefers_html(headers.get(b"accept"))
        )

    def installed(self) -> bool:
        """Whether the npm assets are there (``npm ci --prefix tools/explorer``)."""
        return all(
            source is None or (self.assets_dir / source).is_file() for source, _ in ASSETS.values()
        )

    async def __call__(self, scope: Scope, send: Send, headers: dict[bytes, bytes]) -> None:
        path: str = scope["path"]
        head = scope["method"] == "HEAD"
        if scope["method"] not in ("GET", "HEAD"):
            await _respond(send, 405, b"text/plain; charset=utf-8", b"Use GET.\n", [(b"allow", b"GET")], head)
            return
        if path.startswith(ASSET_PREFIX):
            await self._asset(path[len(ASSET_PREFIX):], send, headers, head)
            return
        await self._page(send, head, negotiated=path not in _PAGE_PATHS)

    async def _page(self, send: Send, head: bool, negotiated: bool) -> None:
        extra: list[Header] = [
            (b"content-security-policy", CSP.encode()),
            (b"cache-control", b"no-cache"),
            *_SECURITY,
        ]
        if negotiated:
            extra.append((b"vary", b"Accept"))
        if self.installed():
            urls = {name: self.url(name) for name in ("graphiql.min.css", "react.production.min.js",
                                                      "react-dom.production.min.js", "graphiql.min.js",
                                                      "explorer.js")}
            body = PAGE_HTML.format(
                graphiql_css=urls["graphiql.min.css"], react=urls["react.production.min.js"],
                react_dom=urls["react-dom.production.min.js"], graphiql_js=urls["graphiql.min.js"],
                explorer_js=urls["explorer.js"],
            ).encode()
        else:
            body = MISSING_HTML.encode()
        await _respond(send, 200, _HTML, body, extra, head)

    def url(self, name: str) -> str:
        """The versioned URL of an allowed asset (its content hash in the query)."""
        asset = self._load(name)
        assert asset is not None
        return f"{ASSET_PREFIX}{name}?v={asset.version}"

    def _load(self, name: str) -> _Asset | None:
        """An allowed asset's bytes, read once; ``None`` for any other name or a missing file."""
        found = self._cache.get(name)
        if found is not None:
            return found
        entry = ASSETS.get(name)
        if entry is None:
            return None
        source, media = entry
        if source is None:
            body = EXPLORER_JS.encode()
        else:
            try:
                body = (self.assets_dir / source).read_bytes()
            except OSError:
                return None
        version = hashlib.sha256(body).hexdigest()[:16]
        charset = "; charset=utf-8"
        found = _Asset(body, (media + charset).encode(), f'"{version}"'.encode(), version)
        self._cache[name] = found
        return found

    async def _asset(self, name: str, send: Send, headers: dict[bytes, bytes], head: bool) -> None:
        asset = self._load(name)  # a dictionary lookup: "../x", "a/b" or "" are simply unknown
        if asset is None:
            await _respond(send, 404, b"text/plain; charset=utf-8", b"Not found.\n", list(_SECURITY), head)
            return
        extra: list[Header] = [(b"cache-control", _IMMUTABLE), (b"etag", asset.etag), *_SECURITY]
        if_none_match = headers.get(b"if-none-match")
        if if_none_match is not None and asset.etag in (t.strip() for t in if_none_match.split(b",")):
            await send({"type": "http.response.start", "status": 304, "headers": extra})
            await send({"type": "http.response.body", "body": b""})
            return
        await _respond(send, 200, asset.media, asset.body, extra, head)


async def _respond(
    send: Send, status: int, media: bytes, body: bytes, extra: list[Header], head: bool = False
) -> None:
    headers = [(b"content-type", media), (b"content-length", str(len(body)).encode()), *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else body})
