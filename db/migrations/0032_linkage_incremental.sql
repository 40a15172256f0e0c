-- Incremental linkage (issue 15 §2; ADR 0038): a run may be built on an earlier run of the same
-- year, keeping its clusters (clerical decisions included) and linking only the records of the
-- batches uploaded since. `base_run_id` names that run; `new_records` counts the records linked
-- in this step (null for a run over every batch from scratch). The base may be purged by the
-- retention job before the increment (both expire with their oldest batch, but not always in
-- the same tick), hence SET NULL rather than a cascade. Forward-only; PostgreSQL 15 and PGlite.
ALTER TABLE linkage_run
  ADD COLUMN base_run_id bigint REFERENCES linkage_run (id) ON DELETE SET NULL,
  ADD COLUMN new_records integer CHECK (new_records IS NULL OR new_records >= 0),
  ADD CONSTRAINT linkage_run_increment_check CHECK ((base_run_id IS NULL) OR (new_records IS NOT NULL));
