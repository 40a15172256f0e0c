import type { Unit } from "../schemas/catalogue.schema.ts";

/**
 * The one rule that turns a numerator and a denominator into the value of an indicator. The
 * browser (live), the server (when it stores a value), the validation rules and the database
 * backfill of migration 0008 all apply it, so a value entered as n/d is the same number
 * everywhere a value is read: evaluation, Tablero, reports, package, exports, review, history.
 */

/**
 * What numerator = denominator is worth in each unit. The catalogue's units: a proportion in
 * per cent; a `tasa` is a percentage rate (the PNTP's only one, S31, is a "tasa de variación
 * porcentual"); a `razon` is the plain quotient; a count reported as n/d is the quotient too.
 * No indicator is a rate per 1,000 or 100,000: such a unit would get its own scale here.
 */
export const UNIT_SCALE: Readonly<Record<Unit, number>> = {
  porcentaje: 100,
  tasa: 100,
  razon: 1,
  numero: 1,
};

/**
 * numerator × scale / denominator, or null when it has no value (denominator 0, or a quotient
 * too large for a number). Multiplying first keeps whole counts exact: 29 / 100 gives 29, not
 * 28.999999999999996, so a value entered as n/d equals the same value typed.
 */
export function deriveMeasurementValue(
  unit: Unit,
  numerator: number,
  denominator: number,
): number | null {
  if (denominator === 0) return null;
  const value = (numerator * UNIT_SCALE[unit]) / denominator;
  return Number.isFinite(value) ? value : null;
}

export interface ReportedFigures {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/**
 * The value to store and read: the one typed, or, when only numerator and denominator were
 * given, the one derived from them (`derived` says so, for provenance and for the form).
 */
export function resolveMeasurementValue(
  unit: Unit,
  figures: ReportedFigures,
): { value: number | null; derived: boolean } {
  if (figures.value !== null) return { value: figures.value, derived: false };
  if (figures.numerator === null || figures.denominator === null) {
    return { value: null, derived: false };
  }
  const value = deriveMeasurementValue(unit, figures.numerator, figures.denominator);
  return { value, derived: value !== null };
}
