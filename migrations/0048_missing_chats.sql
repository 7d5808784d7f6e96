-- Missing Chats (issue 13, seed 002 "Responding to missing children"): "The Involvement Service offer independent
-- 'Missing Chats' to all children and young people aged between 10 and 18 years old that have returned from a
-- missing episode. In addition, Parental Missing Chats for parents ... are offered." Seed 004: "The child or young
-- person has control over if, how and when support is provided." One chat of each kind per episode, made when the
-- police notify the return (or started by the Involvement Service for an episode returned before); the clock for
-- the offer runs from the return (config/tenants/<tenant>.json missing.chats.offerWithin).
CREATE TABLE missing_chats (
  id uuid PRIMARY KEY,
  episode_id uuid NOT NULL REFERENCES missing_episodes (id),
  -- 'child': the Missing Chat; 'parent': the Parental Missing Chat.
  kind text NOT NULL CHECK (kind IN ('child', 'parent')),
  -- Whole years on the day of the return, when the date of birth is known (null: age not known, to check).
  age_at_return integer CHECK (age_at_return IS NULL OR age_at_return BETWEEN 0 AND 25),
  -- due: not yet offered; offered: waiting for the answer; not-now: offer again on a day; accepted: not yet held;
  -- declined and held: finished.
  status text NOT NULL DEFAULT 'due'
    CHECK (status IN ('due', 'offered', 'not-now', 'accepted', 'declined', 'held')),
  offered_at timestamptz,
  offered_how text CHECK (offered_how IS NULL OR offered_how IN ('in-person', 'phone', 'text-message', 'letter', 'through-worker')),
  -- The parent or carer a Parental Missing Chat was offered to.
  offered_to text CHECK (offered_to IS NULL OR length(offered_to) <= 400),
  offer_again_on date,
  held_on date,
  held_how text CHECK (held_how IS NULL OR held_how IN ('face-to-face', 'phone', 'video', 'message')),
  -- What the child (or the parent) said, in their own words.
  said text CHECK (said IS NULL OR length(said) <= 20000),
  -- Codes from the tenant's lists (missing.chats.pushFactors, pullFactors, partners), and free text beside them.
  push_factors text[] NOT NULL DEFAULT '{}',
  pull_factors text[] NOT NULL DEFAULT '{}',
  factors_other text CHECK (factors_other IS NULL OR length(factors_other) <= 8000),
  risks text CHECK (risks IS NULL OR length(risks) <= 8000),
  actions text CHECK (actions IS NULL OR length(actions) <= 8000),
  shared_with text[] NOT NULL DEFAULT '{}',
  shared_with_other text CHECK (shared_with_other IS NULL OR length(shared_with_other) <= 2000),
  -- An exploitation concern raised straight from the chat (the exploitation module's record).
  concern_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid,
  version integer NOT NULL DEFAULT 1,
  UNIQUE (episode_id, kind),
  CHECK ((status = 'due') = (offered_at IS NULL)),
  CHECK (status <> 'not-now' OR offer_again_on IS NOT NULL),
  CHECK ((status = 'held') = (held_on IS NOT NULL))
);
CREATE INDEX missing_chats_open_idx ON missing_chats (kind, status) WHERE status IN ('due', 'offered', 'not-now', 'accepted');
