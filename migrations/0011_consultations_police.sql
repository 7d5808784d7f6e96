-- Consultations (a practitioner asks the Hub for advice before, or instead of, a Request for Support)
-- and police notifications (sent in bulk by an authenticated API or pasted as CSV by Hub staff; each
-- becomes a Request for Support with source 'police', and gets a lighter triage first).

-- Police notifications join the same queue as every other request. The practitioner and family rules
-- are unchanged; a police row names its force (requester_organisation_id) and its officer.
ALTER TABLE requests_for_support DROP CONSTRAINT requests_for_support_source_check;
ALTER TABLE requests_for_support ADD CONSTRAINT requests_for_support_source_check CHECK (source IN ('practitioner', 'family', 'police'));
ALTER TABLE requests_for_support ADD CONSTRAINT requests_for_support_police CHECK (
  source <> 'police' OR (requester_organisation_id IS NOT NULL AND requester_user_id IS NULL AND requested_level IS NULL)
);
-- The police share what they find under their own safeguarding duty: the family's consent is not
-- sought for a notification, so the consent rule (practitioners only, level 4) does not apply to it.
ALTER TABLE requests_for_support DROP CONSTRAINT requests_for_support_consent;
ALTER TABLE requests_for_support ADD CONSTRAINT requests_for_support_consent CHECK (
  (consent_to_request AND consent_to_sharing)
  OR source IN ('family', 'police')
  OR (requested_level = 4 AND coalesce(length(trim(no_consent_reason)), 0) > 0)
);

-- Outside systems that may call Hearth's token-authenticated APIs. Only a SHA-256 of the secret is
-- kept: the token is 32 random bytes, so a slow hash would add nothing. key_id finds the row; the
-- secret is then compared in constant time.
CREATE TABLE api_clients (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(trim(name)) > 0),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  key_id text NOT NULL UNIQUE CHECK (key_id ~ '^[a-z0-9]{12}$'),
  secret_sha256 text NOT NULL CHECK (secret_sha256 ~ '^[0-9a-f]{64}$'),
  is_active boolean NOT NULL DEFAULT true,
  last_used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);

-- The police-specific part of a notification; the child, adults and concern are on the request.
CREATE TABLE police_notifications (
  id uuid PRIMARY KEY,
  request_id uuid NOT NULL UNIQUE REFERENCES requests_for_support (id),
  -- The force that sent it: a police reference is unique within a force, however it arrived.
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  api_client_id uuid REFERENCES api_clients (id),
  police_reference text NOT NULL CHECK (length(police_reference) BETWEEN 1 AND 50),
  incident_date date NOT NULL,
  concern_category text NOT NULL,
  officer_name text NOT NULL,
  officer_number text,
  officer_email text,
  officer_phone text,
  -- The lighter triage: no further action (with a reason), passed to the worker or team already
  -- working with the child, or screened like any other request. Null until someone triages it.
  triage_outcome text CHECK (triage_outcome IN ('no-further-action', 'passed-to-worker', 'screen')),
  triage_reason text,
  passed_to text,
  passed_to_team_id uuid REFERENCES teams (id),
  triaged_by uuid REFERENCES users (id),
  triaged_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  UNIQUE (organisation_id, police_reference),
  CHECK ((triage_outcome IS NULL) = (triaged_at IS NULL) AND (triage_outcome IS NULL) = (triaged_by IS NULL)),
  CHECK (triage_outcome <> 'no-further-action' OR length(trim(coalesce(triage_reason, ''))) > 0),
  CHECK (triage_outcome <> 'passed-to-worker' OR length(trim(coalesce(passed_to, ''))) > 0)
);
CREATE INDEX police_notifications_untriaged_idx ON police_notifications (created_at) WHERE triage_outcome IS NULL;
CREATE INDEX police_notifications_triaged_idx ON police_notifications (triaged_at) WHERE triage_outcome IS NOT NULL;

-- A consultation: advice the Hub gave a practitioner, recorded by the Hub practitioner who gave it.
CREATE TABLE consultations (
  id uuid PRIMARY KEY,
  consulted_at timestamptz NOT NULL,
  -- How the practitioner reached the Hub.
  channel text NOT NULL CHECK (channel IN ('phone', 'email', 'in-person', 'online')),
  -- Who asked: their name always; their Hearth account when they have one.
  asker_name text NOT NULL CHECK (length(trim(asker_name)) > 0),
  asker_user_id uuid REFERENCES users (id),
  asker_organisation_id uuid REFERENCES organisations (id),
  -- When their organisation is not in Hearth's list.
  asker_organisation_name text,
  asker_role text,
  asker_phone text,
  asker_email text,
  -- About whom, if anyone: a child's name and date of birth, and anything else in words.
  child_first_name text,
  child_last_name text,
  child_date_of_birth date,
  about text,
  question text NOT NULL CHECK (length(trim(question)) > 0),
  advice text NOT NULL CHECK (length(trim(advice)) > 0),
  level_discussed integer CHECK (level_discussed BETWEEN 1 AND 4),
  recorded_by uuid NOT NULL REFERENCES users (id),
  -- The Request for Support it led to, when there is one.
  request_id uuid REFERENCES requests_for_support (id),
  linked_at timestamptz,
  linked_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  CHECK (asker_organisation_id IS NOT NULL OR length(trim(coalesce(asker_organisation_name, ''))) > 0),
  CHECK ((request_id IS NULL) = (linked_at IS NULL))
);
CREATE INDEX consultations_consulted_idx ON consultations (consulted_at DESC);
CREATE INDEX consultations_organisation_idx ON consultations (asker_organisation_id, consulted_at DESC);
CREATE INDEX consultations_request_idx ON consultations (request_id) WHERE request_id IS NOT NULL;
