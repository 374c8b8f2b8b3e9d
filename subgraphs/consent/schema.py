"""GraphQL schema of the consent registry: purposes, agencies, consents, mandates and the trail.

Implements docs/consent.md and docs/access.md ("The registry", "The trail") for UU 27/2022 on
personal data protection: consent is explicit and purpose-bound (Pasal 20 ayat 2 huruf a,
Pasal 22: each consent names one agency, its data categories, one purpose with the plain-language
text the citizen was shown, and a validity period), provable (Pasal 24: terms are never changed,
every change is a new event, the method and evidence are recorded) and withdrawable (Pasal 9,
Pasal 40: pause, resume, revoke); a child's data needs a parent's or guardian's consent (Pasal 25:
a guardian acts for the minors in ``Caller.wards``); a citizen may ask who processed their data
(Pasal 7, Pasal 32: ``myAccessLog``). Mandates are the other legal bases (Pasal 20 ayat 2 huruf
b-f).

Authorization is by the caller the gateway signed (``info.context.caller``), deny by default; the
``@authenticated`` / ``@requiresScopes`` directives let the gateway drop fields before planning,
and every resolver checks again. Resolvers never run SQL: reads go through the request's loaders
(:mod:`subgraphs.consent.loaders`) or a query function, writes through the functions of
:mod:`subgraphs.consent.queries` inside ``conn.transaction()``.

Errors (``extensions.code``)::

    FORBIDDEN                the caller may not do this (not signed in, not self or guardian, not admin)
    NOT_FOUND                no consent or mandate with this id
    CONSENT_STATE_CONFLICT   the consent's state does not allow the change (e.g. resume an active one)
    MANDATE_STATE_CONFLICT   the mandate was revoked already
    BAD_USER_INPUT           unknown agency or purpose, no categories, a validity period out of bounds
    INVALID_REGION_CODE      a mandate region that is not a Kemendagri code (2, 4, 6 or 10 digits)
    INVALID_NIK              a NIK filter (admin, agency) that is not a plausible NIK
"""

from __future__ import annotations

import datetime
import enum
import logging
import uuid
from typing import TYPE_CHECKING, cast

import asyncpg
import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from gateway.access.caller import Caller, CallerKind
from subgraphs.common.errors import client_error
from subgraphs.common.nik import require_nik
from subgraphs.common.region import require_region_code
from subgraphs.common.schema import SubgraphSchema
from subgraphs.consent import queries

if TYPE_CHECKING:
    from subgraphs.consent.loaders import Loaders

__all__ = [
    "BAD_USER_INPUT",
    "CONSENT_STATE_CONFLICT",
    "FORBIDDEN",
    "MANDATE_STATE_CONFLICT",
    "MAX_CONSENT_YEARS",
    "MAX_LOG_ENTRIES",
    "MAX_MANDATE_REGIONS",
    "NOT_FOUND",
    "AccessEntry",
    "Agency",
    "Consent",
    "ConsentEvent",
    "ConsentMethod",
    "ConsentStatus",
    "CreateMandateInput",
    "DataCategory",
    "GrantConsentInput",
    "LegalBasis",
    "Mandate",
    "Mutation",
    "Purpose",
    "Query",
    "access_entry_from_row",
    "agency_from_row",
    "consent_event_from_row",
    "consent_from_row",
    "mandate_from_row",
    "purpose_from_row",
    "schema",
]

FORBIDDEN = "FORBIDDEN"
NOT_FOUND = "NOT_FOUND"
CONSENT_STATE_CONFLICT = "CONSENT_STATE_CONFLICT"
MANDATE_STATE_CONFLICT = "MANDATE_STATE_CONFLICT"
BAD_USER_INPUT = "BAD_USER_INPUT"

#: Longest validity of one consent, in years from its ``validFrom``.
MAX_CONSENT_YEARS = 5

#: Most regions one mandate may name (a mandate for more is a national one, or several mandates).
MAX_MANDATE_REGIONS = 100

#: Most trail entries one request answers (``limit`` is capped to it).
MAX_LOG_ENTRIES = 1000

