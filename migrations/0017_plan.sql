-- The Early Help Plan and its reviews (issue 7). One plan per episode: goals (from a need of the episode or typed,
-- with a Supporting Families outcome area), actions (what, who — a family member, a practitioner or a Directory
-- service — by when, status), a 0-10 "where are we now" score per goal at the start and at each review, the
-- family's sign-off against the plan's content version, and reviews on the tenant's cadence.
-- Nothing is deleted: an action that is no longer wanted is "dropped".

CREATE TABLE plans (
  id uuid PRIMARY KEY,
  episode_id uuid NOT NULL REFERENCES episodes (id),
  start_date date NOT NULL,
  -- Moves on with every change to the plan's goals or actions; sign-offs record the one the family saw.
  content_version integer NOT NULL DEFAULT 1,
  next_review_date date NOT NULL CHECK (next_review_date > start_date),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX plans_episode_idx ON plans (episode_id);
-- Overdue reviews: plans by their next review date.
CREATE INDEX plans_next_review_idx ON plans (next_review_date);

CREATE TABLE plan_goals (
  id uuid PRIMARY KEY,
  plan_id uuid NOT NULL REFERENCES plans (id),
  -- The need from the assessment this goal answers; null for a goal typed on its own.
  need_id uuid REFERENCES episode_needs (id),
  outcome_area text NOT NULL REFERENCES outcome_areas (code),
  description text NOT NULL CHECK (length(trim(description)) BETWEEN 1 AND 2000),
  -- "Where are we now?" when the goal was set: the first point of its distance travelled.
  start_score integer NOT NULL CHECK (start_score BETWEEN 0 AND 10),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid
);
CREATE INDEX plan_goals_plan_idx ON plan_goals (plan_id, created_at);

CREATE TABLE plan_actions (
  id uuid PRIMARY KEY,
  plan_id uuid NOT NULL REFERENCES plans (id),
  goal_id uuid NOT NULL REFERENCES plan_goals (id),
  description text NOT NULL CHECK (length(trim(description)) BETWEEN 1 AND 1000),
  who_kind text NOT NULL CHECK (who_kind IN ('family-member', 'practitioner', 'service')),
  family_member_id uuid REFERENCES family_members (id),
  user_id uuid REFERENCES users (id),
  -- A Directory of Services entry (another module: no foreign key), with its name as it was when chosen.
  directory_service_id uuid,
  who_name text NOT NULL CHECK (length(trim(who_name)) BETWEEN 1 AND 300),
  due_date date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  CHECK ((who_kind = 'family-member') = (family_member_id IS NOT NULL)),
  CHECK ((who_kind = 'practitioner') = (user_id IS NOT NULL)),
  CHECK ((who_kind = 'service') = (directory_service_id IS NOT NULL))
);
CREATE INDEX plan_actions_plan_idx ON plan_actions (plan_id, created_at);

CREATE TABLE plan_reviews (
  id uuid PRIMARY KEY,
  plan_id uuid NOT NULL REFERENCES plans (id),
  review_date date NOT NULL,
  what_changed text NOT NULL CHECK (length(trim(what_changed)) BETWEEN 1 AND 5000),
  next_review_date date NOT NULL CHECK (next_review_date > review_date),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by uuid
);
CREATE INDEX plan_reviews_plan_idx ON plan_reviews (plan_id, review_date);

CREATE TABLE plan_review_scores (
  review_id uuid NOT NULL REFERENCES plan_reviews (id),
  goal_id uuid NOT NULL REFERENCES plan_goals (id),
  score integer NOT NULL CHECK (score BETWEEN 0 AND 10),
  PRIMARY KEY (review_id, goal_id)
);

-- The family's agreement: one row per person per content version they signed (typed name and date).
CREATE TABLE plan_sign_offs (
  id uuid PRIMARY KEY,
  plan_id uuid NOT NULL REFERENCES plans (id),
  content_version integer NOT NULL,
  family_member_id uuid NOT NULL REFERENCES family_members (id),
  typed_name text NOT NULL CHECK (length(trim(typed_name)) BETWEEN 1 AND 200),
  signed_on date NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by uuid
);
CREATE UNIQUE INDEX plan_sign_offs_once_idx ON plan_sign_offs (plan_id, family_member_id, content_version);
