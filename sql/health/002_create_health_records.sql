-- Personal health records (specific personal data, UU 27/2022 Pasal 4), keyed by NIK.
create table bpjs_membership (
    nik            text primary key check (nik ~ '^[0-9]{16}$'),
    card_number    text not null unique check (card_number ~ '^[0-9]{13}$'),
    care_class     smallint not null check (care_class between 1 and 3),
    pbi            boolean not null,     -- Penerima Bantuan Iuran: premium paid by the state
    active         boolean not null,
    facility_code  text not null references facility (code)   -- registered primary-care facility (FKTP)
);

create table immunization (
    id             bigint generated always as identity primary key,
    nik            text not null,
    vaccine        text not null,
    dose           smallint not null check (dose >= 1),
    given_on       date not null,
    facility_code  text not null references facility (code)
);
create index immunization_nik_idx on immunization (nik);

create table encounter (
    id              bigint generated always as identity primary key,
    nik             text not null,
    occurred_on     date not null,
    facility_code   text not null references facility (code),
    diagnosis_code  text not null references diagnosis (code)
);
create index encounter_nik_idx on encounter (nik);

create table allergy (
    id           bigint generated always as identity primary key,
    nik          text not null,
    substance    text not null,
    reaction     text not null,
    severity     text not null check (severity in ('MILD', 'MODERATE', 'SEVERE')),
    recorded_on  date not null
);
create index allergy_nik_idx on allergy (nik);
