-- Polri records keyed by NIK: driving licences (SIM, Perpol 5/2021), police clearance
-- certificates (SKCK, valid 6 months, Perpol 6/2023; criminal-record data is specific personal
-- data) and registered vehicles (STNK).
create table driving_licence (
    number      text primary key,
    nik         text not null check (nik ~ '^[0-9]{16}$'),
    class       text not null check (class in
                  ('A', 'A_UMUM', 'BI', 'BI_UMUM', 'BII', 'BII_UMUM', 'C', 'CI', 'CII', 'D', 'DI')),
    issued_on   date not null,
    expires_on  date not null,
    status      text not null check (status in ('ACTIVE', 'EXPIRED', 'SUSPENDED', 'REVOKED')),
    check (expires_on > issued_on)
);
create index driving_licence_nik_idx on driving_licence (nik);

create table clearance_certificate (
    number      text primary key,
    nik         text not null check (nik ~ '^[0-9]{16}$'),
    purpose     text not null,
    issued_on   date not null,
    expires_on  date not null,
    finding     text not null check (finding in ('NO_RECORD', 'RECORD_FOUND')),
    check (expires_on = (issued_on + interval '6 months')::date)
);
create index clearance_certificate_nik_idx on clearance_certificate (nik);

create table vehicle (
    plate            text primary key,
    nik              text not null check (nik ~ '^[0-9]{16}$'),
    kind             text not null check (kind in ('MOTORCYCLE', 'CAR', 'TRUCK', 'BUS')),
    make             text not null,
    model            text not null,
    year             smallint not null,
    stnk_expires_on  date not null
);
create index vehicle_nik_idx on vehicle (nik);
