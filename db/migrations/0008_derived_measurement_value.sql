-- A value reported only as numerator and denominator was stored with value NULL, so the
-- evaluation, the Tablero and every report read it as ND. The server now stores the value
-- derived by the shared rule (src/shared/validation/derived-value.ts) and flags it, so every
-- reader gets the same number and the figure still says where it came from.
ALTER TABLE measurement ADD COLUMN value_derived boolean NOT NULL DEFAULT false;

-- The rows written before, with the rule's own arithmetic: numerator × scale / denominator in
-- binary64 (float8, what JavaScript computes), stored as that double's shortest exact decimal
-- (float8 text output with extra_float_digits > 0), which is also what the server writes.
-- Quotients a double cannot hold stay NULL, as the rule leaves them.
SET LOCAL extra_float_digits = 1;
UPDATE measurement AS m
SET value = ((m.numerator::float8 * (CASE WHEN v.unit IN ('porcentaje', 'tasa') THEN 100 ELSE 1 END))
             / m.denominator::float8)::text::numeric,
    value_derived = true
FROM indicator_version AS v
WHERE v.id = m.indicator_version_id
  AND m.value IS NULL
  AND m.numerator IS NOT NULL
  AND m.denominator IS NOT NULL
  AND m.denominator <> 0
  AND abs(m.numerator) < 1e300
  AND (m.numerator = 0 OR abs(m.numerator * 100 / m.denominator) BETWEEN 1e-300 AND 1e300);
