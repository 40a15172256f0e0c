/**
 * The vocabulary of disclosure control that the database and the outputs share: who an output is
 * for, why a cell is in the disclosure log, and the threshold k.
 */

/** Smallest threshold a public output may use (the developer guide's k ≥ 11, CTDC's k). */
export const PUBLIC_MIN_K = 11;
export const DEFAULT_K = 11;

export const AUDIENCES = ["public", "internal"] as const;
export type Audience = (typeof AUDIENCES)[number];

/**
 * Why a cell is in the disclosure log: suppressed because it is small (primaria), suppressed so
 * that a small one cannot be recovered (complementaria), or shown small to an authorized reader
 * of an internal output (pequena_mostrada).
 */
export const DISCLOSURE_RULES = ["primaria", "complementaria", "pequena_mostrada"] as const;
export type DisclosureRule = (typeof DISCLOSURE_RULES)[number];
