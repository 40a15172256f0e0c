-- Territory with history and the registers that happen in it (issue 14, docs/territory.md):
-- RENIEC codes and validity dates on the ubigeo, interregional groupings, coordination spaces
-- with members and sessions, trainings, technical assistances, and the focal point's decisions
-- on the values proposed from those registers.
-- Forward-only. Written to the intersection of PostgreSQL 15 and PGlite.

-- RENIEC numbers the same places differently (Lima is INEI 15, RENIEC 14); the column is the
-- crosswalk, one RENIEC code per INEI code. Validity: a district created in 2016 has
-- valid_from 2016-…, so nothing can be recorded there for 2015; null means "as far back as
-- the reference goes" (from) and "still in force" (to).
ALTER TABLE ubigeo ADD COLUMN reniec_code text;
ALTER TABLE ubigeo ADD COLUMN valid_from date;
ALTER TABLE ubigeo ADD COLUMN valid_to date;
ALTER TABLE ubigeo ADD CONSTRAINT ubigeo_validity_order
  CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to);
ALTER TABLE ubigeo ADD CONSTRAINT ubigeo_reniec_code_format
  CHECK (reniec_code IS NULL OR reniec_code ~ '^[0-9]{2}([0-9]{2}([0-9]{2})?)?$');
CREATE UNIQUE INDEX ubigeo_reniec_code_key ON ubigeo (reniec_code);

-- Named sets of territories that are no level of the tree ("Zona Norte", 004:337).
CREATE TABLE territory_group (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  source text NOT NULL,
  note text
);
CREATE TABLE territory_group_member (
  group_id integer NOT NULL REFERENCES territory_group (id) ON DELETE CASCADE,
  ubigeo_code text NOT NULL REFERENCES ubigeo (code),
  note text,
  PRIMARY KEY (group_id, ubigeo_code)
);

-- A mesa, red or comisión against trafficking. ubigeo_code is the territory it covers (a
-- department for a regional space, a province, a district, or the district holding the centro
-- poblado named in centro_poblado). It is null only for spaces a source counts without saying
-- where they are (seed 003 counts 90 local spaces and places 18): department_code is then null
-- too, and the row still counts by level. reference_key makes reloading a reference file
-- idempotent; rows entered by people have none.
CREATE TABLE coordination_space (
  id serial PRIMARY KEY,
  level text NOT NULL CHECK (level IN ('regional', 'provincial', 'distrital', 'centro_poblado')),
  kind text NOT NULL CHECK (kind IN ('mesa', 'red', 'comision', 'comite', 'otro', 'no_indicado')),
  name text NOT NULL,
  ubigeo_code text REFERENCES ubigeo (code),
  department_code text REFERENCES ubigeo (code),
  centro_poblado text,
  ordinance_number text,
  ordinance_date date,
  status text NOT NULL CHECK (status IN ('activo', 'inactivo', 'en_creacion', 'sin_informacion')),
  plan text,
  source text NOT NULL,
  reference_key text UNIQUE,
  note text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  lock_version integer NOT NULL DEFAULT 1,
  CHECK ((ubigeo_code IS NULL) = (department_code IS NULL)),
  CHECK (department_code IS NULL OR left(ubigeo_code, 2) = department_code),
  CHECK ((level = 'centro_poblado') = (centro_poblado IS NOT NULL)),
  CHECK (ordinance_date IS NULL OR ordinance_number IS NOT NULL)
);
CREATE INDEX coordination_space_department_idx ON coordination_space (department_code, level);

CREATE TABLE coordination_space_member (
  id serial PRIMARY KEY,
  space_id integer NOT NULL REFERENCES coordination_space (id),
  institution text NOT NULL,
  institution_kind text NOT NULL CHECK (institution_kind IN ('gobierno_regional',
    'municipalidad_provincial', 'municipalidad_distrital', 'sector', 'organismo_autonomo',
    'sociedad_civil', 'cooperacion', 'otro')),
  entity_id integer REFERENCES entity (id),
  joined_on date,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (space_id, institution)
);

