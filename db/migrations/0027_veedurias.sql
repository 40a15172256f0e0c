-- Veedurías ciudadanas (issue 16, docs/veedurias.md): regional civil-society oversight groups
-- that grade the policy's lineamientos with a semáforo per period, and the counts a document
-- published without the per-lineamiento grades (seed 000, CHS Alternativo, TRANSCRIBED: not an
-- institutional export).
-- Forward-only; PostgreSQL 15 and PGlite.

-- A veeduría is a group of institutions, never of people: no member's personal data is kept,
-- only the institutions' names and the group's display name.
CREATE TABLE veeduria (
  id serial PRIMARY KEY,
  policy_id integer NOT NULL REFERENCES policy (id),
  code text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- INEI department (two digits): the region the veeduría watches.
  department_code text NOT NULL CHECK (department_code ~ '^(0[1-9]|1[0-9]|2[0-5])$'),
  -- Set on rows transcribed from a document: where it says so (e.g. «seed 000, 000:L3396»).
  reference_source text CHECK (reference_source IS NULL OR length(reference_source) <= 500),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (policy_id, code)
);

CREATE TABLE veeduria_institution (
  id serial PRIMARY KEY,
  veeduria_id integer NOT NULL REFERENCES veeduria (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  position integer NOT NULL,
  UNIQUE (veeduria_id, name)
);

-- Statuses as seed 000's semáforo names them (000:L3418-L3452, §f.1 VeeduriaAssessment).
-- Period: a year (2025), a semester (2025-S1) or a span of years (2023-2025).
CREATE TABLE veeduria_assessment (
  id serial PRIMARY KEY,
  veeduria_id integer NOT NULL REFERENCES veeduria (id),
  lineamiento_id integer NOT NULL REFERENCES lineamiento (id),
  period text NOT NULL CHECK (period ~ '^[0-9]{4}(-S[12]|-[0-9]{4})?$'),
  status text NOT NULL CHECK (status IN (
    'avanzado', 'con_avances', 'parcial', 'inicial', 'sin_avance', 'sin_informacion_publica')),
  rationale text NOT NULL CHECK (length(rationale) BETWEEN 1 AND 4000),
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (veeduria_id, lineamiento_id, period)
);
CREATE INDEX veeduria_assessment_period_idx ON veeduria_assessment (period);

-- What a document published as counts only («12 lineamientos en nivel inicial»): kept as
-- counts, never spread over lineamientos nobody named.
CREATE TABLE veeduria_reference_count (
  id serial PRIMARY KEY,
  veeduria_id integer NOT NULL REFERENCES veeduria (id),
  period text NOT NULL CHECK (period ~ '^[0-9]{4}(-S[12]|-[0-9]{4})?$'),
  status text NOT NULL CHECK (status IN (
    'avanzado', 'con_avances', 'parcial', 'inicial', 'sin_avance', 'sin_informacion_publica')),
  lineamientos integer NOT NULL CHECK (lineamientos > 0),
  note text CHECK (note IS NULL OR length(note) <= 1000),
  source text NOT NULL CHECK (length(source) BETWEEN 1 AND 500),
  citation text NOT NULL CHECK (length(citation) BETWEEN 1 AND 100),
  UNIQUE (veeduria_id, period, status)
);

-- The public semáforo is cached under the policy's data version (read-cache.ts, ADR 0009):
-- these tables move it like the rest of the policy model.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'veeduria', 'veeduria_institution', 'veeduria_assessment', 'veeduria_reference_count'
  ] LOOP
    EXECUTE format(
      'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
         FOR EACH STATEMENT EXECUTE FUNCTION note_data_change(''policy'')',
      t || '_data_version', t);
  END LOOP;
END
$$;
