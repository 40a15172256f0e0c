-- The statistical register of trafficking (issue 13, ADR 0019): figures from every institution's
-- systems with their definition and provenance, restated figures kept beside the ones they
-- replace, the documented causes of the differences between sources, and minimal pseudonymous
-- records (cases, victims, suspects) with no name, document number, address or phone.
-- Forward-only; PostgreSQL 15 and PGlite.

-- Code lists are shipped as versioned files (reference/statistics/code-lists/); each version
-- loaded is kept whole, so a figure imported under an older list can be read with its labels.
CREATE TABLE stat_code_list_version (
  list_code text NOT NULL CHECK (list_code ~ '^[a-z_]+$'),
  version integer NOT NULL CHECK (version > 0),
  title text NOT NULL,
  file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  content jsonb NOT NULL,
  loaded_by text NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (list_code, version)
);

-- The codes of the dimension lists (sex, age band, nationality, form of exploitation, statute,
-- unit of count). A code is never deleted, since figures name it: a later version may relabel
-- it or retire it, and an import refuses retired codes.
CREATE TABLE stat_code (
  list_code text NOT NULL,
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  label_es text NOT NULL,
  label_en text NOT NULL,
  parent_code text,
  -- Codes with the same parent and partition are disjoint: their figures may be summed.
  partition text,
  -- Correspondences with international classifications (ICS-TIP / UNODC, HTCDS / CTDC).
  mappings jsonb NOT NULL DEFAULT '{}',
  since_version integer NOT NULL,
  retired_in_version integer,
  PRIMARY KEY (list_code, code),
  FOREIGN KEY (list_code, since_version) REFERENCES stat_code_list_version (list_code, version),
  FOREIGN KEY (list_code, parent_code) REFERENCES stat_code (list_code, code),
  CHECK (retired_in_version IS NULL OR retired_in_version > since_version)
);

-- A source is an institution and one of its systems (PNP · RETA, Ministerio Público · FISTRAP);
-- `system_code` is null when a figure names only the institution. `entity_code` is the
-- catalogue entity whose focal points may upload the source's figures (a code, not a key: the
-- statistics may be loaded before any policy catalogue).
CREATE TABLE stat_source (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z0-9-]{2,40}$'),
  institution_code text NOT NULL,
  institution_name text NOT NULL,
  system_code text,
  system_name text,
  entity_code text,
  description text NOT NULL,
  since_version integer NOT NULL,
  retired_in_version integer
);

-- What is counted: complaint, victim, case, operation, arrest, prosecution, conviction … A
-- concept may be a subset of another (a conviction confirmed on appeal is a conviction), so a
-- figure of the subset larger than one of the whole, for the same period, is flagged.
CREATE TABLE stat_concept (
  code text PRIMARY KEY CHECK (code ~ '^[a-z_]{2,40}$'),
  label_es text NOT NULL,
  label_en text NOT NULL,
  definition text NOT NULL,
  default_unit text NOT NULL,
  subset_of text REFERENCES stat_concept (code),
  since_version integer NOT NULL,
  retired_in_version integer
);

-- One row per file (or reference document) imported: what it was, who loaded it, and its report.
CREATE TABLE stat_import (
  id serial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('archivo', 'referencia')),
  source_code text REFERENCES stat_source (code),
  file_name text NOT NULL,
  file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  format text NOT NULL CHECK (format IN ('csv', 'xlsx', 'json')),
  mapping_version integer,
  rows_read integer NOT NULL CHECK (rows_read >= 0),
  figures_new integer NOT NULL CHECK (figures_new >= 0),
  figures_restated integer NOT NULL CHECK (figures_restated >= 0),
  figures_unchanged integer NOT NULL CHECK (figures_unchanged >= 0),
  imported_by text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  report jsonb NOT NULL,
  CHECK (kind = 'referencia' OR source_code IS NOT NULL)
);

