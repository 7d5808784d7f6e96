-- Escalation about children's social care's "no further action" (issue 15): a Hub practitioner or the requester who
-- disagrees with social care sending a level 4 request back raises an escalation about the hand-off (its request, for
-- the links); its first stage, practitioner to practitioner, is asked of the social care practitioner who recorded
-- the outcome (addressed_to, null when it came from the authority's own system). An escalation manager may ask
-- someone else at that stage (audited).
ALTER TABLE escalations DROP CONSTRAINT escalations_subject_type_check;
ALTER TABLE escalations ADD CONSTRAINT escalations_subject_type_check
  CHECK (subject_type IN ('hub-decision', 'early-help-plan', 'social-care-handoff'));
ALTER TABLE escalations DROP CONSTRAINT escalations_subject_link_check;
ALTER TABLE escalations ADD CONSTRAINT escalations_subject_link_check CHECK (
  (subject_type IN ('hub-decision', 'social-care-handoff') AND request_id IS NOT NULL AND episode_id IS NULL)
  OR (subject_type = 'early-help-plan' AND episode_id IS NOT NULL AND request_id IS NULL)
);
