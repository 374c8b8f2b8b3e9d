"""The secret the gateway shares with the subgraphs it signs requests for (sealed subgraphs), and
the statistics linkage secret the gateway must *not* have (docs/statistics.md, "Linkage across
services").

``spbe up`` keeps one per data folder in ``<data_dir>/subgraph-secret`` (64 hex characters,
file mode 0600), made on first use; ``SPBE_SUBGRAPH_SECRET`` overrides it. ``spbe serve`` and
``spbe compose`` read it the same way but never make one: a subgraph served alone must share
the gateway's secret, so a missing one is an error (``--insecure-dev`` serves unsealed).

The linkage secret (``<data_dir>/linkage-secret``, 64 hex characters, mode 0600;
``SPBE_LINKAGE_SECRET`` overrides it) keys the pseudonyms social, education and health exchange
for cross-service statistics. ``spbe up`` makes it on first use and gives it to those subgraphs
only; ``spbe serve`` reads it when there is one (without it the cross-service statistics answer
``LINKAGE_UNAVAILABLE`` and everything else is served).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from gateway.access.seal import Sealer, load_secret
from subgraphs.common.linkage import LINKAGE_ENV, Linkage

__all__ = [
    "LINKAGE_FILE",
    "SECRET_ENV",
    "SECRET_FILE",
    "ensure_linkage",
    "ensure_subgraph_secret",
    "find_linkage",
    "find_subgraph_secret",
    "sealer_for",
    "secret_path",
]

#: Environment variable that overrides the data folder's secret.
SECRET_ENV = "SPBE_SUBGRAPH_SECRET"
#: File name of the secret inside the data folder.
SECRET_FILE = "subgraph-secret"
#: File name of the statistics linkage secret inside the data folder.
LINKAGE_FILE = "linkage-secret"


def secret_path(data_dir: Path) -> Path:
    """Where the data folder keeps its subgraph secret."""
    return data_dir / SECRET_FILE


def _checked(text: str, source: str) -> str:
    text = text.strip()
    try:
        load_secret(text)
    except ValueError as exc:
        raise ValueError(f"{source}: {exc}") from None
    return text


def find_subgraph_secret(data_dir: Path, environ: Mapping[str, str] | None = None) -> str | None:
    """The configured secret (``SPBE_SUBGRAPH_SECRET``, else the data folder's file), or None.
    ``ValueError`` if the one found is too short."""
    env = os.environ if environ is None else environ
    text = env.get(SECRET_ENV, "").strip()
    if text:
        return _checked(text, SECRET_ENV)
    path = secret_path(data_dir)
    try:
        return _checked(path.read_text(encoding="ascii"), str(path))
    except FileNotFoundError:
        return None


def ensure_subgraph_secret(data_dir: Path, environ: Mapping[str, str] | None = None) -> str:
    """The configured secret, making ``<data_dir>/subgraph-secret`` (mode 0600) if there is none."""
    found = find_subgraph_secret(data_dir, environ)
    if found is not None:
        return found
    path = secret_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made meanwhile by another process: use theirs
        return _checked(path.read_text(encoding="ascii"), str(path))
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(text + "\n")
    os.chmod(path, 0o600)  # in case the umask took bits away (it cannot add any)
    return text


def sealer_for(secret: str) -> Sealer:
    """The :class:`~gateway.access.seal.Sealer` of a configured secret."""
    return Sealer(load_secret(secret))


def _linkage(text: str, source: str) -> Linkage:
    try:
        return Linkage.from_hex(text)
    except ValueError as exc:
        raise ValueError(f"{source}: {exc}") from None


def find_linkage(data_dir: Path, environ: Mapping[str, str] | None = None) -> Linkage | None:
    """The configured linkage (``SPBE_LINKAGE_SECRET``, else the data folder's file), or None.
    ``ValueError`` if the one found is malformed or short."""
    env = os.environ if environ is None else environ
    text = env.get(LINKAGE_ENV, "").strip()
    if text:
        return _linkage(text, LINKAGE_ENV)
    path = data_dir / LINKAGE_FILE
    try:
        return _linkage(path.read_text(encoding="ascii"), str(path))
    except FileNotFoundError:
        return None


def ensure_linkage(data_dir: Path, environ: Mapping[str, str] | None = None) -> Linkage:
    """The configured linkage, making ``<data_dir>/linkage-secret`` (mode 0600) if there is none."""
    found = find_linkage(data_dir, environ)
    if found is not None:
        return found
    path = data_dir / LINKAGE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made meanwhile by another process: use theirs
        return _linkage(path.read_text(encoding="ascii"), str(path))
    text = secrets.token_hex(32)
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(text + "\n")
    os.chmod(path, 0o600)
    return _linkage(text, str(path))