#: How far in the past a consent's ``validFrom`` may lie (clock skew): consent is never retroactive.
_BACKDATING_TOLERANCE = datetime.timedelta(minutes=5)

_CITIZEN_SCOPE = "citizen"
_ADMIN_SCOPE = "admin"

_log = logging.getLogger("subgraphs.consent")


def _loaders(info: Info) -> Loaders:
    return cast("Loaders", info.context.loaders)


def _caller(info: Info) -> Caller:
    caller: Caller = info.context.caller
    return caller


# Types --------------------------------------------------------------------------------------


@strawberry.enum(description="A category of personal data (stored lower-case: 'health').")
class DataCategory(enum.Enum):
    IDENTITY = "identity"
    HEALTH = "health"
    EDUCATION = "education"
    POLICE = "police"
    SOCIAL = "social"
    CIVILSERVICE = "civilservice"
    PAYMENTS = "payments"


@strawberry.enum(description="State of a consent; EXPIRED is an ACTIVE or PAUSED one past its validUntil.")
class ConsentStatus(enum.Enum):
    ACTIVE = "ACTIVE"
    PAUSED = "PAUSED"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"


@strawberry.enum(description="How a consent was given.")
class ConsentMethod(enum.Enum):
    IN_APP = "IN_APP"
    WRITTEN = "WRITTEN"
    RECORDED_VERBAL = "RECORDED_VERBAL"


@strawberry.enum(description="The legal basis of a mandate other than consent (UU 27/2022 Pasal 20).")
class LegalBasis(enum.Enum):
    LEGAL_OBLIGATION = "LEGAL_OBLIGATION"
    PUBLIC_TASK = "PUBLIC_TASK"
    VITAL_INTEREST = "VITAL_INTEREST"


@strawberry.federation.type(keys=["code"], description="Why personal data is processed, in plain words.")
class Purpose:
    code: str
    text_id: str = strawberry.field(description="What the citizen is shown, in Indonesian.")
    text_en: str = strawberry.field(description="What the citizen is shown, in English.")

    @classmethod
    async def resolve_reference(cls, info: Info, code: str) -> Purpose | None:
        return await _loaders(info).purposes.load(code)


@strawberry.federation.type(keys=["code"], description="A government agency that asks for personal data.")
class Agency:
    code: str
    name: str

    @classmethod
    async def resolve_reference(cls, info: Info, code: str) -> Agency | None:
        return await _loaders(info).agencies.load(code)


async def _agency(info: Info, code: str) -> Agency:
    found = await _loaders(info).agencies.load(code)
    return found if found is not None else Agency(code=code, name=code)  # a foreign key makes this moot


async def _purpose(info: Info, code: str) -> Purpose:
    found = await _loaders(info).purposes.load(code)
    return found if found is not None else Purpose(code=code, text_id=code, text_en=code)


async def _agency_of(root: Consent | Mandate, info: Info) -> Agency:
    return await _agency(info, root.agency_code)


async def _purpose_of(root: Consent | Mandate, info: Info) -> Purpose:
    return await _purpose(info, root.purpose_code)


async def _history(root: Consent, info: Info) -> list[ConsentEvent]:
    return await _loaders(info).history.load(root.key)


async def _entry_agency(root: AccessEntry, info: Info) -> Agency | None:
    return None if root.agency_code is None else await _agency(info, root.agency_code)


async def _entry_purpose(root: AccessEntry, info: Info) -> Purpose | None:
    return None if root.purpose_code is None else await _loaders(info).purposes.load(root.purpose_code)


@strawberry.type(description="One change of a consent's state; a consent's history is never rewritten.")
class ConsentEvent:
    at: datetime.datetime
    action: str = strawberry.field(description="GRANT, PAUSE, RESUME or REVOKE.")
    status: str = strawberry.field(description="The status after it: ACTIVE, PAUSED or REVOKED.")
    actor_as: str = strawberry.field(description="SELF, GUARDIAN, ADMIN or SYSTEM.")
    reason: str | None


