import type { Actor } from "../../../shared/actor.ts";
import {
  computeTipo1,
  computeTipo2,
  type Direction,
  displayProgress,
} from "../../../shared/ceplan-formulas.ts";
import type { EntryContext } from "../../../shared/contracts/data-entry.contract.ts";
import type { PeriodKind, Unit } from "../../../shared/schemas/catalogue.schema.ts";
import { UNIT_SCALE } from "../../../shared/validation/derived-value.ts";
import type { MeasurementStatus } from "../../../shared/workflow/measurement-status.ts";
import type { Database } from "../../db/connect.ts";
import { localizedError } from "../../errors.ts";
import { findFichaInForce, listEarlierValues, listMetasUpTo } from "./entry-context.repository.ts";
import {
  assertIndicatorReadable,
  readableEntityIds,
  requireValuesPolicy,
} from "./measurements.service.ts";

/**
 * What the data-entry form shows beside its fields (issue 17, item 7): the ficha version in
 * force for the year with its numerator and denominator, the baseline, the year's meta and the
 * indicator's earlier values with their status and progress, so the focal point types a figure
 * knowing what it will be compared with. Scoped like the rule context: the meta and the earlier
 * values are the responsible entity's figures.
 */

type Ficha = NonNullable<Awaited<ReturnType<typeof findFichaInForce>>>;
type MetaRow = Awaited<ReturnType<typeof listMetasUpTo>>[number];
type ValueRow = Awaited<ReturnType<typeof listEarlierValues>>[number];

/** The context from the loaded rows: a pure function (the latest meta revision per year). */
export function entryContextFrom(
  ficha: Ficha,
  metas: readonly MetaRow[],
  values: readonly ValueRow[],
  year: number,
): EntryContext {
  const metaOf = new Map<number, MetaRow>();
  for (const m of metas) {
    const seen = metaOf.get(m.year);
    if (!seen || m.revision > seen.revision) metaOf.set(m.year, m);
  }
  const direction = ficha.direction as Direction;
  const baseline =
    ficha.baselineValue === null ? null : { value: ficha.baselineValue, year: ficha.baselineYear };
  return {
    indicator: {
      code: ficha.code,
      name: ficha.name,
      version: ficha.version,
      validFrom: ficha.validFrom,
      validTo: ficha.validTo,
    },
    unit: ficha.unit as Unit,
    direction,
    isCumulative: ficha.isCumulative,
    numerator: ficha.numeratorDef,
    denominator: ficha.denominatorDef,
    scale: UNIT_SCALE[ficha.unit as Unit],
    dataSources: ficha.dataSources as unknown as string[],
    baseline,
    meta: metaOf.get(year)?.value ?? null,
    history: values.map((v) => {
      const meta = metaOf.get(v.year)?.value ?? null;
      // Semester values are partial: progress is the annual value's against the year's meta.
      const annual = v.period === "ANUAL";
      return {
        year: v.year,
        period: v.period as PeriodKind,
        status: v.status as MeasurementStatus,
        revision: v.revision,
        value: v.value,
        meta,
        tipo1: annual ? displayProgress(computeTipo1(v.value, meta, direction)) : "ND",
        tipo2: annual
          ? displayProgress(computeTipo2(v.value, meta, baseline?.value ?? null))
          : "ND",
      };
    }),
  };
}

export async function getEntryContext(
  db: Database,
  actor: Actor,
  input: { policyCode: string; indicatorCode: string; year: number; period: PeriodKind },
): Promise<EntryContext> {
  const policyId = await requireValuesPolicy(db, actor, input.policyCode);
  await assertIndicatorReadable(db, actor, policyId, input.indicatorCode);
  const ficha = await findFichaInForce(db, policyId, input.indicatorCode, input.year);
  if (!ficha) {
    throw localizedError("not_found", "measurement.indicatorNotInForce", {
      indicator: input.indicatorCode,
      year: input.year,
    });
  }
  const [metas, values] = await Promise.all([
    listMetasUpTo(db, ficha.indicatorId, input.year),
    listEarlierValues(db, ficha.indicatorId, input.year, readableEntityIds(actor)),
  ]);
  return entryContextFrom(ficha, metas, values, input.year);
}
