-- Tablero de Control: accounts, sessions, reporting periods, the value workflow, evidence and
-- publication. Forward-only; PostgreSQL 15 and PGlite.

CREATE TABLE app_user (
  id serial PRIMARY KEY,
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  display_name text NOT NULL,
  -- argon2id PHC string; never logged, never returned by the API.
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('administrador', 'punto_focal', 'revisor', 'comision')),
  is_demo boolean NOT NULL DEFAULT false,
  is_active boolean NOT NULL DEFAULT true,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  password_changed_at timestamptz NOT NULL DEFAULT now()
);

-- Entities a user acts for: its own ('propia') or by proxy grant ('delegada': OPE-OGPP for PNP).
CREATE TABLE user_entity (
  user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  entity_id integer NOT NULL REFERENCES entity (id),
  grant_kind text NOT NULL CHECK (grant_kind IN ('propia', 'delegada')),
  PRIMARY KEY (user_id, entity_id)
);

-- Server-side sessions. The cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE user_session (
  token_hash text PRIMARY KEY,
  user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX user_session_user_idx ON user_session (user_id);

CREATE TABLE login_attempt (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  ip text,
  succeeded boolean NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempt_email_idx ON login_attempt (email, at);
CREATE INDEX login_attempt_ip_idx ON login_attempt (ip, at);

CREATE TABLE reporting_period (
  id serial PRIMARY KEY,
  policy_id integer NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  year integer NOT NULL,
  period text NOT NULL CHECK (period IN ('ANUAL', 'S1', 'S2')),
  opens_on date NOT NULL,
  deadline date NOT NULL,
  status text NOT NULL CHECK (status IN ('abierto', 'cerrado')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (policy_id, year, period),
  CHECK (deadline >= opens_on)
);

ALTER TABLE measurement ADD COLUMN justification text;
ALTER TABLE measurement ADD COLUMN correction_reason text;
-- Optimistic concurrency: every write must name the version it read.
ALTER TABLE measurement ADD COLUMN lock_version integer NOT NULL DEFAULT 1;
ALTER TABLE measurement ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE measurement ADD COLUMN submitted_at timestamptz;
ALTER TABLE measurement ADD COLUMN submitted_by text;
ALTER TABLE measurement ADD COLUMN validated_at timestamptz;
ALTER TABLE measurement ADD COLUMN validated_by text;

-- Observations (per field, returned to the focal point) and comments (reviewers).
CREATE TABLE measurement_note (
  id serial PRIMARY KEY,
  measurement_id integer NOT NULL REFERENCES measurement (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('observacion', 'comentario')),
  field text,
  comment text NOT NULL,
  author text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX measurement_note_measurement_idx ON measurement_note (measurement_id);

CREATE TABLE evidence_file (
  id serial PRIMARY KEY,
  measurement_id integer NOT NULL REFERENCES measurement (id) ON DELETE CASCADE,
  file_name text NOT NULL,
  media_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL,
  storage_key text NOT NULL UNIQUE,
  uploaded_by text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX evidence_file_measurement_idx ON evidence_file (measurement_id);

-- What the public sees: a frozen copy of an evaluation at publication time.
CREATE TABLE publication (
  id serial PRIMARY KEY,
  policy_id integer NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  year integer NOT NULL,
  snapshot jsonb NOT NULL,
  published_by text NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX publication_policy_year_idx ON publication (policy_id, year, published_at);

-- The audit log is append-only at the database level too: no update, no delete.
CREATE FUNCTION audit_event_is_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_event es de solo inserción: no se puede % un evento de auditoría', lower(TG_OP);
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_append_only
  BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();
