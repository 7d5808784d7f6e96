-- Early help casework (issue 7), first slice: families and early help episodes. A family groups people
-- (modules/people) with their relationship to it, over time: a person may belong to more than one household,
-- one after another or at once. An episode is one spell of early help for a family: opened from a Hub
-- decision or by a partner at level 2, with its level history, who is involved, the needs found (by
-- Supporting Families outcome area) and, at closure, a reason and an outcome for each need.
-- Nothing here is deleted by a user: memberships, involvements and addresses end (to_date / ended_at).

CREATE TABLE families (
  id uuid PRIMARY KEY,
  -- As the family is known, e.g. "The Smith family".
  name text NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
  district_code text NOT NULL REFERENCES districts (code),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);

CREATE TABLE family_members (
  id uuid PRIMARY KEY,
  family_id uuid NOT NULL REFERENCES families (id),
  person_id uuid NOT NULL REFERENCES people (id),
  relationship text NOT NULL CHECK (relationship IN ('parent', 'carer', 'child', 'sibling', 'partner', 'grandparent', 'other')),
  from_date date NOT NULL,
  to_date date,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  ended_by uuid,
  CHECK (to_date IS NULL OR to_date >= from_date)
);
-- One active membership per person and family; ended ones are history.
CREATE UNIQUE INDEX family_members_active_idx ON family_members (family_id, person_id) WHERE to_date IS NULL;
CREATE INDEX family_members_person_idx ON family_members (person_id);

CREATE TABLE family_addresses (
  id uuid PRIMARY KEY,
  family_id uuid NOT NULL REFERENCES families (id),
  address text NOT NULL CHECK (length(trim(address)) BETWEEN 1 AND 500),
  postcode text,
  from_date date NOT NULL,
  to_date date,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE UNIQUE INDEX family_addresses_current_idx ON family_addresses (family_id) WHERE to_date IS NULL;

CREATE TABLE episodes (
  id uuid PRIMARY KEY,
  family_id uuid NOT NULL REFERENCES families (id),
  opened_at timestamptz NOT NULL DEFAULT now(),
  opened_from text NOT NULL CHECK (opened_from IN ('hub-decision', 'partner-start')),
  -- The Hub's work item and request, for an episode opened from a Hub decision. No foreign keys:
  -- the front door is another module; the unique index stops one work item opening two episodes.
  hub_work_item_id uuid,
  request_id uuid,
  level integer NOT NULL CHECK (level BETWEEN 1 AND 4),
  pathway text NOT NULL CHECK (pathway IN ('taf', 'family-solutions')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_at timestamptz,
  closure_reason text CHECK (closure_reason IN ('needs-met', 'stepped-up', 'stepped-down-to-universal', 'consent-withdrawn', 'moved-away')),
  lead_professional_id uuid REFERENCES users (id),
  allocated_team_id uuid REFERENCES teams (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  CHECK (opened_from <> 'hub-decision' OR (hub_work_item_id IS NOT NULL AND request_id IS NOT NULL)),
  -- A partner's own start is at level 2 (the Windscreen's additional needs).
  CHECK (opened_from <> 'partner-start' OR hub_work_item_id IS NULL),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL AND closure_reason IS NOT NULL))
);
CREATE UNIQUE INDEX episodes_work_item_idx ON episodes (hub_work_item_id) WHERE hub_work_item_id IS NOT NULL;
CREATE INDEX episodes_family_idx ON episodes (family_id, opened_at);
-- At most one open episode per family at a time.
CREATE UNIQUE INDEX episodes_open_idx ON episodes (family_id) WHERE status = 'open';

-- Every level the episode has been at: step up and step down add a row, nothing is overwritten.
CREATE TABLE episode_levels (
  id uuid PRIMARY KEY,
  episode_id uuid NOT NULL REFERENCES episodes (id),
  level integer NOT NULL CHECK (level BETWEEN 1 AND 4),
  from_at timestamptz NOT NULL DEFAULT now(),
  reason text NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 5000),
  changed_by uuid REFERENCES users (id),
  -- The Request for Support sent to the Hub for a step up to level 4 or a step down out of early help.
  request_id uuid
);
CREATE INDEX episode_levels_episode_idx ON episode_levels (episode_id, from_at);

CREATE TABLE episode_involvements (
  id uuid PRIMARY KEY,
  episode_id uuid NOT NULL REFERENCES episodes (id),
  user_id uuid NOT NULL REFERENCES users (id),
  role text NOT NULL CHECK (role IN ('lead-professional', 'taf-member', 'allocated-worker', 'team-manager')),
  from_at timestamptz NOT NULL DEFAULT now(),
  to_at timestamptz,
  created_by uuid,
  ended_by uuid
);
CREATE UNIQUE INDEX episode_involvements_active_idx ON episode_involvements (episode_id, user_id, role) WHERE to_at IS NULL;
-- "My families": a user's current involvements.
CREATE INDEX episode_involvements_user_idx ON episode_involvements (user_id) WHERE to_at IS NULL;

CREATE TABLE episode_needs (
  id uuid PRIMARY KEY,
  episode_id uuid NOT NULL REFERENCES episodes (id),
  -- A Supporting Families outcome area (tenant file, outcomeAreas).
  outcome_area text NOT NULL REFERENCES outcome_areas (code),
  description text NOT NULL CHECK (length(trim(description)) BETWEEN 1 AND 2000),
  identified_at timestamptz NOT NULL DEFAULT now(),
  identified_by uuid,
  -- Set when the episode closes.
  outcome text CHECK (outcome IN ('achieved', 'partly', 'not')),
  outcome_at timestamptz
);
CREATE INDEX episode_needs_episode_idx ON episode_needs (episode_id);