@strawberry.type(description="A citizen's consent to one agency, for some data categories and one purpose.")
class Consent:
    id: strawberry.ID
    key: strawberry.Private[uuid.UUID]
    citizen_nik: str = strawberry.field(description="The citizen the data is about.")
    agency_code: strawberry.Private[str]
    agency: Agency = strawberry.field(resolver=_agency_of, description="The agency it is given to.")
    categories: list[DataCategory]
    purpose_code: strawberry.Private[str]
    purpose: Purpose = strawberry.field(resolver=_purpose_of, description="The purpose it is given for.")
    purpose_text_id: str = strawberry.field(description="The purpose as shown when consent was given.")
    purpose_text_en: str = strawberry.field(description="The purpose as shown when consent was given.")
    valid_from: datetime.datetime
    valid_until: datetime.datetime
    status: ConsentStatus
    given_by_nik: str = strawberry.field(description="Who gave it: the citizen, or their guardian.")
    given_as: str = strawberry.field(description="SELF or GUARDIAN.")
    method: ConsentMethod
    evidence: str = strawberry.field(description="How it was recorded: app session, form number...")
    recorded_at: datetime.datetime

    history: list[ConsentEvent] = strawberry.field(
        resolver=_history, description="Every change of state, oldest first (the first is the GRANT)."
    )


@strawberry.type(description="A legal basis other than consent for an agency to read some categories.")
class Mandate:
    id: strawberry.ID
    agency_code: strawberry.Private[str]
    agency: Agency = strawberry.field(resolver=_agency_of)
    categories: list[DataCategory]
    regions: list[str] = strawberry.field(
        description=(
            "Region codes (undotted: province 2, regency 4, district 6, village 10 digits) the mandate "
            "is limited to: it covers a citizen only when their domicile lies in one of them. Empty: "
            'national (docs/consent.md, "Regional mandates").'
        )
    )
    purpose_code: strawberry.Private[str]
    purpose: Purpose = strawberry.field(resolver=_purpose_of)
    legal_basis: LegalBasis
    legal_reference: str = strawberry.field(description="The law or regulation, e.g. 'UU 36/2009 Pasal 154'.")
    valid_from: datetime.datetime
    valid_until: datetime.datetime
    created_by: str = strawberry.field(description="<agency>/<key id> of the admin who created it.")
    created_at: datetime.datetime
    revoked_at: datetime.datetime | None
    revoked_by: str | None
    revoke_reason: str | None
    active: bool = strawberry.field(description="Not revoked, and validFrom <= now < validUntil.")


@strawberry.type(description="One decision about a citizen's personal data, from the tamper-evident trail.")
class AccessEntry:
    id: strawberry.ID
    at: datetime.datetime
    request_id: str
    operation_name: str | None
    caller_kind: str = strawberry.field(description="AGENCY, CITIZEN or ANONYMOUS.")
    agency_code: strawberry.Private[str | None]
    agency: Agency | None = strawberry.field(
        resolver=_entry_agency, description="The agency that asked; null for a citizen (or anonymous) caller."
    )
    key_id: str | None
    actor_nik: str | None = strawberry.field(description="The citizen who asked, for a citizen caller.")
    subject_nik: str = strawberry.field(description="The citizen the data is about.")
    category: DataCategory
    fields: list[str] = strawberry.field(description="The fields asked for, as Type.field.")
    purpose_code: strawberry.Private[str | None]
    purpose: Purpose | None = strawberry.field(
        resolver=_entry_purpose, description="The purpose given; null if none (or an unknown code) was given."
    )
    basis: str = strawberry.field(description="CONSENT, MANDATE, SELF, GUARDIAN or NONE.")
    basis_id: str | None = strawberry.field(description="The consent's or mandate's id.")
    decision: str = strawberry.field(description="ALLOW or DENY.")
    reason: str | None = strawberry.field(description="Why it was denied, e.g. CONSENT_REVOKED.")


def purpose_from_row(row: asyncpg.Record) -> Purpose:
    return Purpose(code=row["code"], text_id=row["text_id"], text_en=row["text_en"])


def agency_from_row(row: asyncpg.Record) -> Agency:
    return Agency(code=row["code"], name=row["name"])


