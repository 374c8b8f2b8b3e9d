-- The population registry (Dukcapil): families (Kartu Keluarga) and citizens.
create table family (
    kk            text primary key check (kk ~ '^[0-9]{16}$'),
    village_code  text not null references region (code),
    address       text not null
);

create table citizen (
    nik             text primary key check (nik ~ '^[0-9]{16}$'),
    full_name       text not null,
    sex             text not null check (sex in ('MALE', 'FEMALE')),
    birth_place     text not null,
    birth_date      date not null,
    religion        text not null check (religion in
                      ('ISLAM', 'PROTESTANT', 'CATHOLIC', 'HINDU', 'BUDDHIST', 'CONFUCIAN', 'BELIEF')),
    marital_status  text not null check (marital_status in ('SINGLE', 'MARRIED', 'DIVORCED', 'WIDOWED')),
    blood_type      text check (blood_type in ('A', 'B', 'AB', 'O')),   -- null: unknown
    address         text not null,
    village_code    text not null references region (code),
    kk              text not null references family (kk),
    family_relation text not null check (family_relation in ('HEAD', 'SPOUSE', 'CHILD', 'OTHER')),
    deceased_on     date                                                  -- null: alive
);
create index citizen_kk_idx on citizen (kk);
