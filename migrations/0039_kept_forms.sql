-- What a signed-in person typed into a form that arrived after their session had expired (issue 17, item 13).
-- The fields are sealed with AES-256-GCM under a key derived from a random token that only the person's
-- browser holds (a cookie): the row alone cannot be read. Kept an hour, for the same user only, and deleted
-- once shown back to them. Passwords, codes and files are never kept.
CREATE TABLE kept_forms (
  -- SHA-256 (hex) of the browser's token, never the token itself.
  id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- The page the form was on (a local path), where the person is taken back after signing in.
  path text NOT NULL,
  -- base64url of iv, tag and ciphertext of the JSON fields.
  sealed text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX kept_forms_expires_idx ON kept_forms (expires_at);
CREATE INDEX kept_forms_user_idx ON kept_forms (user_id);
