-- The civil-service record (BKN, docs/civilservice.md) is its own category of personal data.
alter table consent drop constraint consent_categories_check;
alter table consent add constraint consent_categories_check check (
    cardinality(categories) > 0
    and categories <@ array['identity', 'health', 'education', 'police', 'social', 'civilservice']);

alter table mandate drop constraint mandate_categories_check;
alter table mandate add constraint mandate_categories_check check (
    cardinality(categories) > 0
    and categories <@ array['identity', 'health', 'education', 'police', 'social', 'civilservice']);
