"""``GET /me``: a citizen's own page over the gateway's GraphQL API (docs/explorer.md, "Citizens:
my data").

The citizen pastes their token (kept in the tab's ``sessionStorage`` only); the page decodes the
token's ``sub`` (their NIK; the gateway verifies the token, the page does not) and shows their
records across the services, their consents (pause, resume, revoke, grant) and who looked at
their data. Plain HTML, one served script and one served stylesheet (``/me/assets/<name>``, an
allow-list), the explorer's Content-Security-Policy: no inline script, no other host. The texts
live here (the gateway package ships no data files), in gateway/explorer/me_assets.py.
"""

from __future__ import annotations

import hashlib

from gateway.explorer import _HTML, _IMMUTABLE, _SECURITY, Header, Scope, Send, _Asset, _respond
from gateway.explorer.me_assets import ME_CSS, ME_HTML, ME_JS
from gateway.explorer.page import CSP

__all__ = ["ME_ASSETS", "ME_ASSET_PREFIX", "ME_PREFIX", "MePage"]

ME_PREFIX = "/me"
ME_ASSET_PREFIX = ME_PREFIX + "/assets/"
#: the only files served under /me/assets/: name -> (text, media type)
ME_ASSETS: dict[str, tuple[str, str]] = {
    "me.js": (ME_JS, "text/javascript"),
    "me.css": (ME_CSS, "text/css"),
}
_PAGE_PATHS = frozenset({ME_PREFIX, ME_PREFIX + "/"})


class MePage:
    """The citizen page's HTTP handler; :meth:`handles` says which requests are its own."""

    def __init__(self) -> None:
        self._assets: dict[str, _Asset] = {}
        for name, (text, media) in ME_ASSETS.items():
            body = text.encode()
            version = hashlib.sha256(body).hexdigest()[:16]
            media_type = f"{media}; charset=utf-8".encode()
            self._assets[name] = _Asset(body, media_type, f'"{version}"'.encode(), version)
        self._page = ME_HTML.format(css=self.url("me.css"), js=self.url("me.js")).encode()

    @staticmethod
    def handles(scope: Scope) -> bool:
        path: str = scope["path"]
        return path in _PAGE_PATHS or path.startswith(ME_ASSET_PREFIX)

    def url(self, name: str) -> str:
        """The versioned URL of an allowed asset (its content hash in the query)."""
        return f"{ME_ASSET_PREFIX}{name}?v={self._assets[name].version}"

    async def __call__(self, scope: Scope, send: Send, headers: dict[bytes, bytes]) -> None:
        path: str = scope["path"]
        head = scope["method"] == "HEAD"
        if scope["method"] not in ("GET", "HEAD"):
            await _respond(send, 405, b"text/plain; charset=utf-8", b"Use GET.\n", [(b"allow", b"GET")], head)
            return
        if path in _PAGE_PATHS:
            extra: list[Header] = [
                (b"content-security-policy", CSP.encode()),
                (b"cache-control", b"no-cache"),
                *_SECURITY,
            ]
            await _respond(send, 200, _HTML, self._page, extra, head)
            return
        asset = self._assets.get(path[len(ME_ASSET_PREFIX):])  # a lookup: "../x" or "a/b" are unknown
        if asset is None:
            await _respond(send, 404, b"text/plain; charset=utf-8", b"Not found.\n", list(_SECURITY), head)
            return
        extra = [(b"cache-control", _IMMUTABLE), (b"etag", asset.etag), *_SECURITY]
        if_none_match = headers.get(b"if-none-match")
        if if_none_match is not None and asset.etag in (t.strip() for t in if_none_match.split(b",")):
            await send({"type": "http.response.start", "status": 304, "headers": extra})
            await send({"type": "http.response.body", "body": b""})
            return
        await _respond(send, 200, asset.media, asset.body, extra, head)
