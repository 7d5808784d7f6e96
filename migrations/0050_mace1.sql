-- MACE 1 (issue 13; seed 002 "MACE (Missing and Child Exploitation)"): "MACE 1 works by identifying and reviewing
-- individual cases of children assessed to be at high risk of being exploited, or vulnerable perpetrators of
-- exploitation to their peers. Relevant information sharing supports the agreement of plans to protect those young
-- people and build evidence to prosecute offenders." It works per quadrant. Cases are restricted records: the panel
-- of the case's quadrant (mace_panel_members) sees them; the nominator sees only that the case exists.

-- A practitioner's nomination of a child to MACE 1; a coordinator accepts it (opening a case) or declines it.
CREATE TABLE mace1_nominations (
  id uuid PRIMARY KEY,
  -- 'at-risk': at high risk of being exploited; 'exploiting-peers': a vulnerable young person exploiting peers.
  kind text NOT NULL CHECK (kind IN ('at-risk', 'exploiting-peers')),
  child_first_name text NOT NULL CHECK (length(trim(child_first_name)) BETWEEN 1 AND 200),
  child_last_name text NOT NULL CHECK (length(trim(child_last_name)) BETWEEN 1 AND 200),
  child_date_of_birth date,
  district_id uuid NOT NULL REFERENCES districts (id),
  quadrant_id uuid NOT NULL REFERENCES quadrants (id),
  why text NOT NULL CHECK (length(why) BETWEEN 1 AND 10000),
  agencies text NOT NULL CHECK (length(agencies) <= 4000),
  -- The exploitation concern it came from, if any.
  concern_id uuid REFERENCES exploitation_concerns (id),
  status text NOT NULL DEFAULT 'nominated' CHECK (status IN ('nominated', 'accepted', 'declined')),
  decline_reason text CHECK (length(decline_reason) <= 4000),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  nominated_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX mace1_nominations_status_idx ON mace1_nominations (status, created_at);
CREATE INDEX mace1_nominations_nominated_by_idx ON mace1_nominations (nominated_by, created_at DESC);

-- A MACE 1 case: one child, reviewed meeting to meeting until exit.
CREATE TABLE mace1_cases (
  id uuid PRIMARY KEY,
  nomination_id uuid UNIQUE REFERENCES mace1_nominations (id),
  kind text NOT NULL CHECK (kind IN ('at-risk', 'exploiting-peers')),
  child_first_name text NOT NULL CHECK (length(trim(child_first_name)) BETWEEN 1 AND 200),
  child_last_name text NOT NULL CHECK (length(trim(child_last_name)) BETWEEN 1 AND 200),
  child_date_of_birth date,
  -- The person the child was matched to (people module), when one likely match was clear.
  person_id uuid REFERENCES people (id),
  district_id uuid NOT NULL REFERENCES districts (id),
  quadrant_id uuid NOT NULL REFERENCES quadrants (id),
  why text NOT NULL CHECK (length(why) BETWEEN 1 AND 10000),
  agencies text NOT NULL CHECK (length(agencies) <= 4000),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'exited')),
  risk_level text CHECK (risk_level IN ('high', 'medium', 'low')),
  review_on date,
  -- A code from the tenant file's mace.exitReasons.
  exit_reason text CHECK (length(exit_reason) <= 100),
  exited_on date,
  opened_on date NOT NULL,
  opened_by uuid NOT NULL REFERENCES users (id),
  -- Who nominated the child (null when a coordinator opened the case directly).
  nominated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  CHECK ((status = 'exited') = (exit_reason IS NOT NULL AND exited_on IS NOT NULL))
);
CREATE INDEX mace1_cases_quadrant_idx ON mace1_cases (quadrant_id, status, review_on);
CREATE INDEX mace1_cases_nominated_by_idx ON mace1_cases (nominated_by);

-- A quadrant's MACE 1 meeting.
CREATE TABLE mace1_meetings (
  id uuid PRIMARY KEY,
  quadrant_id uuid NOT NULL REFERENCES quadrants (id),
  starts_at timestamptz NOT NULL,
  place text NOT NULL CHECK (length(trim(place)) BETWEEN 1 AND 400),
  online boolean NOT NULL DEFAULT false,
  chair text NOT NULL CHECK (length(trim(chair)) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX mace1_meetings_quadrant_idx ON mace1_meetings (quadrant_id, starts_at);

-- The coordinator's changes to a meeting's agenda (built from the cases due): a case added, or one taken off.
CREATE TABLE mace1_agenda_changes (
  meeting_id uuid NOT NULL REFERENCES mace1_meetings (id),
  case_id uuid NOT NULL REFERENCES mace1_cases (id),
  included boolean NOT NULL,
  changed_by uuid REFERENCES users (id),
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (meeting_id, case_id)
);

-- Each agency's information about a case for a meeting, before or at it.
CREATE TABLE mace1_agency_information (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES mace1_cases (id),
  meeting_id uuid NOT NULL REFERENCES mace1_meetings (id),
  organisation_id uuid REFERENCES organisations (id),
  information text NOT NULL CHECK (length(information) BETWEEN 1 AND 10000),
  recorded_by uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mace1_agency_information_case_idx ON mace1_agency_information (case_id, meeting_id, recorded_at);

-- What the meeting decided about a case: the discussion, the risk level, and review or exit.
CREATE TABLE mace1_discussions (
  meeting_id uuid NOT NULL REFERENCES mace1_meetings (id),
  case_id uuid NOT NULL REFERENCES mace1_cases (id),
  summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 10000),
  risk_level text NOT NULL CHECK (risk_level IN ('high', 'medium', 'low')),
  outcome text NOT NULL CHECK (outcome IN ('review', 'exit')),
  next_review_on date,
  exit_reason text CHECK (length(exit_reason) <= 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (meeting_id, case_id),
  CHECK ((outcome = 'review' AND next_review_on IS NOT NULL) OR (outcome = 'exit' AND exit_reason IS NOT NULL))
);
CREATE INDEX mace1_discussions_case_idx ON mace1_discussions (case_id);

-- The protection plan: actions per agency, each with an owner, a due date and a status.
CREATE TABLE mace1_plan_actions (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES mace1_cases (id),
  meeting_id uuid REFERENCES mace1_meetings (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  action text NOT NULL CHECK (length(action) BETWEEN 1 AND 4000),
  owner text NOT NULL CHECK (length(trim(owner)) BETWEEN 1 AND 200),
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'not-started' CHECK (status IN ('not-started', 'in-progress', 'done', 'cancelled')),
  done_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX mace1_plan_actions_case_idx ON mace1_plan_actions (case_id, due_on);