-- Minutes are evidence: minutes_reference is the registry number or link of the acta.
CREATE TABLE coordination_space_session (
  id serial PRIMARY KEY,
  space_id integer NOT NULL REFERENCES coordination_space (id),
  held_on date NOT NULL,
  attendance integer CHECK (attendance IS NULL OR attendance >= 0),
  agreements text,
  minutes_reference text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX coordination_space_session_space_idx ON coordination_space_session (space_id, held_on);

-- One training event (or a source's total for a region and period, as seed 003 gives them).
-- service_code is the PNTP service it delivers (S20), a code and not a key: catalogue
-- replacement renumbers service rows. Participants by sex are null when the source does not
-- split them; cascade_level 0 is a training given by the entity, 1 a replica by its trainees.
CREATE TABLE training (
  id serial PRIMARY KEY,
  course text NOT NULL,
  modality text NOT NULL CHECK (modality IN ('presencial', 'virtual', 'mixta', 'no_indicada')),
  ubigeo_code text NOT NULL REFERENCES ubigeo (code),
  department_code text NOT NULL REFERENCES ubigeo (code),
  audience_type text NOT NULL CHECK (audience_type IN ('personal_policial', 'fiscales',
    'jueces', 'funcionarios_regionales', 'funcionarios_locales', 'docentes', 'personal_salud',
    'inspectores', 'sociedad_civil', 'comunidad', 'otro')),
  participants integer NOT NULL CHECK (participants >= 0),
  participants_women integer CHECK (participants_women IS NULL OR participants_women >= 0),
  participants_men integer CHECK (participants_men IS NULL OR participants_men >= 0),
  cascade_level integer NOT NULL DEFAULT 0 CHECK (cascade_level BETWEEN 0 AND 5),
  started_on date NOT NULL,
  ended_on date NOT NULL,
  entity_id integer NOT NULL REFERENCES entity (id),
  service_code text,
  source text NOT NULL,
  reference_key text UNIQUE,
  note text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (started_on <= ended_on),
  CHECK (left(ubigeo_code, 2) = department_code),
  CHECK (coalesce(participants_women, 0) + coalesce(participants_men, 0) <= participants)
);
CREATE INDEX training_period_idx ON training (service_code, ended_on);
CREATE INDEX training_department_idx ON training (department_code, ended_on);

-- A technical assistance to a coordination space or to a government (the ubigeo of the
-- regional or local government assisted).
CREATE TABLE technical_assistance (
  id serial PRIMARY KEY,
  space_id integer REFERENCES coordination_space (id),
  government_ubigeo text REFERENCES ubigeo (code),
  topic text NOT NULL,
  held_on date NOT NULL,
  modality text NOT NULL CHECK (modality IN ('presencial', 'virtual', 'mixta', 'no_indicada')),
  entity_id integer NOT NULL REFERENCES entity (id),
  service_code text,
  source text NOT NULL,
  note text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (space_id IS NOT NULL OR government_ubigeo IS NOT NULL)
);
CREATE INDEX technical_assistance_period_idx ON technical_assistance (service_code, held_on);

-- What a focal point did with a value proposed from a register: accepted it as computed or
-- corrected it with a reason. The records behind the proposal are kept as they were then.
CREATE TABLE register_proposal_decision (
  id serial PRIMARY KEY,
  indicator_id integer NOT NULL REFERENCES indicator (id) ON DELETE CASCADE,
  year integer NOT NULL,
  period text NOT NULL,
  register text NOT NULL CHECK (register IN ('capacitaciones', 'asistencias_tecnicas')),
  proposed_value numeric NOT NULL,
  decided_value numeric NOT NULL,
  decision text NOT NULL CHECK (decision IN ('aceptado', 'corregido')),
  reason text,
  record_ids jsonb NOT NULL,
  measurement_id integer NOT NULL REFERENCES measurement (id) ON DELETE CASCADE,
  decided_by text NOT NULL,
  decided_at timestamptz NOT NULL DEFAULT now(),
  CHECK (decision = 'aceptado' OR reason IS NOT NULL)
);
