-- Schools and universities (Dapodik / PDDikti): public data.
create table school (
    npsn         text primary key check (npsn ~ '^[0-9]{8}$'),
    name         text not null,
    level        text not null check (level in ('SD', 'SMP', 'SMA', 'SMK', 'UNIVERSITY')),
    public       boolean not null,      -- negeri (true) or swasta (false)
    region_code  text not null          -- Kemendagri district (6 digits) code
);
create index school_region_idx on school (region_code);
