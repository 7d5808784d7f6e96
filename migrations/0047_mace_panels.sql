-- MACE panels (issue 13; seed 002 "MACE (Missing and Child Exploitation)"): MACE 1 and MACE 2 meet per quadrant
-- ("within the Essex geographical quadrants"). A panel member sees the MACE work of their quadrant: the policy's
-- 'mace-member' involvement comes from this table, never from a role alone.
CREATE TABLE mace_panel_members (
  quadrant_id uuid NOT NULL REFERENCES quadrants (id),
  user_id uuid NOT NULL REFERENCES users (id),
  added_at timestamptz NOT NULL DEFAULT now(),
  added_by uuid REFERENCES users (id),
  PRIMARY KEY (quadrant_id, user_id)
);
CREATE INDEX mace_panel_members_user_idx ON mace_panel_members (user_id);
