-- The partnership plan (issue 14, "Know if it works"): the Children and Young People's Plan in its versions
-- (2013-16, 2016, the 2020 refresh) with their outcomes, principles, priorities and strategic objectives, the
-- Locality Children's Partnerships, delivery actions with dated updates and RAG status, and yearly priority reviews.
-- Versions, items and localities follow the tenant's plan file (config/tenants/<tenant>/plan.json); actions, updates
-- and reviews are what users record. Named partnership_plan_* because plan_* is the Early Help Plan (0017).

CREATE TABLE partnership_plan_versions (
  code text PRIMARY KEY CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(code) <= 50),
  name text NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 400),
  period text NOT NULL CHECK (length(period) BETWEEN 1 AND 100),
  summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 10000),
  is_current boolean NOT NULL DEFAULT false,
  sort_order integer NOT NULL
);
-- At most one version is the current plan.
CREATE UNIQUE INDEX partnership_plan_versions_current_idx ON partnership_plan_versions (is_current) WHERE is_current;

-- The names of the forums (boards) the plan names by code, as the plan file says them, so the plan's pages need not
-- ask the module that keeps the boards.
CREATE TABLE partnership_plan_forums (
  code text PRIMARY KEY CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(code) <= 100),
  name text NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 400)
);

-- An outcome, principle, priority or strategic objective of one version, coded '<version>/<item>' ('2020/send').
-- The lead (an outcome lead) and the forum that owns it (a board's code, kept as text: the boards are another
-- module's) are the plan file's.
CREATE TABLE partnership_plan_items (
  code text PRIMARY KEY CHECK (length(code) BETWEEN 3 AND 100),
  version_code text NOT NULL REFERENCES partnership_plan_versions (code),
  kind text NOT NULL CHECK (kind IN ('outcome', 'principle', 'priority', 'objective')),
  name text NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 400),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
  lead text CHECK (lead IS NULL OR length(lead) <= 400),
  led_by text CHECK (led_by IS NULL OR length(led_by) <= 400),
  forum_code text CHECK (forum_code IS NULL OR length(forum_code) <= 100),
  sort_order integer NOT NULL
);
CREATE INDEX partnership_plan_items_version_idx ON partnership_plan_items (version_code, kind, sort_order);

-- A Locality Children's Partnership, one a quadrant ("four Locality Children's Partnerships in North East, West,
-- Mid and South Essex", seed 000), with its forum's code.
CREATE TABLE partnership_plan_localities (
  quadrant text PRIMARY KEY CHECK (length(quadrant) BETWEEN 1 AND 50),
  name text NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 400),
  forum_code text NOT NULL CHECK (length(forum_code) BETWEEN 1 AND 100),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
  sort_order integer NOT NULL
);

-- A delivery action: of a priority or objective (the county delivery plan) or of a Locality Children's Partnership's
-- local action plan (then the priority it serves is optional).
CREATE TABLE partnership_plan_actions (
  id uuid PRIMARY KEY,
  item_code text REFERENCES partnership_plan_items (code),
  locality text REFERENCES partnership_plan_localities (quadrant),
  title text NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 400),
  owner_name text NOT NULL CHECK (length(trim(owner_name)) BETWEEN 1 AND 200),
  owner_organisation text NOT NULL CHECK (length(trim(owner_organisation)) BETWEEN 1 AND 200),
  due_on date NOT NULL,
  rag text NOT NULL CHECK (rag IN ('red', 'amber', 'green', 'complete')),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  CHECK (item_code IS NOT NULL OR locality IS NOT NULL)
);
CREATE INDEX partnership_plan_actions_item_idx ON partnership_plan_actions (item_code, due_on);
CREATE INDEX partnership_plan_actions_locality_idx ON partnership_plan_actions (locality, due_on);

-- A dated update of an action, with its new RAG status and author.
CREATE TABLE partnership_plan_action_updates (
  id uuid PRIMARY KEY,
  action_id uuid NOT NULL REFERENCES partnership_plan_actions (id),
  update_on date NOT NULL,
  note text NOT NULL CHECK (length(trim(note)) BETWEEN 1 AND 5000),
  rag text NOT NULL CHECK (rag IN ('red', 'amber', 'green', 'complete')),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid
);
CREATE INDEX partnership_plan_action_updates_action_idx ON partnership_plan_action_updates (action_id, update_on);

-- A priority's yearly review ("The priority areas … will be reviewed and updated annually", seed 000).
CREATE TABLE partnership_plan_reviews (
  id uuid PRIMARY KEY,
  item_code text NOT NULL REFERENCES partnership_plan_items (code),
  reviewed_on date NOT NULL,
  findings text NOT NULL CHECK (length(trim(findings)) BETWEEN 1 AND 5000),
  decision text NOT NULL CHECK (decision IN ('continue', 'change', 'retire')),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid
);
CREATE INDEX partnership_plan_reviews_item_idx ON partnership_plan_reviews (item_code, reviewed_on DESC);
