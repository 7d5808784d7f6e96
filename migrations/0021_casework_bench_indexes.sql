-- Casework benchmark (issue 7, npm run bench casework): the family page reads a family's members, addresses
-- and everyone involved in its episodes, past and present. The only indexes on those columns were partial
-- (current rows only: to_date / to_at IS NULL), which these reads cannot use, so each was a scan of the
-- whole table: about 220,000 members and 230,000 involvements at Essex scale.
CREATE INDEX family_members_family_idx ON family_members (family_id);
CREATE INDEX family_addresses_family_idx ON family_addresses (family_id, from_date);
CREATE INDEX episode_involvements_episode_idx ON episode_involvements (episode_id, from_at);
