-- Sign-in throttling (NIST SP 800-63B style), replacing the 15-minute account lockout: consecutive failed
-- tries per account (key 'account:' + SHA-256 of the lower-cased email, so emails without an account are
-- throttled the same way and none is stored in clear) and per client address ('address:' + the address),
-- and when the next try is allowed. In the database so every app instance sees the same counts.
CREATE TABLE sign_in_throttles (
  key text PRIMARY KEY,
  failures integer NOT NULL,
  last_failure_at timestamptz NOT NULL,
  wait_until timestamptz,
  -- When the account's owner was emailed that throttling started (once per spell of failures).
  notified_at timestamptz
);
CREATE INDEX sign_in_throttles_last_failure_idx ON sign_in_throttles (last_failure_at);
