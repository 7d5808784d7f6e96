-- Casework home pages (issue 7, "Every day"): the manager's team view and the Family Solutions
-- oversight lists find a team's open episodes by allocated team. Without this they scan every episode.
CREATE INDEX episodes_open_team_idx ON episodes (allocated_team_id) WHERE status = 'open';
