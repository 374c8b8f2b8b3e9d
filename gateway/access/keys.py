"""Partner agencies' API keys: their format, generation and hashing (docs/access.md, "API keys").

A key reads ``spbe_<prefix>_<secret>``: ``prefix`` (10 lower-case letters and digits) is public
and finds the key's row; ``secret`` (43 URL-safe characters, 256 random bits) is never stored.
The registry keeps ``sha256(whole key)`` only; a presented key is hashed and compared with
``hmac.compare_digest`` (constant time). SHA-256 without salt or stretching fits here because
keys are long random strings, not passwords: nothing is gained by guessing one hash at a time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import string
from dataclasses import dataclass

__all__ = ["KEY_PATTERN", "GeneratedKey", "generate_key", "hash_key", "key_matches", "parse_key"]

KEY_PATTERN = re.compile(r"^spbe_(?P<prefix>[a-z0-9]{10})_(?P<secret>[A-Za-z0-9_-]{43})$")
_PREFIX_ALPHABET = string.ascii_lowercase + string.digits


@dataclass(frozen=True, slots=True, kw_only=True)
class GeneratedKey:
    """A new key: ``text`` is shown once; ``prefix`` and ``secret_hash`` are stored."""

    text: str
    prefix: str
    secret_hash: bytes


def hash_key(text: str) -> bytes:
    """What the registry stores for a key."""
    return hashlib.sha256(text.encode()).digest()


def generate_key() -> GeneratedKey:
    """A fresh random key."""
    prefix = "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(10))
    text = f"spbe_{prefix}_{secrets.token_urlsafe(32)}"
    return GeneratedKey(text=text, prefix=prefix, secret_hash=hash_key(text))


def parse_key(text: str) -> str | None:
    """The prefix of a well-formed key, else None."""
    match = KEY_PATTERN.match(text)
    return match["prefix"] if match else None


def key_matches(text: str, stored_hash: bytes) -> bool:
    """Whether ``text`` is the key whose hash is ``stored_hash`` (constant-time comparison)."""
    return hmac.compare_digest(hash_key(text), bytes(stored_hash))
