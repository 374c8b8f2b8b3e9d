-- A citizen's payments of state fees and levies (PNBP) and BPJS Kesehatan premiums
-- (docs/payments.md). Each is billed with a SIMPONI billing code (15 digits) and, once paid,
-- proven by an NTPN (16 characters). Personal finance is specific personal data (UU 27/2022).
-- ``record_number`` names the record paid for where one exists: the SIM number (police), the
-- SKCK number (police), the BPJS card number (health); it is a reference, checked by the owning
-- subgraph against the citizen's NIK, never a foreign key across databases.
create table payment (
    id             bigint primary key,
    nik            text not null check (nik ~ '^[0-9]{16}$'),
    kind           text not null check (kind in
                     ('SIM_NEW', 'SIM_RENEWAL', 'SKCK', 'PASSPORT', 'BPJS_PREMIUM')),
    billing_code   text not null unique check (billing_code ~ '^[0-9]{15}$'),
    amount         bigint not null check (amount > 0),               -- rupiah
    billed_on      date not null,
    status         text not null check (status in ('PAID', 'PENDING', 'EXPIRED')),
    channel        text check (channel in ('BANK', 'QRIS', 'POST_OFFICE')),
    paid_on        date,
    ntpn           text unique check (ntpn ~ '^[0-9A-Z]{16}$'),
    record_number  text,
    period         date check (period = date_trunc('month', period)::date),  -- premium month
    check ((status = 'PAID') = (channel is not null and paid_on is not null and ntpn is not null)),
    check (status = 'PAID' or (channel is null and paid_on is null and ntpn is null)),
    check (paid_on is null or paid_on >= billed_on),
    check ((kind = 'BPJS_PREMIUM') = (period is not null)),
    check (kind = 'PASSPORT' or record_number is not null)
);
create index payment_nik_idx on payment (nik);
