-- The Children and Families Hub's decisions on Requests for Support, and the work each pathway hands
-- to the team that picks it up (Early Help, Family Solutions, social care). A decision is never
-- edited: a manager's approval or return is recorded on it, and a returned decision is followed by
-- a new one. At most one decision per request is current (final or awaiting approval).

CREATE TABLE hub_decisions (
  id uuid PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES requests_for_support (id),
  level integer NOT NULL CHECK (level BETWEEN 1 AND 4),
  -- The Windscreen descriptors the screener found apply (tenant file, windscreenLevels[].descriptors).
  descriptors text[] NOT NULL DEFAULT '{}',
  reasons text NOT NULL CHECK (length(trim(reasons)) > 0),
  pathway text NOT NULL CHECK (pathway IN ('advice-signposting', 'taf', 'family-solutions', 'social-care', 'no-further-action')),
  social_care_route text CHECK (social_care_route IN ('statutory-assessment', 'strategy-discussion')),
  no_further_action_reason text,
  family_consent boolean,
  lead_professional text,
  signposted_service_ids uuid[] NOT NULL DEFAULT '{}',
  -- The level differs from the requester's view.
  overrides_requested_level boolean NOT NULL,
  state text NOT NULL CHECK (state IN ('final', 'awaiting-approval', 'returned')),
  decided_by uuid NOT NULL REFERENCES users (id),
  decided_at timestamptz NOT NULL DEFAULT now(),
  reviewed_by uuid REFERENCES users (id),
  reviewed_at timestamptz,
  review_note text,
  CHECK (pathway <> 'no-further-action' OR length(trim(coalesce(no_further_action_reason, ''))) > 0),
  CHECK (pathway <> 'social-care' OR (level = 4 AND social_care_route IS NOT NULL)),
  CHECK (pathway <> 'family-solutions' OR (level = 3 AND family_consent))
);
CREATE UNIQUE INDEX hub_decisions_current_idx ON hub_decisions (request_id) WHERE state IN ('final', 'awaiting-approval');
CREATE INDEX hub_decisions_awaiting_idx ON hub_decisions (decided_at) WHERE state = 'awaiting-approval';
CREATE INDEX hub_decisions_decided_idx ON hub_decisions (decided_at);

-- What a pathway hands on. Early Help (TAF), Family Solutions and social care pick these up.
CREATE TABLE hub_work_items (
  id uuid PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES requests_for_support (id),
  decision_id uuid NOT NULL UNIQUE REFERENCES hub_decisions (id),
  kind text NOT NULL CHECK (kind IN ('taf', 'family-solutions', 'social-care')),
  district_code text NOT NULL REFERENCES districts (code),
  level integer NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'closed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  accepted_by uuid REFERENCES users (id),
  accepted_at timestamptz,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX hub_work_items_open_idx ON hub_work_items (kind, created_at) WHERE status = 'open';

-- Who decided what, when: the figures the partnership needs read these and requests_for_support.
CREATE INDEX requests_for_support_received_idx ON requests_for_support (received_at);