-- A statistical figure: a count (or share) of a concept by a source for a period, a territory
-- and a combination of the harmonized dimensions (null: not disaggregated by it). A later figure
-- for the same key is a restatement: a new row with the next version that names the row it
-- supersedes; the earlier one stays as it was (the table is append-only).
CREATE TABLE stat_figure (
  id bigserial PRIMARY KEY,
  source_code text NOT NULL REFERENCES stat_source (code),
  concept_code text NOT NULL REFERENCES stat_concept (code),
  -- The publication a figure reached Vigía through when not the source's own export (the TIP
  -- report, a MININTER progress report on one service): the same source's figure relayed by two
  -- reports is two figures, not a restatement.
  reported_via text,
  period_type text NOT NULL CHECK (period_type IN ('anio', 'semestre', 'trimestre', 'mes', 'rango')),
  period_start date NOT NULL,
  period_end date NOT NULL,
  ubigeo text REFERENCES ubigeo (code),
  sex text,
  age_band text,
  nationality text,
  exploitation_form text,
  statute text,
  value numeric NOT NULL CHECK (value >= 0 AND value < 1000000000),
  unit text NOT NULL,
  definition text NOT NULL CHECK (length(definition) BETWEEN 1 AND 2000),
  extraction_date date,
  -- Where the figure was read: the file and its row, or the document and its lines.
  provenance_document text NOT NULL,
  provenance_location text,
  -- 'exportacion': an institution's file; 'transcripcion': typed from a published document.
  origin text NOT NULL CHECK (origin IN ('exportacion', 'transcripcion')),
  -- A figure computed from the cited text rather than printed in it says how.
  derivation text,
  note text,
  version integer NOT NULL CHECK (version > 0),
  supersedes_id bigint UNIQUE REFERENCES stat_figure (id),
  import_id integer NOT NULL REFERENCES stat_import (id),
  imported_by text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  CHECK (period_end >= period_start),
  CHECK ((version = 1) = (supersedes_id IS NULL))
);
-- One figure per key and version; the key's nulls compared as values.
CREATE UNIQUE INDEX stat_figure_key_version_idx ON stat_figure (
  source_code, concept_code, coalesce(reported_via, ''), period_start, period_end,
  coalesce(ubigeo, ''), coalesce(sex, ''), coalesce(age_band, ''), coalesce(nationality, ''),
  coalesce(exploitation_form, ''), coalesce(statute, ''), unit, version
);
CREATE INDEX stat_figure_period_idx ON stat_figure (period_start, period_end, concept_code);
CREATE INDEX stat_figure_import_idx ON stat_figure (import_id);

CREATE FUNCTION stat_figure_is_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'stat_figure es de solo inserción: una cifra corregida es una nueva versión, no se puede % la anterior', lower(TG_OP);
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER stat_figure_append_only
  BEFORE UPDATE OR DELETE ON stat_figure
  FOR EACH ROW EXECUTE FUNCTION stat_figure_is_append_only();

-- Why a source's figure differs from the others' for a concept and period, as documented (the
-- TIP report, the alternative report): unit of count, date basis, classification, coverage.
CREATE TABLE stat_discrepancy_cause (
  id serial PRIMARY KEY,
  concept_code text NOT NULL REFERENCES stat_concept (code),
  source_code text NOT NULL REFERENCES stat_source (code),
  period_start date NOT NULL,
  period_end date NOT NULL,
  cause text NOT NULL CHECK (cause IN ('unidad_de_conteo', 'base_de_fecha', 'clasificacion', 'cobertura', 'otra')),
  explanation text NOT NULL CHECK (length(explanation) BETWEEN 1 AND 2000),
  citation text NOT NULL,
  import_id integer REFERENCES stat_import (id),
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK (period_end >= period_start),
  UNIQUE (concept_code, source_code, period_start, period_end, cause, explanation)
);

