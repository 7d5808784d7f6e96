-- Team Around the Family (issue 7): TAF meetings of an early help episode, who was invited and who came,
-- and the TAF Support Officers' support log. TAF Support Officers hold no cases: the log records the
-- support they give partner practitioners (advice, a TAF meeting convened or attended, a plan reviewed),
-- so the partnership can count it ("418 TAF meetings facilitated in 2020/21").
-- Nothing here is deleted by a user: a meeting that does not happen is cancelled with a reason.

CREATE TABLE taf_meetings (
  id uuid PRIMARY KEY,
  episode_id uuid NOT NULL REFERENCES episodes (id),
  family_id uuid NOT NULL REFERENCES families (id),
  starts_at timestamptz NOT NULL,
  -- In person at a place, or online (how to join is sent by the organiser, not stored here).
  online boolean NOT NULL,
  place text CHECK (place IS NULL OR length(trim(place)) BETWEEN 1 AND 300),
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'cancelled')),
  cancelled_reason text CHECK (cancelled_reason IS NULL OR length(trim(cancelled_reason)) BETWEEN 1 AND 2000),
  -- The record of a held meeting. Decisions are a JSON array of strings. Action updates are free text
  -- until the Early Help Plan's actions can be updated from here.
  notes text CHECK (notes IS NULL OR length(notes) <= 20000),
  decisions jsonb NOT NULL DEFAULT '[]',
  action_updates text CHECK (action_updates IS NULL OR length(action_updates) <= 20000),
  next_review_date date,
  -- A change of lead professional agreed at the meeting (also in episode_involvements, as every change is).
  lead_changed_to uuid REFERENCES users (id),
  recorded_at timestamptz,
  recorded_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  CHECK (online OR place IS NOT NULL),
  CHECK ((status = 'cancelled') = (cancelled_reason IS NOT NULL)),
  CHECK ((status = 'held') = (recorded_at IS NOT NULL AND next_review_date IS NOT NULL AND notes IS NOT NULL)),
  -- The next review comes after the meeting (its day in England).
  CHECK (next_review_date IS NULL OR next_review_date > (starts_at AT TIME ZONE 'Europe/London')::date)
);
CREATE INDEX taf_meetings_episode_idx ON taf_meetings (episode_id, starts_at);
CREATE INDEX taf_meetings_family_idx ON taf_meetings (family_id, starts_at);

-- Practitioners (Hearth users of any organisation) and family members (people in the episode's family).
CREATE TABLE taf_meeting_invitees (
  id uuid PRIMARY KEY,
  meeting_id uuid NOT NULL REFERENCES taf_meetings (id),
  user_id uuid REFERENCES users (id),
  person_id uuid REFERENCES people (id),
  attendance text CHECK (attendance IN ('attended', 'apologies', 'did-not-attend')),
  -- The invitation in notify_outbox, for practitioners.
  email_id uuid,
  invited_at timestamptz NOT NULL DEFAULT now(),
  invited_by uuid,
  CHECK ((user_id IS NULL) <> (person_id IS NULL))
);
CREATE UNIQUE INDEX taf_meeting_invitees_user_idx ON taf_meeting_invitees (meeting_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX taf_meeting_invitees_person_idx ON taf_meeting_invitees (meeting_id, person_id) WHERE person_id IS NOT NULL;

CREATE TABLE taf_support_log (
  id uuid PRIMARY KEY,
  officer_id uuid NOT NULL REFERENCES users (id),
  support_date date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('advice', 'meeting-convened', 'meeting-attended', 'plan-reviewed')),
  -- The practitioner supported: a Hearth user, or a name and their organisation (listed or named).
  practitioner_user_id uuid REFERENCES users (id),
  practitioner_name text CHECK (practitioner_name IS NULL OR length(trim(practitioner_name)) BETWEEN 1 AND 200),
  organisation_id uuid REFERENCES organisations (id),
  organisation_name text CHECK (organisation_name IS NULL OR length(trim(organisation_name)) BETWEEN 1 AND 200),
  -- An early help episode both the officer and the practitioner are involved in, when the support was about one family.
  episode_id uuid REFERENCES episodes (id),
  notes text CHECK (notes IS NULL OR length(notes) <= 5000),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  CHECK (practitioner_user_id IS NOT NULL OR practitioner_name IS NOT NULL),
  CHECK (organisation_id IS NOT NULL OR organisation_name IS NOT NULL)
);
CREATE INDEX taf_support_log_officer_idx ON taf_support_log (officer_id, support_date);
CREATE INDEX taf_support_log_date_idx ON taf_support_log (support_date);
