-- The Hub social worker's review (issue 13; seed 002 "Responding to missing children": "If a tier 3 or 4 response is
-- required, the Children and Families Hub will have a Social Worker review the information and ensure an appropriate
-- response is made"). A decision on a police notification of a missing child at level 3 or 4 waits for a Hub social
-- worker before it takes effect (and then for a manager, if a manager must approve it too).

ALTER TABLE hub_decisions DROP CONSTRAINT hub_decisions_state_check;
ALTER TABLE hub_decisions
  ADD CONSTRAINT hub_decisions_state_check
    CHECK (state IN ('final', 'awaiting-social-work-review', 'awaiting-approval', 'returned')),
  -- Optimistic locking for reviews: two reviewers at once, the second is told.
  ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);

-- At most one decision per request is current: final, or waiting for a social worker or a manager.
DROP INDEX hub_decisions_current_idx;
CREATE UNIQUE INDEX hub_decisions_current_idx ON hub_decisions (request_id)
  WHERE state IN ('final', 'awaiting-social-work-review', 'awaiting-approval');
CREATE INDEX hub_decisions_awaiting_review_idx ON hub_decisions (decided_at)
  WHERE state = 'awaiting-social-work-review';

-- One review per decision: agreed (it goes on to the manager or takes effect), or changes asked (back to screening,
-- with the reasons the screener sees). A social worker deciding themselves is recorded as their review, agreed.
CREATE TABLE hub_social_work_reviews (
  id uuid PRIMARY KEY,
  decision_id uuid NOT NULL UNIQUE REFERENCES hub_decisions (id),
  reviewer_id uuid NOT NULL REFERENCES users (id),
  reviewed_at timestamptz NOT NULL DEFAULT now(),
  outcome text NOT NULL CHECK (outcome IN ('agreed', 'changes-asked')),
  reasons text CHECK (reasons IS NULL OR length(reasons) <= 2000),
  CHECK (outcome <> 'changes-asked' OR length(trim(coalesce(reasons, ''))) > 0)
);
CREATE INDEX hub_social_work_reviews_reviewed_idx ON hub_social_work_reviews (reviewed_at);
