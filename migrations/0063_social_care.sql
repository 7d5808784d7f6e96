-- The level 4 hand-off and escalation (issue 15; seed 002: the Hub is "the referral pathway for any safeguarding
-- concerns at level 4"; seed 004: escalation "not effectively used by partners").

-- A Hub decision whose pathway is children's social care hands the request on: one hand-off per decision, written
-- in the decision's transaction. Children's social care acknowledges it once (in Hearth, or through the outbound
-- API from the authority's own social care system) and records the outcome; no further action goes back to the Hub
-- with a reason.
CREATE TABLE social_care_handoffs (
  id uuid PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES requests_for_support (id),
  decision_id uuid NOT NULL UNIQUE REFERENCES hub_decisions (id),
  -- A copy of what the list and the API show without reading the request: its display reference, level, district,
  -- the Hub's route (statutory assessment or strategy discussion) and whom to tell (null: the Hub held it back).
  reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 40),
  level integer NOT NULL CHECK (level BETWEEN 1 AND 9),
  district_code text,
  route text CHECK (route IS NULL OR route IN ('statutory-assessment', 'strategy-discussion')),
  requester_email text CHECK (requester_email IS NULL OR length(requester_email) <= 320),
  acknowledged_at timestamptz,
  acknowledged_by uuid REFERENCES users (id),
  -- Who acknowledged: the user's name, or the API client's name when it came back through the API.
  acknowledged_by_name text CHECK (acknowledged_by_name IS NULL OR length(acknowledged_by_name) <= 200),
  acknowledged_via text CHECK (acknowledged_via IS NULL OR acknowledged_via IN ('hearth', 'api')),
  -- The social care system's own reference for the case, when its acknowledgement gives one.
  external_reference text CHECK (external_reference IS NULL OR length(external_reference) <= 100),
  outcome text CHECK (outcome IS NULL OR outcome IN ('strategy-discussion', 'assessment', 'no-further-action')),
  outcome_reason text CHECK (outcome_reason IS NULL OR length(outcome_reason) <= 2000),
  outcome_at timestamptz,
  outcome_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  CHECK ((acknowledged_at IS NULL) = (acknowledged_via IS NULL)),
  CHECK (outcome IS NULL OR acknowledged_at IS NOT NULL),
  CHECK ((outcome IS NULL) = (outcome_at IS NULL)),
  CHECK (outcome IS DISTINCT FROM 'no-further-action' OR length(trim(coalesce(outcome_reason, ''))) > 0)
);
-- The queue (unacknowledged first, oldest first) and the API's cursor (created_at, id).
CREATE INDEX social_care_handoffs_created_idx ON social_care_handoffs (created_at, id);
CREATE INDEX social_care_handoffs_open_idx ON social_care_handoffs (created_at) WHERE outcome IS NULL;

-- An escalation: a practitioner who disagrees with a Hub decision raises it; it moves up the tenant's stages
-- (practitioner to practitioner, managers, senior managers, the partnership) keeping each stage's history.
CREATE TABLE escalations (
  id uuid PRIMARY KEY,
  subject_type text NOT NULL CHECK (subject_type IN ('hub-decision')),
  subject_id uuid NOT NULL,
  -- The request the decision is about, for links and the report (the decision's own module keeps the rest).
  request_id uuid NOT NULL,
  reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 40),
  raised_by uuid NOT NULL REFERENCES users (id),
  raised_at timestamptz NOT NULL DEFAULT now(),
  stage text NOT NULL CHECK (length(stage) BETWEEN 1 AND 60),
  resolution text CHECK (resolution IS NULL OR length(resolution) <= 2000),
  resolved_at timestamptz,
  resolved_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  CHECK ((resolved_at IS NULL) = (resolution IS NULL))
);
CREATE INDEX escalations_raised_idx ON escalations (raised_at);
CREATE INDEX escalations_raised_by_idx ON escalations (raised_by);

-- Each stage of an escalation: what was asked, and the response (one row per stage reached, never changed but to
-- add the response).
CREATE TABLE escalation_stages (
  id uuid PRIMARY KEY,
  escalation_id uuid NOT NULL REFERENCES escalations (id),
  stage text NOT NULL CHECK (length(stage) BETWEEN 1 AND 60),
  asked text NOT NULL CHECK (length(trim(asked)) BETWEEN 1 AND 5000),
  asked_by uuid NOT NULL REFERENCES users (id),
  asked_at timestamptz NOT NULL DEFAULT now(),
  response text CHECK (response IS NULL OR length(response) <= 5000),
  responded_by uuid REFERENCES users (id),
  responded_at timestamptz,
  CHECK ((response IS NULL) = (responded_at IS NULL)),
  UNIQUE (escalation_id, stage)
);
