-- Budget: MEF budget execution lines (Consulta Amigable / datos abiertos), their tagging to a
-- policy's services by stored, versioned rules, and the reference figures the analyses divide
-- by (national budget, pliego totals, population). Forward-only; PostgreSQL 15 and PGlite.
--
-- Money is stored as integer cents in bigint columns, never numeric or floating point (ADR
-- 0008): a sum of a million lines is exact, and every amount is exactly what MEF printed.

-- One import of one year of one file. A re-import of the year supersedes the previous one
-- (its lines are deleted, its row stays as history with the diff it caused).
CREATE TABLE budget_import (
  id serial PRIMARY KEY,
  year integer NOT NULL CHECK (year BETWEEN 1990 AND 2100),
  file_name text NOT NULL,
  file_sha256 text NOT NULL,
  format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
  rows_read integer NOT NULL,
  rows_loaded integer NOT NULL,
  rows_rejected integer NOT NULL,
  -- Import report: totals per level of government, rejections by reason, diff, header mapping.
  report jsonb NOT NULL,
  is_current boolean NOT NULL,
  imported_by text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX budget_import_current_idx ON budget_import (year) WHERE is_current;

-- A budget line as MEF publishes it: one budget chain (pliego, ejecutora, programa, producto,
-- actividad, función, meta, fuente, genérica, ubigeo) with its six amounts. Names live once per
-- code in budget_label (a million lines repeat a few thousand names); budget_line_named joins
-- them back. No foreign key to budget_import: lines are written only by the import, in the
-- transaction that creates their import row, and a per-row key check would cost as much as
-- the insert itself (ADR 0008).
CREATE TABLE budget_line (
  import_id integer NOT NULL,
  -- Data row of the source file (1 = first row after the header): rejections and reviews
  -- point back to it.
  line_no integer NOT NULL,
  year integer NOT NULL,
  nivel text NOT NULL CHECK (nivel IN ('nacional', 'regional', 'local')),
  sector_code text,
  pliego_code text NOT NULL,
  ejecutora_code text,
  programa_code text,
  producto_code text,
  actividad_code text,
  funcion_code text,
  division_code text,
  grupo_code text,
  meta_code text,
  meta_name text,
  finalidad_code text,
  department_code text,
  province_code text,
  district_code text,
  fuente_code text,
  generica_code text,
  pia_cents bigint NOT NULL CHECK (pia_cents >= 0),
  pim_cents bigint NOT NULL CHECK (pim_cents >= 0),
  certificacion_cents bigint CHECK (certificacion_cents >= 0),
  compromiso_cents bigint CHECK (compromiso_cents >= 0),
  devengado_cents bigint NOT NULL CHECK (devengado_cents >= 0),
  girado_cents bigint CHECK (girado_cents >= 0),
  PRIMARY KEY (import_id, line_no)
);

-- The name of each code of a budget dimension in an import (MEF renames pliegos and
-- programas between years, so names belong to the import, not to the code).
CREATE TABLE budget_label (
  import_id integer NOT NULL REFERENCES budget_import (id) ON DELETE CASCADE,
  dimension text NOT NULL CHECK (dimension IN ('sector', 'pliego', 'ejecutora', 'programa',
    'producto', 'actividad', 'funcion', 'division', 'grupo', 'finalidad', 'fuente', 'generica')),
  code text NOT NULL,
  name text NOT NULL,
  PRIMARY KEY (import_id, dimension, code)
);

-- Every MEF column, codes and names, for analysts who query the database directly.
CREATE VIEW budget_line_named AS
SELECT l.*,
  (SELECT name FROM budget_label b WHERE b.import_id = l.import_id AND b.dimension = 'sector' AND b.code = l.sector_code) AS sector_name,
  (SELECT name FROM budget_label b WHERE b.import_id = l.import_id AND b.dimension = 'pliego' AND b.code = l.pliego_code) AS pliego_name,
  (SELECT name FROM budget_label b WHERE b.import_id = l.import_id AND b.dimension = 'ejecutora' AND b.code = l.ejecutora_code) AS ejecutora_name,
  (SELECT name FROM budget_label b WHERE b.import_id = l.import_id AND b.dimension = 'programa' AND b.code = l.programa_code) AS programa_name,
  (SELECT name FROM budget_label b WHERE b.import_id = l.import_id AND b.dimension = 'producto' AND b.code = l.producto_code) AS producto_name,
  (SELECT name FROM budget_label b WHERE b.import_id = l.import_id AND b.dimension = 'actividad' AND b.code = l.actividad_code) AS actividad_name,
  (SELECT name FROM budget_label b WHERE b.import_id = l.import_id AND b.dimension = 'funcion' AND b.code = l.funcion_code) AS funcion_name,
  (SELECT name FROM budget_label b WHERE b.import_id = l.import_id AND b.dimension = 'division' AND b.code = l.division_code) AS division_name,
  (SELECT name FROM budget_label b WHERE b.import_id = l.import_id AND b.dimension = 'grupo' AND b.code = l.grupo_code) AS grupo_name,
  (SELECT name FROM budget_label b WHERE b.import_id = l.import_id AND b.dimension = 'finalidad' AND b.code = l.finalidad_code) AS finalidad_name,
  (SELECT name FROM budget_label b WHERE b.import_id = l.import_id AND b.dimension = 'fuente' AND b.code = l.fuente_code) AS fuente_name,
  (SELECT name FROM budget_label b WHERE b.import_id = l.import_id AND b.dimension = 'generica' AND b.code = l.generica_code) AS generica_name
FROM budget_line l;

-- Per import and pliego sums, written by the import itself: the share of the policy within a
-- pliego needs the pliego's total, and re-reading a million lines for it would be slow.
CREATE TABLE budget_pliego_total (
  import_id integer NOT NULL REFERENCES budget_import (id) ON DELETE CASCADE,
  nivel text NOT NULL CHECK (nivel IN ('nacional', 'regional', 'local')),
  pliego_code text NOT NULL,
  pliego_name text,
  lines integer NOT NULL,
  pia_cents bigint NOT NULL,
  pim_cents bigint NOT NULL,
  devengado_cents bigint NOT NULL,
  PRIMARY KEY (import_id, pliego_code)
);

-- Tagging rules of a policy, versioned: a change is a new version, never an edit, so every
-- tag says which rule (and version) put it there.
CREATE TABLE budget_rule_set (
  id serial PRIMARY KEY,
  policy_id integer NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version > 0),
  note text,
  -- Words that make an untagged line worth a look ("trata de personas", "explotación").
  review_patterns jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (policy_id, version)
);

