-- The history of a value, append-only: one row per step of its workflow (created, submitted,
-- observed, validated) with the figures it had at that step. A value that was observed and
-- then corrected keeps the figure that was observed; edits of a draft stay in the audit log.
CREATE TABLE measurement_history (
  id bigserial PRIMARY KEY,
  measurement_id integer NOT NULL REFERENCES measurement (id) ON DELETE CASCADE,
  action text NOT NULL CHECK (action IN ('create', 'submit', 'observe', 'validate')),
  status text NOT NULL CHECK (status IN ('borrador', 'enviado', 'observado', 'validado')),
  value numeric,
  value_derived boolean NOT NULL DEFAULT false,
  numerator numeric,
  denominator numeric,
  actor text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX measurement_history_measurement_idx ON measurement_history (measurement_id, id);

-- No update, and no delete while its value exists: only replacing a whole policy (which
-- deletes its values, cascading here) removes history.
CREATE FUNCTION measurement_history_is_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM measurement WHERE id = OLD.measurement_id) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'measurement_history es de solo inserción: no se puede % su historial', lower(TG_OP);
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER measurement_history_append_only
  BEFORE UPDATE OR DELETE ON measurement_history
  FOR EACH ROW EXECUTE FUNCTION measurement_history_is_append_only();
