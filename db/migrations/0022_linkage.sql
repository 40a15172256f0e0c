-- Record linkage inside Vigía (issue 15, items 2, 3 and 6; ADR 0029): the encodings each
-- institution uploads (keyed Bloom filters made on its side, docs/linkage.md), the linkage
-- runs of a year with their clusters, and the clerical review of borderline pairs. All of it
-- is record-level, pseudonymous data read only under linkage.manage, every read audited; it
-- is deleted after the retention period (VIGIA_LINKAGE_RETENTION_DAYS). Forward-only;
-- PostgreSQL 15 and PGlite. Who acted is the actor id of the audit log ("user:12", "cli:…").

-- One uploaded encodings file: one source, one year. All batches of a year share one schema
-- hash (checked on upload), or their encodings could not be compared.
CREATE TABLE linkage_batch (
  id bigserial PRIMARY KEY,
  source_code text NOT NULL REFERENCES stat_source (code),
  year integer NOT NULL CHECK (year BETWEEN 1990 AND 2100),
  schema_hash text NOT NULL CHECK (schema_hash ~ '^sha256:[0-9a-f]{64}$'),
  bits integer NOT NULL CHECK (bits >= 64 AND bits % 32 = 0),
  record_count integer NOT NULL CHECK (record_count >= 0),
  file_sha256 text NOT NULL,
  uploaded_by text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX linkage_batch_year_idx ON linkage_batch (year, source_code);

-- One record's encoding: its pseudonymous id at the source, the combined Bloom filter
-- (base64 of the bit vector) and its keyed blocking keys (space-separated; each key is 16
-- base64url characters). No plaintext field has a column here.
CREATE TABLE linkage_encoding (
  id bigserial PRIMARY KEY,
  batch_id bigint NOT NULL REFERENCES linkage_batch (id) ON DELETE CASCADE,
  record_id text NOT NULL,
  clk text NOT NULL,
  blocking_keys text NOT NULL,
  UNIQUE (batch_id, record_id)
);

-- A linkage of every batch of a year. Runs are versioned per year and never rewritten: a new
-- batch or another threshold is a new run. The histogram of candidate-pair scores and the
-- counts are aggregates; the clusters are in linkage_cluster_member.
CREATE TABLE linkage_run (
  id bigserial PRIMARY KEY,
  year integer NOT NULL CHECK (year BETWEEN 1990 AND 2100),
  version integer NOT NULL CHECK (version >= 1),
  threshold double precision NOT NULL CHECK (threshold > 0 AND threshold <= 1),
  threshold_origin text NOT NULL CHECK (threshold_origin IN ('indicado', 'distribucion')),
  schema_hash text NOT NULL,
  sources jsonb NOT NULL,
  histogram jsonb NOT NULL,
  record_count integer NOT NULL,
  candidate_pairs integer NOT NULL,
  pairs_above_threshold integer NOT NULL,
  within_source_pairs integer NOT NULL,
  oversized_blocks integer NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (year, version)
);

-- Cluster membership: every record of the run's batches is in exactly one cluster (singletons
-- included). A clerical decision moves records between clusters; the counts and the overlap
-- table are computed from this table when read.
CREATE TABLE linkage_cluster_member (
  run_id bigint NOT NULL REFERENCES linkage_run (id) ON DELETE CASCADE,
  encoding_id bigint NOT NULL REFERENCES linkage_encoding (id) ON DELETE CASCADE,
  cluster_no integer NOT NULL,
  PRIMARY KEY (run_id, encoding_id)
);
CREATE INDEX linkage_cluster_member_cluster_idx ON linkage_cluster_member (run_id, cluster_no);

-- Pairs of two sources whose score is near the threshold, for clerical review: `linked` says
-- what the automatic clustering did; a decision (aceptar/rechazar) overrides it and is audited.
CREATE TABLE linkage_pair (
  id bigserial PRIMARY KEY,
  run_id bigint NOT NULL REFERENCES linkage_run (id) ON DELETE CASCADE,
  left_encoding_id bigint NOT NULL REFERENCES linkage_encoding (id) ON DELETE CASCADE,
  right_encoding_id bigint NOT NULL REFERENCES linkage_encoding (id) ON DELETE CASCADE,
  score double precision NOT NULL,
  linked boolean NOT NULL,
  decision text CHECK (decision IN ('aceptar', 'rechazar')),
  reason text,
  decided_by text,
  decided_at timestamptz,
  UNIQUE (run_id, left_encoding_id, right_encoding_id),
  CHECK ((decision IS NULL) = (decided_at IS NULL))
);
CREATE INDEX linkage_pair_run_idx ON linkage_pair (run_id, score DESC);
