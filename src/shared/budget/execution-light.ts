import { LEVEL_COLOURS } from "../ceplan-formulas.ts";
import { roundHalfUp } from "../numbers.ts";

/**
 * Traffic light of budget execution (devengado / PIM × 100) for a closed fiscal year. Neither
 * MEF nor CEPLAN publishes bands for it, so these are Vigía's, stated on the page and in
 * docs/budget.md:
 *
 * - alta (green) from 90 %: the usual yardstick of a well-executed year in Peru's public
 *   debate, and the level PNTP's specific budget reached in 2023–2025 (91.54–92.76 %);
 * - media (amber) from 75 % to below 90 %;
 * - baja (red) below 75 %: more than a quarter of the modified budget went unspent.
 *
 * Like the CEPLAN bands, they are applied to the figure as printed (two decimals, half up),
 * so a reader who sees "89.99 %" never finds it green. In a year still running, execution
 * grows until December: the page says so next to the light.
 */

export const EXECUTION_THRESHOLDS = { media: 75, alta: 90 } as const;

/** Decimals with which execution is shown, as seed 000's Tabla 3 prints it (91.54 %). */
export const EXECUTION_DECIMALS = 2;

export type ExecutionLight = "alta" | "media" | "baja";

export function executionLight(execution: number | null): ExecutionLight | "ND" {
  if (execution === null || !Number.isFinite(execution)) return "ND";
  const shown = roundHalfUp(execution, EXECUTION_DECIMALS);
  if (shown >= EXECUTION_THRESHOLDS.alta) return "alta";
  if (shown >= EXECUTION_THRESHOLDS.media) return "media";
  return "baja";
}

/** The CEPLAN palette, so a green means the same thing on every page of the Tablero. */
export const EXECUTION_COLOURS: Record<ExecutionLight, string> = {
  alta: LEVEL_COLOURS.alto,
  media: LEVEL_COLOURS.intermedio,
  baja: LEVEL_COLOURS.bajo,
};
