-- The partnership's audits (issue 16, "Audits"; seed 004): Section 11 (every 2 years, each agency's self-assessment
-- against the standards) and Section 175 (schools and colleges) cycles with invitations, reminders and returns; and
-- multi-agency case audits (single-case and thematic) with the cases sampled, auditors, each agency's findings, the
-- findings meeting, cross-cutting themes and the service development plan.

-- A Section 11 or Section 175 cycle: open from opens_on, returns due by due_on, closed by the Board's manager.
CREATE TABLE assurance_cycles (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('section-11', 'section-175')),
  title text NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),
  opens_on date NOT NULL,
  due_on date NOT NULL CHECK (due_on >= opens_on),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX assurance_cycles_kind_idx ON assurance_cycles (kind, opens_on);

-- An organisation invited to a cycle: only an invited agency answers.
CREATE TABLE assurance_invitations (
  id uuid PRIMARY KEY,
  cycle_id uuid NOT NULL REFERENCES assurance_cycles (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  invited_at timestamptz NOT NULL DEFAULT now(),
  invited_by uuid,
  UNIQUE (cycle_id, organisation_id)
);

-- A reminder sent for an invitation on one day: the daily job sends one a day at most, whatever re-runs it.
CREATE TABLE assurance_reminders (
  invitation_id uuid NOT NULL REFERENCES assurance_invitations (id),
  sent_on date NOT NULL,
  recipients integer NOT NULL CHECK (recipients >= 0),
  PRIMARY KEY (invitation_id, sent_on)
);

-- An agency's return to a cycle: one per invitation, submitted once.
CREATE TABLE assurance_returns (
  id uuid PRIMARY KEY,
  invitation_id uuid NOT NULL UNIQUE REFERENCES assurance_invitations (id),
  cycle_id uuid NOT NULL REFERENCES assurance_cycles (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  submitted_by uuid REFERENCES users (id)
);

-- The return's rating of one standard, with the agency's evidence and actions.
CREATE TABLE assurance_return_answers (
  return_id uuid NOT NULL REFERENCES assurance_returns (id),
  standard_code text NOT NULL CHECK (standard_code ~ '^[a-z0-9-]{1,60}$'),
  rating text NOT NULL CHECK (rating IN ('met', 'partly-met', 'not-met')),
  evidence text NOT NULL DEFAULT '' CHECK (length(evidence) <= 4000),
  actions text NOT NULL DEFAULT '' CHECK (length(actions) <= 4000),
  PRIMARY KEY (return_id, standard_code)
);

-- A multi-agency case audit: single-case (MACA) or thematic (MATA), with how its cases were chosen.
CREATE TABLE case_audits (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('single', 'thematic')),
  theme text NOT NULL CHECK (length(trim(theme)) BETWEEN 1 AND 200),
  closed_from date,
  closed_to date CHECK (closed_to IS NULL OR closed_from IS NULL OR closed_to >= closed_from),
  level integer CHECK (level BETWEEN 1 AND 4),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_at timestamptz,
  meeting_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);

-- A case sampled for an audit: an early help episode and its family (the record the auditors are granted).
CREATE TABLE case_audit_cases (
  id uuid PRIMARY KEY,
  audit_id uuid NOT NULL REFERENCES case_audits (id),
  episode_id uuid NOT NULL REFERENCES episodes (id),
  family_id uuid NOT NULL REFERENCES families (id),
  position integer NOT NULL CHECK (position BETWEEN 1 AND 1000),
  UNIQUE (audit_id, episode_id)
);
CREATE INDEX case_audit_cases_family_idx ON case_audit_cases (family_id);

-- An auditor for an agency: sees the sampled records while the audit is open (the 'case-auditor' involvement).
CREATE TABLE case_audit_auditors (
  id uuid PRIMARY KEY,
  audit_id uuid NOT NULL REFERENCES case_audits (id),
  user_id uuid NOT NULL REFERENCES users (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  UNIQUE (audit_id, user_id)
);
CREATE INDEX case_audit_auditors_user_idx ON case_audit_auditors (user_id);

-- One agency's findings report, with a grade for each case.
CREATE TABLE case_audit_findings (
  id uuid PRIMARY KEY,
  audit_id uuid NOT NULL REFERENCES case_audits (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  summary text NOT NULL CHECK (length(trim(summary)) BETWEEN 1 AND 8000),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  submitted_by uuid REFERENCES users (id),
  UNIQUE (audit_id, organisation_id)
);

CREATE TABLE case_audit_grades (
  findings_id uuid NOT NULL REFERENCES case_audit_findings (id),
  case_id uuid NOT NULL REFERENCES case_audit_cases (id),
  grade text NOT NULL CHECK (grade IN ('outstanding', 'good', 'requires-improvement', 'inadequate')),
  PRIMARY KEY (findings_id, case_id)
);

-- The findings meeting's attendance: how many came from each agency.
CREATE TABLE case_audit_attendance (
  audit_id uuid NOT NULL REFERENCES case_audits (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  attendees integer NOT NULL CHECK (attendees BETWEEN 1 AND 500),
  PRIMARY KEY (audit_id, organisation_id)
);

-- A cross-cutting practice theme the findings meeting drew out.
CREATE TABLE case_audit_themes (
  id uuid PRIMARY KEY,
  audit_id uuid NOT NULL REFERENCES case_audits (id),
  title text NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),
  detail text NOT NULL DEFAULT '' CHECK (length(detail) <= 4000),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The service development plan: actions, their owner, due date and status.
CREATE TABLE case_audit_actions (
  id uuid PRIMARY KEY,
  audit_id uuid NOT NULL REFERENCES case_audits (id),
  action text NOT NULL CHECK (length(trim(action)) BETWEEN 1 AND 1000),
  owner text NOT NULL CHECK (length(trim(owner)) BETWEEN 1 AND 200),
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'not-started' CHECK (status IN ('not-started', 'in-progress', 'done')),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);
