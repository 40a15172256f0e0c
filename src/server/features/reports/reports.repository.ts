import type { PeriodKind } from "../../../shared/schemas/catalogue.schema.ts";
import type { MeasurementStatus } from "../../../shared/workflow/measurement-status.ts";
import type { Executor } from "../../db/connect.ts";

/** SQL the reports need beyond the evaluation and the catalogue: values with their ids. */

/**
 * Reported values of a policy for the given years with their identity and workflow state: the
 * raw-data annex of the XLSX, the publication CSVs and the reporte de seguimiento. With
 * `latestOnly`, one row per indicator, year and period: the highest revision among `statuses`.
 */
export async function listReportedValues(
  db: Executor,
  policyId: number,
  input: { years: number[]; periods: PeriodKind[]; statuses: MeasurementStatus[] },
) {
  if (input.years.length === 0 || input.periods.length === 0 || input.statuses.length === 0) {
    return [];
  }
  return db
    .selectFrom("measurement as m")
    .innerJoin("indicator as i", "i.id", "m.indicatorId")
    .innerJoin("indicatorVersion as v", "v.id", "m.indicatorVersionId")
    .innerJoin("entity as rep", "rep.id", "m.reportingEntityId")
    .innerJoin("entity as own", "own.id", "m.reportedForEntityId")
    .leftJoin("orgUnit as u", "u.id", "m.reportingUnitId")
    .select([
      "m.id",
      "i.code as indicator",
      "m.year",
      "m.period",
      "m.revision",
      "v.version as indicatorVersion",
      "m.value",
      "m.numerator",
      "m.denominator",
      "m.status",
      "m.sourceSystem",
      "rep.code as reportingEntity",
      "u.code as reportingUnit",
      "own.code as reportedForEntity",
      "m.reference",
      "m.note",
      "m.logros",
      "m.dificultades",
      "m.medidas",
      "m.createdAt",
    ])
    .where("i.policyId", "=", policyId)
    .where("m.year", "in", input.years)
    .where("m.period", "in", input.periods)
    .where("m.status", "in", input.statuses)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("measurement as newer")
            .select("newer.id")
            .whereRef("newer.indicatorId", "=", "m.indicatorId")
            .whereRef("newer.year", "=", "m.year")
            .whereRef("newer.period", "=", "m.period")
            .where("newer.status", "in", input.statuses)
            .whereRef("newer.revision", ">", "m.revision"),
        ),
      ),
    )
    .orderBy("i.position")
    .orderBy("m.year")
    .orderBy("m.period")
    .execute();
}

/** One value as `listReportedValues` returns it. */
export type ReportedValue = Awaited<ReturnType<typeof listReportedValues>>[number];

/** Disaggregations of the given values, for the validation rules. */
export async function listDisaggregations(db: Executor, measurementIds: number[]) {
  if (measurementIds.length === 0) return [];
  return db
    .selectFrom("measurementDisaggregation")
    .select(["measurementId", "dimension", "category", "label", "value"])
    .where("measurementId", "in", measurementIds)
    .orderBy("position")
    .execute();
}
