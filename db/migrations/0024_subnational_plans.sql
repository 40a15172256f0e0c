-- Regional and local plans against trafficking, reported quarterly (issue 14 item 3, ADR 0030,
-- docs/territory.md § Planes regionales y locales). A plan is a policy in the catalogue format
-- with a territory and a parent policy (the PNTP); its objectives and services say which of
-- the parent's they serve. Accounts get a territorial scope, and a regional conductor role
-- validates the values of the plans in its territory only.
-- Forward-only. Written to the intersection of PostgreSQL 15 and PGlite.

-- Null territory = a national policy. The parent (the PNTP) and the parent's objectives and
-- services are named by code, as in the catalogue file: replacing the PNTP's catalogue gives it
-- new row ids, and a plan's alignment must survive that. The import checks that the codes exist.
ALTER TABLE policy ADD COLUMN territory_ubigeo text REFERENCES ubigeo (code);
ALTER TABLE policy ADD COLUMN parent_policy_code text;
ALTER TABLE policy ADD CONSTRAINT policy_subnational_has_parent
  CHECK ((territory_ubigeo IS NULL) = (parent_policy_code IS NULL));
ALTER TABLE policy ADD CONSTRAINT policy_parent_not_self
  CHECK (parent_policy_code IS NULL OR parent_policy_code <> code);
CREATE INDEX policy_territory_idx ON policy (territory_ubigeo) WHERE territory_ubigeo IS NOT NULL;

-- Alignment: which objective / service of the parent policy this one serves.
ALTER TABLE objective ADD COLUMN aligned_to text;
ALTER TABLE service ADD COLUMN aligned_to text;

-- Quarters beside the semesters and the year. The constraints of 0001 and 0003 carry the names
-- PostgreSQL (and PGlite) give an unnamed column CHECK: <table>_<column>_check.
ALTER TABLE measurement DROP CONSTRAINT measurement_period_check;
ALTER TABLE measurement ADD CONSTRAINT measurement_period_check
  CHECK (period IN ('ANUAL', 'S1', 'S2', 'T1', 'T2', 'T3', 'T4'));
ALTER TABLE reporting_period DROP CONSTRAINT reporting_period_period_check;
ALTER TABLE reporting_period ADD CONSTRAINT reporting_period_period_check
  CHECK (period IN ('ANUAL', 'S1', 'S2', 'T1', 'T2', 'T3', 'T4'));

-- Territorial scope of an account: a department (2 digits), province (4) or district (6).
-- Null = national. The regional conductor has one by definition.
ALTER TABLE app_user ADD COLUMN territory_ubigeo text REFERENCES ubigeo (code);
ALTER TABLE app_user DROP CONSTRAINT app_user_role_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_role_check
  CHECK (role IN ('administrador', 'punto_focal', 'revisor', 'comision', 'conductor_regional'));
-- Which other roles may hold a scope is the service's rule (users.service.ts checkTerritory):
-- the constraint names only the role that cannot exist without one, so a role added later by
-- another migration is not refused by it.
ALTER TABLE app_user ADD CONSTRAINT app_user_territory_by_role
  CHECK (role <> 'conductor_regional' OR territory_ubigeo IS NOT NULL);

-- Commitments of a new administration (004:383-395): 100 días, primer año, fin de gestión.
-- The traffic light is not stored: it is computed from due_on and status on every read.
CREATE TABLE plan_milestone (
  id serial PRIMARY KEY,
  policy_id integer NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  horizon text NOT NULL CHECK (horizon IN ('100_dias', 'primer_anio', 'fin_gestion')),
  title text NOT NULL CHECK (length(title) BETWEEN 3 AND 400),
  responsible text CHECK (length(responsible) <= 400),
  budget_soles numeric CHECK (budget_soles IS NULL OR budget_soles >= 0),
  due_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('pendiente', 'en_proceso', 'cumplido', 'no_cumplido')),
  completed_on date,
  note text CHECK (length(note) <= 2000),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'cumplido') = (completed_on IS NOT NULL))
);
CREATE INDEX plan_milestone_policy_idx ON plan_milestone (policy_id, due_on);

CREATE TRIGGER plan_milestone_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON plan_milestone FOR EACH STATEMENT EXECUTE FUNCTION note_data_change('policy');
