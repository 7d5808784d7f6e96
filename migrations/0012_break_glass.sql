-- Break-glass (emergency) access to a record a user is not involved with (DESIGN.md §4). The user
-- gives a reason, access lasts a limited time and their managers are emailed. A grant is never
-- deleted or edited except to end it early; its start and end are in the audit trail too.

CREATE TABLE break_glass_grants (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  -- The record, as the audit trail names it (audit_events.subject_type / subject_id).
  record_type text NOT NULL CHECK (record_type ~ '^[a-z][a-z0-9-]{0,49}$'),
  record_id uuid NOT NULL,
  -- What the record is called in alerts and the access log: a reference, never sensitive details.
  record_label text NOT NULL CHECK (length(record_label) BETWEEN 1 AND 200),
  reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 10 AND 1000),
  granted_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  ended_at timestamptz,
  ended_by uuid REFERENCES users (id),
  -- The managers emailed, and when (null when there was no active manager to tell).
  alerted_user_ids uuid[] NOT NULL DEFAULT '{}',
  manager_alerted_at timestamptz,
  CHECK (expires_at > granted_at AND expires_at <= granted_at + interval '8 hours'),
  CHECK (ended_at IS NULL OR ended_at >= granted_at)
);

-- "Is there an active grant for this user and record?" is asked on every view of a record.
CREATE INDEX break_glass_grants_active_idx ON break_glass_grants (user_id, record_type, record_id, expires_at DESC)
  WHERE ended_at IS NULL;
-- Every grant on one record, for its access log.
CREATE INDEX break_glass_grants_record_idx ON break_glass_grants (record_type, record_id, granted_at);
