-- MARAC referrals (issue 15): a DASH risk checklist completed elsewhere (on paper, in the police's own system) is
-- referred with its score typed, without the questions ticked. 0064 required the ticks with every score; now the ticks
-- are optional, and when they are given the score is still their count.
ALTER TABLE marac_cases DROP CONSTRAINT marac_cases_check;
ALTER TABLE marac_cases DROP CONSTRAINT marac_cases_check1;
ALTER TABLE marac_cases ADD CONSTRAINT marac_cases_ticks_need_score
  CHECK (risk_checklist_ticked IS NULL OR risk_checklist_score IS NOT NULL);
ALTER TABLE marac_cases ADD CONSTRAINT marac_cases_score_counts_ticks
  CHECK (risk_checklist_ticked IS NULL OR risk_checklist_score = cardinality(risk_checklist_ticked));
