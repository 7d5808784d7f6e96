-- Dashboards benchmark (issue 14, npm run bench:dashboards): counting a period of the computed indicators over five
-- years of casework (~10 million rows). Three of their reads had no index to use, so each period was a scan of a
-- whole table, and one a scan a row:
--  - early-help.plan-distance-travelled finds each goal's last score (plan_review_scores by goal_id; the key is
--    (review_id, goal_id), so every goal scanned all the scores: more than 15 s a quarter at 1.2 million scores);
--  - the early help episode indicators count episodes closed in the period (closed_at);
--  - early-help.taf-meetings-supported (and the support log's figures) count meetings held on the period's days in
--    England (the day of starts_at in Europe/London, exactly as supportGiven writes it).
CREATE INDEX plan_review_scores_goal_idx ON plan_review_scores (goal_id);
CREATE INDEX episodes_closed_idx ON episodes (closed_at) WHERE status = 'closed';
CREATE INDEX taf_meetings_held_day_idx ON taf_meetings (((starts_at AT TIME ZONE 'Europe/London')::date))
  WHERE status = 'held';
