-- Publications can be withdrawn, and carry the documents the public downloads.
-- Forward-only; PostgreSQL 15 and PGlite.

-- A withdrawn publication stays (what was published, when and by whom is history): it records
-- who withdrew it, when and why, and the public no longer sees the year.
ALTER TABLE publication ADD COLUMN withdrawn_at timestamptz;
ALTER TABLE publication ADD COLUMN withdrawn_by text;
ALTER TABLE publication ADD COLUMN withdrawal_reason text;
ALTER TABLE publication ADD CONSTRAINT publication_withdrawal_complete CHECK (
  (withdrawn_at IS NULL AND withdrawn_by IS NULL AND withdrawal_reason IS NULL)
  OR (withdrawn_at IS NOT NULL AND withdrawn_by IS NOT NULL AND withdrawal_reason IS NOT NULL)
);

-- The Informe (PDF) and the publication package of a published year, generated once when the
-- year is published, from the same reading of the data as its figures: what the public
-- downloads agrees with what it sees, whatever is validated later, and an anonymous request
-- never costs a document's generation.
CREATE TABLE publication_file (
  publication_id integer NOT NULL REFERENCES publication (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('informe', 'paquete')),
  file_name text NOT NULL,
  content_type text NOT NULL,
  bytes bytea NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  PRIMARY KEY (publication_id, kind)
);
