"""What a citizen's personal fields ask of the caller: a scope, and the citizen's consent.

Implements docs/subgraphs.md, "Guards". Each service's fields on ``Citizen`` form one consent
category (``identity``, ``health``, ``education``, ``police``). Reading them needs

- ``@requiresScopes(scopes: [["<category>:read"], ["citizen"]])``: an agency allowed to read the
  category, or the citizen themself (the data subject); and
- ``@policy(policies: [["consent:<category>"]])``: the citizen's consent to that category, which
  the gateway decides per citizen at the entity boundary (:mod:`gateway.supergraph.auth`).

A record reached through a *reference entity* (a payment's link to the SIM it paid for,
docs/payments.md) is guarded the same way by :func:`reference_field`: its policy
``consent:<category>:<subjectField>`` names the key field of the reference that is the data
subject (the holder's NIK), since such a key has several fields (docs/access.md, "Categories").

Guarded fields are nullable in the schema, so a caller denied one citizen's consent gets ``null``
for that field (with an error) and keeps the rest of the answer. The subgraphs only declare the
requirements; the gateway enforces them.
"""

from __future__ import annotations

from typing import Any, Final

import strawberry

__all__ = [
    "CITIZEN_SCOPE",
    "CONSENT_PREFIX",
    "consent_policy",
    "personal_field",
    "read_scopes",
    "reference_field",
]

#: The scope of a signed-in citizen reading their own data.
CITIZEN_SCOPE: Final = "citizen"

#: Policies named ``consent:<category>`` are consent categories (gateway.supergraph.auth).
CONSENT_PREFIX: Final = "consent:"


def read_scopes(category: str) -> list[list[str]]:
    """``<category>:read`` or ``citizen``: either scope alone suffices."""
    return [[f"{category}:read"], [CITIZEN_SCOPE]]


def consent_policy(category: str, subject: str | None = None) -> list[list[str]]:
    """The citizen's consent to ``category``; ``subject`` names the key field that identifies the
    citizen when the key has several fields."""
    suffix = f":{subject}" if subject is not None else ""
    return [[f"{CONSENT_PREFIX}{category}{suffix}"]]


def personal_field(category: str, graphql_type: Any = None, *, description: str | None = None) -> Any:
    """A ``Citizen`` field of ``category``, guarded by :func:`read_scopes` and :func:`consent_policy`.

    ``graphql_type`` is the (nullable) GraphQL type when it differs from the Python annotation: the
    Python attribute keeps the type the database gives, the schema says ``null`` may come instead.
    Works as a decorator on a resolver too (whose return annotation then gives the type).
    """
    return strawberry.federation.field(
        description=description,
        graphql_type=graphql_type,
        requires_scopes=read_scopes(category),
        policy=consent_policy(category),
    )


def reference_field(category: str, subject: str, *, description: str | None = None) -> Any:
    """A field of a reference entity (``@key`` of several fields, one of them ``subject``, the
    holder's NIK) returning a record of ``category``: guarded by :func:`read_scopes` and by the
    consent of the citizen that ``subject`` names (``consent:<category>:<subject>``). A decorator
    on a resolver whose return annotation is nullable."""
    return strawberry.federation.field(
        description=description,
        requires_scopes=read_scopes(category),
        policy=consent_policy(category, subject),
    )
