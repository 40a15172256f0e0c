-- Requests for public information under the TUO de la Ley 27806 (DS 021-2019-JUS) that
-- civil society (e.g. CHS Alternativo) sends to the entities of a policy, their deadlines,
-- extension and answer, so each entity's compliance can be published (docs/transparency.md).
-- Forward-only; PostgreSQL 15 and PGlite.

-- Deadlines are not stored: they are computed on every read from sent_on, the extension and
-- the calendar of días hábiles (reference/calendar/feriados-pe.json), so a día no laborable
-- decreed later moves the deadlines it falls in without rewriting rows.
CREATE TABLE access_request (
  id serial PRIMARY KEY,
  entity_id integer NOT NULL REFERENCES entity (id),
  -- An organisation, never a person's name: the register is published per entity.
  requester text NOT NULL CHECK (length(requester) BETWEEN 1 AND 200),
  -- The entity's expediente or registry number, when it gave one.
  reference text CHECK (reference IS NULL OR length(reference) BETWEEN 1 AND 100),
  questions text NOT NULL CHECK (length(questions) BETWEEN 1 AND 20000),
  -- The day the entity received the request: the plazo runs from the next día hábil.
  sent_on date NOT NULL,
  -- Art. 11 g): once, notified within 2 días hábiles, with the date of the answer.
  extension_notified_on date,
  extension_new_date date,
  extension_reason text CHECK (extension_reason IS NULL OR length(extension_reason) <= 2000),
  answered_on date,
  outcome text NOT NULL DEFAULT 'pendiente'
    CHECK (outcome IN ('pendiente', 'respondida', 'parcial', 'no_respondida')),
  notes text CHECK (notes IS NULL OR length(notes) <= 4000),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT access_request_extension_complete CHECK (
    (extension_notified_on IS NULL AND extension_new_date IS NULL AND extension_reason IS NULL)
    OR (extension_notified_on IS NOT NULL AND extension_new_date IS NOT NULL)
  ),
  CONSTRAINT access_request_extension_after_sent CHECK (
    extension_notified_on IS NULL
    OR (extension_notified_on >= sent_on AND extension_new_date > sent_on)
  ),
  -- An answer has a date; no answer (yet) has none.
  CONSTRAINT access_request_answer_dated CHECK (
    (outcome IN ('respondida', 'parcial')) = (answered_on IS NOT NULL)
  ),
  CONSTRAINT access_request_answer_after_sent CHECK (answered_on IS NULL OR answered_on >= sent_on)
);
CREATE INDEX access_request_entity_idx ON access_request (entity_id, sent_on);

-- The request, the extension notice, the answer: a link or a registry reference, or a file in
-- the evidence store (the same disk store and columns as evidence_file).
CREATE TABLE access_request_document (
  id serial PRIMARY KEY,
  access_request_id integer NOT NULL REFERENCES access_request (id),
  kind text NOT NULL CHECK (kind IN ('solicitud', 'prorroga', 'respuesta', 'otro')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  link text CHECK (link IS NULL OR length(link) BETWEEN 1 AND 1000),
  file_name text,
  media_type text,
  size_bytes integer CHECK (size_bytes IS NULL OR size_bytes > 0),
  sha256 text CHECK (sha256 IS NULL OR sha256 ~ '^[0-9a-f]{64}$'),
  storage_key text,
  added_by text NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT access_request_document_file_complete CHECK (
    (storage_key IS NULL AND file_name IS NULL AND media_type IS NULL AND size_bytes IS NULL
      AND sha256 IS NULL)
    OR (storage_key IS NOT NULL AND file_name IS NOT NULL AND media_type IS NOT NULL
      AND size_bytes IS NOT NULL AND sha256 IS NOT NULL)
  ),
  CONSTRAINT access_request_document_has_content CHECK (link IS NOT NULL OR storage_key IS NOT NULL)
);
CREATE INDEX access_request_document_request_idx ON access_request_document (access_request_id);
