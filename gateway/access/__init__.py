"""Access control: callers, scopes, consent decisions, the trail, and sealed subgraphs
(docs/access.md)."""

from gateway.access.caller import ANONYMOUS, Caller, CallerKind
from gateway.access.seal import Sealer, SealError, load_secret

__all__ = ["ANONYMOUS", "Caller", "CallerKind", "SealError", "Sealer", "load_secret"]