CREATE TABLE budget_rule (
  id serial PRIMARY KEY,
  rule_set_id integer NOT NULL REFERENCES budget_rule_set (id) ON DELETE CASCADE,
  code text NOT NULL,
  position integer NOT NULL,
  service_id integer NOT NULL REFERENCES service (id) ON DELETE CASCADE,
  -- 'especifico': money traceable to the service; 'institucional': the service's institutional
  -- meta (it exists, but the chain is general, not trafficking-specific).
  kind text NOT NULL CHECK (kind IN ('especifico', 'institucional')),
  -- Share of the line's amounts, in basis points (10000 = 100 %), exact.
  share_bp integer NOT NULL CHECK (share_bp BETWEEN 1 AND 10000),
  from_year integer,
  to_year integer,
  -- Criteria: every criterion given must hold (AND); at least one is required.
  nivel text CHECK (nivel IN ('nacional', 'regional', 'local')),
  pliego_code text,
  ejecutora_code text,
  programa_code text,
  producto_code text,
  actividad_code text,
  meta_code text,
  finalidad_code text,
  text_pattern text,
  rationale text NOT NULL,
  UNIQUE (rule_set_id, code),
  CHECK (to_year IS NULL OR from_year IS NULL OR to_year >= from_year),
  CHECK (num_nonnulls(nivel, pliego_code, ejecutora_code, programa_code, producto_code,
    actividad_code, meta_code, finalidad_code, text_pattern) > 0)
);

-- A line's share for a service, written by the tagger (at import, and again when the rules
-- change). Like budget_line, tags and reviews are deleted by the code that supersedes an import
-- (no per-row cascade over a million lines). Amounts are the line's amounts times the share, split so the parts of one line add
-- up to the line exactly.
CREATE TABLE budget_tag (
  import_id integer NOT NULL,
  line_no integer NOT NULL,
  rule_id integer NOT NULL REFERENCES budget_rule (id) ON DELETE CASCADE,
  policy_id integer NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  service_id integer NOT NULL REFERENCES service (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('especifico', 'institucional')),
  share_bp integer NOT NULL,
  pia_cents bigint NOT NULL,
  pim_cents bigint NOT NULL,
  certificacion_cents bigint,
  compromiso_cents bigint,
  devengado_cents bigint NOT NULL,
  girado_cents bigint,
  PRIMARY KEY (import_id, line_no, rule_id)
);
CREATE INDEX budget_tag_policy_idx ON budget_tag (policy_id, import_id);

-- Untagged lines whose text looks related (a review pattern matched): a person decides.
CREATE TABLE budget_review (
  import_id integer NOT NULL,
  line_no integer NOT NULL,
  policy_id integer NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  matched text NOT NULL,
  PRIMARY KEY (import_id, line_no, policy_id)
);

-- Reference amounts the analyses divide by: the national budget (Presupuesto General de la
-- República) and pliego totals, as published. When a pliego has no reference row, its total
-- is taken from the imported lines (budget_pliego_total) and the output says so.
CREATE TABLE budget_reference_amount (
  year integer NOT NULL,
  scope text NOT NULL CHECK (scope IN ('nacional', 'pliego')),
  -- '' for the national budget.
  pliego_code text NOT NULL,
  pliego_name text,
  nivel text CHECK (nivel IN ('nacional', 'regional', 'local')),
  pia_cents bigint NOT NULL CHECK (pia_cents >= 0),
  pim_cents bigint NOT NULL CHECK (pim_cents >= 0),
  source text NOT NULL,
  PRIMARY KEY (year, scope, pliego_code),
  CHECK ((scope = 'nacional') = (pliego_code = ''))
);

-- Population per year for per-inhabitant figures (33 million in CHS's report).
CREATE TABLE reference_population (
  year integer PRIMARY KEY,
  inhabitants bigint NOT NULL CHECK (inhabitants > 0),
  source text NOT NULL
);

-- The pliegos a policy's analysis singles out (CHS: 8 national, 5 regional governments).
CREATE TABLE budget_priority_pliego (
  policy_id integer NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  pliego_code text NOT NULL,
  nivel text NOT NULL CHECK (nivel IN ('nacional', 'regional', 'local')),
  label text NOT NULL,
  position integer NOT NULL,
  PRIMARY KEY (policy_id, pliego_code)
);
