-- The children in care and care leavers register (issue 16, "Corporate parenting"; seed 004's Co-Parenting Strategy):
-- imported whole from the social care system's export (CSV or XLSX, one file with a kind column), each import run kept
-- with its row-by-row report and what it changed. The seven outcomes' measures are counted from these tables.

-- One import run: refused (the report lists every problem; nothing was changed) or imported (the register replaced).
CREATE TABLE cp_imports (
  id uuid PRIMARY KEY,
  file_name text NOT NULL CHECK (length(file_name) <= 400),
  file_kind text NOT NULL CHECK (file_kind IN ('csv', 'xlsx')),
  outcome text NOT NULL CHECK (outcome IN ('imported', 'refused')),
  total_rows integer NOT NULL CHECK (total_rows >= 0),
  refused_rows integer NOT NULL CHECK (refused_rows >= 0),
  report jsonb NOT NULL DEFAULT '[]',
  changes jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid
);
CREATE INDEX cp_imports_created_idx ON cp_imports (created_at DESC);

-- A child in care or care leaver, as the social care system last exported them.
CREATE TABLE cp_children (
  id uuid PRIMARY KEY,
  social_care_id text NOT NULL UNIQUE CHECK (social_care_id ~ '^[A-Za-z0-9-]{1,40}$'),
  name text NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
  date_of_birth date NOT NULL,
  gender text NOT NULL CHECK (gender ~ '^[a-z-]{1,30}$'),
  ethnicity text NOT NULL CHECK (ethnicity ~ '^[a-z0-9-]{1,40}$'),
  separated_migrant boolean NOT NULL,
  status text NOT NULL CHECK (status IN ('in-care', 'care-leaver')),
  immunisations_up_to_date boolean,
  sdq_score integer CHECK (sdq_score BETWEEN 0 AND 40),
  health_passport boolean NOT NULL DEFAULT false,
  life_story text NOT NULL CHECK (life_story IN ('not-started', 'in-progress', 'complete')),
  personal_adviser text NOT NULL DEFAULT '' CHECK (length(personal_adviser) <= 200),
  accommodation_suitable boolean,
  eet text CHECK (eet IN ('education', 'employment', 'training', 'neet-seeking-work', 'neet-other')),
  import_id uuid NOT NULL REFERENCES cp_imports (id)
);
CREATE INDEX cp_children_name_idx ON cp_children (lower(name));

-- A period in care: from the day care started to the day it ended (null while in care).
CREATE TABLE cp_care_periods (
  id uuid PRIMARY KEY,
  child_id uuid NOT NULL REFERENCES cp_children (id) ON DELETE CASCADE,
  starts_on date NOT NULL,
  ends_on date CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX cp_care_periods_child_idx ON cp_care_periods (child_id, starts_on);

-- A placement: its type, in-house or not, when, the distance from home in miles and whether it is inside Essex.
CREATE TABLE cp_placements (
  id uuid PRIMARY KEY,
  child_id uuid NOT NULL REFERENCES cp_children (id) ON DELETE CASCADE,
  placement_type text NOT NULL CHECK (placement_type ~ '^[a-z-]{1,40}$'),
  in_house boolean NOT NULL,
  starts_on date NOT NULL,
  ends_on date CHECK (ends_on IS NULL OR ends_on >= starts_on),
  distance_miles numeric(6, 1) NOT NULL CHECK (distance_miles >= 0 AND distance_miles < 10000),
  in_essex boolean NOT NULL
);
CREATE INDEX cp_placements_child_idx ON cp_placements (child_id, starts_on);

-- A dated event: an annual health check or a Personal Education Plan meeting.
CREATE TABLE cp_events (
  id uuid PRIMARY KEY,
  child_id uuid NOT NULL REFERENCES cp_children (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('health-check', 'pep')),
  on_date date NOT NULL
);
CREATE INDEX cp_events_child_idx ON cp_events (child_id, kind, on_date);
