-- Data versions are announced as well as counted (ADR 0026). A server on PostgreSQL LISTENs on
-- `vigia_data_version` and learns of a change from any connection (another server, the CLI, a
-- manual fix in psql) when it commits, instead of asking for the versions before every burst
-- of cached reads. The payload names the schema, since channels are shared by every schema of
-- a database: "<schema> <scope> <version>". NOTIFY is transactional, so it is sent at commit
-- and never for a rolled-back change; PostgreSQL (14 and later) signals listeners during the
-- commit, before the writer is told it succeeded.

CREATE OR REPLACE FUNCTION apply_data_change() RETURNS trigger AS $$
DECLARE
  moved bigint;
BEGIN
  UPDATE data_version SET version = version + 1 WHERE scope = NEW.scope
    RETURNING version INTO moved;
  DELETE FROM data_change_pending WHERE id = NEW.id;
  PERFORM pg_notify('vigia_data_version', current_schema() || ' ' || NEW.scope || ' ' || moved);
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
