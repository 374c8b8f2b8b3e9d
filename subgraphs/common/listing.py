"""The region rule of the fields that list citizens of a place without their consent (docs/access.md,
"Regional mandates").

Social's ``outreachCandidates`` (docs/social.md, "Outreach") and education's
``School.currentStudents`` (docs/subgraphs.md, "Pupil lists") name citizens, which is personal
data already. No one citizen's consent covers the others on a list, so only a mandate opens it: an
agency key with the field's scope whose agency holds a mandate for the category and the request's
purpose that covers the region (the mandates the gateway signed into the caller). Deny by default;
a refusal is logged for whoever watches for probing (who asked for which place, never a NIK) and
answered ``FORBIDDEN``.
"""

from __future__ import annotations

import logging
from typing import Final, NoReturn

from gateway.access.caller import Caller, CallerKind
from subgraphs.common.errors import client_error

__all__ = ["FORBIDDEN", "may_list", "refuse_list"]

FORBIDDEN: Final = "FORBIDDEN"


def may_list(caller: Caller, *, scope: str, category: str, region: str) -> bool:
    """Whether ``caller`` is an agency key with ``scope`` holding a mandate for ``category`` and
    the request's purpose that covers all of ``region``."""
    return (
        caller.kind is CallerKind.AGENCY
        and scope in caller.scopes
        and caller.purpose is not None
        and any(mandate.covers(category, region) for mandate in caller.mandates)
    )


def refuse_list(log: logging.Logger, caller: Caller, what: str, message: str) -> NoReturn:
    """Log ``what`` (e.g. ``outreach refused: region 3273``) with who asked, and raise the
    ``FORBIDDEN`` error carrying ``message``."""
    log.warning(
        "%s, %s %s key %s purpose %s request %s",
        what, caller.kind.value, caller.agency or "-", caller.key_id or "-", caller.purpose or "-",
        caller.request_id or "-",
    )  # fmt: skip
    raise client_error(message, FORBIDDEN)
