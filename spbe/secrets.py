"""The secret the gateway shares with the subgraphs it signs requests for (sealed subgraphs).

``spbe up`` keeps one per data folder in ``<data_dir>/subgraph-secret`` (64 hex characters,
file mode 0600), made on first use; ``SPBE_SUBGRAPH_SECRET`` overrides it. ``spbe serve`` and
``spbe compose`` read it the same way but never make one: a subgraph served alone must share
the gateway's secret, so a missing one is an error (``--insecure-dev`` serves unsealed).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from gateway.access.seal import Sealer, load_secret

__all__ = [
    "SECRET_ENV",
    "SECRET_FILE",
    "ensure_subgraph_secret",
    "find_subgraph_secret",
    "sealer_for",
    "secret_path",
]

#: Environment variable that overrides the data folder's secret.
SECRET_ENV = "SPBE_SUBGRAPH_SECRET"
#: File name of the secret inside the data folder.
SECRET_FILE = "subgraph-secret"


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
