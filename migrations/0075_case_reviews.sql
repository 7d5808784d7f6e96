-- Safeguarding practice reviews and learning (issue 16; seed 004: "All new CSPR referrals are initially considered and
-- triaged by representatives from the three Statutory Partners to ensure they meet the criteria to progress to a Rapid
-- Review"; "agencies providing evidence of the impact of learning from reviews ... quality assured by a multi-agency
-- steering group"). A referral, each statutory partner's triage, the Rapid Review, the local Child Safeguarding
-- Practice Review with its stages, delays, themes and recommendations, and the agencies' learning actions.

CREATE SEQUENCE case_review_reference_seq;

-- The tables' length checks are looser than the forms' (which say what is allowed): a guard, not the rule.

-- A case referred for consideration of a review. The child is a person of Hearth's when one matched, else the name
-- and date of birth as given. The Rapid Review is due 15 working days after the partnership became aware.
CREATE TABLE case_review_referrals (
  id uuid PRIMARY KEY,
  reference text NOT NULL UNIQUE CHECK (reference ~ '^CR-[0-9]{4}-[0-9]{3,6}$'),
  person_id uuid REFERENCES people (id),
  child_first_name text NOT NULL CHECK (length(trim(child_first_name)) BETWEEN 1 AND 200),
  child_last_name text NOT NULL CHECK (length(trim(child_last_name)) BETWEEN 1 AND 200),
  child_date_of_birth date,
  referrer_name text NOT NULL CHECK (length(trim(referrer_name)) BETWEEN 1 AND 400),
  referrer_organisation_id uuid REFERENCES organisations (id),
  referred_on date NOT NULL,
  criteria text[] NOT NULL CHECK (cardinality(criteria) BETWEEN 1 AND 20),
  summary text NOT NULL CHECK (length(trim(summary)) BETWEEN 1 AND 4000),
  rapid_review_due_on date NOT NULL,
  status text NOT NULL DEFAULT 'triage'
    CHECK (status IN ('triage', 'rapid-review', 'not-progressed', 'no-local-review', 'local-review')),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX case_review_referrals_referred_idx ON case_review_referrals (referred_on);
CREATE INDEX case_review_referrals_status_idx ON case_review_referrals (status);

-- One triage decision per statutory partner per referral: the second for a partner is refused by the key.
CREATE TABLE case_review_triage (
  id uuid PRIMARY KEY,
  referral_id uuid NOT NULL REFERENCES case_review_referrals (id),
  partner text NOT NULL CHECK (partner IN ('council', 'police', 'health')),
  meets_criteria boolean NOT NULL,
  reason text NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 2000),
  decided_by uuid NOT NULL,
  organisation_id uuid REFERENCES organisations (id),
  decided_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (referral_id, partner)
);

-- The Rapid Review (one per referral): when it was held, whether a local review follows, the National Panel.
CREATE TABLE case_review_rapid_reviews (
  referral_id uuid PRIMARY KEY REFERENCES case_review_referrals (id),
  held_on date NOT NULL,
  local_review boolean NOT NULL,
  panel_notified boolean NOT NULL,
  panel_notified_on date,
  reason text NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 4000),
  recorded_by uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK (panel_notified = (panel_notified_on IS NOT NULL))
);
CREATE INDEX case_review_rapid_reviews_held_idx ON case_review_rapid_reviews (held_on);

-- The local Child Safeguarding Practice Review (one per referral): its method, the stage reached, themes found.
CREATE TABLE case_review_csprs (
  id uuid PRIMARY KEY,
  referral_id uuid NOT NULL UNIQUE REFERENCES case_review_referrals (id),
  method text NOT NULL CHECK (method ~ '^[a-z0-9-]{1,60}$'),
  reviewer text NOT NULL DEFAULT '' CHECK (length(reviewer) <= 400),
  started_on date NOT NULL,
  stage text NOT NULL,
  themes text[] NOT NULL DEFAULT '{}',
  published_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX case_review_csprs_started_idx ON case_review_csprs (started_on);

-- Each stage a review reached, in the fixed order (the service refuses one out of order; the key refuses a repeat).
CREATE TABLE case_review_stages (
  cspr_id uuid NOT NULL REFERENCES case_review_csprs (id),
  stage text NOT NULL,
  reached_on date NOT NULL,
  recorded_by uuid,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cspr_id, stage)
);
CREATE INDEX case_review_stages_reached_idx ON case_review_stages (stage, reached_on);

-- A delay and its reason (seed 004: "some delays as the learning is extracted from these reviews, often for reasons
-- beyond the partnership's control").
CREATE TABLE case_review_delays (
  id uuid PRIMARY KEY,
  cspr_id uuid NOT NULL REFERENCES case_review_csprs (id),
  reason text NOT NULL CHECK (reason ~ '^[a-z0-9-]{1,60}$'),
  details text NOT NULL DEFAULT '' CHECK (length(details) <= 2000),
  from_on date NOT NULL,
  until_on date,
  recorded_by uuid,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK (until_on IS NULL OR until_on >= from_on)
);

-- A recommendation of the review, numbered in the order it was added.
CREATE TABLE case_review_recommendations (
  id uuid PRIMARY KEY,
  cspr_id uuid NOT NULL REFERENCES case_review_csprs (id),
  number integer NOT NULL CHECK (number BETWEEN 1 AND 999),
  text text NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 2000),
  recorded_by uuid,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (cspr_id, number)
);

-- A learning action for one agency: its owner, due date, the agency's evidence that practice changed, and the check
-- made for the multi-agency group (accepted, or returned for more).
CREATE TABLE case_review_learning_actions (
  id uuid PRIMARY KEY,
  referral_id uuid NOT NULL REFERENCES case_review_referrals (id),
  recommendation_id uuid REFERENCES case_review_recommendations (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  owner text NOT NULL CHECK (length(trim(owner)) BETWEEN 1 AND 400),
  action text NOT NULL CHECK (length(trim(action)) BETWEEN 1 AND 2000),
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'evidence', 'returned', 'accepted')),
  evidence text NOT NULL DEFAULT '' CHECK (length(evidence) <= 4000),
  evidence_by uuid,
  evidence_at timestamptz,
  check_note text NOT NULL DEFAULT '' CHECK (length(check_note) <= 2000),
  checked_by uuid,
  checked_at timestamptz,
  accepted_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX case_review_learning_actions_org_idx ON case_review_learning_actions (organisation_id, status);
CREATE INDEX case_review_learning_actions_due_idx ON case_review_learning_actions (due_on);
CREATE INDEX case_review_learning_actions_referral_idx ON case_review_learning_actions (referral_id);
