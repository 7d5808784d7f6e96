-- MARAC meetings and safety action plans (issue 15). An action for the children that goes to the Hub starts a
-- Request for Support through the front door: the draft the coordinator completes and sends is kept here until it
-- is sent (then marac_actions.request_id names the request).
ALTER TABLE marac_actions ADD COLUMN request_draft_id uuid REFERENCES request_drafts (id);

-- The next meeting's list counts each hearing's research and each case's open actions.
CREATE INDEX marac_actions_case_open_idx ON marac_actions (case_id) WHERE status = 'open';
