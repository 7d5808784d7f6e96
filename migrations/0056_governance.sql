-- The governance records (issue 14, "Know if it works"): the partnership's boards and sub-groups with their members,
-- meetings with agenda items, papers, minutes and decisions, the action log ("matters arising", seed 004) and the
-- scrutiny work programme (seed 004: "Provisional Date, Topic Title, Lead Contact, Purpose and Target Outcomes").

-- A board or sub-group, seeded from config/tenants/<tenant>/governance.json (a sub-group names its parent board).
CREATE TABLE governance_boards (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9-]{1,60}$'),
  name text NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('board', 'sub-committee', 'locality-partnership', 'panel', 'scrutiny-committee')),
  parent_id uuid REFERENCES governance_boards (id),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  quadrant_code text,
  sort_order integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE governance_members (
  id uuid PRIMARY KEY,
  board_id uuid NOT NULL REFERENCES governance_boards (id),
  name text NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
  organisation text NOT NULL DEFAULT '' CHECK (length(organisation) <= 200),
  role text NOT NULL CHECK (role IN ('chair', 'vice-chair', 'member', 'adviser')),
  user_id uuid REFERENCES users (id),
  joined_on date,
  left_on date CHECK (left_on IS NULL OR joined_on IS NULL OR left_on >= joined_on),
  -- A row from the tenant file: seeding adds it once, then leaves it to the board manager.
  seed_key text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX governance_members_board_idx ON governance_members (board_id);

CREATE TABLE governance_meetings (
  id uuid PRIMARY KEY,
  board_id uuid NOT NULL REFERENCES governance_boards (id),
  held_on date NOT NULL,
  -- 'HH:mm' in England, or none.
  starts_at text CHECK (starts_at IS NULL OR starts_at ~ '^[0-2][0-9]:[0-5][0-9]$'),
  place text NOT NULL DEFAULT '' CHECK (length(place) <= 400),
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'cancelled')),
  minutes_published_at timestamptz,
  minutes_published_by uuid,
  seed_key text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX governance_meetings_board_idx ON governance_meetings (board_id, held_on DESC);

-- An agenda item with its minutes; once the meeting's minutes are published they change only by a correction.
CREATE TABLE governance_agenda_items (
  id uuid PRIMARY KEY,
  meeting_id uuid NOT NULL REFERENCES governance_meetings (id),
  position integer NOT NULL CHECK (position BETWEEN 1 AND 999),
  title text NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 400),
  presenter text NOT NULL DEFAULT '' CHECK (length(presenter) <= 400),
  purpose text NOT NULL DEFAULT '' CHECK (length(purpose) <= 2000),
  minutes text NOT NULL DEFAULT '' CHECK (length(minutes) <= 40000),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  UNIQUE (meeting_id, position)
);

-- A paper for an item: a report Hearth generates (the performance module draws it from its key and parameters) or a
-- document (a link or a note of where it is).
CREATE TABLE governance_papers (
  id uuid PRIMARY KEY,
  item_id uuid NOT NULL REFERENCES governance_agenda_items (id),
  kind text NOT NULL CHECK (kind IN ('report', 'document')),
  title text NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 400),
  report_key text CHECK (report_key IS NULL OR report_key ~ '^[a-z0-9-]{1,100}$'),
  report_parameters jsonb,
  link text CHECK (link IS NULL OR length(link) <= 2000),
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  CHECK ((kind = 'report') = (report_key IS NOT NULL))
);
CREATE INDEX governance_papers_item_idx ON governance_papers (item_id);

CREATE TABLE governance_decisions (
  id uuid PRIMARY KEY,
  meeting_id uuid NOT NULL REFERENCES governance_meetings (id),
  item_id uuid REFERENCES governance_agenda_items (id),
  decision text NOT NULL CHECK (length(trim(decision)) BETWEEN 1 AND 4000),
  decided_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid
);
CREATE INDEX governance_decisions_meeting_idx ON governance_decisions (meeting_id);

-- A correction to published minutes: what they said, what they say now, and why.
CREATE TABLE governance_minute_corrections (
  id uuid PRIMARY KEY,
  item_id uuid NOT NULL REFERENCES governance_agenda_items (id),
  previous text NOT NULL,
  corrected text NOT NULL CHECK (length(corrected) <= 40000),
  reason text NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid
);
CREATE INDEX governance_minute_corrections_item_idx ON governance_minute_corrections (item_id);

-- The action log (matters arising). The meeting and item it came from, or the item's title as the log said it.
-- It may point at an indicator (by code) or a plan action (by id), checked by their modules when it is made.
CREATE TABLE governance_actions (
  id uuid PRIMARY KEY,
  board_id uuid NOT NULL REFERENCES governance_boards (id),
  meeting_id uuid REFERENCES governance_meetings (id),
  item_id uuid REFERENCES governance_agenda_items (id),
  item_title text NOT NULL DEFAULT '' CHECK (length(item_title) <= 400),
  raised_on date NOT NULL,
  action text NOT NULL CHECK (length(trim(action)) BETWEEN 1 AND 4000),
  owner text NOT NULL CHECK (length(trim(owner)) BETWEEN 1 AND 200),
  due_on date,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in-progress', 'done', 'dropped')),
  link_kind text CHECK (link_kind IN ('indicator', 'plan-action')),
  link_ref text CHECK (link_ref IS NULL OR length(link_ref) <= 100),
  link_label text CHECK (link_label IS NULL OR length(link_label) <= 400),
  seed_key text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  CHECK ((link_kind IS NULL) = (link_ref IS NULL))
);
CREATE INDEX governance_actions_board_idx ON governance_actions (board_id, status, due_on);

CREATE TABLE governance_action_updates (
  id uuid PRIMARY KEY,
  action_id uuid NOT NULL REFERENCES governance_actions (id),
  status text NOT NULL CHECK (status IN ('open', 'in-progress', 'done', 'dropped')),
  note text NOT NULL CHECK (length(note) <= 4000),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid
);
CREATE INDEX governance_action_updates_action_idx ON governance_action_updates (action_id, created_at);

-- The scrutiny work programme: when (a day, or as the programme says it: "June or July 2022", "TBC"), topic, lead,
-- purpose and target outcomes.
CREATE TABLE governance_work_programme (
  id uuid PRIMARY KEY,
  board_id uuid NOT NULL REFERENCES governance_boards (id),
  planned_on date,
  when_text text NOT NULL DEFAULT '' CHECK (length(when_text) <= 400),
  topic text NOT NULL CHECK (length(trim(topic)) BETWEEN 1 AND 400),
  lead text NOT NULL CHECK (length(trim(lead)) BETWEEN 1 AND 400),
  purpose text NOT NULL CHECK (length(trim(purpose)) BETWEEN 1 AND 2000),
  commitment text NOT NULL DEFAULT '' CHECK (length(commitment) <= 400),
  cross_committee text NOT NULL DEFAULT '' CHECK (length(cross_committee) <= 400),
  seed_key text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX governance_work_programme_board_idx ON governance_work_programme (board_id, planned_on);
