-- Valoración de la implementación declared per year (issue 17, item 2). A criterion whose rule
-- the conductor cannot compute (criteria 2 and 3 of the PNTP, 001:L1450-L1467) gets its level
-- from a declaration: a level, a rationale and an evidence file, by an account, at a time.
-- Append-only: a new declaration of the same policy, year and criterion is a higher revision
-- and the highest is in force; the earlier ones stay as history. Forward-only; PostgreSQL 15
-- and PGlite.

CREATE TABLE valoracion_declaration (
  id serial PRIMARY KEY,
  policy_id integer NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  year integer NOT NULL CHECK (year BETWEEN 1990 AND 2100),
  -- The criterion's code in the policy's valoración configuration (checked by the service).
  criterion_code text NOT NULL CHECK (length(criterion_code) BETWEEN 1 AND 40),
  revision integer NOT NULL CHECK (revision > 0),
  level text NOT NULL CHECK (level IN ('INICIAL', 'INTERMEDIO', 'AVANZADO')),
  rationale text NOT NULL CHECK (length(rationale) BETWEEN 10 AND 4000),
  -- The evidence file, stored like a value's evidence (bytes under a random key on disk).
  evidence_file_name text NOT NULL CHECK (length(evidence_file_name) BETWEEN 1 AND 255),
  evidence_media_type text NOT NULL,
  evidence_size_bytes integer NOT NULL CHECK (evidence_size_bytes > 0),
  evidence_sha256 text NOT NULL,
  evidence_storage_key text NOT NULL UNIQUE,
  declared_by text NOT NULL,
  -- How the Informe names who declared: role and entity at the time, never a person's name.
  declared_by_label text NOT NULL CHECK (length(declared_by_label) BETWEEN 1 AND 200),
  -- The account, for its role and entity in the Informe; null for the CLI or a job.
  declared_by_user_id integer REFERENCES app_user (id),
  declared_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (policy_id, year, criterion_code, revision)
);

CREATE FUNCTION valoracion_declaration_is_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% es de solo inserción: una nueva declaración es una nueva revisión', TG_TABLE_NAME;
END
$$ LANGUAGE plpgsql;

-- Updates are refused; deletes only come with the policy (catalogue replace cascades).
CREATE TRIGGER valoracion_declaration_append_only
  BEFORE UPDATE ON valoracion_declaration
  FOR EACH ROW EXECUTE FUNCTION valoracion_declaration_is_append_only();

-- The evaluation reads declarations: its cached reads move with them.
CREATE TRIGGER valoracion_declaration_data_version
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON valoracion_declaration
  FOR EACH STATEMENT EXECUTE FUNCTION note_data_change('policy');
