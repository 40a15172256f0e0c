-- The disclosure log: one row for every cell that disclosure control suppressed in an output,
-- or showed small to an authorized reader (src/shared/disclosure, docs/disclosure.md).
-- Forward-only; PostgreSQL 15 and PGlite.

-- An output is named by its code (what it is: 'portal/victimas-por-region',
-- 'datos-abiertos/operaciones', 'paquete-tip') and its version (which release of it: a year, a
-- period, a publication number). The rows of one output version are written together, once:
-- what the public was shown stays known, whatever is recomputed later.
CREATE TABLE disclosure_log (
  id bigserial PRIMARY KEY,
  output_code text NOT NULL CHECK (output_code <> ''),
  output_version text NOT NULL CHECK (output_version <> ''),
  audience text NOT NULL CHECK (audience IN ('public', 'internal')),
  cell_key text NOT NULL CHECK (cell_key <> ''),
  rule text NOT NULL CHECK (rule IN ('primaria', 'complementaria', 'pequena_mostrada')),
  k integer NOT NULL CHECK (k >= 1),
  protection_width numeric NOT NULL CHECK (protection_width > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  -- A public output never shows a small cell, and never uses a k below 11.
  CONSTRAINT disclosure_log_public_rules CHECK (
    audience = 'internal' OR (rule <> 'pequena_mostrada' AND k >= 11)
  ),
  CONSTRAINT disclosure_log_internal_rules CHECK (
    audience = 'public' OR rule = 'pequena_mostrada'
  ),
  UNIQUE (output_code, output_version, cell_key)
);

-- The log is evidence of what was withheld: rows are added, never changed or removed.
CREATE FUNCTION disclosure_log_is_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'disclosure_log es de solo inserción: no se puede % una fila del registro de confidencialidad', lower(TG_OP);
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER disclosure_log_append_only
  BEFORE UPDATE OR DELETE ON disclosure_log
  FOR EACH ROW EXECUTE FUNCTION disclosure_log_is_append_only();
