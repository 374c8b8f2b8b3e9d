-- Health facilities (public data) and the ICD-10 code list used by encounters.
create table facility (
    code         text primary key,
    name         text not null,
    kind         text not null check (kind in ('PUSKESMAS', 'CLINIC', 'HOSPITAL')),
    region_code  text not null          -- Kemendagri district (6 digits) or regency (4 digits) code
);
create index facility_region_idx on facility (region_code);

create table diagnosis (
    code  text primary key,             -- ICD-10, e.g. 'J06.9'
    name  text not null
);
