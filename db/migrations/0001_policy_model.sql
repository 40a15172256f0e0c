-- Vigía policy model: the CEPLAN structure of a national policy, versioned, with provenance.
-- Forward-only. Written to the intersection of PostgreSQL 15 (Debian servers) and PGlite's 18.

CREATE TABLE entity (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('ministerio', 'organismo_autonomo', 'organismo_adscrito',
                                     'gobierno_regional', 'gobierno_local', 'otro')),
  parent_id integer REFERENCES entity (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (parent_id IS NULL OR parent_id <> id)
);

CREATE TABLE org_unit (
  id serial PRIMARY KEY,
  entity_id integer NOT NULL REFERENCES entity (id),
  code text NOT NULL UNIQUE,
  name text NOT NULL
);

CREATE TABLE policy (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  short_name text,
  approval_norm text,
  approval_date date,
  horizon_year integer NOT NULL,
  public_problem text,
  desired_future text,
  conductor_entity_id integer NOT NULL REFERENCES entity (id),
  conductor_unit_id integer REFERENCES org_unit (id),
  -- Where the catalogue's facts come from, and the valoración criteria with their rules.
  provenance jsonb NOT NULL,
  valoracion jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Entities and units listed by a policy's catalogue, in its order (entities are shared).
CREATE TABLE policy_entity (
  policy_id integer NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  entity_id integer NOT NULL REFERENCES entity (id),
  position integer NOT NULL,
  PRIMARY KEY (policy_id, entity_id)
);

CREATE TABLE policy_org_unit (
  policy_id integer NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  org_unit_id integer NOT NULL REFERENCES org_unit (id),
  position integer NOT NULL,
  PRIMARY KEY (policy_id, org_unit_id)
);

CREATE TABLE objective (
  id serial PRIMARY KEY,
  policy_id integer NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  code text NOT NULL,
  name text NOT NULL,
  expected_result text,
  position integer NOT NULL,
  UNIQUE (policy_id, code)
);

CREATE TABLE lineamiento (
  id serial PRIMARY KEY,
  policy_id integer NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  objective_id integer NOT NULL REFERENCES objective (id) ON DELETE CASCADE,
  code text NOT NULL,
  text text NOT NULL,
  position integer NOT NULL,
  UNIQUE (policy_id, code)
);

CREATE TABLE service (
  id serial PRIMARY KEY,
  policy_id integer NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  lineamiento_id integer NOT NULL REFERENCES lineamiento (id) ON DELETE CASCADE,
  code text NOT NULL,
  number integer NOT NULL,
  name text NOT NULL,
  provider text,
  recipients text,
  is_new boolean,
  position integer NOT NULL,
  UNIQUE (policy_id, code)
);

-- Who answers for a service over time (S14 passed from MINEM to PCM in 2023).
CREATE TABLE service_responsibility (
  id serial PRIMARY KEY,
  service_id integer NOT NULL REFERENCES service (id) ON DELETE CASCADE,
  entity_id integer NOT NULL REFERENCES entity (id),
  from_year integer NOT NULL,
  to_year integer,
  note text,
  position integer NOT NULL,
  CHECK (to_year IS NULL OR to_year >= from_year)
);

CREATE TABLE indicator (
  id serial PRIMARY KEY,
  policy_id integer NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  code text NOT NULL,
  level text NOT NULL CHECK (level IN ('objetivo', 'servicio')),
  objective_id integer NOT NULL REFERENCES objective (id) ON DELETE CASCADE,
  service_id integer REFERENCES service (id) ON DELETE CASCADE,
  position integer NOT NULL,
  UNIQUE (policy_id, code),
  CHECK ((level = 'servicio') = (service_id IS NOT NULL))
);

-- A ficha técnica version. Values point at the version they were reported against.
CREATE TABLE indicator_version (
  id serial PRIMARY KEY,
  indicator_id integer NOT NULL REFERENCES indicator (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version > 0),
  name text NOT NULL,
  unit text NOT NULL CHECK (unit IN ('porcentaje', 'numero', 'tasa', 'razon')),
  direction text NOT NULL CHECK (direction IN ('ascendente', 'descendente')),
  is_cumulative boolean NOT NULL,
  numerator_def text,
  denominator_def text,
  data_sources jsonb NOT NULL,
  responsible_entity_id integer NOT NULL REFERENCES entity (id),
  responsible_unit_id integer REFERENCES org_unit (id),
  baseline_value numeric,
  baseline_year integer,
  baseline_source text,
  baseline_is_derived boolean,
  baseline_note text,
  valid_from integer NOT NULL,
  valid_to integer,
  reason text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (indicator_id, version),
  CHECK (valid_to IS NULL OR valid_to >= valid_from),
  CHECK ((baseline_value IS NULL) = (baseline_is_derived IS NULL))
);

-- Metas are never overwritten: a revision adds a row; the highest revision is in force.
CREATE TABLE meta (
  id serial PRIMARY KEY,
  indicator_id integer NOT NULL REFERENCES indicator (id) ON DELETE CASCADE,
  year integer NOT NULL,
  value numeric NOT NULL,
  source text NOT NULL CHECK (source IN ('ficha_tecnica', 'matriz_compromisos', 'ajuste', 'politica')),
  revision integer NOT NULL CHECK (revision > 0),
  reference text,
  note text,
  position integer NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (indicator_id, year, revision)
);

CREATE TABLE measurement (
  id serial PRIMARY KEY,
  indicator_id integer NOT NULL REFERENCES indicator (id) ON DELETE CASCADE,
  indicator_version_id integer NOT NULL REFERENCES indicator_version (id),
  year integer NOT NULL,
  period text NOT NULL CHECK (period IN ('ANUAL', 'S1', 'S2')),
  revision integer NOT NULL DEFAULT 1 CHECK (revision > 0),
  value numeric,
  numerator numeric,
  denominator numeric,
  logros text,
  dificultades text,
  medidas text,
  source_system text,
  reporting_entity_id integer NOT NULL REFERENCES entity (id),
  reporting_unit_id integer REFERENCES org_unit (id),
  reported_for_entity_id integer NOT NULL REFERENCES entity (id),
  status text NOT NULL CHECK (status IN ('borrador', 'enviado', 'observado', 'validado')),
  reference text,
  note text,
  position integer NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (indicator_id, year, period, revision)
);

CREATE TABLE measurement_disaggregation (
  id serial PRIMARY KEY,
  measurement_id integer NOT NULL REFERENCES measurement (id) ON DELETE CASCADE,
  dimension text NOT NULL CHECK (dimension IN ('sexo', 'grupo_edad', 'nacionalidad', 'region', 'otro')),
  category text NOT NULL,
  label text,
  value numeric NOT NULL,
  position integer NOT NULL
);
CREATE INDEX measurement_disaggregation_measurement_idx ON measurement_disaggregation (measurement_id);

-- Matriz de compromisos: one row per recommendation of the evaluation.
CREATE TABLE commitment (
  id serial PRIMARY KEY,
  policy_id integer NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  number integer NOT NULL,
  period_year integer NOT NULL,
  aspect text NOT NULL,
  indicator_id integer REFERENCES indicator (id) ON DELETE CASCADE,
  service_id integer REFERENCES service (id) ON DELETE CASCADE,
  recommendation text NOT NULL,
  key_action text,
  verification_means text,
  responsible_unit text,
  deadline text,
  status text NOT NULL CHECK (status IN ('pendiente', 'en_proceso', 'cumplido', 'no_cumplido')),
  comment text,
  new_metas jsonb NOT NULL,
  UNIQUE (policy_id, period_year, number)
);

-- Append-only record of every mutation, written in the same transaction as the change.
CREATE TABLE audit_event (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  object_type text NOT NULL,
  object_id text NOT NULL,
  before jsonb,
  after jsonb,
  ip text
);
CREATE INDEX audit_event_object_idx ON audit_event (object_type, object_id);
