-- The register keeps its statuses' history and counts its measures after each import (issue 16, "Corporate parenting").
--
-- A child's statuses (immunisations, SDQ score, health passport, Life Story work, and for care leavers their Personal
-- Adviser, accommodation and education, employment or training) are kept per "as at" day: each import adds the file's
-- statuses as at the day its rows give (or the day it was imported), so a past year's measure reads the statuses as
-- they were at that year's end, never today's. A child's history is kept by their social care id, because a register
-- import replaces the child rows whole.
CREATE TABLE cp_statuses (
  id uuid PRIMARY KEY,
  social_care_id text NOT NULL CHECK (social_care_id ~ '^[A-Za-z0-9-]{1,40}$'),
  as_at date NOT NULL,
  immunisations_up_to_date boolean,
  sdq_score integer CHECK (sdq_score BETWEEN 0 AND 40),
  health_passport boolean NOT NULL DEFAULT false,
  life_story text NOT NULL CHECK (life_story IN ('not-started', 'in-progress', 'complete')),
  personal_adviser text NOT NULL DEFAULT '' CHECK (length(personal_adviser) <= 200),
  accommodation_suitable boolean,
  eet text CHECK (eet IN ('education', 'employment', 'training', 'neet-seeking-work', 'neet-other')),
  import_id uuid NOT NULL REFERENCES cp_imports (id),
  UNIQUE (social_care_id, as_at)
);

-- What the register held until now becomes its first statuses, as at the day of the import that brought them.
INSERT INTO cp_statuses (id, social_care_id, as_at, immunisations_up_to_date, sdq_score, health_passport, life_story,
    personal_adviser, accommodation_suitable, eet, import_id)
  SELECT gen_random_uuid(), c.social_care_id, (i.created_at AT TIME ZONE 'Europe/London')::date,
    c.immunisations_up_to_date, c.sdq_score, c.health_passport, c.life_story, c.personal_adviser,
    c.accommodation_suitable, c.eet, c.import_id
  FROM cp_children c JOIN cp_imports i ON i.id = c.import_id;

ALTER TABLE cp_children
  DROP COLUMN immunisations_up_to_date,
  DROP COLUMN sdq_score,
  DROP COLUMN health_passport,
  DROP COLUMN life_story,
  DROP COLUMN personal_adviser,
  DROP COLUMN accommodation_suitable,
  DROP COLUMN eet,
  -- The child's NHS number (optional, 10 digits, check digit valid): what ties them to Hearth's own records of a
  -- person, so a measure can count what Hearth itself recorded about them (exploitation concerns).
  ADD COLUMN nhs_number text CHECK (nhs_number ~ '^[0-9]{10}$');

-- The foster carer's ethnicity (optional; the ONS 2021 codes of a person's ethnicity, platform/demographics.ts), for the
-- measure of minority ethnic children placed with foster carers of the same background.
ALTER TABLE cp_placements ADD COLUMN carer_ethnicity text CHECK (carer_ethnicity ~ '^[a-z-]{1,40}$');

-- The register's measures are counted by a background job straight after an import: when it started and finished,
-- and the years it counted (the Panel shows only figures counted from the register as it is now).
ALTER TABLE cp_imports
  ADD COLUMN counting_started_at timestamptz,
  ADD COLUMN counted_at timestamptz,
  ADD COLUMN counted_periods text[] NOT NULL DEFAULT '{}';
