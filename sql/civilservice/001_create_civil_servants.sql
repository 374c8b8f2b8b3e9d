-- Government agencies (instansi: public data) and the civil servants (ASN) who work for them
-- (docs/civilservice.md). A civil-service record is personal data (UU 27/2022).
create table government_agency (
    code         text primary key,
    name         text not null,
    level        text not null check (level in ('CENTRAL', 'PROVINCE', 'REGENCY')),
    region_code  text not null check (region_code ~ '^[0-9]{2}([0-9]{2})?$')   -- seat: province or regency
);
create index government_agency_region_idx on government_agency (region_code);

create table civil_servant (
    nik           text primary key check (nik ~ '^[0-9]{16}$'),
    nip           text not null unique check (nip ~ '^[0-9]{18}$'),   -- birth YYYYMMDD, TMT YYYYMM, sex, serial
    kind          text not null check (kind in ('PNS', 'PPPK')),
    grade         text not null check ((kind = 'PNS' and grade ~ '^(I|II|III|IV)/[a-e]$')
                                       or (kind = 'PPPK' and grade ~ '^[IVX]+$')),
    position      text not null,
    appointed_on  date not null,
    agency_code   text not null references government_agency (code),
    active        boolean not null
);
create index civil_servant_agency_idx on civil_servant (agency_code);
