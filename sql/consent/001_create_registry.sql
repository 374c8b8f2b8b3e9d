-- The consent registry (docs/access.md): agencies, purposes, API keys, consents with their
-- history, and mandates. Consents are evidence under UU 27/2022 Pasal 22-25: their terms are
-- never changed once recorded, and every change of state is a new consent_event row.

create table agency (
    code        text primary key check (code ~ '^[A-Z][A-Z0-9_]{1,31}$'),
    name        text not null,
    created_at  timestamptz not null default now()
);

-- Purpose codes with the plain-language text a citizen is shown (Indonesian and English).
create table purpose (
    code        text primary key check (code ~ '^[A-Z][A-Z0-9_]{1,63}$'),
    text_id     text not null,
    text_en     text not null,
    created_at  timestamptz not null default now()
);

-- Partner agencies' API keys: "spbe_<prefix>_<secret>". Only the SHA-256 of the whole key is kept;
-- the prefix is public and finds the row.
create table api_key (
    id            bigint generated always as identity primary key,
    prefix        text not null unique check (prefix ~ '^[a-z0-9]{8,16}$'),
    secret_hash   bytea not null check (length(secret_hash) = 32),
    agency        text not null references agency (code),
    name          text not null,
    scopes        text[] not null,
    created_at    timestamptz not null default now(),
    expires_at    timestamptz,
    revoked_at    timestamptz,
    replaced_by   bigint references api_key (id),
    last_used_at  timestamptz
);

create table consent (
    id               uuid primary key default gen_random_uuid(),
    citizen_nik      text not null check (citizen_nik ~ '^[0-9]{16}$'),
    agency           text not null references agency (code),
    categories       text[] not null check (
                         cardinality(categories) > 0
                         and categories <@ array['identity', 'health', 'education', 'police', 'social']),
    purpose          text not null references purpose (code),
    purpose_text_id  text not null,          -- the text shown when the consent was given
    purpose_text_en  text not null,
    valid_from       timestamptz not null,
    valid_until      timestamptz not null,
    given_by_nik     text not null check (given_by_nik ~ '^[0-9]{16}$'),
    given_as         text not null check (given_as in ('SELF', 'GUARDIAN')),
    method           text not null check (method in ('IN_APP', 'WRITTEN', 'RECORDED_VERBAL')),
    evidence         text not null,          -- how it was recorded: app session, form number...
    request_id       text,
    recorded_at      timestamptz not null default now(),
    check (valid_until > valid_from)
);
create index consent_citizen_idx on consent (citizen_nik, agency);

create table consent_event (
    id          bigint generated always as identity primary key,
    consent_id  uuid not null references consent (id),
    at          timestamptz not null default now(),
    action      text not null check (action in ('GRANT', 'PAUSE', 'RESUME', 'REVOKE')),
    status      text not null check (status in ('ACTIVE', 'PAUSED', 'REVOKED')),
    actor_nik   text,
    actor_as    text not null check (actor_as in ('SELF', 'GUARDIAN', 'ADMIN', 'SYSTEM')),
    reason      text,
    request_id  text
);
create index consent_event_consent_idx on consent_event (consent_id, id);

-- The latest event of each consent (derived: rebuilt by the trigger below from consent_event).
create table consent_state (
    consent_id  uuid primary key references consent (id),
    status      text not null check (status in ('ACTIVE', 'PAUSED', 'REVOKED')),
    changed_at  timestamptz not null,
    event_id    bigint not null references consent_event (id)
);

create function consent_event_apply() returns trigger language plpgsql as $$
declare
    current text;
begin
    select status into current from consent_state where consent_id = new.consent_id for update;
    if new.action = 'GRANT' and current is null then
        new.status := 'ACTIVE';
    elsif new.action = 'PAUSE' and current = 'ACTIVE' then
        new.status := 'PAUSED';
    elsif new.action = 'RESUME' and current = 'PAUSED' then
        new.status := 'ACTIVE';
    elsif new.action = 'REVOKE' and current in ('ACTIVE', 'PAUSED') then
        new.status := 'REVOKED';
    else
        raise exception 'consent % cannot take % when it is %', new.consent_id, new.action,
            coalesce(current, 'not granted') using errcode = 'check_violation';
    end if;
    return new;
end $$;

create function consent_state_apply() returns trigger language plpgsql as $$
begin
    insert into consent_state (consent_id, status, changed_at, event_id)
    values (new.consent_id, new.status, new.at, new.id)
    on conflict (consent_id) do update
        set status = excluded.status, changed_at = excluded.changed_at, event_id = excluded.event_id;
    return null;
end $$;

create trigger consent_event_check before insert on consent_event
    for each row execute function consent_event_apply();
create trigger consent_event_state after insert on consent_event
    for each row execute function consent_state_apply();

-- Legal bases other than consent (UU 27/2022 Pasal 20): a mandate lets an agency read a category
-- for a purpose without individual consent. Revoking one sets revoked_* once; nothing else changes.
create table mandate (
    id               uuid primary key default gen_random_uuid(),
    agency           text not null references agency (code),
    categories       text[] not null check (
                         cardinality(categories) > 0
                         and categories <@ array['identity', 'health', 'education', 'police', 'social']),
    purpose          text not null references purpose (code),
    legal_basis      text not null check (legal_basis in ('LEGAL_OBLIGATION', 'PUBLIC_TASK', 'VITAL_INTEREST')),
    legal_reference  text not null,
    valid_from       timestamptz not null,
    valid_until      timestamptz not null,
    created_by       text not null,
    created_at       timestamptz not null default now(),
    revoked_at       timestamptz,
    revoked_by       text,
    revoke_reason    text,
    check (valid_until > valid_from)
);
create index mandate_agency_idx on mandate (agency, purpose);

-- Records are evidence: refuse changes (consent terms, events) and deletes.
create function refuse_change() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end $$;

create trigger consent_immutable before update or delete on consent
    for each row execute function refuse_change();
create trigger consent_event_immutable before update or delete on consent_event
    for each row execute function refuse_change();
create trigger consent_no_truncate before truncate on consent
    for each statement execute function refuse_change();
create trigger consent_event_no_truncate before truncate on consent_event
    for each statement execute function refuse_change();

create function mandate_revoke_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' or old.revoked_at is not null or new.revoked_at is null
       or (new.id, new.agency, new.categories, new.purpose, new.legal_basis, new.legal_reference,
           new.valid_from, new.valid_until, new.created_by, new.created_at)
          is distinct from
          (old.id, old.agency, old.categories, old.purpose, old.legal_basis, old.legal_reference,
           old.valid_from, old.valid_until, old.created_by, old.created_at) then
        raise exception 'a mandate can only be revoked, once' using errcode = 'insufficient_privilege';
    end if;
    return new;
end $$;

create trigger mandate_revoke_only before update or delete on mandate
    for each row execute function mandate_revoke_only();
