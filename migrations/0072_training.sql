-- The multi-agency training offer and the champions networks (issue 16, "Workforce"; seeds 002 and 004): courses,
-- their sessions, bookings with a waiting list, attendance counted by agency, evaluations straight after and some
-- months later (impact on practice), and the practitioner Champions networks by organisation and quadrant.

-- A course of the offer; rows from the tenant's training file carry a seed_key and are added once.
CREATE TABLE training_courses (
  id uuid PRIMARY KEY,
  title text NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 300),
  theme text NOT NULL CHECK (theme ~ '^[a-z0-9-]{1,60}$'),
  audience text NOT NULL DEFAULT '' CHECK (length(audience) <= 1000),
  outcomes text NOT NULL DEFAULT '' CHECK (length(outcomes) <= 4000),
  level text NOT NULL CHECK (level ~ '^[a-z0-9-]{1,60}$'),
  active boolean NOT NULL DEFAULT true,
  seed_key text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);

-- A session of a course: in a venue or online, with a capacity; cancelling tells everyone booked.
CREATE TABLE training_sessions (
  id uuid PRIMARY KEY,
  course_id uuid NOT NULL REFERENCES training_courses (id),
  starts_at timestamptz NOT NULL,
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 15 AND 1440),
  online boolean NOT NULL DEFAULT false,
  venue text NOT NULL DEFAULT '' CHECK (length(venue) <= 400),
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
  trainer text NOT NULL DEFAULT '' CHECK (length(trainer) <= 200),
  quadrant_code text,
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
  cancelled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX training_sessions_starts_idx ON training_sessions (starts_at);

-- A place on a session, or a place on its waiting list (promoted in the order people joined it). The agency is the
-- booker's organisation and its type when they booked, so figures by agency stay true when people move on.
CREATE TABLE training_bookings (
  id uuid PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES training_sessions (id),
  user_id uuid NOT NULL REFERENCES users (id),
  organisation_id uuid REFERENCES organisations (id),
  organisation_name text NOT NULL CHECK (length(organisation_name) <= 200),
  organisation_type text NOT NULL CHECK (length(organisation_type) <= 60),
  status text NOT NULL CHECK (status IN ('booked', 'waiting', 'cancelled')),
  -- When they joined the waiting list (the order of promotion), or booked.
  queued_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  cancelled_at timestamptz,
  attendance text CHECK (attendance IN ('attended', 'did-not-attend', 'cancelled-late')),
  attendance_recorded_at timestamptz,
  attendance_recorded_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
-- One live booking a person a session: booking twice is refused.
CREATE UNIQUE INDEX training_bookings_one_live_idx ON training_bookings (session_id, user_id) WHERE status <> 'cancelled';
CREATE INDEX training_bookings_user_idx ON training_bookings (user_id);

-- An evaluation: 'after' straight after the session, 'follow-up' some months later (impact on practice).
CREATE TABLE training_evaluations (
  id uuid PRIMARY KEY,
  booking_id uuid NOT NULL REFERENCES training_bookings (id),
  kind text NOT NULL CHECK (kind IN ('after', 'follow-up')),
  outcomes_met integer CHECK (outcomes_met BETWEEN 1 AND 5),
  confidence_before integer CHECK (confidence_before BETWEEN 1 AND 5),
  confidence_after integer CHECK (confidence_after BETWEEN 1 AND 5),
  impact integer CHECK (impact BETWEEN 1 AND 5),
  comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 4000),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (booking_id, kind),
  CHECK (kind <> 'after' OR (outcomes_met IS NOT NULL AND confidence_before IS NOT NULL AND confidence_after IS NOT NULL)),
  CHECK (kind <> 'follow-up' OR impact IS NOT NULL)
);

-- The follow-up evaluation falling due: one row a booking, made once by the daily job with its email.
CREATE TABLE training_follow_ups (
  booking_id uuid PRIMARY KEY REFERENCES training_bookings (id),
  due_on date NOT NULL,
  emailed_at timestamptz NOT NULL DEFAULT now()
);

-- A practitioner Champion of a network (seed 002: "a network of practitioner 'Champions' for a range of issues
-- including Child Exploitation and Domestic Abuse"): a Hearth user, or a named person with their organisation.
CREATE TABLE training_champions (
  id uuid PRIMARY KEY,
  network text NOT NULL CHECK (network ~ '^[a-z0-9-]{1,60}$'),
  name text NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
  user_id uuid REFERENCES users (id),
  organisation_id uuid REFERENCES organisations (id),
  organisation_name text NOT NULL CHECK (length(trim(organisation_name)) BETWEEN 1 AND 200),
  quadrant_code text NOT NULL,
  started_on date NOT NULL,
  ended_on date CHECK (ended_on IS NULL OR ended_on >= started_on),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX training_champions_network_idx ON training_champions (network, quadrant_code);
