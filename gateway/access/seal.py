"""Sealed subgraphs: the gateway signs every subgraph request; subgraphs refuse anything else.

docs/access.md, "Sealed subgraphs". A request carries three headers::

    X-SPBE-Caller     base64url(JSON of the Caller)         who asked, why, which request
    X-SPBE-Timestamp  Unix seconds when it was signed
    X-SPBE-Signature  v1=<hex HMAC-SHA256(secret, "spbe-seal-v1\\n" ts "\\n" caller "\\n" sha256(body))>

The signature covers the body, the time and the caller, so none can be changed or reused with
another; a signature older (or newer) than ``max_age`` seconds is stale. The secret is shared by
the gateway and its subgraphs (``spbe up`` makes one per data folder; see docs/access.md).
Comparison is constant-time (``hmac.compare_digest``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Mapping

import orjson

from gateway.access.caller import Caller

__all__ = [
    "CALLER_HEADER",
    "MIN_SECRET_BYTES",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "SealError",
    "Sealer",
    "decode_caller",
    "encode_caller",
    "load_secret",
]

CALLER_HEADER = "x-spbe-caller"
TIMESTAMP_HEADER = "x-spbe-timestamp"
SIGNATURE_HEADER = "x-spbe-signature"
_VERSION = b"spbe-seal-v1"
#: Shortest secret accepted (bytes).
MIN_SECRET_BYTES = 32


class SealError(Exception):
    """A request that is not signed, or whose signature is stale or wrong (answered with 401)."""


def load_secret(text: str) -> bytes:
    """The secret from its configured text (hex, or any string of at least 32 bytes)."""
    text = text.strip()
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        secret = text.encode()
    if len(secret) < MIN_SECRET_BYTES:
        raise ValueError(f"the subgraph signing secret must be at least {MIN_SECRET_BYTES} bytes")
    return secret


def encode_caller(caller: Caller) -> str:
    """The ``X-SPBE-Caller`` value: base64url (unpadded) of the caller's JSON."""
    return base64.urlsafe_b64encode(orjson.dumps(caller.to_json())).rstrip(b"=").decode()


def decode_caller(text: str) -> Caller:
    """The inverse of :func:`encode_caller`; ``ValueError`` when it is not one."""
    try:
        raw = base64.urlsafe_b64decode((text + "=" * (-len(text) % 4)).encode())
        return Caller.from_json(orjson.loads(raw))
    except (ValueError, orjson.JSONDecodeError, TypeError) as error:
        raise ValueError("malformed caller") from error


class Sealer:
    """Signs and verifies subgraph requests with one shared secret."""

    __slots__ = ("_secret", "max_age")

    def __init__(self, secret: bytes, *, max_age: float = 60.0) -> None:
        if len(secret) < MIN_SECRET_BYTES:
            raise ValueError(f"the subgraph signing secret must be at least {MIN_SECRET_BYTES} bytes")
        self._secret = secret
        self.max_age = max_age

    def _mac(self, timestamp: bytes, caller: bytes, body: bytes) -> str:
        message = b"\n".join((_VERSION, timestamp, caller, hashlib.sha256(body).hexdigest().encode()))
        return "v1=" + hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def headers(self, caller: Caller, body: bytes, *, now: float | None = None) -> dict[str, str]:
        """The three headers signing ``body`` for ``caller``."""
        encoded = encode_caller(caller)
        timestamp = str(int(time.time() if now is None else now)).encode()
        return {
            CALLER_HEADER: encoded,
            TIMESTAMP_HEADER: timestamp.decode(),
            SIGNATURE_HEADER: self._mac(timestamp, encoded.encode(), body),
        }

    def verify(self, headers: Mapping[str, str], body: bytes, *, now: float | None = None) -> Caller:
        """The signed caller of a request, or :class:`SealError` saying what is wrong.
        ``headers`` must answer lower-case names (Starlette's headers do)."""
        caller = headers.get(CALLER_HEADER)
        timestamp = headers.get(TIMESTAMP_HEADER)
        signature = headers.get(SIGNATURE_HEADER)
        if not caller or not timestamp or not signature:
            raise SealError("The request is not signed by the gateway.")
        if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
            raise SealError("The request's signature timestamp is malformed.")
        current = time.time() if now is None else now
        if abs(current - int(timestamp)) > self.max_age:
            raise SealError("The request's signature is stale.")
        expected = self._mac(timestamp.encode(), caller.encode(), body)
        if not hmac.compare_digest(expected.encode(), signature.encode()):
            raise SealError("The request's signature does not match.")
        try:
            return decode_caller(caller)
        except ValueError as error:
            raise SealError("The request's caller is malformed.") from error
