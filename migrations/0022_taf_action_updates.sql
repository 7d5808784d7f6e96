-- A TAF meeting's updates to the Early Help Plan's actions (issue 7): for each action still to do when the
-- meeting was recorded, what the meeting agreed (done, dropped, or still to do) and an optional note. The
-- status itself lives on plan_actions (changed by PlanService in the meeting's transaction); this keeps what
-- it was and became at this meeting, so the meeting's page and the plan's page can show the update.
CREATE TABLE taf_action_updates (
  id uuid PRIMARY KEY,
  meeting_id uuid NOT NULL REFERENCES taf_meetings (id),
  action_id uuid NOT NULL REFERENCES plan_actions (id),
  status_before text NOT NULL CHECK (status_before IN ('open', 'done', 'dropped')),
  status_after text NOT NULL CHECK (status_after IN ('open', 'done', 'dropped')),
  note text CHECK (note IS NULL OR length(trim(note)) BETWEEN 1 AND 1000),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id),
  UNIQUE (meeting_id, action_id),
  -- A row says something: a change of status, a note, or both.
  CHECK (note IS NOT NULL OR status_after <> status_before)
);
-- The plan's page shows each action's latest update.
CREATE INDEX taf_action_updates_action_idx ON taf_action_updates (action_id);
