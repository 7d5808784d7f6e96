-- Two-factor secrets carry the id of the key they are encrypted with (TWO_FACTOR_KEYS), so keys can
-- rotate and a restore under a new SESSION_SECRET still reads them. Secrets stored before were
-- encrypted under a key derived from SESSION_SECRET: key id 'legacy', re-encrypted at start-up.
ALTER TABLE users ADD COLUMN totp_key_id text;
UPDATE users SET totp_key_id = 'legacy' WHERE totp_secret IS NOT NULL;
