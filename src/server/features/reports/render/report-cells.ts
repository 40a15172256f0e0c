import type { CeplanLevel } from "../../../../shared/ceplan-formulas.ts";
import { roundHalfUp } from "../../../../shared/numbers.ts";
import type { Unit } from "../../../../shared/schemas/catalogue.schema.ts";
import { type Cell, cell } from "./report-document.ts";
import { formatProgress, formatValue, LEVEL_LABELS } from "./report-format.ts";

/**
 * Cells every report prints the same way: a CEPLAN level on its colour, a progress figure
 * rounded as printed (the XLSX keeps the rounded number), a value in its unit.
 */

export const LEVEL_TEXT_COLOUR = "#FFFFFF";
export const LEVEL_FILL: Record<CeplanLevel, string> = {
  bajo: "#C62828",
  intermedio: "#B26A00",
  alto: "#2E7D32",
};

export function levelCell(level: CeplanLevel | "ND"): Cell {
  return level === "ND"
    ? cell("ND")
    : cell(LEVEL_LABELS[level], { fill: LEVEL_FILL[level], colour: LEVEL_TEXT_COLOUR, bold: true });
}

export function progressCell(x: number | "ND"): Cell {
  return cell(formatProgress(x), { value: x === "ND" ? "ND" : roundHalfUp(x, 1) });
}

export function valueCell(x: number | null, unit: Unit): Cell {
  return cell(formatValue(x, unit), { value: x });
}

/** A data-quality finding's severity as the tables print it. */
export const SEVERITY_LABELS: Record<"error" | "warning", string> = {
  error: "Error",
  warning: "Advertencia",
};

export const PCT_FMT = "#,##0.0";
export const VALUE_FMT = "#,##0.####";
