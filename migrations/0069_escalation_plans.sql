-- Escalation about a lead professional's plan (issue 15: "a practitioner who disagrees with a Hub decision or a lead
-- professional's plan raises an escalation"). An escalation is about a Hub decision (its request) or an Early Help
-- Plan (its episode, for the link); a plan's first stage, practitioner to practitioner, is asked of its lead
-- professional (addressed_to), who responds there.
ALTER TABLE escalations DROP CONSTRAINT escalations_subject_type_check;
ALTER TABLE escalations ADD CONSTRAINT escalations_subject_type_check
  CHECK (subject_type IN ('hub-decision', 'early-help-plan'));
ALTER TABLE escalations ALTER COLUMN request_id DROP NOT NULL;
ALTER TABLE escalations ADD COLUMN episode_id uuid;
ALTER TABLE escalations ADD COLUMN addressed_to uuid REFERENCES users (id);
ALTER TABLE escalations ADD CONSTRAINT escalations_subject_link_check CHECK (
  (subject_type = 'hub-decision' AND request_id IS NOT NULL AND episode_id IS NULL)
  OR (subject_type = 'early-help-plan' AND episode_id IS NOT NULL AND request_id IS NULL)
);
-- "Asked of you": a lead professional's list.
CREATE INDEX escalations_addressed_to_idx ON escalations (addressed_to) WHERE addressed_to IS NOT NULL;
