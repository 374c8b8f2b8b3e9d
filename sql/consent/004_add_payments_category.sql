-- A citizen's payments of state fees and levies (PNBP, docs/payments.md) are personal finance:
-- specific personal data (UU 27/2022 Pasal 4), so their own consent category.
alter table consent drop constraint consent_categories_check;
alter table consent add constraint consent_categories_check check (
    cardinality(categories) > 0
    and categories <@ array['identity', 'health', 'education', 'police', 'social', 'civilservice', 'payments']);

alter table mandate drop constraint mandate_categories_check;
alter table mandate add constraint mandate_categories_check check (
    cardinality(categories) > 0
    and categories <@ array['identity', 'health', 'education', 'police', 'social', 'civilservice', 'payments']);
