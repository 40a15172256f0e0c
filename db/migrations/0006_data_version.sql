-- Data versions: a counter per scope that moves whenever a transaction that changed the scope's
-- tables commits. The server caches derived reads (evaluations, the dashboard, sessions) under
-- the version they were computed at, so a validation is seen at once, by every process, with no
-- batch job and no reliance on each service remembering to invalidate.
--
--   policy  the policy model and its values: what evaluations and the dashboard read
--   access  accounts, entity grants and sessions: what authentication reads

CREATE TABLE data_version (
  scope text PRIMARY KEY,
  version bigint NOT NULL DEFAULT 0
);
INSERT INTO data_version (scope) VALUES ('policy'), ('access');

-- One row per changed scope and transaction, consumed at commit by the deferred trigger below.
CREATE TABLE data_change_pending (
  id bigserial PRIMARY KEY,
  scope text NOT NULL REFERENCES data_version (scope)
);

-- Statement-level and once per transaction and scope (a transaction-local setting remembers):
-- a bulk load of 750,000 values costs one row here, not 750,000.
CREATE FUNCTION note_data_change() RETURNS trigger AS $$
BEGIN
  IF current_setting('vigia.changed_' || TG_ARGV[0], true) IS DISTINCT FROM 'on' THEN
    PERFORM set_config('vigia.changed_' || TG_ARGV[0], 'on', true);
    INSERT INTO data_change_pending (scope) VALUES (TG_ARGV[0]);
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- Runs at commit: the counter row is locked last and briefly, so two writers can never
-- deadlock on it, and a reader that sees the new version also sees the new data.
CREATE FUNCTION apply_data_change() RETURNS trigger AS $$
BEGIN
  UPDATE data_version SET version = version + 1 WHERE scope = NEW.scope;
  DELETE FROM data_change_pending WHERE id = NEW.id;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER data_change_pending_apply
  AFTER INSERT ON data_change_pending
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION apply_data_change();

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'entity', 'org_unit', 'policy', 'policy_entity', 'policy_org_unit', 'objective',
    'lineamiento', 'service', 'service_responsibility', 'indicator', 'indicator_version', 'meta',
    'measurement', 'measurement_disaggregation', 'commitment', 'reporting_period', 'publication'
  ] LOOP
    EXECUTE format(
      'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
         FOR EACH STATEMENT EXECUTE FUNCTION note_data_change(''policy'')',
      t || '_data_version', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['app_user', 'user_entity', 'user_session'] LOOP
    EXECUTE format(
      'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
         FOR EACH STATEMENT EXECUTE FUNCTION note_data_change(''access'')',
      t || '_data_version', t);
  END LOOP;
END
$$;
