-- TAF Support Officers' workshops and networking events join their support log (issue 16; seed 004: "The TAFSO's
-- have facilitated 28 workshops ... They have attended 106 networking events"). An event is about no one family:
-- it keeps its date, title, kind, quadrant and the practitioners who came, by organisation type and number.
CREATE TABLE taf_support_events (
  id uuid PRIMARY KEY,
  officer_id uuid NOT NULL REFERENCES users (id),
  event_date date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('workshop', 'networking-event')),
  title text NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),
  quadrant_code text NOT NULL CHECK (quadrant_code ~ '^[a-z0-9-]{1,60}$'),
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 4000),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid
);
CREATE INDEX taf_support_events_officer_idx ON taf_support_events (officer_id, event_date);
CREATE INDEX taf_support_events_date_idx ON taf_support_events (event_date);

CREATE TABLE taf_support_event_attendees (
  event_id uuid NOT NULL REFERENCES taf_support_events (id) ON DELETE CASCADE,
  organisation_type text NOT NULL CHECK (organisation_type ~ '^[a-z0-9-]{1,60}$'),
  practitioners integer NOT NULL CHECK (practitioners BETWEEN 1 AND 1000),
  PRIMARY KEY (event_id, organisation_type)
);
