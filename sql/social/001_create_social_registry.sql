-- The social-economic registry (DTSEN, formerly DTKS; Inpres 4/2025) and the assistance paid from
-- it (docs/social.md). Social-economic data is specific personal data (UU 27/2022 Pasal 4).

-- A family card (KK) assessed by the registry: its welfare decile (1 poorest .. 10).
create table household (
    kk            text primary key check (kk ~ '^[0-9]{16}$'),
    decile        smallint not null check (decile between 1 and 10),
    assessed_on   date not null,
    village_code  text not null check (village_code ~ '^[0-9]{10}$')
);
create index household_region_idx on household (village_code);

-- The citizens listed on an assessed family card.
create table household_member (
    nik  text primary key check (nik ~ '^[0-9]{16}$'),
    kk   text not null references household (kk)
);
create index household_member_kk_idx on household_member (kk);

-- A programme a household (PKH, SEMBAKO, BLT: kk) or a member (PIP, PBI_JK: nik) receives for a period.
create table benefit (
    id            bigint generated always as identity primary key,
    programme     text not null check (programme in ('PKH', 'SEMBAKO', 'PIP', 'PBI_JK', 'BLT')),
    kk            text references household (kk),
    nik           text check (nik ~ '^[0-9]{16}$'),
    period_start  date not null,
    period_end    date not null,
    amount        bigint check (amount > 0),          -- rupiah for the whole period; null when none is paid out
    status        text not null check (status in ('ACTIVE', 'SUSPENDED', 'ENDED')),
    check ((kk is null) <> (nik is null)),
    check (period_end >= period_start)
);
create index benefit_kk_idx on benefit (kk) where kk is not null;
create index benefit_nik_idx on benefit (nik) where nik is not null;

-- Each payment of a benefit.
create table disbursement (
    id          bigint generated always as identity primary key,
    benefit_id  bigint not null references benefit (id),
    paid_on     date not null,
    channel     text not null check (channel in ('HIMBARA_BANK', 'POS_INDONESIA')),
    amount      bigint not null check (amount > 0)
);
create index disbursement_benefit_idx on disbursement (benefit_id);
