-- Step-up and step-down requests (issue 6): a family already getting support whose level of need should change
-- comes to the Hub through the same front door as a new request, with the level it is at now and a handover.
ALTER TABLE requests_for_support ADD COLUMN request_kind text NOT NULL DEFAULT 'new'
  CONSTRAINT requests_for_support_request_kind_check CHECK (request_kind IN ('new', 'step-up', 'step-down'));
-- The family's level of need now (Windscreen 1-4): where the step starts from.
ALTER TABLE requests_for_support ADD COLUMN current_level integer
  CONSTRAINT requests_for_support_current_level_check CHECK (current_level BETWEEN 1 AND 4);
-- What has been done, what is working, what is not, and why the level should change.
ALTER TABLE requests_for_support ADD COLUMN handover_summary text
  CONSTRAINT requests_for_support_handover_summary_check CHECK (length(handover_summary) <= 5000);
-- The Early Help episode (or other casework) the change comes from. No foreign key: casework is another module.
ALTER TABLE requests_for_support ADD COLUMN from_episode_id uuid;

-- A new request carries none of it; a step up asks for a higher level than now, a step down for a lower one,
-- and both say why. (coalesce: a CHECK that comes out NULL would let the row through.)
ALTER TABLE requests_for_support ADD CONSTRAINT requests_for_support_level_change CHECK (
  (request_kind = 'new' AND current_level IS NULL AND handover_summary IS NULL AND from_episode_id IS NULL)
  OR (
    request_kind IN ('step-up', 'step-down')
    AND coalesce(length(trim(handover_summary)), 0) > 0
    AND coalesce(CASE request_kind WHEN 'step-up' THEN requested_level > current_level ELSE requested_level < current_level END, false)
  )
);

CREATE INDEX requests_for_support_kind_idx ON requests_for_support (request_kind, received_at) WHERE request_kind <> 'new';
CREATE INDEX requests_for_support_episode_idx ON requests_for_support (from_episode_id) WHERE from_episode_id IS NOT NULL;
