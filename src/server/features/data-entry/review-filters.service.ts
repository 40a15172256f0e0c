import {
  type ValueWarningCode,
  validateMeasurement,
} from "../../../shared/validation/measurement-rules.ts";
import type { Executor } from "../../db/connect.ts";
import { listDisaggregations, type listMeasurementRows } from "./measurements.repository.ts";
import {
  loadRuleContexts,
  type RuleContextRequest,
  ruleContextKey,
} from "./rule-context.service.ts";

/**
 * The review queue's warning filter (issue 17): warnings are not stored, they are what the
 * shared rules say of a value in its context, so the rows are judged here by the same
 * `validateMeasurement` the form and the value's view run, in a fixed number of queries. The
 * candidates are the rows of the other filters (a policy's values, a few thousand at most).
 */

type Row = Awaited<ReturnType<typeof listMeasurementRows>>[number];
export type WarningFilter = ValueWarningCode | "cualquiera";

const requestOf = (row: Row): RuleContextRequest => ({
  indicatorCode: row.indicatorCode,
  year: row.year,
  period: row.period,
  indicatorVersionId: row.indicatorVersionId,
});

/** The rows whose value raises the warning (any warning for `cualquiera`), in their order. */
export async function rowsWithWarning<R extends Row>(
  db: Executor,
  policyId: number,
  rows: readonly R[],
  warning: WarningFilter,
): Promise<R[]> {
  if (rows.length === 0) return [];
  const [contexts, parts] = await Promise.all([
    loadRuleContexts(db, { policyId, requests: rows.map(requestOf), yearOverYear: true }),
    listDisaggregations(
      db,
      rows.map((r) => r.id),
    ),
  ]);
  const partsOf = new Map<number, typeof parts>();
  for (const p of parts) partsOf.set(p.measurementId, [...(partsOf.get(p.measurementId) ?? []), p]);
  return rows.filter((row) => {
    const context = contexts.get(ruleContextKey(requestOf(row)));
    if (!context) return false;
    const findings = validateMeasurement(
      {
        value: row.value,
        numerator: row.numerator,
        denominator: row.denominator,
        disaggregations: partsOf.get(row.id) ?? [],
      },
      context,
    );
    return findings.some(
      (f) => f.severity === "warning" && (warning === "cualquiera" || f.code === warning),
    );
  });
}