-- How the figures of several sources for one concept and period combine into one count, until
-- record linkage measures the overlap (DATIM's de-duplication): 'suma' (no overlap), 'maximo'
-- (full overlap), 'declarada' (the overlap given), or 'desconocida' (a document says it is not
-- known, which is not the same as nobody having said anything).
CREATE TABLE stat_overlap (
  id serial PRIMARY KEY,
  concept_code text NOT NULL REFERENCES stat_concept (code),
  period_start date NOT NULL,
  period_end date NOT NULL,
  source_codes text[] NOT NULL CHECK (cardinality(source_codes) >= 2),
  method text NOT NULL CHECK (method IN ('suma', 'maximo', 'declarada', 'desconocida')),
  overlap numeric CHECK (overlap IS NULL OR overlap >= 0),
  basis text NOT NULL,
  citation text NOT NULL,
  import_id integer REFERENCES stat_import (id),
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((method = 'declarada') = (overlap IS NOT NULL)),
  UNIQUE (concept_code, period_start, period_end, source_codes)
);

-- Pseudonymous records of institutions that share microdata. `source_record_id` is the
-- institution's own identifier of the record (or a keyed encoding of it), never a document
-- number. No name, document number, address or phone enters Vigía: the record-linkage issue
-- brings keyed encodings for matching. Victims and suspects are separate tables, read under
-- separate permissions, and every read of them is audited.
CREATE TABLE stat_case_record (
  id bigserial PRIMARY KEY,
  source_code text NOT NULL REFERENCES stat_source (code),
  source_record_id text NOT NULL CHECK (source_record_id ~ '^[A-Za-z0-9._:-]{1,80}$'),
  opened_on date,
  ubigeo text REFERENCES ubigeo (code),
  statute_initial text,
  exploitation_form text,
  import_id integer NOT NULL REFERENCES stat_import (id),
  UNIQUE (source_code, source_record_id)
);

-- A case's judicial milestones, each with the legal classification it carried at that step:
-- the classification history shows charges downgraded to related offences.
CREATE TABLE stat_case_milestone (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES stat_case_record (id),
  milestone text NOT NULL CHECK (milestone IN ('denuncia', 'investigacion', 'formalizacion',
    'acusacion', 'sentencia_condenatoria', 'sentencia_absolutoria', 'apelacion', 'firme', 'archivo')),
  occurred_on date NOT NULL,
  statute text,
  sentence_years numeric CHECK (sentence_years IS NULL OR (sentence_years > 0 AND sentence_years <= 99)),
  UNIQUE (case_id, milestone, occurred_on),
  CHECK (sentence_years IS NULL OR milestone IN ('sentencia_condenatoria', 'apelacion', 'firme'))
);

CREATE TABLE stat_victim_record (
  id bigserial PRIMARY KEY,
  source_code text NOT NULL REFERENCES stat_source (code),
  source_record_id text NOT NULL CHECK (source_record_id ~ '^[A-Za-z0-9._:-]{1,80}$'),
  case_id bigint REFERENCES stat_case_record (id),
  identified_on date,
  ubigeo text REFERENCES ubigeo (code),
  sex text,
  age_band text,
  nationality text,
  exploitation_form text,
  import_id integer NOT NULL REFERENCES stat_import (id),
  UNIQUE (source_code, source_record_id)
);

CREATE TABLE stat_suspect_record (
  id bigserial PRIMARY KEY,
  source_code text NOT NULL REFERENCES stat_source (code),
  source_record_id text NOT NULL CHECK (source_record_id ~ '^[A-Za-z0-9._:-]{1,80}$'),
  case_id bigint REFERENCES stat_case_record (id),
  sex text,
  age_band text,
  nationality text,
  -- Official complicity (002:227-245): the suspect was a public official when the acts occurred.
  is_public_official boolean NOT NULL DEFAULT false,
  official_institution text,
  import_id integer NOT NULL REFERENCES stat_import (id),
  UNIQUE (source_code, source_record_id),
  CHECK (is_public_official OR official_institution IS NULL)
);
