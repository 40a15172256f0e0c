import type { FigureDimensions } from "./figure-dimensions.ts";
import type { Period } from "./period.ts";
import type { DiscrepancyCause, OverlapMethod, StatDimension } from "./statistics-codes.ts";

/** The shapes of a reconciliation (reconcile.ts computes it; consistency-checks.ts flags within it). */

export interface ReconcileFigure extends FigureDimensions {
  id: number;
  source: string;
  sourceLabel: string;
  concept: string;
  reportedVia: string | null;
  period: Period;
  value: number;
  unit: string;
  definition: string;
  version: number;
  origin: "exportacion" | "transcripcion";
  provenance: string;
  derivation: string | null;
}

export interface ReconcileCause {
  concept: string;
  source: string;
  periodStart: string;
  periodEnd: string;
  cause: DiscrepancyCause;
  explanation: string;
  citation: string;
}

export interface ReconcileOverlap {
  concept: string;
  periodStart: string;
  periodEnd: string;
  sources: readonly string[];
  method: OverlapMethod;
  overlap: number | null;
  basis: string;
  citation: string;
}

export interface ReconcileCodes {
  /** Concept code → its label, and the concept it is a subset of. */
  concepts: ReadonlyMap<string, { label: string; subsetOf: string | null }>;
  /** Per dimension: code → parent and partition (children of one parent in one partition are disjoint). */
  dimensions: Record<
    StatDimension,
    ReadonlyMap<string, { parent: string | null; partition: string | null }>
  >;
}

export type FlagKind =
  | "misma_fuente_distinto_valor"
  | "parte_mayor_que_total"
  | "partes_suman_mas_que_total"
  | "subperiodo_mayor"
  | "subconcepto_mayor"
  | "superposicion_imposible"
  | "diferencia_sin_causa";

export interface ReconcileFlag {
  kind: FlagKind;
  /** `incompatible`: the figures cannot both be true under one definition. */
  severity: "incompatible" | "sin_explicar";
  message: string;
  figureIds: number[];
}

export interface ReconcileEntry {
  figureId: number;
  source: string;
  sourceLabel: string;
  reportedVia: string | null;
  value: number;
  unit: string;
  definition: string;
  version: number;
  restated: boolean;
  origin: "exportacion" | "transcripcion";
  provenance: string;
  derivation: string | null;
  /** Value minus the group's largest value in the same unit; null for shares. */
  differenceFromMax: number | null;
  causes: { cause: DiscrepancyCause; explanation: string; citation: string }[];
}

export interface Deduplication {
  unit: string;
  sources: string[];
  sum: number;
  max: number;
  method: OverlapMethod | null;
  /** The de-duplicated count, when a method resolves it. */
  deduplicated: number | null;
  /** DATIM's adjustment: what is added to the sum to reach the de-duplicated count (≤ 0). */
  adjustment: number | null;
  basis: string | null;
  citation: string | null;
}

export interface ReconcileGroup {
  concept: string;
  conceptLabel: string;
  period: Period & { label: string };
  ubigeo: string | null;
  dimensions: Record<StatDimension, string | null>;
  entries: ReconcileEntry[];
  deduplication: Deduplication[];
  flags: ReconcileFlag[];
}

export interface Reconciliation {
  groups: ReconcileGroup[];
  flags: ReconcileFlag[];
  summary: {
    figures: number;
    groups: number;
    groupsWithSeveralSources: number;
    incompatible: number;
    unexplained: number;
  };
}
