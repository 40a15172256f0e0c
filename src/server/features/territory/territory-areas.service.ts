import type { Actor } from "../../../shared/actor.ts";
import {
  CODE_LENGTH,
  type MapLevel,
  ROLLUP_PERIODS,
  type RollUpPeriod,
} from "../../../shared/territory/map-areas.ts";
import type { MeasurementStatus } from "../../../shared/workflow/measurement-status.ts";
import type { Database } from "../../db/connect.ts";
import { invalid, notFound } from "../../errors.ts";
import { requirePolicyId } from "../catalogue/policy.service.ts";
import {
  countAssistancesByArea,
  countSpacesByArea,
  findArea,
  listAreas,
  listIndicatorsWithDistrictValues,
  sumDistrictValuesByArea,
  sumTrainingsByArea,
} from "./territory-areas.repository.ts";

/**
 * The territory's figures by area, for maps and the regional view (docs/territory.md § Maps):
 * district values of indicators rolled up to district, province or department with history,
 * and the registers (spaces, trainings, assistances) counted by the area of their ubigeo.
 * Every function takes a level and an optional `within` (a department or province code).
 */

export interface AreaScope {
  level: MapLevel;
  /** A department (2 digits) or province (4 digits) whose areas are wanted. */
  within?: string | undefined;
}

function checkScope(scope: AreaScope) {
  if (scope.within === undefined) return;
  if (!/^\d{2}(\d{2})?$/.test(scope.within)) {
    throw invalid(`«within» debe ser un departamento (2 dígitos) o una provincia (4 dígitos).`, [
      { path: "within", message: "código no válido" },
    ]);
  }
  if (scope.within.length >= CODE_LENGTH[scope.level]) {
    throw invalid(
      `No hay ${scope.level === "departamento" ? "departamentos" : "provincias"} dentro de ${scope.within}: pida un nivel más bajo.`,
      [{ path: "level", message: "nivel por encima de «within»" }],
    );
  }
}

/** The areas of a level (names, validity), and the place `within` names, or 404. */
export async function listMapAreas(db: Database, _actor: Actor, scope: AreaScope) {
  checkScope(scope);
  const parent = scope.within ? await findArea(db, scope.within) : null;
  if (scope.within && !parent) throw notFound(`No existe el ubigeo ${scope.within}.`);
  return { parent: parent ?? null, areas: await listAreas(db, scope.level, scope.within) };
}

export interface RollUpInput extends AreaScope {
  policyCode: string;
  indicatorCode?: string | undefined;
  /** Every year when omitted: the series of the indicator. */
  year?: number | undefined;
  period?: RollUpPeriod | undefined;
  preview?: boolean;
}

export interface AreaRollUpRow {
  indicatorCode: string;
  year: number;
  period: string;
  area: string;
  value: number;
  /** District values summed. */
  districts: number;
  /** District values left out: the district did not exist in the value's period. */
  outside: number;
}

/**
 * District values rolled up to the level asked (district → province → department), for one
 * period or, without year and period, the whole history of the policy's values. Statuses as
 * the evaluation: validated, plus submitted in preview. The sum runs in the database.
 */
export async function rollUpDistrictValues(
  db: Database,
  _actor: Actor,
  input: RollUpInput,
): Promise<AreaRollUpRow[]> {
  checkScope(input);
  if (input.period && !ROLLUP_PERIODS.includes(input.period)) {
    throw invalid(`Periodo "${input.period}" no válido: use ${ROLLUP_PERIODS.join(", ")}.`);
  }
  const policyId = await requirePolicyId(db, input.policyCode);
  const statuses: MeasurementStatus[] = input.preview ? ["validado", "enviado"] : ["validado"];
  const rows = await sumDistrictValuesByArea(db, {
    policyId,
    length: CODE_LENGTH[input.level],
    prefix: input.within,
    indicatorCode: input.indicatorCode,
    year: input.year,
    period: input.period,
    statuses,
  });
  return rows.map((r) => ({
    indicatorCode: r.indicatorCode,
    year: r.year,
    period: r.period,
    area: r.area,
    value: r.value === null ? 0 : Number(r.value),
    districts: Number(r.districts),
    outside: Number(r.outside),
  }));
}

/** Indicators with district values in force, with their years. */
export async function listDistrictIndicators(
  db: Database,
  _actor: Actor,
  input: { policyCode: string },
) {
  const policyId = await requirePolicyId(db, input.policyCode);
  const rows = await listIndicatorsWithDistrictValues(db, policyId, ["validado"]);
  const years = new Map<string, number[]>();
  for (const r of rows) years.set(r.code, [...(years.get(r.code) ?? []), r.year]);
  return { policyId, years };
}

const length = (scope: AreaScope) => CODE_LENGTH[scope.level];

/** Spaces by area and level. `area` null: placed above the level asked (e.g. regional). */
export async function countSpacesInAreas(db: Database, _actor: Actor, scope: AreaScope) {
  checkScope(scope);
  const rows = await countSpacesByArea(db, length(scope), scope.within);
  return rows.map((r) => ({ area: r.area, level: r.level, n: Number(r.n) }));
}

export interface ActivityScope extends AreaScope {
  from?: string | undefined;
  to?: string | undefined;
}

/** Trainings that ended in the span, by area. */
export async function sumTrainingsInAreas(db: Database, _actor: Actor, scope: ActivityScope) {
  checkScope(scope);
  const rows = await sumTrainingsByArea(db, length(scope), {
    prefix: scope.within,
    from: scope.from,
    to: scope.to,
  });
  return rows.map((r) => ({
    area: r.area,
    trainings: Number(r.trainings),
    participants: Number(r.participants),
    women: Number(r.women),
    men: Number(r.men),
  }));
}

/** Technical assistances held in the span, each with the area it went to. */
export async function listAssistancesInAreas(db: Database, _actor: Actor, scope: ActivityScope) {
  checkScope(scope);
  return countAssistancesByArea(db, length(scope), {
    prefix: scope.within,
    from: scope.from,
    to: scope.to,
  });
}
