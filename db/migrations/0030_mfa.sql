-- Second factor (issue 18, item 6): TOTP (RFC 6238) with one-time recovery codes, required for
-- the roles that validate, publish or manage users (src/shared/permissions.ts, MFA_PERMISSIONS).
-- Forward-only. Written to the intersection of PostgreSQL 15 and PGlite.

-- One authenticator per account. The secret must be readable to check a code, so it is kept as
-- is (base32), like the password hash only in this table; `confirmed_at` is null while an
-- enrolment waits for its first code. `last_step` is the highest time step accepted: a code
-- already used (or an older one) is refused, as RFC 6238 §5.2 requires.
CREATE TABLE user_mfa (
  user_id integer PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
  secret text NOT NULL,
  confirmed_at timestamptz,
  last_step bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Recovery codes, each usable once; only their SHA-256 is stored (they are random, 50 bits).
CREATE TABLE user_recovery_code (
  id serial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at timestamptz
);
CREATE INDEX user_recovery_code_user_idx ON user_recovery_code (user_id);

-- A session opened with the password alone reaches only the second step until a code proves the
-- factor; the wrong codes it sent end it after a few.
ALTER TABLE user_session ADD COLUMN mfa_verified boolean NOT NULL DEFAULT false;
ALTER TABLE user_session ADD COLUMN mfa_failures integer NOT NULL DEFAULT 0;
