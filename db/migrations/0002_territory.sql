-- Territory: the INEI ubigeo reference (reference/geo), so district-level values can be
-- rolled up to provinces and departments in SQL.
-- Forward-only. Written to the intersection of PostgreSQL 15 (Debian servers) and PGlite's 18.

-- One row per department (2-digit code), province (4) or district (6). Each row carries the
-- codes of its ancestors and of itself, so "everything in department 15" is one equality
-- whatever the level: department_code is never null, province_code is null for departments.
-- Codes are unpadded here (15, 1501, 150101); a level's own digits are never 00, which is what
-- tells a padded department (150000) or province (150100) from a district elsewhere.
CREATE TABLE ubigeo (
  code text PRIMARY KEY,
  level text NOT NULL CHECK (level IN ('departamento', 'provincia', 'distrito')),
  name text NOT NULL,
  department_code text NOT NULL REFERENCES ubigeo (code),
  province_code text REFERENCES ubigeo (code),
  CHECK (
    (level = 'departamento' AND code ~ '^(0[1-9]|[1-9][0-9])$'
      AND department_code = code AND province_code IS NULL)
    OR (level = 'provincia' AND code ~ '^[0-9]{2}(0[1-9]|[1-9][0-9])$'
      AND department_code = left(code, 2) AND province_code = code)
    OR (level = 'distrito' AND code ~ '^[0-9]{4}(0[1-9]|[1-9][0-9])$'
      AND department_code = left(code, 2) AND province_code = left(code, 4))
  )
);

-- No new index on measurement_disaggregation for region roll-ups: a roll-up reads the rows
-- of a few measurements, which measurement_disaggregation_measurement_idx (0001) already
-- finds. Measured with 749,232 district rows on PGlite and PostgreSQL 15:
-- (measurement_id) INCLUDE (category, value) WHERE dimension = 'region' and
-- (measurement_id, dimension) are no faster; (dimension, category) and (category) WHERE
-- dimension = 'region' are 5 to 15 times slower without table statistics (PGlite never
-- gathers them), as the planner then ANDs a bitmap of the whole index into every lookup.
