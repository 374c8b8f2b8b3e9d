-- Kemendagri region codes (Permendagri 137/2017), all four levels, undotted digits:
-- province 2, regency/city 4, district 6, village 10. Public data.
create table region (
    code          text primary key check (code ~ '^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{4})?)?)?$'),
    level         smallint not null check (level between 1 and 4),  -- 1 province .. 4 village
    name          text not null,
    parent_code   text references region (code),
    postal_code   text
);
create index region_parent_idx on region (parent_code);
