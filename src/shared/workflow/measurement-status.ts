/**
 * The reporting workflow of a value (DHIS2-style data approval, seed_001.md §4):
 * borrador → enviado → observado (returned with comments per field) → enviado → validado.
 * A validated value is locked; a correction starts a new revision with a reason.
 */

export type MeasurementStatus = "borrador" | "enviado" | "observado" | "validado";
export type MeasurementAction = "edit" | "submit" | "observe" | "validate";

const TRANSITIONS: Record<
  MeasurementAction,
  { from: readonly MeasurementStatus[]; to: MeasurementStatus }
> = {
  edit: { from: ["borrador", "observado"], to: "borrador" },
  submit: { from: ["borrador", "observado"], to: "enviado" },
  observe: { from: ["enviado"], to: "observado" },
  validate: { from: ["enviado"], to: "validado" },
};

export function canTransition(status: MeasurementStatus, action: MeasurementAction): boolean {
  return TRANSITIONS[action].from.includes(status);
}

/** The state after an action, or null when the action is not allowed from this state. */
export function nextStatus(
  status: MeasurementStatus,
  action: MeasurementAction,
): MeasurementStatus | null {
  if (!canTransition(status, action)) return null;
  // Editing an observed value keeps it observed until it is submitted again.
  if (action === "edit") return status;
  return TRANSITIONS[action].to;
}
