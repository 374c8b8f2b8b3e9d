"""Database passwords masked in any text: the one helper every log line and printed error uses.

Implements ``docs/operations.md`` "Logs" (database passwords are masked). A DSN carries its
password in one of the forms libpq accepts (PostgreSQL manual, 34.1.1 "Connection Strings"):

- a URL's user information: ``postgresql://app:secret@db/spbe`` (percent-encoded or not);
- a URL's query parameter: ``postgresql://app@db/spbe?password=secret`` (also ``sslpassword``,
  and keys written percent-encoded, ``pass%77ord``);
- a keyword/value string: ``host=db password=secret`` or ``password = 'quoted \\' secret'``;
- the environment form ``PGPASSWORD=secret``.

:func:`redact` replaces each such password with ``***`` wherever it appears in a text (a whole
DSN, an exception message quoting one, a ``repr``), leaving everything else as it was.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

__all__ = ["MASK", "redact"]

#: What a password is replaced with.
MASK = "***"

#: ``scheme://user:password@``: the password runs to the netloc's last ``@`` (as ``urlsplit`` reads it).
_USERINFO = re.compile(r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s:/?#@]*:)(?P<secret>[^\s/?#]+)(?=@)")
#: ``?key=value`` / ``&key=value`` of a URL's query; the key may be percent-encoded.
_QUERY = re.compile(r"(?P<head>[?&](?P<key>[^=&#\s]+)=)(?P<secret>[^&#\s]*)")
#: ``password=value`` of a keyword/value DSN (or ``PGPASSWORD=``), the value quoted or not.
_KEYWORD = re.compile(
    r"(?P<head>(?<![\w%?&])(?:pg|ssl)?password\s*=\s*)(?P<secret>'(?:[^'\\]|\\.)*'|[^\s'\",&]+)",
    re.IGNORECASE,
)
_SECRET_KEYS = frozenset({"password", "sslpassword"})


def _query(match: re.Match[str]) -> str:
    if unquote(match["key"]).lower() not in _SECRET_KEYS:
        return match[0]
    return match["head"] + MASK


def redact(text: str) -> str:
    """``text`` with the password of every DSN in it replaced by :data:`MASK`."""
    if "password" not in text.lower() and "://" not in text and "%" not in text:
        return text
    text = _USERINFO.sub(lambda m: m["head"] + MASK, text)
    text = _QUERY.sub(_query, text)
    return _KEYWORD.sub(lambda m: m["head"] + MASK, text)
