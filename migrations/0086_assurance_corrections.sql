-- Corrections to an agency's answers (issue 16, "Audits"): an agency may correct its Section 11 or Section 175 return,
-- and its findings report to a case audit, until the Board's manager closes the cycle or audit. Each correction moves
-- the answer's version on by one (optimistic locking: a stale form or a second identical submit is refused) and keeps
-- what changed, field by field: who, when, the old value and the new.

ALTER TABLE assurance_returns
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN updated_by uuid REFERENCES users (id);

ALTER TABLE case_audit_findings
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN updated_by uuid REFERENCES users (id);

-- One field of a return changed by a correction: a standard's rating, evidence or actions.
CREATE TABLE assurance_return_changes (
  id uuid PRIMARY KEY,
  return_id uuid NOT NULL REFERENCES assurance_returns (id),
  version integer NOT NULL CHECK (version >= 2),
  standard_code text NOT NULL CHECK (standard_code ~ '^[a-z0-9-]{1,60}$'),
  field text NOT NULL CHECK (field IN ('rating', 'evidence', 'actions')),
  old_value text NOT NULL CHECK (length(old_value) <= 4000),
  new_value text NOT NULL CHECK (length(new_value) <= 4000),
  changed_at timestamptz NOT NULL DEFAULT now(),
  changed_by uuid REFERENCES users (id),
  UNIQUE (return_id, version, standard_code, field)
);

-- One field of a findings report changed by a correction: the overview of findings, or one case's grade.
CREATE TABLE case_audit_findings_changes (
  id uuid PRIMARY KEY,
  findings_id uuid NOT NULL REFERENCES case_audit_findings (id),
  version integer NOT NULL CHECK (version >= 2),
  field text NOT NULL CHECK (field IN ('summary', 'grade')),
  case_id uuid REFERENCES case_audit_cases (id),
  old_value text NOT NULL CHECK (length(old_value) <= 8000),
  new_value text NOT NULL CHECK (length(new_value) <= 8000),
  changed_at timestamptz NOT NULL DEFAULT now(),
  changed_by uuid REFERENCES users (id),
  CHECK ((field = 'grade') = (case_id IS NOT NULL))
);
CREATE INDEX case_audit_findings_changes_idx ON case_audit_findings_changes (findings_id, version);
