-- The access trail (docs/access.md, "The trail"): every decision about a citizen's personal data,
-- allowed or denied. Append-only (updates, deletes and truncation are refused) and tamper-evident:
-- entries form hash chains (16 partitions, "chains", so concurrent writers rarely wait on each
-- other); each entry's hash covers the previous entry's hash and its own columns, and
-- access_log_head keeps each chain's last (seq, hash). `spbe audit verify` recomputes them all.

create table access_log (
    id              bigint generated always as identity primary key,
    chain           smallint not null check (chain between 0 and 15),
    seq             bigint not null,
    at              timestamptz not null default clock_timestamp(),
    request_id      text not null,
    operation_name  text,
    caller_kind     text not null check (caller_kind in ('AGENCY', 'CITIZEN', 'ANONYMOUS')),
    agency          text,
    key_id          text,
    actor_nik       text,
    subject_nik     text not null,
    category        text not null,
    fields          text[] not null,
    purpose         text,
    basis           text not null check (basis in ('CONSENT', 'MANDATE', 'SELF', 'GUARDIAN', 'NONE')),
    basis_id        text,
    decision        text not null check (decision in ('ALLOW', 'DENY')),
    reason          text,
    prev_hash       bytea not null,
    hash            bytea not null,
    unique (chain, seq)
);
create index access_log_subject_idx on access_log (subject_nik, at desc);
create index access_log_agency_idx on access_log (agency, at desc);

create table access_log_head (
    chain  smallint primary key check (chain between 0 and 15),
    seq    bigint not null,
    hash   bytea not null
);

-- One field of the canonical text: '-' for null, else "<length>:<text>" (no separator ambiguity).
create function access_log_part(value text) returns text language sql immutable as $$
    select case when value is null then '-' else length(value)::text || ':' || value end
$$;

-- The hash of an entry: sha256(previous hash || canonical text of its columns).
create function access_log_digest(prev bytea, e access_log) returns bytea language sql immutable as $$
    select sha256(prev || convert_to(concat_ws('|',
        e.chain::text, e.seq::text,
        ((extract(epoch from e.at) * 1000000)::bigint)::text,
        access_log_part(e.request_id), access_log_part(e.operation_name), access_log_part(e.caller_kind),
        access_log_part(e.agency), access_log_part(e.key_id), access_log_part(e.actor_nik),
        access_log_part(e.subject_nik), access_log_part(e.category),
        access_log_part(array_to_string(e.fields, ',')), access_log_part(e.purpose),
        access_log_part(e.basis), access_log_part(e.basis_id), access_log_part(e.decision),
        access_log_part(e.reason)), 'UTF8'))
$$;

create function access_log_chain() returns trigger language plpgsql as $$
declare
    last_seq bigint;
    last_hash bytea;
