-- Texts of a policy-year's reports written by the administrator (conclusiones, recomendaciones,
-- resumen). Bodies may hold placeholders such as {{indice.tipo2}}, filled from the computed
-- figures when a document is generated, so a sentence never carries a typed-in number.
-- The latest version is kept here; every change is in audit_event with its before and after.

CREATE TABLE report_text (
  id serial PRIMARY KEY,
  policy_id integer NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
  year integer NOT NULL CHECK (year BETWEEN 1990 AND 2100),
  section text NOT NULL CHECK (section ~ '^[a-z_]{1,40}$'),
  body text NOT NULL,
  author text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (policy_id, year, section)
);
