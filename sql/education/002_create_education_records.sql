-- Pupils' and students' records, keyed by NIK (a minor's records are specific personal data).
create table student (
    nik   text primary key check (nik ~ '^[0-9]{16}$'),
    nisn  text not null unique check (nisn ~ '^[0-9]{10}$')
);

create table enrollment (
    id          bigint generated always as identity primary key,
    nik         text not null,
    npsn        text not null references school (npsn),
    level       text not null check (level in ('SD', 'SMP', 'SMA', 'SMK', 'UNIVERSITY')),
    grade       smallint not null check (grade between 1 and 12),  -- school grade, or university year
    started_on  date not null,
    ended_on    date,                                              -- null while enrolled
    status      text not null check (status in ('ACTIVE', 'GRADUATED', 'TRANSFERRED', 'DROPPED_OUT'))
);
create index enrollment_nik_idx on enrollment (nik);
create index enrollment_active_npsn_idx on enrollment (npsn) where status = 'ACTIVE';

create table certificate (
    id      bigint generated always as identity primary key,
    nik     text not null,
    level   text not null check (level in ('SD', 'SMP', 'SMA', 'SMK', 'UNIVERSITY')),
    year    smallint not null,
    npsn    text not null references school (npsn)
);
create index certificate_nik_idx on certificate (nik);
