-- Values that a focal point enters for a data point of the TIP data pack (issue 13, item 6):
-- the points that the statistical register cannot answer (operativos emblemáticos, fiscales
-- especializados, albergues…) are entered by the focal point of the entity that holds them,
-- for a year. Append-only: a correction is a new version that supersedes the one before, and
-- the history stays. The administrator's review is a row of its own, so an entry is never
-- updated. Forward-only; PostgreSQL 15 and PGlite.

CREATE TABLE tip_point_entry (
  id serial PRIMARY KEY,
  -- The point's id in reference/statistics/tip-data-points.json (checked by the service).
  data_point_id integer NOT NULL CHECK (data_point_id BETWEEN 1 AND 1000),
  year integer NOT NULL CHECK (year BETWEEN 1990 AND 2100),
  entity_id integer NOT NULL REFERENCES entity (id),
  version integer NOT NULL CHECK (version > 0),
  supersedes_id integer UNIQUE REFERENCES tip_point_entry (id),
  -- A number, or a text answer for a qualitative point: exactly one of the two.
  value_number numeric CHECK (value_number > -1000000000000 AND value_number < 1000000000000),
  value_text text CHECK (length(value_text) BETWEEN 1 AND 4000),
  unit text NOT NULL CHECK (length(unit) BETWEEN 1 AND 60),
  definition text NOT NULL CHECK (length(definition) BETWEEN 1 AND 1000),
  disaggregation text NOT NULL CHECK (length(disaggregation) <= 1000),
  comment text CHECK (length(comment) <= 2000),
  entered_by text NOT NULL,
  entered_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((value_number IS NULL) <> (value_text IS NULL)),
  CHECK ((version = 1) = (supersedes_id IS NULL)),
  UNIQUE (data_point_id, year, entity_id, version)
);
CREATE INDEX tip_point_entry_year_idx ON tip_point_entry (year, data_point_id);

-- The administrator's review of one version of an entry; a later correction is a new version,
-- not reviewed until it is reviewed in turn.
CREATE TABLE tip_point_entry_review (
  entry_id integer PRIMARY KEY REFERENCES tip_point_entry (id),
  reviewed_by text NOT NULL,
  reviewed_at timestamptz NOT NULL DEFAULT now(),
  note text CHECK (length(note) <= 2000)
);

CREATE FUNCTION tip_point_entry_is_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% es de solo inserción: una corrección es una nueva versión', TG_TABLE_NAME;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER tip_point_entry_append_only
  BEFORE UPDATE OR DELETE ON tip_point_entry
  FOR EACH ROW EXECUTE FUNCTION tip_point_entry_is_append_only();
CREATE TRIGGER tip_point_entry_review_append_only
  BEFORE UPDATE OR DELETE ON tip_point_entry_review
  FOR EACH ROW EXECUTE FUNCTION tip_point_entry_is_append_only();