def consent_from_row(row: asyncpg.Record) -> Consent:
    return Consent(
        id=strawberry.ID(str(row["id"])),
        key=row["id"],
        citizen_nik=row["citizen_nik"],
        agency_code=row["agency"],
        categories=[DataCategory(c) for c in row["categories"]],
        purpose_code=row["purpose"],
        purpose_text_id=row["purpose_text_id"],
        purpose_text_en=row["purpose_text_en"],
        valid_from=row["valid_from"],
        valid_until=row["valid_until"],
        status=ConsentStatus(row["status"]),
        given_by_nik=row["given_by_nik"],
        given_as=row["given_as"],
        method=ConsentMethod(row["method"]),
        evidence=row["evidence"],
        recorded_at=row["recorded_at"],
    )


def consent_event_from_row(row: asyncpg.Record) -> ConsentEvent:
    return ConsentEvent(
        at=row["at"],
        action=row["action"],
        status=row["status"],
        actor_as=row["actor_as"],
        reason=row["reason"],
    )


def mandate_from_row(row: asyncpg.Record) -> Mandate:
    return Mandate(
        id=strawberry.ID(str(row["id"])),
        agency_code=row["agency"],
        categories=[DataCategory(c) for c in row["categories"]],
        regions=list(row["regions"]),
        purpose_code=row["purpose"],
        legal_basis=LegalBasis(row["legal_basis"]),
        legal_reference=row["legal_reference"],
        valid_from=row["valid_from"],
        valid_until=row["valid_until"],
        created_by=row["created_by"],
        created_at=row["created_at"],
        revoked_at=row["revoked_at"],
        revoked_by=row["revoked_by"],
        revoke_reason=row["revoke_reason"],
        active=row["active"],
    )


def access_entry_from_row(row: asyncpg.Record) -> AccessEntry:
    return AccessEntry(
        id=strawberry.ID(str(row["id"])),
        at=row["at"],
        request_id=row["request_id"],
        operation_name=row["operation_name"],
        caller_kind=row["caller_kind"],
        agency_code=row["agency"],
        key_id=row["key_id"],
        actor_nik=row["actor_nik"],
        subject_nik=row["subject_nik"],
        category=DataCategory(row["category"]),
        fields=list(row["fields"]),
        purpose_code=row["purpose"],
        basis=row["basis"],
        basis_id=row["basis_id"],
        decision=row["decision"],
        reason=row["reason"],
    )


# Inputs -------------------------------------------------------------------------------------


@strawberry.input(description="A consent to record. The caller gives it for themself or for a ward.")
class GrantConsentInput:
    agency: str = strawberry.field(description="Code of the agency the consent is given to.")
    categories: list[DataCategory]
    purpose: str = strawberry.field(description="Code of the purpose.")
    valid_until: datetime.datetime = strawberry.field(
        description=f"End of validity: in the future, at most {MAX_CONSENT_YEARS} years after validFrom."
    )
    citizen_nik: str | None = strawberry.field(
        default=None, description="The citizen the data is about: the caller (default) or one of their wards."
    )
    valid_from: datetime.datetime | None = strawberry.field(
        default=None, description="Start of validity (default: now); never in the past."
    )
    method: ConsentMethod = ConsentMethod.IN_APP
    evidence: str | None = strawberry.field(
        default=None,
        description="How it was recorded (form number, recording id); required unless method is IN_APP.",
    )


@strawberry.input(description="A mandate to record (admin only).")
class CreateMandateInput:
    agency: str
    categories: list[DataCategory]
    purpose: str
    legal_basis: LegalBasis
    legal_reference: str = strawberry.field(description="The law or regulation that gives the mandate.")
    valid_until: datetime.datetime
    valid_from: datetime.datetime | None = strawberry.field(default=None, description="Default: now.")
    regions: list[str] | None = strawberry.field(
        default=None,
        description=(
            f"Limit the mandate to these regions (Kemendagri codes, dotted or not; at most "
            f"{MAX_MANDATE_REGIONS}). Omitted or empty: national. Set once: a mandate is never edited."
        ),
    )


# Authorization ------------------------------------------------------------------------------


def _forbidden(message: str) -> GraphQLError:
    return client_error(message, FORBIDDEN)


