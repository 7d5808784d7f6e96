-- Family Solutions (issue 7): level 3 intensive family support by 8 teams, "on the basis of family agreement",
-- for up to 12 months (seed 002), and the Supporting Families claim rules. Episodes, involvements and needs
-- belong to early help (0015); these tables add what only Family Solutions does. Nothing is deleted by a user:
-- an allocation ends (ended_at) when the family is allocated again.

-- Who the family is allocated to: a team and a worker of that team, chosen by a Family Solutions manager.
-- Allocating over capacity is allowed only with a reason, kept here.
CREATE TABLE fs_allocations (
  id uuid PRIMARY KEY,
  episode_id uuid NOT NULL REFERENCES episodes (id),
  team_id uuid NOT NULL REFERENCES teams (id),
  worker_id uuid NOT NULL REFERENCES users (id),
  over_capacity_reason text CHECK (length(trim(over_capacity_reason)) BETWEEN 1 AND 2000),
  allocated_at timestamptz NOT NULL DEFAULT now(),
  allocated_by uuid REFERENCES users (id),
  ended_at timestamptz
);
CREATE UNIQUE INDEX fs_allocations_current_idx ON fs_allocations (episode_id) WHERE ended_at IS NULL;

-- The family agreement, recorded before work starts: when, which adults of the family agreed, and what the
-- family and the service each agree to. One per episode, edited with optimistic locking.
CREATE TABLE fs_agreements (
  id uuid PRIMARY KEY,
  episode_id uuid NOT NULL UNIQUE REFERENCES episodes (id),
  agreed_on date NOT NULL,
  -- People (modules/people) who agreed: adult members of the family on that date.
  agreed_by uuid[] NOT NULL CHECK (cardinality(agreed_by) >= 1),
  family_agrees text NOT NULL CHECK (length(trim(family_agrees)) BETWEEN 1 AND 5000),
  service_agrees text NOT NULL CHECK (length(trim(service_agrees)) BETWEEN 1 AND 5000),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);

-- Each time-limit warning (months after the episode opened) is emailed once: the primary key makes a second
-- run of the job, or two instances at once, a no-op.
CREATE TABLE fs_time_limit_warnings (
  episode_id uuid NOT NULL REFERENCES episodes (id),
  months integer NOT NULL CHECK (months >= 1),
  due_on date NOT NULL,
  worker_id uuid REFERENCES users (id),
  emailed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (episode_id, months)
);

-- Case supervision by the team manager. Each note stands (a correction is a new note).
CREATE TABLE fs_supervisions (
  id uuid PRIMARY KEY,
  episode_id uuid NOT NULL REFERENCES episodes (id),
  supervised_on date NOT NULL,
  notes text NOT NULL CHECK (length(trim(notes)) BETWEEN 1 AND 10000),
  decisions text NOT NULL CHECK (length(trim(decisions)) BETWEEN 1 AND 5000),
  next_due date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  CHECK (next_due > supervised_on)
);
CREATE INDEX fs_supervisions_episode_idx ON fs_supervisions (episode_id, supervised_on);

-- Supporting Families: did the family's progress last? Created by a daily job when the check falls due
-- (6 months after closure), then recorded by the worker or manager.
CREATE TABLE fs_sustainment_checks (
  id uuid PRIMARY KEY,
  episode_id uuid NOT NULL UNIQUE REFERENCES episodes (id),
  due_on date NOT NULL,
  sustained boolean,
  notes text CHECK (length(notes) <= 5000),
  recorded_at timestamptz,
  recorded_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  CHECK ((sustained IS NULL) = (recorded_at IS NULL))
);
CREATE INDEX fs_sustainment_checks_due_idx ON fs_sustainment_checks (due_on) WHERE sustained IS NULL;
