-- Directory moderation: the 12-month review reminder is sent once per overdue spell, so providers
-- are told without being nagged daily. Marking an entry as checked (or approving a change) clears it.
ALTER TABLE directory_services ADD COLUMN review_reminded_at timestamptz;
CREATE INDEX directory_services_last_checked_idx ON directory_services (last_checked_at);
CREATE INDEX directory_service_versions_service_idx ON directory_service_versions (service_id, number DESC);
