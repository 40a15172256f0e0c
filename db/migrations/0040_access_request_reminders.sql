-- Reminders of access-to-information requests (issue 16; ADR 0028, docs/transparency.md):
-- the daily job tells the entity's focal points and the register's keeper that a pending
-- request is due within 3 días hábiles, and once when it is overdue. Forward-only;
-- PostgreSQL 15 and PGlite.

-- The request is referenced, not copied: its deadline is computed on read from its dates and
-- the calendar of días hábiles (migration 0013), and a deleted request takes its notices along.
ALTER TABLE notification
  ADD COLUMN access_request_id integer REFERENCES access_request (id) ON DELETE CASCADE;

-- A request belongs to no policy or reporting period.
ALTER TABLE notification ALTER COLUMN policy_id DROP NOT NULL;

-- 0019 declared these checks unnamed; PostgreSQL 15 and PGlite both gave them these names
-- (checked on pg_constraint of each).
ALTER TABLE notification DROP CONSTRAINT notification_kind_check;
ALTER TABLE notification ADD CONSTRAINT notification_kind_check CHECK (
  kind IN ('valor_observado', 'valor_validado', 'periodo_abierto', 'plazo_7_dias', 'plazo_1_dia',
           'vencido', 'solicitud_por_vencer', 'solicitud_vencida')
);
-- Was: a notification other than about a value has a period.
ALTER TABLE notification DROP CONSTRAINT notification_check1;
-- Each kind has its subject: a request's notices a request and nothing else; the others a
-- policy, and a period unless they are about a value (notification_check still ties the
-- value kinds to their measurement).
ALTER TABLE notification ADD CONSTRAINT notification_subject CHECK (
  CASE WHEN kind IN ('solicitud_por_vencer', 'solicitud_vencida')
    THEN access_request_id IS NOT NULL AND policy_id IS NULL AND period_id IS NULL
    ELSE access_request_id IS NULL AND policy_id IS NOT NULL
      AND (kind IN ('valor_observado', 'valor_validado') OR period_id IS NOT NULL)
  END
);
CREATE INDEX notification_access_request_idx ON notification (access_request_id)
  WHERE access_request_id IS NOT NULL;
