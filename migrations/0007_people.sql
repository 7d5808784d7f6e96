-- People: every child, parent and family member Hearth knows, one row per person as first recorded.
-- Screening matches new requests to these rows (src/modules/people/matching.ts) before anyone creates
-- a new one, so the same child is not recorded twice. Nothing here is hard-deleted: a duplicate found
-- later is merged by pointing `merged_into` at the record kept, so both histories stay.

CREATE TABLE people (
  id uuid PRIMARY KEY,
  -- Names as entered (accents, hyphens, apostrophes and capitals kept).
  first_name text NOT NULL,
  middle_names text,
  last_name text NOT NULL,
  -- Null when not known; an unborn child has an expected date instead.
  date_of_birth date,
  expected_date date,
  gender text CHECK (gender IN ('female', 'male', 'other', 'not-known')),
  address text,
  postcode text,
  -- Matching keys, computed by the app from the fields above with the same code that reads them
  -- (matching.ts storedKeys), so PGlite and PostgreSQL need no extension for them:
  --   *_key: lower case ASCII letters only (no accents, hyphens, spaces or apostrophes);
  --   first_phon: Double Metaphone of the first name's formal form (Bill -> William), last_phon of the surname;
  --   postcode_key: the postcode without spaces, upper case; postcode_outward: its district (CM1).
  first_key text NOT NULL,
  last_key text NOT NULL,
  first_phon text NOT NULL,
  last_phon text NOT NULL,
  postcode_key text,
  postcode_outward text,
  merged_into uuid REFERENCES people (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  CHECK (merged_into IS NULL OR merged_into <> id)
);

-- Candidate search (blocking): each index answers one of matching.ts's blocks with a few index probes,
-- whatever the number of people. Merged records are never candidates, so they are left out.
-- Same date of birth, or day and month swapped: every person born that day (about 100 in 1.5 million).
CREATE INDEX people_dob_idx ON people (date_of_birth) WHERE merged_into IS NULL;
-- A surname or first name that sounds alike, born on a nearby date (one digit wrong, a year out).
CREATE INDEX people_last_dob_idx ON people (last_phon, date_of_birth) WHERE merged_into IS NULL;
CREATE INDEX people_first_dob_idx ON people (first_phon, date_of_birth) WHERE merged_into IS NULL;
-- Both names sound alike, whatever the date of birth (not known, or badly wrong).
CREATE INDEX people_names_idx ON people (last_phon, first_phon) WHERE merged_into IS NULL;
-- Everyone at the same postcode.
CREATE INDEX people_postcode_idx ON people (postcode_key) WHERE merged_into IS NULL;
-- Unborn children by expected date.
CREATE INDEX people_expected_idx ON people (expected_date) WHERE merged_into IS NULL AND expected_date IS NOT NULL;
CREATE INDEX people_merged_into_idx ON people (merged_into) WHERE merged_into IS NOT NULL;
