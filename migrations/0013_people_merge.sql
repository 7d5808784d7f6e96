-- Merging two records of the same person: who decided, when and why, kept on the duplicate (not in the
-- append-only audit trail, because a screener's reason may name people and must stay erasable).
ALTER TABLE people ADD COLUMN merged_at timestamptz;
ALTER TABLE people ADD COLUMN merged_by uuid REFERENCES users (id);
ALTER TABLE people ADD COLUMN merge_reason text;
