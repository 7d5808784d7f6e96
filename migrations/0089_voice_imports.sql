-- A round's responses uploaded as a CSV or XLSX file (issue 16). Each file imported is kept by its SHA-256, so the
-- same file sent twice (again later, or twice at once) is refused by the key rather than doubling the responses; a
-- refused file is not kept (its row-by-row report is shown and the refusal audited). The responses it made point at it.
CREATE TABLE voice_imports (
  id uuid PRIMARY KEY,
  round_id uuid NOT NULL REFERENCES voice_rounds (id),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 400),
  file_kind text NOT NULL CHECK (file_kind IN ('csv', 'xlsx')),
  responses integer NOT NULL CHECK (responses BETWEEN 1 AND 100000),
  imported_at timestamptz NOT NULL DEFAULT now(),
  imported_by uuid NOT NULL,
  UNIQUE (round_id, sha256)
);

ALTER TABLE voice_responses ADD COLUMN import_id uuid REFERENCES voice_imports (id);
CREATE INDEX voice_responses_import_idx ON voice_responses (import_id) WHERE import_id IS NOT NULL;
