-- Idempotent measurement writes (issue 19, ADR 0024). A focal point's browser queues values
-- while offline and sends them when the connection returns; a request whose answer was lost
-- is sent again with the same key. The key is claimed in the transaction of the write itself,
-- so a retry (or two tabs racing) finds it and gets the value back instead of a second one.
-- Keys are per user: one person's key never reveals or blocks another's write.

CREATE TABLE measurement_write_key (
  user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 8 AND 100),
  action text NOT NULL CHECK (action IN ('create', 'update', 'submit')),
  measurement_id integer NOT NULL REFERENCES measurement (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, idempotency_key)
);
CREATE INDEX measurement_write_key_measurement ON measurement_write_key (measurement_id);
