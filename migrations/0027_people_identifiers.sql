-- Exact identifiers for people: NHS number (ten digits, modulus 11 check digit) and Unique Pupil
-- Number (13 characters, check letter). Stored compact (no spaces, capitals); the app checks the
-- check digits (src/modules/people/matching/identifiers.ts). Where a query and a record both have
-- one, it decides the match before names and dates are weighed. Not unique: two records of one
-- person (to be merged) may carry the same number.
ALTER TABLE people ADD COLUMN nhs_number text CHECK (nhs_number ~ '^[0-9]{10}$');
ALTER TABLE people ADD COLUMN upn text CHECK (upn ~ '^[A-Z][0-9]{11}[0-9A-Z]$');
CREATE INDEX people_nhs_number_idx ON people (nhs_number) WHERE merged_into IS NULL AND nhs_number IS NOT NULL;
CREATE INDEX people_upn_idx ON people (upn) WHERE merged_into IS NULL AND upn IS NOT NULL;

-- The same, as entered by the practitioner on a Request for Support, for the Hub's screening.
ALTER TABLE request_people ADD COLUMN nhs_number text;
ALTER TABLE request_people ADD COLUMN upn text;
