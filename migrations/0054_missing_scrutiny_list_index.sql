-- The Missing Co-ordinator's list (issue 13) reads the episodes of children under the tenant's scrutiny age (10 in
-- Essex), oldest first, and leaves out those already scrutinised. Without an index on the age it read every
-- episode: 200,000 over five years in npm run bench:protect, 335 ms a page. The age comes from the tenant file, so
-- the index covers every age rather than a partial index for one.
CREATE INDEX missing_episodes_age_reported_idx ON missing_episodes (age_at_missing, reported_at);
