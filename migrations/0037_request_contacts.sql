-- The Hub's contact log on a Request for Support (issue 17, item 9): calls, multi-agency checks and
-- notes, and what the Hub is waiting for, from whom and by when ("waiting for information" records it).
CREATE TABLE request_contacts (
  id uuid PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES requests_for_support (id),
  kind text NOT NULL CHECK (kind IN ('call', 'multi-agency-check', 'awaiting', 'note')),
  -- Who was called, which agency was checked, or from whom information is awaited.
  with_whom text NOT NULL,
  details text NOT NULL,
  -- For 'awaiting': the day it is expected by.
  due_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES users (id)
);
CREATE INDEX request_contacts_request_idx ON request_contacts (request_id, created_at);
