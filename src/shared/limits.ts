/** Thresholds shared by the engine, the validation rules, the web form and the server. */

/** Plausibility flags of seed_001.md §8.6 (sobredimensionado / sub-dimensionado, S40's meta). */
export const PLAUSIBILITY = {
  oversizedTipo1: 200,
  undersizedTipo1: 50,
  /** A percentage meta below this turns any value into a progress of thousands (S40: 0.0003 %). */
  nearZeroPercentMeta: 0.01,
} as const;

/**
 * How far a typed value may sit from numerator / denominator: half a percentage point, so a
 * value rounded to whole percent (S10: 90 for 90.42) passes and a contradicting numerator
 * (S32: 6,568 / 56,397 = 11.6 % typed as 6.33 %) does not.
 */
export const RATIO_TOLERANCE_POINTS = 0.5;

/** Minimum length of the justification a warning asks for. */
export const MIN_JUSTIFICATION_LENGTH = 10;

/** Largest evidence file accepted, checked in the browser before upload and by the server. */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

/** Evidence types the server recognises from the bytes (the browser's file picker offers these). */
export const EVIDENCE_EXTENSIONS = ["pdf", "xlsx", "docx", "png", "jpg", "jpeg"] as const;
