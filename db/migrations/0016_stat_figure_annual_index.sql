-- The annual figures of a year, which the TIP pack reads (tip-model.service.ts), without walking
-- the year's months: a register of monthly exports by district holds about 500,000 months a
-- year, and stat_figure_period_idx alone visits every one of them to check its period type
-- (bench:stats: 1.1 s of the pack at 5 M figures). Partial, so the millions of months add nothing
-- to it and the import pays nothing for it. Forward-only; PostgreSQL 15 and PGlite.
CREATE INDEX stat_figure_annual_idx ON stat_figure (period_start, period_end)
  WHERE period_type = 'anio';
