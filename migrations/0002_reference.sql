-- Reference data for the tenant (the local authority running Hearth), seeded from config/tenants/<tenant>.json.

CREATE TABLE local_authority (
  code text PRIMARY KEY,
  name text NOT NULL,
  short_name text NOT NULL,
  ons_code text,
  partnership_name text NOT NULL,
  hub_name text NOT NULL,
  hub_phone text,
  website text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE quadrants (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  sort_order integer NOT NULL
);

CREATE TABLE districts (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  ons_code text,
  quadrant_id uuid NOT NULL REFERENCES quadrants (id),
  sort_order integer NOT NULL
);

CREATE TABLE windscreen_levels (
  level integer PRIMARY KEY CHECK (level BETWEEN 1 AND 9),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  summary text NOT NULL,
  support text NOT NULL,
  descriptors jsonb NOT NULL
);

CREATE TABLE outcome_areas (
  code text PRIMARY KEY,
  name text NOT NULL,
  description text NOT NULL,
  sort_order integer NOT NULL
);

CREATE TABLE team_districts (
  team_id uuid NOT NULL REFERENCES teams (id),
  district_id uuid NOT NULL REFERENCES districts (id),
  PRIMARY KEY (team_id, district_id)
);