begin
    perform pg_advisory_xact_lock(1936876901, new.chain);   -- one writer per chain at a time
    select l.seq, l.hash into last_seq, last_hash
      from access_log l where l.chain = new.chain order by l.seq desc limit 1;
    new.seq := coalesce(last_seq, 0) + 1;
    new.at := clock_timestamp();
    new.prev_hash := coalesce(last_hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
    new.hash := access_log_digest(new.prev_hash, new);
    return new;
end $$;

create function access_log_advance_head() returns trigger language plpgsql as $$
begin
    insert into access_log_head (chain, seq, hash)
    select distinct on (chain) chain, seq, hash from inserted order by chain, seq desc
    on conflict (chain) do update set seq = excluded.seq, hash = excluded.hash
        where access_log_head.seq < excluded.seq;
    return null;
end $$;

create trigger access_log_chain before insert on access_log
    for each row execute function access_log_chain();
create trigger access_log_head after insert on access_log
    referencing new table as inserted for each statement execute function access_log_advance_head();
create trigger access_log_append_only before update or delete on access_log
    for each row execute function refuse_change();
create trigger access_log_no_truncate before truncate on access_log
    for each statement execute function refuse_change();
create trigger access_log_head_no_delete before delete on access_log_head
    for each row execute function refuse_change();
create trigger access_log_head_no_truncate before truncate on access_log_head
    for each statement execute function refuse_change();

-- Decide and record, in one statement, whether a caller may see one category of each citizen in
-- p_niks for a purpose (docs/access.md, "Decisions"): the citizen themself; a guardian for a
-- minor ward (p_wards, known to the gateway from the identity service); an agency with an active,
-- valid consent covering category and purpose; an agency with a valid mandate. Every decision,
-- allowed or denied, is written to access_log before the result is returned; if that write
-- fails, nothing is returned.
create function record_access(
    p_request_id text, p_operation text, p_kind text, p_agency text, p_key text, p_actor text,
    p_wards text[], p_purpose text, p_category text, p_fields text[], p_niks text[], p_chain int
) returns table (subject_nik text, decision text, basis text, basis_id text, reason text)
language sql volatile as $$
    with wanted as (
        select distinct n.nik from unnest(p_niks) as n(nik)
    ),
    known_purpose as (
        select exists (select 1 from purpose where code = p_purpose) as known
    ),
    decided as (
        select w.nik,
               case
                 when p_kind = 'CITIZEN' and w.nik = p_actor then array['ALLOW', 'SELF', null, null]
                 when p_kind = 'CITIZEN' and w.nik = any(coalesce(p_wards, '{}')) then array['ALLOW', 'GUARDIAN', null, null]
                 when p_kind = 'CITIZEN' then array['DENY', 'NONE', null, 'NOT_SELF_OR_WARD']
                 when p_kind <> 'AGENCY' then array['DENY', 'NONE', null, 'NOT_IDENTIFIED']
                 when p_purpose is null then array['DENY', 'NONE', null, 'PURPOSE_REQUIRED']
                 when not kp.known then array['DENY', 'NONE', null, 'UNKNOWN_PURPOSE']
                 when c.id is not null then array['ALLOW', 'CONSENT', c.id::text, null]
                 when m.id is not null then array['ALLOW', 'MANDATE', m.id::text, null]
                 else array['DENY', 'NONE', null, coalesce(why.reason, 'NO_CONSENT')]
               end as d
          from wanted w
          cross join known_purpose kp
          left join lateral (
              select c.id from consent c join consent_state s on s.consent_id = c.id
               where p_kind = 'AGENCY' and c.citizen_nik = w.nik and c.agency = p_agency
                 and c.purpose = p_purpose and p_category = any(c.categories) and s.status = 'ACTIVE'
                 and c.valid_from <= now() and now() < c.valid_until
               order by c.valid_until desc limit 1
          ) c on true
          left join lateral (
              select m.id from mandate m
               where p_kind = 'AGENCY' and c.id is null and m.agency = p_agency
                 and m.purpose = p_purpose and p_category = any(m.categories) and m.revoked_at is null
                 and m.valid_from <= now() and now() < m.valid_until
               order by m.valid_until desc limit 1
          ) m on true
          left join lateral (
              -- why no consent applies, from the consent that comes closest
              select case
                       when c2.purpose = p_purpose and p_category = any(c2.categories) then
                         case when s2.status = 'PAUSED' then 'CONSENT_PAUSED'
                              when s2.status = 'REVOKED' then 'CONSENT_REVOKED'
                              when now() >= c2.valid_until then 'CONSENT_EXPIRED'
                              else 'CONSENT_NOT_YET_VALID' end
                       when p_category = any(c2.categories) then 'CONSENT_FOR_OTHER_PURPOSE'
                       when c2.purpose = p_purpose then 'CONSENT_FOR_OTHER_CATEGORY'
                       else 'NO_CONSENT'
                     end as reason
                from consent c2 join consent_state s2 on s2.consent_id = c2.id
               where p_kind = 'AGENCY' and c.id is null and m.id is null
                 and c2.citizen_nik = w.nik and c2.agency = p_agency
               order by (c2.purpose = p_purpose and p_category = any(c2.categories)) desc,
                        (p_category = any(c2.categories)) desc, c2.recorded_at desc
               limit 1
          ) why on true
    ),
    logged as (
        insert into access_log (chain, seq, request_id, operation_name, caller_kind, agency, key_id,
                                actor_nik, subject_nik, category, fields, purpose, basis, basis_id,
                                decision, reason, prev_hash, hash)
        select p_chain, 0, p_request_id, p_operation, p_kind, p_agency, p_key, p_actor, nik,
               p_category, p_fields, p_purpose, d[2], d[3], d[1], d[4], '\x'::bytea, '\x'::bytea
          from decided
        returning access_log.subject_nik, access_log.decision, access_log.basis, access_log.basis_id,
                  access_log.reason
    )
    select * from logged
$$;
