-- Missing children, responding (issue 13; seed 002 "Responding to missing children"): closing an episode once the
-- child has returned, the Missing Co-ordinator's scrutiny of every episode of a child under 10 ("All children under
-- 10 who go missing will be scrutinised by the Missing Co-ordinator"), and what repeat missing needs to be counted.

-- Closing: by the Hub or the worker the episode went to, after the return, with a note. An under-10's episode closes
-- only once its scrutiny is recorded (the service's rule: the age limit is the tenant's).
ALTER TABLE missing_episodes
  ADD COLUMN closed_at timestamptz,
  ADD COLUMN closed_by uuid REFERENCES users (id),
  ADD COLUMN closing_note text CHECK (closing_note IS NULL OR length(closing_note) <= 2000),
  ADD CONSTRAINT missing_episodes_closed_by_check CHECK ((closed_at IS NULL) = (closed_by IS NULL)),
  ADD CONSTRAINT missing_episodes_closed_after_return_check CHECK (closed_at IS NULL OR returned_at IS NOT NULL);

-- Repeat missing counts a child's episodes reported in a window: by person, or (unmatched) by force, name and birth.
CREATE INDEX missing_episodes_reported_idx ON missing_episodes (reported_at);
CREATE INDEX missing_episodes_unmatched_child_idx
  ON missing_episodes (organisation_id, lower(first_name), lower(last_name), date_of_birth)
  WHERE person_id IS NULL;

-- The Missing Co-ordinator's review of an under-10's episode: one per episode.
CREATE TABLE missing_scrutinies (
  id uuid PRIMARY KEY,
  episode_id uuid NOT NULL UNIQUE REFERENCES missing_episodes (id),
  findings text NOT NULL CHECK (length(trim(findings)) BETWEEN 1 AND 5000),
  -- Whether a referral (a Request for Support through the Hub) is needed, and the draft started for it, if any.
  referral_needed boolean NOT NULL,
  request_draft_id uuid REFERENCES request_drafts (id),
  reviewed_by uuid NOT NULL REFERENCES users (id),
  reviewed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK (request_draft_id IS NULL OR referral_needed)
);
CREATE INDEX missing_scrutinies_reviewed_idx ON missing_scrutinies (reviewed_at);

-- The review's actions: what, who, by when (one or more).
CREATE TABLE missing_scrutiny_actions (
  id uuid PRIMARY KEY,
  scrutiny_id uuid NOT NULL REFERENCES missing_scrutinies (id),
  position integer NOT NULL CHECK (position BETWEEN 1 AND 20),
  what text NOT NULL CHECK (length(trim(what)) BETWEEN 1 AND 1000),
  who text NOT NULL CHECK (length(trim(who)) BETWEEN 1 AND 200),
  by_when date NOT NULL,
  UNIQUE (scrutiny_id, position)
);
