-- Issue 14: indicator breakdowns by ethnicity and special educational needs (SEND). A person's ethnicity (a code of
-- the ONS 2021 census's 19 categories, 'not-known' or 'prefer-not-to-say'; the tenant's reference data names them)
-- and their SEN provision (none, SEN support, an education, health and care plan, or not known). Both optional: a
-- record that does not say counts as "Not known". A request for support keeps what its form said, as it keeps the
-- child's gender; the Hub carries it to the person it creates.
alter table people add column ethnicity text check (ethnicity ~ '^[a-z][a-z-]{0,49}$');
alter table people add column send text check (send in ('none', 'sen-support', 'ehc-plan', 'not-known'));
alter table request_people add column ethnicity text check (ethnicity ~ '^[a-z][a-z-]{0,49}$');
alter table request_people add column send text check (send in ('none', 'sen-support', 'ehc-plan', 'not-known'));
