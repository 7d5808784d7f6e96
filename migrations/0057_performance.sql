-- The performance framework (issue 14, "Know if it works"): indicator definitions with the history of their targets,
-- values per period and area (all of the authority, a quadrant or a district, and a breakdown group where given),
-- the runs that imported them (with the report and, for a replaced period, the old and new values), and commentary
-- per indicator and period. Figures only: nothing here names a child or a family.

CREATE TABLE performance_indicators (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9./-]{0,99}$'),
  name text NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 400),
  why text NOT NULL DEFAULT '' CHECK (length(why) <= 4000),
  -- What it serves: the plan's priority and outcome codes ('2013-16/p1', '2020/o2', 'escb/safer-at-home').
  serves text[] NOT NULL DEFAULT '{}',
  polarity text NOT NULL CHECK (polarity IN ('higher-is-better', 'lower-is-better', 'neither')),
  unit text NOT NULL CHECK (unit IN ('count', 'percentage', 'rate-per-10000', 'days')),
  frequency text NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'annual', 'academic-year')),
  target double precision,
  tolerance double precision CHECK (tolerance IS NULL OR tolerance >= 0),
  breakdowns text[] NOT NULL DEFAULT '{}',
  source_kind text NOT NULL CHECK (source_kind IN ('computed', 'imported')),
  -- The computed indicator's key, or the system or partner an imported one comes from.
  source text NOT NULL CHECK (length(trim(source)) BETWEEN 1 AND 400),
  -- Where the seed's words were uncertain, or a target was chosen for the council to confirm.
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  confirm text NOT NULL DEFAULT '' CHECK (length(confirm) <= 2000),
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);

-- Who changed a target or tolerance, and when, with what it was before.
CREATE TABLE performance_target_changes (
  id uuid PRIMARY KEY,
  indicator_id uuid NOT NULL REFERENCES performance_indicators (id),
  old_target double precision,
  old_tolerance double precision,
  new_target double precision,
  new_tolerance double precision,
  changed_by uuid,
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX performance_target_changes_indicator_idx ON performance_target_changes (indicator_id, changed_at);

-- An import of one file against one indicator: refused files are kept too, with their row-by-row report.
CREATE TABLE performance_imports (
  id uuid PRIMARY KEY,
  indicator_id uuid NOT NULL REFERENCES performance_indicators (id),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 400),
  file_kind text NOT NULL CHECK (file_kind IN ('csv', 'xlsx')),
  outcome text NOT NULL CHECK (outcome IN ('imported', 'refused')),
  rows_total integer NOT NULL CHECK (rows_total >= 0),
  rows_refused integer NOT NULL CHECK (rows_refused >= 0),
  -- [{ row, column, message }] for a refused file; [] for an imported one.
  report jsonb NOT NULL DEFAULT '[]',
  -- [{ period, area, old, new }] for each value a re-import replaced.
  changes jsonb NOT NULL DEFAULT '[]',
  periods text[] NOT NULL DEFAULT '{}',
  imported_by uuid,
  imported_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX performance_imports_indicator_idx ON performance_imports (indicator_id, imported_at);
CREATE INDEX performance_imports_recent_idx ON performance_imports (imported_at);

-- One figure: an indicator's value for a period and an area, optionally one group of a breakdown. A computed value
-- is a cache of a finished period, with the version of the query that counted it.
CREATE TABLE performance_values (
  id uuid PRIMARY KEY,
  indicator_id uuid NOT NULL REFERENCES performance_indicators (id),
  period text NOT NULL CHECK (length(period) BETWEEN 4 AND 20),
  period_from date NOT NULL,
  period_to date NOT NULL CHECK (period_to > period_from),
  area_kind text NOT NULL CHECK (area_kind IN ('all', 'quadrant', 'district')),
  area_code text NOT NULL DEFAULT '' CHECK (length(area_code) <= 100),
  breakdown text NOT NULL DEFAULT '' CHECK (length(breakdown) <= 50),
  group_key text NOT NULL DEFAULT '' CHECK (length(group_key) <= 100),
  group_label text NOT NULL DEFAULT '' CHECK (length(group_label) <= 200),
  value double precision,
  numerator double precision,
  denominator double precision,
  import_id uuid REFERENCES performance_imports (id),
  counted_version integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  UNIQUE (indicator_id, period, area_kind, area_code, breakdown, group_key)
);
CREATE INDEX performance_values_period_idx ON performance_values (indicator_id, period_from);

-- Plain-words commentary on an indicator's period, by whom and when.
CREATE TABLE performance_commentary (
  id uuid PRIMARY KEY,
  indicator_id uuid NOT NULL REFERENCES performance_indicators (id),
  period text NOT NULL CHECK (length(period) BETWEEN 4 AND 20),
  body text NOT NULL CHECK (length(trim(body)) BETWEEN 1 AND 4000),
  author_id uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX performance_commentary_indicator_idx ON performance_commentary (indicator_id, period, created_at);
