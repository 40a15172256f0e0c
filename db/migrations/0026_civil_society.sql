-- Accredited civil-society organisations and what they publish beside the official figures
-- (issue 16 item 2, docs/open-data.md § Sociedad civil, ADR 0032): an alternative value for an
-- indicator-year, or a qualitative assessment of a service-year, under the organisation's own
-- name, with its evidence files; the conductor's response; and the moderator's removal, which
-- keeps the row listed with its reason. The official value (measurement) is never touched.
-- Forward-only; PostgreSQL 15 and PGlite.

-- The new role. The constraint is the one 0003 created inline (PostgreSQL names it
-- app_user_role_check on both backends).
ALTER TABLE app_user DROP CONSTRAINT app_user_role_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_role_check
  CHECK (role IN ('administrador', 'punto_focal', 'revisor', 'comision', 'sociedad_civil'));

-- An organisation the administrator accredited. Its name is what the public reads as the
-- author of each contribution, so it is the organisation's, never a person's.
CREATE TABLE civil_organization (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 2 AND 200),
  acronym text CHECK (acronym IS NULL OR length(acronym) BETWEEN 1 AND 40),
  website text CHECK (website IS NULL OR length(website) BETWEEN 1 AND 300),
  is_demo boolean NOT NULL DEFAULT false,
  accredited_at timestamptz NOT NULL DEFAULT now(),
  accredited_by text NOT NULL
);

-- A person belongs to one organisation at most (the primary key), and acts only for it.
CREATE TABLE civil_organization_member (
  user_id integer PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
  organization_id integer NOT NULL REFERENCES civil_organization (id),
  added_by text NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX civil_organization_member_org_idx ON civil_organization_member (organization_id);

CREATE TABLE civil_contribution (
  id serial PRIMARY KEY,
  organization_id integer NOT NULL REFERENCES civil_organization (id),
  policy_id integer NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('valor_alternativo', 'valoracion_servicio')),
  indicator_id integer REFERENCES indicator (id) ON DELETE CASCADE,
  service_id integer REFERENCES service (id) ON DELETE CASCADE,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  -- Alternative value: the figure and how it was obtained.
  value numeric,
  method text CHECK (method IS NULL OR length(method) BETWEEN 1 AND 4000),
  -- Assessment: the organisation's qualitative judgement of the service.
  assessment text CHECK (assessment IS NULL OR length(assessment) BETWEEN 1 AND 8000),
  source text NOT NULL CHECK (length(source) BETWEEN 1 AND 1000),
  comment text CHECK (comment IS NULL OR length(comment) <= 4000),
  -- The access-to-information request the figure was obtained through, when there was one.
  access_request_id integer REFERENCES access_request (id),
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by text NOT NULL,
  -- The conductor's response, published next to it (one; a new one replaces it, audited).
  response text CHECK (response IS NULL OR length(response) BETWEEN 1 AND 4000),
  responded_at timestamptz,
  responded_by text,
  -- Moderation is removal for personal data only; the reason is public.
  removed_at timestamptz,
  removed_by text,
  removal_reason text CHECK (removal_reason IS NULL OR length(removal_reason) BETWEEN 1 AND 500),
  CONSTRAINT civil_contribution_target CHECK (
    (kind = 'valor_alternativo' AND indicator_id IS NOT NULL AND service_id IS NULL
      AND value IS NOT NULL AND method IS NOT NULL AND assessment IS NULL)
    OR (kind = 'valoracion_servicio' AND service_id IS NOT NULL AND indicator_id IS NULL
      AND value IS NULL AND assessment IS NOT NULL)
  ),
  CONSTRAINT civil_contribution_response_complete CHECK (
    (response IS NULL) = (responded_at IS NULL) AND (response IS NULL) = (responded_by IS NULL)
  ),
  CONSTRAINT civil_contribution_removal_complete CHECK (
    (removed_at IS NULL) = (removal_reason IS NULL) AND (removed_at IS NULL) = (removed_by IS NULL)
  )
);
CREATE INDEX civil_contribution_policy_year_idx ON civil_contribution (policy_id, year);
CREATE INDEX civil_contribution_org_idx ON civil_contribution (organization_id);

-- Evidence files of a contribution: the same disk store, sniffing and columns as evidence_file.
CREATE TABLE civil_evidence_file (
  id serial PRIMARY KEY,
  contribution_id integer NOT NULL REFERENCES civil_contribution (id) ON DELETE CASCADE,
  file_name text NOT NULL,
  media_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text NOT NULL UNIQUE,
  uploaded_by text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (contribution_id, sha256)
);
