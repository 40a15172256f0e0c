-- Narrower data versions (ADR 0043, issue 20 item 2). Until now every write to a policy table
-- moved the one `policy` version, so a validation in 2024 recomputed the evaluation of every
-- year. The `policy` version still moves on every such write (readers that depend on all of it
-- keep working unchanged), and beside it:
--
--   catalogue              any policy table except the values: fichas, metas, entities,
--                          periods, publications, declarations, rule settings, veedurías…
--   values:<code>          any value (measurement or its district rows) of the policy <code>
--   values:<code>:<year>   a value of that policy and year
--   parts:<code>:<year>    a district (or other) row of a value of that year, or a value of it
--                          deleted: not a validation, which changes a value's status only, so
--                          the district totals an evaluation reads are kept across one
--
-- A value's scopes come from the rows the statement changed (transition tables), so a bulk
-- load still costs one pending row per scope and transaction, not one per row. A TRUNCATE of a
-- value table says nothing about which years it emptied: it moves `catalogue`, on which every
-- narrower reader also depends.

-- Value scopes are created on first use, so the pending row no longer points at an existing one.
ALTER TABLE data_change_pending DROP CONSTRAINT data_change_pending_scope_fkey;
INSERT INTO data_version (scope) VALUES ('catalogue');

-- Once per transaction and scope (a transaction-local setting remembers; its name is a hash
-- because a setting's name may hold only letters, digits and underscores).
CREATE FUNCTION note_data_scope(changed text) RETURNS void AS $$
DECLARE
  flag text := 'vigia.changed_' || md5(changed);
BEGIN
  IF current_setting(flag, true) IS DISTINCT FROM 'on' THEN
    PERFORM set_config(flag, 'on', true);
    INSERT INTO data_change_pending (scope) VALUES (changed);
  END IF;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION note_data_change() RETURNS trigger AS $$
BEGIN
  PERFORM note_data_scope(TG_ARGV[0]);
  IF TG_ARGV[0] = 'policy' THEN
    PERFORM note_data_scope('catalogue');
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION note_values_of(policy_code text, value_year integer) RETURNS void AS $$
BEGIN
  PERFORM note_data_scope('values:' || policy_code);
  PERFORM note_data_scope('values:' || policy_code || ':' || value_year);
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION note_parts_of(policy_code text, value_year integer) RETURNS void AS $$
BEGIN
  PERFORM note_values_of(policy_code, value_year);
  PERFORM note_data_scope('parts:' || policy_code || ':' || value_year);
END
$$ LANGUAGE plpgsql;

-- Transition tables exist only for the event that fired: `new_rows` for INSERT and UPDATE,
-- `old_rows` for UPDATE and DELETE (one trigger per event, as PostgreSQL requires).
CREATE FUNCTION note_measurement_change() RETURNS trigger AS $$
DECLARE
  k record;
BEGIN
  PERFORM note_data_scope('policy');
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM note_data_scope('catalogue');
    RETURN NULL;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    FOR k IN SELECT DISTINCT p.code, r.year FROM new_rows r
        JOIN indicator i ON i.id = r.indicator_id JOIN policy p ON p.id = i.policy_id LOOP
      PERFORM note_values_of(k.code, k.year);
    END LOOP;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    FOR k IN SELECT DISTINCT p.code, r.year FROM old_rows r
        JOIN indicator i ON i.id = r.indicator_id JOIN policy p ON p.id = i.policy_id LOOP
      -- A deleted value takes its district rows with it (ON DELETE CASCADE).
      IF TG_OP = 'DELETE' THEN
        PERFORM note_parts_of(k.code, k.year);
      ELSE
        PERFORM note_values_of(k.code, k.year);
      END IF;
    END LOOP;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION note_disaggregation_change() RETURNS trigger AS $$
DECLARE
  k record;
BEGIN
  PERFORM note_data_scope('policy');
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM note_data_scope('catalogue');
    RETURN NULL;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    FOR k IN SELECT DISTINCT p.code, m.year FROM (SELECT DISTINCT measurement_id FROM new_rows) r
        JOIN measurement m ON m.id = r.measurement_id JOIN indicator i ON i.id = m.indicator_id
        JOIN policy p ON p.id = i.policy_id LOOP
      PERFORM note_parts_of(k.code, k.year);
    END LOOP;
  END IF;
  -- Rows deleted with their measurement (ON DELETE CASCADE) no longer find it here; the
  -- measurement's own trigger has noted their year.
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    FOR k IN SELECT DISTINCT p.code, m.year FROM (SELECT DISTINCT measurement_id FROM old_rows) r
        JOIN measurement m ON m.id = r.measurement_id JOIN indicator i ON i.id = m.indicator_id
        JOIN policy p ON p.id = i.policy_id LOOP
      PERFORM note_parts_of(k.code, k.year);
    END LOOP;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER measurement_data_version ON measurement;
DROP TRIGGER measurement_disaggregation_data_version ON measurement_disaggregation;

DO $$
DECLARE
  t text;
  f text;
BEGIN
  FOREACH t IN ARRAY ARRAY['measurement', 'measurement_disaggregation'] LOOP
    f := CASE t WHEN 'measurement' THEN 'note_measurement_change' ELSE 'note_disaggregation_change' END;
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION %I()', t || '_data_version_insert', t, f);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION %I()', t || '_data_version_update', t, f);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION %I()', t || '_data_version_delete', t, f);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I
      FOR EACH STATEMENT EXECUTE FUNCTION %I()', t || '_data_version_truncate', t, f);
  END LOOP;
END
$$;

-- At commit, the first pending row of the transaction applies them all, in scope order: two
-- writers that move the same scopes lock their counters in the same order and cannot deadlock.
-- The rows after it find nothing left to apply.
CREATE OR REPLACE FUNCTION apply_data_change() RETURNS trigger AS $$
DECLARE
  s text;
  moved bigint;
BEGIN
  FOR s IN SELECT DISTINCT scope FROM data_change_pending ORDER BY scope LOOP
    INSERT INTO data_version AS d (scope, version) VALUES (s, 1)
      ON CONFLICT (scope) DO UPDATE SET version = d.version + 1
      RETURNING d.version INTO moved;
    PERFORM pg_notify('vigia_data_version', current_schema() || ' ' || s || ' ' || moved);
  END LOOP;
  DELETE FROM data_change_pending;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
