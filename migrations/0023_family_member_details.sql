-- Early help (issue 7): a family member's school or setting and GP, as the family's record shows them, and
-- why a membership ended. Copied from the Request for Support when the Hub's work is taken on, or given when
-- someone is added; free text (a school, nursery or childminder; a surgery), not a link to another register.
ALTER TABLE family_members
  ADD COLUMN school_or_setting text CHECK (school_or_setting IS NULL OR length(school_or_setting) <= 200),
  ADD COLUMN gp text CHECK (gp IS NULL OR length(gp) <= 200),
  ADD COLUMN end_reason text CHECK (end_reason IS NULL OR length(end_reason) <= 500);
