-- Missing children (issue 13, seed 002 "Responding to missing children"): the police notify social care every time a
-- child goes missing. A notification of category 'missing' opens or updates one missing episode: the report, any
-- updates and the return are several notifications about one episode, named by the force's episode reference.
CREATE TABLE missing_episodes (
  id uuid PRIMARY KEY,
  -- The force that reported it, and its reference for the episode (unique per force: one episode, however many
  -- notifications about it arrive, even at once).
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  episode_reference text NOT NULL CHECK (length(episode_reference) BETWEEN 1 AND 50),
  -- The child as the police named them, and the person Hearth matched them to (when one match was clear).
  first_name text NOT NULL CHECK (length(trim(first_name)) BETWEEN 1 AND 200),
  last_name text NOT NULL CHECK (length(trim(last_name)) BETWEEN 1 AND 200),
  date_of_birth date,
  person_id uuid REFERENCES people (id),
  -- Age in whole years when reported missing, when the date of birth is known.
  age_at_missing integer CHECK (age_at_missing IS NULL OR age_at_missing BETWEEN 0 AND 25),
  missing_from text NOT NULL CHECK (missing_from IN ('home', 'care-placement', 'school', 'other')),
  reported_at timestamptz NOT NULL,
  reported_by text NOT NULL CHECK (length(trim(reported_by)) BETWEEN 1 AND 200),
  risk_grading text NOT NULL CHECK (risk_grading IN ('no-apparent-risk', 'low', 'medium', 'high')),
  returned_at timestamptz,
  returned_where text CHECK (returned_where IS NULL OR length(returned_where) <= 1000),
  returned_how text CHECK (returned_how IS NULL OR length(returned_how) <= 1000),
  district text NOT NULL,
  -- Where it went (seed 002): the worker the child is open to, with their family; neither means the Hub.
  family_id uuid REFERENCES families (id),
  worker_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK (returned_at IS NULL OR returned_at >= reported_at),
  CHECK ((returned_at IS NULL) = (returned_where IS NULL))
);
CREATE UNIQUE INDEX missing_episodes_reference_idx ON missing_episodes (organisation_id, episode_reference);
CREATE INDEX missing_episodes_open_idx ON missing_episodes (reported_at DESC) WHERE returned_at IS NULL;
CREATE INDEX missing_episodes_worker_idx ON missing_episodes (worker_id) WHERE worker_id IS NOT NULL;
CREATE INDEX missing_episodes_person_idx ON missing_episodes (person_id) WHERE person_id IS NOT NULL;

-- Each police notification about an episode (its request for support), and what it said happened.
CREATE TABLE missing_episode_notifications (
  request_id uuid PRIMARY KEY REFERENCES requests_for_support (id),
  episode_id uuid NOT NULL REFERENCES missing_episodes (id),
  event text NOT NULL CHECK (event IN ('report', 'update', 'return')),
  police_reference text NOT NULL CHECK (length(police_reference) BETWEEN 1 AND 50),
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX missing_episode_notifications_episode_idx ON missing_episode_notifications (episode_id);