def _bad_input(message: str) -> GraphQLError:
    return client_error(message, BAD_USER_INPUT)


def _require_citizen(caller: Caller) -> str:
    """The NIK of a signed-in citizen caller, else FORBIDDEN."""
    if caller.kind is not CallerKind.CITIZEN or not caller.citizen or _CITIZEN_SCOPE not in caller.scopes:
        raise _forbidden("Only a signed-in citizen may do this.")
    return caller.citizen


def _acting_as(caller: Caller, subject_nik: str) -> str:
    """SELF or GUARDIAN: how the citizen caller may act for ``subject_nik``; else FORBIDDEN."""
    me = _require_citizen(caller)
    if subject_nik == me:
        return "SELF"
    if subject_nik in caller.wards:
        return "GUARDIAN"
    raise _forbidden("You may act only for yourself or for a child you are the parent or guardian of.")


def _subject(caller: Caller, citizen: str | None) -> tuple[str, str]:
    """The citizen asked about (the caller by default) and SELF or GUARDIAN."""
    subject = _require_citizen(caller) if citizen is None else citizen
    return subject, _acting_as(caller, subject)


def _require_agency(caller: Caller) -> str:
    """The agency code of an agency caller, else FORBIDDEN."""
    if caller.kind is not CallerKind.AGENCY or not caller.agency:
        raise _forbidden("Only an agency may do this.")
    return caller.agency


def _is_admin(caller: Caller) -> bool:
    return caller.kind is CallerKind.AGENCY and bool(caller.agency) and _ADMIN_SCOPE in caller.scopes


def _require_admin(caller: Caller) -> str:
    """``<agency>/<key id>`` of an admin caller (for created_by / revoked_by), else FORBIDDEN."""
    if not _is_admin(caller):
        raise _forbidden("Only an administrator may do this.")
    return f"{caller.agency}/{caller.key_id or '-'}"


# Arguments ----------------------------------------------------------------------------------


def _limit(limit: int | None) -> int:
    if limit is None:
        return 100
    if limit < 1:
        raise _bad_input("limit must be at least 1.")
    return min(limit, MAX_LOG_ENTRIES)


def _aware(value: datetime.datetime, name: str) -> datetime.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise _bad_input(f"{name} must carry a time zone, e.g. 2027-01-31T00:00:00+07:00.")
    return value


def _before(value: datetime.datetime | None) -> datetime.datetime | None:
    return None if value is None else _aware(value, "before")


def _add_years(moment: datetime.datetime, years: int) -> datetime.datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


def _categories(values: list[DataCategory]) -> list[str]:
    if not values:
        raise _bad_input("Name at least one data category.")
    return list(dict.fromkeys(category.value for category in values))


def _regions(values: list[str] | None) -> list[str]:
    """Undotted, distinct, sorted region codes; ``INVALID_REGION_CODE`` for a malformed one."""
    if values and len(values) > MAX_MANDATE_REGIONS:
        raise _bad_input(f"A mandate names at most {MAX_MANDATE_REGIONS} regions.")
    return sorted({require_region_code(value.strip()) for value in values or ()})


