-- MACE 2 (issue 13; seed 002 "MACE 2 is a multi-agency meeting that considers the joint operational activity
-- necessary to tackle Child Exploitation threats within the Essex geographical quadrants"). Per quadrant: places
-- and persons of concern, meetings with the district Community Safety Partnerships, disruption actions ("detect,
-- disrupt and prevent exploitation") with dated updates, and the problem profile with its action plan (seed 004).

-- Where a concern happens, so MACE 2's local picture can count concerns by district and place. The Partner
-- Pathway's form requires the district; concerns recorded before it have none.
ALTER TABLE exploitation_concerns ADD COLUMN district text;
ALTER TABLE exploitation_concerns ADD COLUMN where_it_happens text
  CHECK (where_it_happens IS NULL OR length(where_it_happens) <= 400);
CREATE INDEX exploitation_concerns_district_idx ON exploitation_concerns (district, created_at);

-- A place of concern in a quadrant (a station, a hotel, a park, an online space…); kinds from the tenant file.
CREATE TABLE mace2_places (
  id uuid PRIMARY KEY,
  quadrant_id uuid NOT NULL REFERENCES quadrants (id),
  kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
  name text NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 400),
  district text NOT NULL CHECK (length(district) BETWEEN 1 AND 100),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX mace2_places_quadrant_idx ON mace2_places (quadrant_id, status);

-- A person of concern (someone who may exploit children): restricted to the quadrant's panel.
CREATE TABLE mace2_persons (
  id uuid PRIMARY KEY,
  quadrant_id uuid NOT NULL REFERENCES quadrants (id),
  name text NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 400),
  approximate_age integer CHECK (approximate_age IS NULL OR approximate_age BETWEEN 1 AND 120),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
  district text NOT NULL CHECK (length(district) BETWEEN 1 AND 100),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX mace2_persons_quadrant_idx ON mace2_persons (quadrant_id, status);

CREATE TABLE mace2_person_places (
  person_id uuid NOT NULL REFERENCES mace2_persons (id),
  place_id uuid NOT NULL REFERENCES mace2_places (id),
  PRIMARY KEY (person_id, place_id)
);
CREATE INDEX mace2_person_places_place_idx ON mace2_person_places (place_id);

-- A MACE 2 meeting of one quadrant, with who was present: partner agencies and the districts' Community Safety
-- Partnerships (seed 002: "Working alongside the 12 District, Borough and City Community Safety Partnerships").
CREATE TABLE mace2_meetings (
  id uuid PRIMARY KEY,
  quadrant_id uuid NOT NULL REFERENCES quadrants (id),
  held_on date NOT NULL,
  organisation_ids uuid[] NOT NULL DEFAULT '{}',
  csp_districts text[] NOT NULL DEFAULT '{}',
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX mace2_meetings_quadrant_idx ON mace2_meetings (quadrant_id, held_on DESC);

-- The quadrant's problem profile, one row a version (seed 004: "a problem profile leading to an action plan").
CREATE TABLE mace2_profiles (
  id uuid PRIMARY KEY,
  quadrant_id uuid NOT NULL REFERENCES quadrants (id),
  as_of date NOT NULL,
  summary text NOT NULL CHECK (length(trim(summary)) BETWEEN 1 AND 20000),
  themes text NOT NULL DEFAULT '' CHECK (length(themes) <= 10000),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid
);
CREATE INDEX mace2_profiles_quadrant_idx ON mace2_profiles (quadrant_id, as_of DESC, created_at DESC);

-- A disruption action: detect, disrupt or prevent; owned by an agency; on every meeting of its quadrant until done.
CREATE TABLE mace2_actions (
  id uuid PRIMARY KEY,
  quadrant_id uuid NOT NULL REFERENCES quadrants (id),
  category text NOT NULL CHECK (category IN ('detect', 'disrupt', 'prevent')),
  what text NOT NULL CHECK (length(trim(what)) BETWEEN 1 AND 4000),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  owner_name text NOT NULL CHECK (length(trim(owner_name)) BETWEEN 1 AND 400),
  due_on date NOT NULL,
  place_id uuid REFERENCES mace2_places (id),
  person_id uuid REFERENCES mace2_persons (id),
  -- Part of the problem profile's action plan.
  in_action_plan boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in-progress', 'done', 'cancelled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX mace2_actions_quadrant_idx ON mace2_actions (quadrant_id, status, due_on);

CREATE TABLE mace2_action_updates (
  id uuid PRIMARY KEY,
  action_id uuid NOT NULL REFERENCES mace2_actions (id),
  status text NOT NULL CHECK (status IN ('open', 'in-progress', 'done', 'cancelled')),
  note text NOT NULL CHECK (length(note) <= 4000),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid
);
CREATE INDEX mace2_action_updates_action_idx ON mace2_action_updates (action_id, created_at);
