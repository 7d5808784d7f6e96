-- TAF Support Officers support the lead professional; they do not hold cases (seed 004: "The TAFSOs do not
-- case hold and operate within Level 2"; seed 002: introduced "to support partners working at level 2").
-- A TAFSO's part in a family's early help is now its own role, 'taf-support', and an episode's lead
-- professional may be "not yet agreed" (lead_professional_id null) while the TAFSO helps a partner take it on.
ALTER TABLE episode_involvements DROP CONSTRAINT episode_involvements_role_check;
ALTER TABLE episode_involvements ADD CONSTRAINT episode_involvements_role_check
  CHECK (role IN ('lead-professional', 'taf-member', 'allocated-worker', 'team-manager', 'taf-support'));

-- Hub TAF work taken on before this change made the TAF Support Officer the lead professional and
-- allocated worker. Those officers now support instead: their holding involvements end, a supporting
-- one begins, and the episode's lead professional is "not yet agreed" until a partner takes it on.
INSERT INTO episode_involvements (id, episode_id, user_id, role, created_by)
  SELECT gen_random_uuid(), held.episode_id, held.user_id, 'taf-support', held.user_id
  FROM (
    SELECT DISTINCT i.episode_id, i.user_id
    FROM episode_involvements i
    JOIN episodes e ON e.id = i.episode_id
    WHERE i.to_at IS NULL
      AND i.role IN ('lead-professional', 'allocated-worker')
      AND e.status = 'open'
      AND i.user_id IN (SELECT user_id FROM user_roles WHERE role = 'taf-support-officer')
  ) held;

UPDATE episodes e SET lead_professional_id = NULL, updated_at = now(), version = version + 1
  WHERE e.status = 'open'
    AND e.lead_professional_id IN (SELECT user_id FROM user_roles WHERE role = 'taf-support-officer');

UPDATE episode_involvements i SET to_at = now()
  WHERE i.to_at IS NULL
    AND i.role IN ('lead-professional', 'allocated-worker')
    AND i.user_id IN (SELECT user_id FROM user_roles WHERE role = 'taf-support-officer')
    AND i.episode_id IN (SELECT id FROM episodes WHERE status = 'open');
