-- The front door: Requests for Support to the Children and Families Hub, from practitioners (signed in,
-- with drafts) and from families themselves (no account). The Hub's queue, screening and decisions read
-- these tables; people as entered stay here, and person_id is filled in when the Hub matches them.

-- Who a family calls out of hours is tenant data, beside the Hub's own number (config/tenants/*.json).
ALTER TABLE local_authority ADD COLUMN out_of_hours_phone text;

CREATE TABLE requests_for_support (
  id uuid PRIMARY KEY,
  -- Read out on the phone: 8 characters from an alphabet without look-alikes, random, so it reveals no count.
  reference text NOT NULL UNIQUE CHECK (reference ~ '^[A-HJ-NP-Z2-9]{8}$'),
  -- Police notifications come later: extend this CHECK then.
  source text NOT NULL CHECK (source IN ('practitioner', 'family')),
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in-screening', 'awaiting-information', 'decided')),
  -- One of the tenant's Hub priorities (config/tenants/*.json, hub.priorities); the Hub may change it.
  priority text NOT NULL DEFAULT 'standard',
  received_at timestamptz NOT NULL DEFAULT now(),
  district_code text NOT NULL REFERENCES districts (code),
  -- A practitioner is a user of an organisation; a family gives a name and how to reach them.
  requester_user_id uuid REFERENCES users (id),
  requester_organisation_id uuid REFERENCES organisations (id),
  requester_name text NOT NULL,
  requester_relationship text,
  requester_email text,
  requester_phone text,
  requester_contact_notes text,
  -- [{ "area": "<outcome area code>", "details": "…" }] in the order of the tenant's outcome areas.
  worries jsonb NOT NULL,
  worry_areas text[] NOT NULL,
  strengths text NOT NULL,
  tried text NOT NULL,
  has_early_help_plan boolean,
  has_taf boolean,
  -- The level of need the requester thinks applies (families are not asked).
  requested_level integer CHECK (requested_level BETWEEN 1 AND 4),
  level_reasons text,
  consent_to_request boolean NOT NULL,
  consent_to_sharing boolean NOT NULL,
  no_consent_reason text,
  -- Codes such as 'over-18' and 'over-25-with-send': shown to the screener, never a reason to refuse.
  flags text[] NOT NULL DEFAULT '{}',
  assigned_to uuid REFERENCES users (id),
  -- A draft's id, or the family journey's key: a retried or doubled submission finds the first one.
  idempotency_key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  CONSTRAINT requests_for_support_practitioner CHECK (
    source <> 'practitioner' OR (requester_user_id IS NOT NULL AND requester_organisation_id IS NOT NULL AND requested_level IS NOT NULL)
  ),
  CONSTRAINT requests_for_support_family CHECK (source <> 'family' OR requester_email IS NOT NULL),
  -- Without the family's agreement a request can only go ahead as a safeguarding concern (level 4), with the reason.
  CONSTRAINT requests_for_support_consent CHECK (
    (consent_to_request AND consent_to_sharing)
    OR source = 'family'
    OR (requested_level = 4 AND coalesce(length(trim(no_consent_reason)), 0) > 0)
  )
);
CREATE INDEX requests_for_support_queue_idx ON requests_for_support (status, received_at);
CREATE INDEX requests_for_support_district_idx ON requests_for_support (district_code, received_at);
CREATE INDEX requests_for_support_requester_idx ON requests_for_support (requester_user_id, received_at);
CREATE INDEX requests_for_support_assigned_idx ON requests_for_support (assigned_to) WHERE assigned_to IS NOT NULL;

CREATE TABLE request_people (
  id uuid PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES requests_for_support (id),
  position integer NOT NULL,
  role text NOT NULL CHECK (role IN ('child', 'parent-carer', 'other')),
  relationship text,
  first_name text NOT NULL,
  last_name text NOT NULL,
  date_of_birth date,
  -- An unborn baby: date_of_birth holds the expected date.
  is_expected boolean NOT NULL DEFAULT false,
  gender text,
  address text,
  postcode text,
  school text,
  gp text,
  language text,
  interpreter_needed boolean NOT NULL DEFAULT false,
  has_send boolean NOT NULL DEFAULT false,
  send_details text,
  -- The person record the Hub matches this entry to (modules/people); null until screening.
  person_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (request_id, position)
);
CREATE INDEX request_people_child_dob_idx ON request_people (date_of_birth) WHERE role = 'child';
CREATE INDEX request_people_person_idx ON request_people (person_id) WHERE person_id IS NOT NULL;

-- A practitioner's request in progress: every section saves here, so it survives a browser restart.
CREATE TABLE request_drafts (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  data jsonb NOT NULL DEFAULT '{}',
  submitted_request_id uuid REFERENCES requests_for_support (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX request_drafts_user_idx ON request_drafts (user_id, updated_at DESC);
