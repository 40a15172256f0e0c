-- Reminders and notifications (issue 17, item 5; ADR 0028): what the focal points are told
-- in the app, the e-mails that carry the same news when SMTP is configured, and the last run
-- of each daily job. Forward-only; PostgreSQL 15 and PGlite.

-- One line of a person's notification list. The subject is referenced, not copied: the list
-- shows the indicator, period and deadline as they are now, and a policy replaced by a
-- catalogue import takes its notifications with it (ON DELETE CASCADE).
CREATE TABLE notification (
  id bigserial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('valor_observado', 'valor_validado', 'periodo_abierto',
                                     'plazo_7_dias', 'plazo_1_dia', 'vencido')),
  policy_id integer NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  entity_id integer REFERENCES entity (id) ON DELETE CASCADE,
  measurement_id integer REFERENCES measurement (id) ON DELETE CASCADE,
  period_id integer REFERENCES reporting_period (id) ON DELETE CASCADE,
  -- Reminders only: how many of the person's indicators were still without a sent value.
  pending_count integer CHECK (pending_count IS NULL OR pending_count > 0),
  -- The same news is never given twice: e.g. plazo_7_dias:period:user:deadline. A daily job
  -- run again after a restart inserts nothing new (ON CONFLICT DO NOTHING).
  dedupe_key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  CHECK ((kind IN ('valor_observado', 'valor_validado')) = (measurement_id IS NOT NULL)),
  CHECK (kind IN ('valor_observado', 'valor_validado') OR period_id IS NOT NULL)
);
CREATE INDEX notification_user_idx ON notification (user_id, created_at DESC, id DESC);
CREATE INDEX notification_unread_idx ON notification (user_id) WHERE read_at IS NULL;

-- Outgoing e-mail, written in the transaction that creates its notification (an outbox) and
-- sent afterwards by the server's mail job. The recipient's address is read from app_user
-- when it is sent, never copied here; logs name the mail and user ids only.
CREATE TABLE outgoing_mail (
  id bigserial PRIMARY KEY,
  -- Unique: a reminder is queued once whatever the number of runs (the notification's key).
  idempotency_key text NOT NULL UNIQUE,
  user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  notification_id bigint REFERENCES notification (id) ON DELETE SET NULL,
  kind text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  -- The page the mail points to (/mediciones/12); the job prefixes VIGIA_PUBLIC_URL when set.
  link_path text,
  -- pendiente → enviado; a failure stays pendiente with its error and is tried at the next
  -- run, until it is sent or too old (caducado); omitido: no SMTP configured when it was due.
  status text NOT NULL DEFAULT 'pendiente'
    CHECK (status IN ('pendiente', 'enviado', 'omitido', 'caducado')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_attempt_at timestamptz,
  sent_at timestamptz,
  -- The SMTP server's Message-ID, to find a mail in its logs.
  message_id text,
  CHECK ((status = 'enviado') = (sent_at IS NOT NULL))
);
CREATE INDEX outgoing_mail_pending_idx ON outgoing_mail (created_at) WHERE status = 'pendiente';

-- The daily jobs' runs, one row per job and Lima day: the source of truth that lets a restart
-- know today's run happened (or failed and must be repeated).
CREATE TABLE job_run (
  job text NOT NULL,
  run_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('en_curso', 'terminado', 'fallido')),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  -- What the run did (counts), or its error.
  detail jsonb,
  PRIMARY KEY (job, run_on)
);
