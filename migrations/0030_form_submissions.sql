-- One-time submission keys for create forms (issue 11 item 10): each create form carries a random key;
-- the first POST with a key claims it, a repeat (a double click, ten parallel submits, the back button)
-- is sent where the first went instead of making a second record. Keys are per user and kept a day.
CREATE TABLE form_submissions (
  key text PRIMARY KEY,
  -- Where the first submission went (its redirect); null while it is still being handled.
  result text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX form_submissions_created_idx ON form_submissions (created_at);
