-- The Matriz de compromisos followed to compliance, and the rules the conductor can tune
-- (issue 17, items 3 and 6; ADR 0035). Forward-only; PostgreSQL 15 and PGlite.

-- A commitment's deadline is a date. The Matriz printed it as a span ("2 años", "6 meses");
-- that text stays in `deadline` as the note it was, and `due_on` is the date read from it:
-- counted from 1 January of the commitment period, "N años" ends on 31 December of its N-th
-- year and "N meses" on the last day of its N-th month (src/shared/commitments/deadline.ts,
-- the same rule for catalogue imports). A commitment whose responsible entity is not its
-- indicator's names it in `entity_id`; closing records who and when.
ALTER TABLE commitment ADD COLUMN due_on date;
ALTER TABLE commitment ADD COLUMN entity_id integer REFERENCES entity (id);
ALTER TABLE commitment ADD COLUMN closed_at timestamptz;
ALTER TABLE commitment ADD COLUMN closed_by text;
ALTER TABLE commitment ADD COLUMN created_by text;
ALTER TABLE commitment ADD COLUMN created_at timestamptz;

UPDATE commitment SET due_on = CASE
  WHEN deadline ~* '^\s*[0-9]+\s*años?\s*$'
    THEN make_date(period_year + substring(deadline from '[0-9]+')::integer - 1, 12, 31)
  WHEN deadline ~* '^\s*[0-9]+\s*mes(es)?\s*$'
    THEN (make_date(period_year, 1, 1)
          + make_interval(months => substring(deadline from '[0-9]+')::integer)
          - interval '1 day')::date
END
WHERE deadline IS NOT NULL;

-- Each change of a commitment's status, oldest first; the row's status is the last one.
CREATE TABLE commitment_status_change (
  id serial PRIMARY KEY,
  commitment_id integer NOT NULL REFERENCES commitment (id) ON DELETE CASCADE,
  from_status text CHECK (from_status IN ('pendiente', 'en_proceso', 'cumplido', 'no_cumplido')),
  to_status text NOT NULL CHECK (to_status IN ('pendiente', 'en_proceso', 'cumplido', 'no_cumplido')),
  comment text,
  changed_by text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX commitment_status_change_commitment_idx ON commitment_status_change (commitment_id, id);

-- Evidence of compliance: the same file store and checks as a value's evidence.
CREATE TABLE commitment_evidence (
  id serial PRIMARY KEY,
  commitment_id integer NOT NULL REFERENCES commitment (id) ON DELETE CASCADE,
  file_name text NOT NULL,
  media_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL,
  storage_key text NOT NULL UNIQUE,
  uploaded_by text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (commitment_id, sha256)
);

-- A meta the Matriz sets is a meta revision whose source is the commitment. The catalogue's
-- Matriz metas are linked to their row by indicator, year and value.
ALTER TABLE meta ADD COLUMN commitment_id integer REFERENCES commitment (id) ON DELETE SET NULL;
UPDATE meta SET commitment_id = c.id
FROM commitment c
WHERE meta.source = 'matriz_compromisos'
  AND c.indicator_id = meta.indicator_id
  AND c.new_metas @> jsonb_build_array(jsonb_build_object('year', meta.year, 'value', meta.value));

-- The conductor's rule settings per indicator (thresholds of sobre/sub-dimensionado, plausible
-- range, year-over-year change limit, required disaggregations), versioned: a change adds a
-- version with its author and reason; the highest version is in force.
CREATE TABLE indicator_rule_setting (
  id serial PRIMARY KEY,
  indicator_id integer NOT NULL REFERENCES indicator (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version > 0),
  settings jsonb NOT NULL,
  reason text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (indicator_id, version)
);

-- Evaluations and the dashboard are cached under the policy's data version: these tables
-- change what they show.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['commitment_status_change', 'commitment_evidence', 'indicator_rule_setting'] LOOP
    EXECUTE format(
      'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
         FOR EACH STATEMENT EXECUTE FUNCTION note_data_change(''policy'')',
      t || '_data_version', t);
  END LOOP;
END
$$;
