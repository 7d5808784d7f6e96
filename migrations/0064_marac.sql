-- MARAC, the Multi-Agency Risk Assessment Team (issue 15; seed 002: "a twice daily meeting of dedicated multi
-- agency professionals who produce action plans which focus on the safety of victims, young people and children who
-- have been identified as at high risk due to domestic abuse"). Every row here is a restricted record: the policy's
-- restricted:view-marac decides who sees a case (its MARAC, its referrer), and a refuge address is never shown outside
-- MARAC. Agencies are the tenant's MARAC agency codes (police, social care, health, the IDVA service, probation,
-- substance misuse, housing, education), not organisations.

-- One MARAC case: the referral and what followed. A referral within the tenant's repeat window (12 months in Essex) of
-- an earlier one about the same victim is a repeat and points at it.
CREATE TABLE marac_cases (
  id uuid PRIMARY KEY,
  reference text NOT NULL UNIQUE CHECK (length(reference) BETWEEN 1 AND 40),
  referred_at timestamptz NOT NULL DEFAULT now(),
  referred_by uuid NOT NULL REFERENCES users (id),
  referring_agency text NOT NULL CHECK (length(referring_agency) BETWEEN 1 AND 60),
  -- Why the case is high risk: one or more of the risk checklist score, professional judgement, escalation.
  risk_basis text[] NOT NULL CHECK (
    cardinality(risk_basis) BETWEEN 1 AND 3
    AND risk_basis <@ ARRAY['risk-checklist', 'professional-judgement', 'escalation']::text[]
  ),
  -- The DASH risk checklist: the numbers (1-24) of the questions ticked, and their count. Null: not completed.
  risk_checklist_ticked integer[],
  risk_checklist_score integer CHECK (risk_checklist_score IS NULL OR risk_checklist_score BETWEEN 0 AND 24),
  professional_judgement text CHECK (professional_judgement IS NULL OR length(professional_judgement) <= 5000),
  -- Police call-outs to domestic abuse at the household in the last 12 months (the escalation criterion).
  police_callouts integer CHECK (police_callouts IS NULL OR police_callouts BETWEEN 0 AND 999),
  summary text NOT NULL CHECK (length(trim(summary)) BETWEEN 1 AND 5000),
  district_code text,
  repeat_of uuid REFERENCES marac_cases (id),
  status text NOT NULL DEFAULT 'referred' CHECK (status IN ('referred', 'listed', 'heard', 'closed')),
  closed_at timestamptz,
  closed_by uuid REFERENCES users (id),
  closure_reason text CHECK (closure_reason IS NULL OR length(closure_reason) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  CHECK ((risk_checklist_score IS NULL) = (risk_checklist_ticked IS NULL)),
  CHECK (risk_checklist_score IS NULL OR risk_checklist_score = cardinality(risk_checklist_ticked)),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX marac_cases_referred_idx ON marac_cases (referred_at, id);
CREATE INDEX marac_cases_open_idx ON marac_cases (status, referred_at) WHERE status <> 'closed';
CREATE INDEX marac_cases_referred_by_idx ON marac_cases (referred_by);

-- The people in a case: exactly one adult victim, the children and young people in the household, and the person or
-- people causing harm. Each may be matched to Hearth's people as the Hub does (person_id); the names and address are
-- as referred. A refuge address is never shown outside MARAC; the victim's address and the person causing harm are
-- never shown together to a partner.
CREATE TABLE marac_case_people (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES marac_cases (id),
  role text NOT NULL CHECK (role IN ('victim', 'child', 'person-causing-harm')),
  person_id uuid REFERENCES people (id),
  first_name text NOT NULL CHECK (length(trim(first_name)) BETWEEN 1 AND 100),
  last_name text NOT NULL CHECK (length(trim(last_name)) BETWEEN 1 AND 100),
  date_of_birth date,
  gender text CHECK (gender IS NULL OR length(gender) <= 40),
  -- The child's or person's relationship to the victim, in the referrer's words ("son", "ex-partner").
  relationship text CHECK (relationship IS NULL OR length(relationship) <= 100),
  address text CHECK (address IS NULL OR length(address) <= 500),
  postcode text CHECK (postcode IS NULL OR length(postcode) <= 10),
  refuge boolean NOT NULL DEFAULT false,
  -- A child's school, as referred (Operation Encompass and the education agency's research use it).
  school text CHECK (school IS NULL OR length(school) <= 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (role <> 'child' OR date_of_birth IS NOT NULL)
);
CREATE INDEX marac_case_people_case_idx ON marac_case_people (case_id);
CREATE INDEX marac_case_people_person_idx ON marac_case_people (person_id) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX marac_case_people_one_victim_idx ON marac_case_people (case_id) WHERE role = 'victim';
-- A repeat is found by the victim: matched person, or name and date of birth.
CREATE INDEX marac_case_people_victim_name_idx ON marac_case_people (lower(last_name), date_of_birth)
  WHERE role = 'victim';

-- A MARAC meeting: twice a day in Essex (the tenant's slots). One row per slot held or planned.
CREATE TABLE marac_meetings (
  id uuid PRIMARY KEY,
  starts_at timestamptz NOT NULL UNIQUE,
  -- The tenant's slot code ("morning", "afternoon").
  slot text NOT NULL CHECK (length(slot) BETWEEN 1 AND 40),
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'cancelled')),
  chaired_by uuid REFERENCES users (id),
  -- The agencies present (the tenant's agency codes).
  agencies_present text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1)
);

-- A case listed at a meeting (the next meeting's list), and the discussion when it is heard. A case may be heard
-- again (a review of its safety action plan).
CREATE TABLE marac_hearings (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES marac_cases (id),
  meeting_id uuid NOT NULL REFERENCES marac_meetings (id),
  listed_at timestamptz NOT NULL DEFAULT now(),
  listed_by uuid REFERENCES users (id),
  -- The list's order within the meeting.
  position integer NOT NULL DEFAULT 0 CHECK (position >= 0),
  discussion text CHECK (discussion IS NULL OR length(discussion) <= 20000),
  heard_at timestamptz,
  heard_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  UNIQUE (case_id, meeting_id),
  CHECK (discussion IS NULL OR heard_at IS NOT NULL)
);
CREATE INDEX marac_hearings_meeting_idx ON marac_hearings (meeting_id, position);
CREATE INDEX marac_hearings_case_idx ON marac_hearings (case_id);

-- Each agency's research before the meeting: what it holds about the household.
CREATE TABLE marac_research (
  id uuid PRIMARY KEY,
  hearing_id uuid NOT NULL REFERENCES marac_hearings (id),
  agency text NOT NULL CHECK (length(agency) BETWEEN 1 AND 60),
  -- 'known' with what the agency holds, or 'not-known' to it.
  known boolean NOT NULL,
  information text CHECK (information IS NULL OR length(information) <= 10000),
  recorded_by uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  UNIQUE (hearing_id, agency),
  CHECK (NOT known OR length(trim(coalesce(information, ''))) > 0)
);

-- Another agency invited to a single case (seed 002: "the opportunity for other agencies to be part of the action plan
-- and discussion about risk"): an organisation, or one named user.
CREATE TABLE marac_invitations (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES marac_cases (id),
  organisation_id uuid REFERENCES organisations (id),
  user_id uuid REFERENCES users (id),
  reason text NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 2000),
  invited_by uuid NOT NULL REFERENCES users (id),
  invited_at timestamptz NOT NULL DEFAULT now(),
  withdrawn_at timestamptz,
  CHECK ((organisation_id IS NULL) <> (user_id IS NULL))
);
CREATE INDEX marac_invitations_case_idx ON marac_invitations (case_id);
CREATE INDEX marac_invitations_org_idx ON marac_invitations (organisation_id) WHERE withdrawn_at IS NULL;
CREATE INDEX marac_invitations_user_idx ON marac_invitations (user_id) WHERE withdrawn_at IS NULL;

-- The safety action plan: actions per agency with an owner, a due date and a status, reviewed until done. An action
-- for the children goes to the Hub as a Request for Support (request_id) or to an allocated worker's list.
CREATE TABLE marac_actions (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES marac_cases (id),
  hearing_id uuid REFERENCES marac_hearings (id),
  agency text NOT NULL CHECK (length(agency) BETWEEN 1 AND 60),
  description text NOT NULL CHECK (length(trim(description)) BETWEEN 1 AND 2000),
  owner_user_id uuid REFERENCES users (id),
  owner_name text NOT NULL CHECK (length(trim(owner_name)) BETWEEN 1 AND 200),
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
  done_at timestamptz,
  for_children boolean NOT NULL DEFAULT false,
  -- The Request for Support the action started at the Hub, or the early help record it went to.
  request_id uuid REFERENCES requests_for_support (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  CHECK ((status = 'open') = (done_at IS NULL))
);
CREATE INDEX marac_actions_case_idx ON marac_actions (case_id);
CREATE INDEX marac_actions_open_due_idx ON marac_actions (due_on) WHERE status = 'open';
CREATE INDEX marac_actions_owner_idx ON marac_actions (owner_user_id) WHERE status = 'open';

-- Each review of an action: what was done, and its status after.
CREATE TABLE marac_action_updates (
  id uuid PRIMARY KEY,
  action_id uuid NOT NULL REFERENCES marac_actions (id),
  note text NOT NULL CHECK (length(trim(note)) BETWEEN 1 AND 5000),
  status_after text NOT NULL CHECK (status_after IN ('open', 'done', 'cancelled')),
  recorded_by uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX marac_action_updates_action_idx ON marac_action_updates (action_id, recorded_at);
