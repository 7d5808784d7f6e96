-- The register's count job says when it fails (issue 16): how many runs have failed since the import's count was last
-- finished, and when the last one failed, so the Panel's page says the count is failing (and is tried again each minute)
-- rather than "being counted" with no end. The error itself goes to the log, never here: it may quote a row.
ALTER TABLE cp_imports
  ADD COLUMN count_failures integer NOT NULL DEFAULT 0 CHECK (count_failures >= 0),
  ADD COLUMN count_failed_at timestamptz;
