/**
 * Which indicators are counts of a register, and how the count is made (docs/territory.md).
 * Keyed by the PNTP service the indicator measures: S20 counts police officers trained, S04
 * technical assistances to coordination spaces (its indicator is a percentage of the
 * programmed ones: the register gives the numerator, the focal point the denominator).
 */

export interface RegisterRule {
  register: "capacitaciones" | "asistencias_tecnicas";
  rule: string;
  sourceSystem: string;
}

export const REGISTER_RULES: Record<string, RegisterRule> = {
  S20: {
    register: "capacitaciones",
    rule: "Suma de participantes de las capacitaciones del servicio S20 dirigidas a personal policial que terminaron en el periodo.",
    sourceSystem: "registro de capacitaciones (Vigía)",
  },
  S04: {
    register: "asistencias_tecnicas",
    rule: "Número de asistencias técnicas del servicio S04 realizadas en el periodo.",
    sourceSystem: "registro de asistencias técnicas (Vigía)",
  },
};

/** The calendar days a reporting period covers. */
export function periodSpan(
  year: number,
  period: "ANUAL" | "S1" | "S2" | "T1" | "T2" | "T3" | "T4",
): { from: string; to: string } {
  if (period === "S1") return { from: `${year}-01-01`, to: `${year}-06-30` };
  if (period === "S2") return { from: `${year}-07-01`, to: `${year}-12-31` };
  if (period === "T1") return { from: `${year}-01-01`, to: `${year}-03-31` };
  if (period === "T2") return { from: `${year}-04-01`, to: `${year}-06-30` };
  if (period === "T3") return { from: `${year}-07-01`, to: `${year}-09-30` };
  if (period === "T4") return { from: `${year}-10-01`, to: `${year}-12-31` };
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}
