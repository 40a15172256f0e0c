-- The open-data release of a published year (issue 16, docs/open-data.md): every dataset's rows
-- frozen as JSON when the year is published, beside its Informe and package, so that what an
-- anonymous visitor downloads in CSV, JSON, XLSX or SDMX agrees with the published figures
-- whatever is validated later, and no anonymous request reads live data.
-- Forward-only; PostgreSQL 15 and PGlite.
ALTER TABLE publication_file DROP CONSTRAINT publication_file_kind_check;
ALTER TABLE publication_file ADD CONSTRAINT publication_file_kind_check
  CHECK (kind IN ('informe', 'paquete', 'datos-abiertos'));
