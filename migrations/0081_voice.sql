-- The voice of children in care (issue 16, "Corporate parenting: voice"; seed 004, Our Co-Parenting Strategy): the
-- Have Your Say and Pledge and Charter Checker surveys with their yearly rounds and responses, the Children in Care
-- Council's meetings with decision-makers, and the Pledge and Care Leavers Charter with their yearly revisions.
-- No child's name is stored anywhere here: a response keeps its age group and its answers only.

-- A survey and its questions, from the tenant's voice file (added at start-up, codes stable).
CREATE TABLE voice_surveys (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9-]{1,60}$'),
  name text NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE voice_questions (
  id uuid PRIMARY KEY,
  survey_id uuid NOT NULL REFERENCES voice_surveys (id),
  code text NOT NULL CHECK (code ~ '^[a-z0-9-]{1,60}$'),
  text text NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 400),
  theme text NOT NULL CHECK (theme ~ '^[a-z0-9-]{1,60}$'),
  position integer NOT NULL CHECK (position BETWEEN 0 AND 1000),
  UNIQUE (survey_id, code)
);

-- A survey's round in a year: open from one day to another (both inclusive).
CREATE TABLE voice_rounds (
  id uuid PRIMARY KEY,
  survey_id uuid NOT NULL REFERENCES voice_surveys (id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  opens_on date NOT NULL,
  closes_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  CHECK (closes_on >= opens_on),
  UNIQUE (survey_id, year)
);

-- One young person's response: the day it was given, their age group, how it came (typed in or imported).
CREATE TABLE voice_responses (
  id uuid PRIMARY KEY,
  round_id uuid NOT NULL REFERENCES voice_rounds (id),
  responded_on date NOT NULL,
  age_group text NOT NULL CHECK (age_group ~ '^[a-z0-9+-]{1,20}$'),
  source text NOT NULL CHECK (source IN ('entered', 'imported')),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid
);
CREATE INDEX voice_responses_round_idx ON voice_responses (round_id);
CREATE INDEX voice_responses_day_idx ON voice_responses (responded_on);

CREATE TABLE voice_answers (
  response_id uuid NOT NULL REFERENCES voice_responses (id) ON DELETE CASCADE,
  question_id uuid NOT NULL REFERENCES voice_questions (id),
  rating integer NOT NULL CHECK (rating BETWEEN 0 AND 10),
  PRIMARY KEY (response_id, question_id)
);
CREATE INDEX voice_answers_question_idx ON voice_answers (question_id);

-- The Children in Care Council's meetings with decision-makers (at least four a year, seed 004).
CREATE TABLE voice_cicc_meetings (
  id uuid PRIMARY KEY,
  held_on date NOT NULL,
  title text NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),
  -- Who attended, by the tenant's decision-maker roles (codes).
  decision_makers text[] NOT NULL CHECK (cardinality(decision_makers) BETWEEN 1 AND 20),
  young_people integer NOT NULL DEFAULT 0 CHECK (young_people BETWEEN 0 AND 500),
  raised text NOT NULL CHECK (length(trim(raised)) BETWEEN 1 AND 4000),
  agreed text NOT NULL DEFAULT '' CHECK (length(agreed) <= 4000),
  follow_up text NOT NULL DEFAULT '' CHECK (length(follow_up) <= 4000),
  followed_up boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX voice_cicc_meetings_held_idx ON voice_cicc_meetings (held_on);

-- A yearly revision of the Pledge or the Care Leavers Charter: who agreed it, when, what changed, and its promises.
CREATE TABLE voice_promise_versions (
  id uuid PRIMARY KEY,
  document text NOT NULL CHECK (document ~ '^[a-z0-9-]{1,60}$'),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  agreed_on date NOT NULL,
  agreed_by text NOT NULL CHECK (length(trim(agreed_by)) BETWEEN 1 AND 400),
  what_changed text NOT NULL DEFAULT '' CHECK (length(what_changed) <= 4000),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  UNIQUE (document, year)
);

CREATE TABLE voice_promises (
  version_id uuid NOT NULL REFERENCES voice_promise_versions (id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position BETWEEN 1 AND 100),
  text text NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 500),
  PRIMARY KEY (version_id, position)
);
