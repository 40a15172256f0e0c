-- Tamper-evident audit (issue 18, item 3): every audit event carries the SHA-256 of its own
-- content and of the event before it, so editing, deleting or inserting a past event breaks
-- the chain from that point on. `vigia audit verify` recomputes it in the application (not with
-- these functions, which a superuser could replace) and names the first broken link; the chain
-- head is anchored once a day (audit_anchor), written to the server's log, so that a chain
-- rewritten from the start can be caught against an anchor kept outside the database.
-- Forward-only. Written to the intersection of PostgreSQL 15 and PGlite.

ALTER TABLE audit_event ADD COLUMN prev_hash text;
ALTER TABLE audit_event ADD COLUMN hash text;

-- One field of the digest: its length in bytes, a colon, the text and a semicolon; NULL is a
-- lone '-'. Lengths make the concatenation unambiguous whatever the fields contain.
CREATE FUNCTION audit_digest_field(value text) RETURNS text AS $$
  SELECT coalesce(octet_length(value)::text || ':' || value, '-') || ';'
$$ LANGUAGE sql IMMUTABLE;

-- The digest of an event: the previous hash, then the event's fields in a fixed order, the
-- instant in UTC with microseconds and the jsonb columns in PostgreSQL's canonical text.
CREATE FUNCTION audit_event_digest(
  prev text, id bigint, at timestamptz, actor text, action text, object_type text,
  object_id text, before jsonb, after jsonb, ip text
) RETURNS text AS $$
  SELECT encode(sha256(convert_to(
    audit_digest_field(prev) || audit_digest_field(id::text)
    || audit_digest_field(to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
    || audit_digest_field(actor) || audit_digest_field(action)
    || audit_digest_field(object_type) || audit_digest_field(object_id)
    || audit_digest_field(before::text) || audit_digest_field(after::text)
    || audit_digest_field(ip),
    'UTF8')), 'hex')
$$ LANGUAGE sql STABLE;

-- The chain's head, one row. Locking it orders the writers: the lock is held to the end of
-- the writing transaction, so events join the chain in commit order.
CREATE TABLE audit_chain_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_id bigint,
  last_hash text
);

-- Events written before this migration join the chain in id order.
ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only;
DO $$
DECLARE
  e record;
  previous text := NULL;
  digest text;
  last bigint := NULL;
BEGIN
  FOR e IN SELECT * FROM audit_event ORDER BY id LOOP
    digest := audit_event_digest(previous, e.id, e.at, e.actor, e.action, e.object_type,
      e.object_id, e.before, e.after, e.ip);
    UPDATE audit_event SET prev_hash = previous, hash = digest WHERE id = e.id;
    previous := digest;
    last := e.id;
  END LOOP;
  INSERT INTO audit_chain_head (singleton, last_id, last_hash) VALUES (true, last, previous);
END
$$;
ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only;
-- The default is only there for writers that name no hash: the trigger below always sets it.
ALTER TABLE audit_event ALTER COLUMN hash SET DEFAULT '';
ALTER TABLE audit_event ALTER COLUMN hash SET NOT NULL;

-- Every new event is linked here, whoever inserts it. The id is drawn again under the head's
-- lock: one drawn by the column default before the lock was taken could be smaller than the
-- id of an event that took the lock first, and then id order would not be chain order.
CREATE FUNCTION audit_event_link() RETURNS trigger AS $$
DECLARE
  head_hash text;
BEGIN
  SELECT last_hash INTO head_hash FROM audit_chain_head WHERE singleton FOR UPDATE;
  NEW.id := nextval(pg_get_serial_sequence('audit_event', 'id'));
  NEW.prev_hash := head_hash;
  NEW.hash := audit_event_digest(head_hash, NEW.id, NEW.at, NEW.actor, NEW.action,
    NEW.object_type, NEW.object_id, NEW.before, NEW.after, NEW.ip);
  UPDATE audit_chain_head SET last_id = NEW.id, last_hash = NEW.hash WHERE singleton;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_link
  BEFORE INSERT ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_link();

-- The head as it stood at the end of a day, once per day (Lima), written by the server and by
-- `vigia audit anchor`. Kept here for `verify`, and printed to the log for copies outside.
CREATE TABLE audit_anchor (
  day date PRIMARY KEY,
  last_id bigint,
  hash text,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
