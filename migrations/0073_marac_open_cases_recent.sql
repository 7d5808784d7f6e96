-- MARAC meetings (issue 15): the coordinator's meeting page offers the open cases not on that meeting's list, newest
-- referral first, 200 at most. With 50,000 cases (scripts/bench-protect-marac.ts) the open cases were found through
-- marac_cases_open_idx (status, referred_at) and sorted whole before the first 200 were kept; in referral order the
-- scan stops after the first 200 not on the list.
CREATE INDEX marac_cases_open_recent_idx ON marac_cases (referred_at DESC, id) WHERE status <> 'closed';
