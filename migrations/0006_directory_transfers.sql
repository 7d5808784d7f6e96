-- Directory of Services imports and exports (modules/directory/transfers.ts).

-- Where an imported service came from: another council's Open Referral UK API (its base URL) and that
-- API's id for the service, so importing the same API again updates the same services instead of
-- adding them twice.
CREATE TABLE directory_service_sources (
  source text NOT NULL,
  external_id text NOT NULL,
  service_id uuid NOT NULL UNIQUE REFERENCES directory_services (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source, external_id)
);

-- Each import run and its report (created, updated, unchanged, rejected with reasons), kept so the
-- report page can be opened again later.
CREATE TABLE directory_imports (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('oruk', 'csv')),
  -- The API's base URL, or a description of the CSV file.
  source text NOT NULL,
  started_by uuid REFERENCES users (id),
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now(),
  counts jsonb NOT NULL,
  report jsonb NOT NULL
);
CREATE INDEX directory_imports_started_idx ON directory_imports (started_at DESC);
