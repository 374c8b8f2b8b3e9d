-- Region-scoped mandates (docs/consent.md, "Mandates and regions"; docs/access.md): a mandate may
-- be limited to regions (Kemendagri codes, undotted: province 2, regency 4, district 6, village 10
-- digits); none means national, as every mandate before this migration was. A regional mandate
-- covers a citizen only when the citizen's domicile (the village of residence the gateway learns
-- from the identity service, p_domiciles below) lies in one of its regions; an unknown domicile
-- is covered by no regional mandate (deny when unsure).

alter table mandate add column regions text[] not null default '{}';
alter table mandate add constraint mandate_regions_check check (
    array_position(regions, null) is null
    and (cardinality(regions) = 0
         or array_to_string(regions, ',')
            ~ '^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{4})?)?)?(,[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{4})?)?)?)*$'));

-- Mandates are never edited: the regions are part of the terms the trigger keeps unchanged.
create or replace function mandate_revoke_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' or old.revoked_at is not null or new.revoked_at is null
       or (new.id, new.agency, new.categories, new.purpose, new.legal_basis, new.legal_reference,
           new.valid_from, new.valid_until, new.created_by, new.created_at, new.regions)
          is distinct from
          (old.id, old.agency, old.categories, old.purpose, old.legal_basis, old.legal_reference,
           old.valid_from, old.valid_until, old.created_by, old.created_at, old.regions) then
        raise exception 'a mandate can only be revoked, once' using errcode = 'insufficient_privilege';
    end if;
    return new;
end $$;

-- record_access (sql/consent/002_create_access_log.sql) with one more argument, p_domiciles: a
-- JSON object NIK -> village code of residence, for the citizens whose domicile the gateway
-- learned (only needed when the caller holds a regional mandate). A national mandate covers every
-- citizen; a regional one only those whose domicile starts with one of its region codes. When an
-- agency has no consent and holds an active mandate for the category and purpose that does not
-- cover the citizen, the denial says so: MANDATE_OUT_OF_REGION (domicile known, elsewhere) or
-- MANDATE_REGION_UNKNOWN (no domicile given).
drop function record_access(text, text, text, text, text, text, text[], text, text, text[], text[], int);

create function record_access(
    p_request_id text, p_operation text, p_kind text, p_agency text, p_key text, p_actor text,
    p_wards text[], p_purpose text, p_category text, p_fields text[], p_niks text[], p_chain int,
    p_domiciles jsonb default null
) returns table (subject_nik text, decision text, basis text, basis_id text, reason text)
language sql volatile as $$
    with wanted as (
        select distinct n.nik, coalesce(p_domiciles, '{}'::jsonb) ->> n.nik as domicile
          from unnest(p_niks) as n(nik)
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
                 else array['DENY', 'NONE', null, coalesce(region.reason, why.reason, 'NO_CONSENT')]
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
                 and (cardinality(m.regions) = 0
                      or exists (select 1 from unnest(m.regions) as r(code)
                                  where starts_with(w.domicile, r.code)))
               order by m.valid_until desc limit 1
          ) m on true
          left join lateral (
              -- an active mandate for the category and purpose that does not reach this citizen
              select case when w.domicile is null then 'MANDATE_REGION_UNKNOWN'
                          else 'MANDATE_OUT_OF_REGION' end as reason
                from mandate m3
               where p_kind = 'AGENCY' and c.id is null and m.id is null and m3.agency = p_agency
                 and m3.purpose = p_purpose and p_category = any(m3.categories) and m3.revoked_at is null
                 and m3.valid_from <= now() and now() < m3.valid_until
               limit 1
          ) region on true
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
