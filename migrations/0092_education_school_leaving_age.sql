-- A child missing education whose case is still open when they pass Year 11 is no longer of compulsory school age:
-- the case closes with the outcome "reached school-leaving age" (issue 15), so it leaves the open list and its counts.
ALTER TABLE education_cases DROP CONSTRAINT education_cases_outcome_check;
ALTER TABLE education_cases ADD CONSTRAINT education_cases_outcome_check
  CHECK (outcome IN ('on-roll', 'moved-authority', 'left-country', 'school-leaving-age'));