def _parse_id(value: str, kind: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise client_error(f"No {kind} has this id.", NOT_FOUND) from None


async def _require_reference(conn: asyncpg.Connection, agency: str, purpose: str) -> None:
    if not await queries.agencies_by_code(conn, [agency]):
        raise _bad_input(f"Unknown agency {agency!r}; see the agencies query.")
    if not await queries.purposes_by_code(conn, [purpose]):
        raise _bad_input(f"Unknown purpose {purpose!r}; see the purposes query.")


_VERBS = {"PAUSE": "paused", "RESUME": "resumed", "REVOKE": "revoked"}
_STATE_WORDS = {
    "ACTIVE": "is active",
    "PAUSED": "is paused",
    "REVOKED": "was revoked",
    "EXPIRED": "has expired",
}


def _state_conflict(action: str, status: str) -> GraphQLError:
    hint = {
        "PAUSE": "only an active consent can be paused",
        "RESUME": "only a paused consent can be resumed",
        "REVOKE": "only an active or paused consent can be revoked",
    }[action]
    if status in ("REVOKED", "EXPIRED"):
        hint += "; grant a new consent instead"
    return client_error(
        f"This consent {_STATE_WORDS.get(status, status.lower())}, so it cannot be {_VERBS[action]}: {hint}.",
        CONSENT_STATE_CONFLICT,
    )


# Roots --------------------------------------------------------------------------------------


@strawberry.type
class Query:
    @strawberry.field(description="Every purpose, by code (public).")
    async def purposes(self, info: Info) -> list[Purpose] | None:
        return [purpose_from_row(row) for row in await queries.all_purposes(info.context.pool)]

    @strawberry.field(description="The purpose with this code, or null (public).")
    async def purpose(self, info: Info, code: str) -> Purpose | None:
        return await _loaders(info).purposes.load(code)

    @strawberry.field(description="Every agency, by code (public).")
    async def agencies(self, info: Info) -> list[Agency] | None:
        return [agency_from_row(row) for row in await queries.all_agencies(info.context.pool)]

    @strawberry.federation.field(
        requires_scopes=[[_CITIZEN_SCOPE]],
        authenticated=True,
        description="The caller's consents, or a ward's (citizen: the ward's NIK); newest first.",
    )
    async def my_consents(self, info: Info, citizen: str | None = None) -> list[Consent] | None:
        subject, _ = _subject(_caller(info), citizen)
        return await _loaders(info).consents_of.load(subject)

    @strawberry.federation.field(
        requires_scopes=[[_CITIZEN_SCOPE]],
        authenticated=True,
        description=(
            "Who looked at the caller's (or a ward's) data, which category, when, why and on what "
            f"basis; newest first, entries strictly before `before`, at most `limit` (<= {MAX_LOG_ENTRIES})."
        ),
    )
    async def my_access_log(
        self,
        info: Info,
        citizen: str | None = None,
        limit: int | None = 100,
        before: datetime.datetime | None = None,
    ) -> list[AccessEntry] | None:
        subject, _ = _subject(_caller(info), citizen)
        rows = await queries.access_entries(
            info.context.pool, subject_nik=subject, before=_before(before), limit=_limit(limit)
        )
        return [access_entry_from_row(row) for row in rows]

    @strawberry.federation.field(
        authenticated=True,
        description=(
            "The trail for agencies: an agency sees its own entries, an admin everyone's (filtered by "
            "agency and subjectNik); newest first."
        ),
    )
    async def access_log(
        self,
        info: Info,
        agency: str | None = None,
        subject_nik: str | None = None,
        limit: int | None = 100,
        before: datetime.datetime | None = None,
    ) -> list[AccessEntry] | None:
        caller = _caller(info)
        own = _require_agency(caller)
        if not _is_admin(caller):
            if agency is not None and agency != own:
                raise _forbidden("An agency may read only its own entries of the trail.")
            agency = own
        subject = None if subject_nik is None else require_nik(subject_nik)
        rows = await queries.access_entries(
            info.context.pool, agency=agency, subject_nik=subject, before=_before(before), limit=_limit(limit)
        )
        return [access_entry_from_row(row) for row in rows]

    @strawberry.federation.field(
        requires_scopes=[[_ADMIN_SCOPE]],
        authenticated=True,
        description="Consents about citizenNik and/or given to agency, newest first (admin).",
    )
    async def consents(
        self, info: Info, citizen_nik: str | None = None, agency: str | None = None
    ) -> list[Consent] | None:
        _require_admin(_caller(info))
        subject = None if citizen_nik is None else require_nik(citizen_nik)
        rows = await queries.consents_matching(info.context.pool, citizen_nik=subject, agency=agency)
        return [consent_from_row(row) for row in rows]

    @strawberry.federation.field(
        requires_scopes=[[_ADMIN_SCOPE]],
        authenticated=True,
        description="Mandates, of one agency or all, newest first (admin).",
    )
    async def mandates(
        self, info: Info, agency: str | None = None, active_only: bool | None = False
    ) -> list[Mandate] | None:
        _require_admin(_caller(info))
        rows = await queries.mandates_matching(
            info.context.pool, agency=agency, active_only=bool(active_only)
        )
        return [mandate_from_row(row) for row in rows]

    @strawberry.federation.field(
        authenticated=True, description="The calling agency's own mandates, newest first."
    )
    async def my_mandates(self, info: Info) -> list[Mandate] | None:
        own = _require_agency(_caller(info))
        rows = await queries.mandates_matching(info.context.pool, agency=own)
        return [mandate_from_row(row) for row in rows]


async def _change_consent(info: Info, id: strawberry.ID, action: str, reason: str | None) -> Consent:
    """PAUSE, RESUME or REVOKE a consent for its citizen or their guardian, in one transaction."""
    caller = _caller(info)
    actor = _require_citizen(caller)
    consent_id = _parse_id(id, "consent")
    async with info.context.pool.acquire() as conn, conn.transaction():
        rows = await queries.consents_by_id(conn, [consent_id])
        if not rows:
            raise client_error("No consent has this id.", NOT_FOUND)
        subject = rows[0]["citizen_nik"]
        actor_as = _acting_as(caller, subject)
        status = rows[0]["status"]
        if status == "EXPIRED" and action != "REVOKE":
            raise _state_conflict(action, status)
        try:
            await queries.add_consent_event(
                conn,
                consent_id,
                action,
                actor_nik=actor,
                actor_as=actor_as,
                reason=reason,
                request_id=caller.request_id or None,
            )
        except asyncpg.CheckViolationError:
            raise _state_conflict(action, status) from None
        [row] = await queries.consents_by_id(conn, [consent_id])
    _log.info("consent %s: %s as %s (request %s)", consent_id, action, actor_as, caller.request_id)
    loaders = _loaders(info)
    loaders.history.clear(consent_id)
    loaders.consents.clear(consent_id)
    loaders.consents_of.clear(subject)
    return consent_from_row(row)


async def _mandate(conn: asyncpg.Connection, mandate_id: uuid.UUID) -> Mandate:
    [row] = await queries.mandates_by_id(conn, [mandate_id])
    return mandate_from_row(row)


@strawberry.type
class Mutation:
    @strawberry.federation.mutation(
        requires_scopes=[[_CITIZEN_SCOPE]],
        authenticated=True,
        description="Record a consent given by the caller, for themself or for a ward.",
    )
    async def grant_consent(self, info: Info, input: GrantConsentInput) -> Consent:
        caller = _caller(info)
        subject, given_as = _subject(caller, input.citizen_nik)
        categories = _categories(input.categories)
        now = datetime.datetime.now(datetime.UTC)
        valid_from = now if input.valid_from is None else _aware(input.valid_from, "validFrom")
        valid_until = _aware(input.valid_until, "validUntil")
        if valid_from < now - _BACKDATING_TOLERANCE:
            raise _bad_input("validFrom cannot be in the past: consent covers only what comes after it.")
        if valid_until <= valid_from:
            raise _bad_input("validUntil must be after validFrom.")
        if valid_until <= now:
            raise _bad_input("validUntil must be in the future.")
        if valid_until > _add_years(valid_from, MAX_CONSENT_YEARS):
            raise _bad_input(
                f"A consent lasts at most {MAX_CONSENT_YEARS} years; choose an earlier validUntil."
            )
        evidence = (input.evidence or "").strip()
        if not evidence:
            if input.method is not ConsentMethod.IN_APP:
                raise _bad_input("Evidence (form number, recording id) is required for this method.")
            evidence = f"in-app confirmation, request {caller.request_id or 'unknown'}"
        async with info.context.pool.acquire() as conn, conn.transaction():
            await _require_reference(conn, input.agency, input.purpose)
            consent_id = await queries.insert_consent(
                conn,
                citizen_nik=subject,
                agency=input.agency,
                categories=categories,
                purpose=input.purpose,
                valid_from=valid_from,
                valid_until=valid_until,
                given_by_nik=_require_citizen(caller),
                given_as=given_as,
                method=input.method.value,
                evidence=evidence,
                request_id=caller.request_id or None,
            )
            await queries.add_consent_event(
                conn,
                consent_id,
                "GRANT",
                actor_nik=caller.citizen,
                actor_as=given_as,
                request_id=caller.request_id or None,
            )
            [row] = await queries.consents_by_id(conn, [consent_id])
        _log.info("consent %s: GRANT as %s (request %s)", consent_id, given_as, caller.request_id)
        _loaders(info).consents_of.clear(subject)
        return consent_from_row(row)

    @strawberry.federation.mutation(
        requires_scopes=[[_CITIZEN_SCOPE]],
        authenticated=True,
        description="Pause an active consent (the agency may not use it until it is resumed).",
    )
    async def pause_consent(self, info: Info, id: strawberry.ID, reason: str | None = None) -> Consent:
        return await _change_consent(info, id, "PAUSE", reason)

    @strawberry.federation.mutation(
        requires_scopes=[[_CITIZEN_SCOPE]], authenticated=True, description="Resume a paused consent."
    )
    async def resume_consent(self, info: Info, id: strawberry.ID) -> Consent:
        return await _change_consent(info, id, "RESUME", None)

    @strawberry.federation.mutation(
        requires_scopes=[[_CITIZEN_SCOPE]],
        authenticated=True,
        description="Withdraw a consent for good (it stays on record, with its history).",
    )
    async def revoke_consent(self, info: Info, id: strawberry.ID, reason: str | None = None) -> Consent:
        return await _change_consent(info, id, "REVOKE", reason)

    @strawberry.federation.mutation(
        requires_scopes=[[_ADMIN_SCOPE]], authenticated=True, description="Record a mandate (admin)."
    )
    async def create_mandate(self, info: Info, input: CreateMandateInput) -> Mandate:
        created_by = _require_admin(_caller(info))
        categories = _categories(input.categories)
        regions = _regions(input.regions)
        legal_reference = input.legal_reference.strip()
        if not legal_reference:
            raise _bad_input("Name the law or regulation the mandate rests on (legalReference).")
        now = datetime.datetime.now(datetime.UTC)
        valid_from = now if input.valid_from is None else _aware(input.valid_from, "validFrom")
        valid_until = _aware(input.valid_until, "validUntil")
        if valid_until <= valid_from:
            raise _bad_input("validUntil must be after validFrom.")
        if valid_until <= now:
            raise _bad_input("validUntil must be in the future.")
        async with info.context.pool.acquire() as conn, conn.transaction():
            await _require_reference(conn, input.agency, input.purpose)
            mandate_id = await queries.insert_mandate(
                conn,
                agency=input.agency,
                categories=categories,
                purpose=input.purpose,
                legal_basis=input.legal_basis.value,
                legal_reference=legal_reference,
                valid_from=valid_from,
                valid_until=valid_until,
                created_by=created_by,
                regions=regions,
            )
            mandate = await _mandate(conn, mandate_id)
        _log.info("mandate %s created by %s", mandate_id, created_by)
        return mandate

    @strawberry.federation.mutation(
        requires_scopes=[[_ADMIN_SCOPE]], authenticated=True, description="Revoke a mandate, once (admin)."
    )
    async def revoke_mandate(self, info: Info, id: strawberry.ID, reason: str) -> Mandate:
        revoked_by = _require_admin(_caller(info))
        if not reason.strip():
            raise _bad_input("Give the reason the mandate is revoked.")
        mandate_id = _parse_id(id, "mandate")
        async with info.context.pool.acquire() as conn, conn.transaction():
            revoked = await queries.revoke_mandate(
                conn, mandate_id, revoked_by=revoked_by, reason=reason.strip()
            )
            if not revoked:
                if not await queries.mandates_by_id(conn, [mandate_id]):
                    raise client_error("No mandate has this id.", NOT_FOUND)
                raise client_error("This mandate was revoked already.", MANDATE_STATE_CONFLICT)
            mandate = await _mandate(conn, mandate_id)
        _log.info("mandate %s revoked by %s", mandate_id, revoked_by)
        return mandate


schema = SubgraphSchema(query=Query, mutation=Mutation, types=[Purpose, Agency])
