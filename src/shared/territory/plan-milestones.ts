/**
 * Commitments of a new administration as milestones (004:383-395: 100 días, primer año, fin de
 * gestión), with a traffic light computed on every read, never stored: it changes with the
 * calendar, not with an edit. Pure.
 */

export const MILESTONE_HORIZONS = ["100_dias", "primer_anio", "fin_gestion"] as const;
export type MilestoneHorizon = (typeof MILESTONE_HORIZONS)[number];
export const MILESTONE_STATUSES = ["pendiente", "en_proceso", "cumplido", "no_cumplido"] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];
export type TrafficLight = "verde" | "ambar" | "rojo";

/** Days before the due date when an open milestone turns ámbar. */
export const AMBER_WINDOW_DAYS = 30;

const dayNumber = (isoDay: string) => Date.parse(`${isoDay}T00:00:00Z`) / 86_400_000;

/**
 * verde: done, or open with more than 30 days left; ámbar: open and due within 30 days
 * (today included); rojo: open past its due date, or closed as not met.
 */
export function milestoneLight(
  milestone: { dueOn: string; status: MilestoneStatus },
  today: string,
): TrafficLight {
  if (milestone.status === "cumplido") return "verde";
  if (milestone.status === "no_cumplido") return "rojo";
  const daysLeft = dayNumber(milestone.dueOn) - dayNumber(today);
  if (daysLeft < 0) return "rojo";
  return daysLeft <= AMBER_WINDOW_DAYS ? "ambar" : "verde";
}

/** The quarter a calendar day falls in. */
export const QUARTERS = ["T1", "T2", "T3", "T4"] as const;
export type Quarter = (typeof QUARTERS)[number];
