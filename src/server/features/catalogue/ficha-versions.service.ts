import type { Actor } from "../../../shared/actor.ts";
import type {
  FichaVersionCreate,
  FichaVersionRow,
} from "../../../shared/contracts/catalogue.contract.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { conflict, invalid, notFound } from "../../errors.ts";
import { resolveActorNames } from "../users/actor-names.service.ts";
import {
  closeVersionsBefore,
  findIndicatorId,
  insertVersion,
  listReportedYears,
  listVersions,
} from "./ficha-versions.repository.ts";
import { requirePolicyInScope } from "./policy.service.ts";

/**
 * Fichas técnicas revised in the app (issue 17, item 1). A revision is a new version valid from
 * a year on; the version before keeps the earlier years (its validity ends the year before), so
 * an evaluation of any year reads the ficha that was in force that year, and values keep
 * pointing at the version they were reported against.
 */

type StoredVersion = Awaited<ReturnType<typeof listVersions>>[number];

function toRow(
  v: StoredVersion,
  reportedYears: number[],
  names: (id: string) => FichaVersionRow["createdByUser"],
): FichaVersionRow {
  return {
    version: v.version,
    name: v.name,
    unit: v.unit,
    direction: v.direction,
    isCumulative: v.isCumulative,
    numerator: v.numeratorDef,
    denominator: v.denominatorDef,
    dataSources: v.dataSources as unknown as string[],
    responsibleEntity: v.responsibleEntityCode,
    responsibleUnit: v.responsibleUnitCode,
    baseline:
      v.baselineValue === null
        ? null
        : {
            value: v.baselineValue,
            year: v.baselineYear,
            source: v.baselineSource,
            isDerived: v.baselineIsDerived ?? false,
            note: v.baselineNote,
          },
    validFrom: v.validFrom,
    validTo: v.validTo,
    reason: v.reason,
    createdBy: v.createdBy,
    createdByUser: names(v.createdBy),
    createdAt: new Date(v.createdAt).toISOString(),
    reportedYears,
  };
}

async function readVersions(db: Executor, actor: Actor, indicatorId: number) {
  const [versions, reported] = await Promise.all([
    listVersions(db, indicatorId),
    listReportedYears(db, indicatorId),
  ]);
  const names = await resolveActorNames(
    db,
    actor,
    versions.map((v) => v.createdBy),
  );
  return {
    versions,
    reported,
    rows: versions.map((v) =>
      toRow(
        v,
        reported.filter((r) => r.indicatorVersionId === v.id).map((r) => r.year),
        names,
      ),
    ),
  };
}

async function requireIndicator(
  db: Executor,
  actor: Actor,
  policyCode: string,
  indicatorCode: string,
) {
  const policyId = await requirePolicyInScope(db, actor, policyCode);
  const id = await findIndicatorId(db, policyId, indicatorCode);
  if (id === null) throw notFound(`No existe el indicador ${indicatorCode}.`);
  return id;
}

export async function listFichaVersions(
  db: Database,
  actor: Actor,
  input: { policyCode: string; indicatorCode: string },
): Promise<FichaVersionRow[]> {
  const indicatorId = await requireIndicator(db, actor, input.policyCode, input.indicatorCode);
  return (await readVersions(db, actor, indicatorId)).rows;
}

/**
 * Adds a ficha version valid from `validFrom`. Refused when it would not leave the version
 * before a year of its own, or when values of `validFrom` or later were already reported (they
 * were reported against the old ficha; moving them is a correction, not a new ficha).
 */
export async function createFichaVersion(
  db: Database,
  actor: Actor,
  input: FichaVersionCreate & { policyCode: string; indicatorCode: string },
): Promise<FichaVersionRow[]> {
  return db.transaction().execute(async (tx) => {
    const indicatorId = await requireIndicator(tx, actor, input.policyCode, input.indicatorCode);
    const { versions, reported } = await readVersions(tx, actor, indicatorId);
    const latest = versions.at(-1);
    if (!latest) throw notFound(`El indicador ${input.indicatorCode} no tiene ficha técnica.`);
    if (input.validFrom <= latest.validFrom) {
      throw invalid(
        `La nueva versión debe regir desde un año posterior a ${latest.validFrom}, inicio de la versión ${latest.version} vigente.`,
        [{ path: "validFrom", message: `Indique un año posterior a ${latest.validFrom}.` }],
      );
    }
    const later = reported.filter((r) => r.year >= input.validFrom).map((r) => r.year);
    if (later.length) {
      const years = [...new Set(later)].join(", ");
      throw conflict(
        `Ya hay valores del indicador ${input.indicatorCode} reportados para ${years} con la ficha vigente; la nueva versión debe regir desde un año sin valores.`,
      );
    }
    const before = versions
      .filter((v) => v.validFrom < input.validFrom)
      .filter((v) => v.validTo === null || v.validTo >= input.validFrom)
      .map((v) => ({ version: v.version, validTo: v.validTo }));
    await closeVersionsBefore(tx, indicatorId, input.validFrom);
    const version = latest.version + 1;
    const id = await insertVersion(tx, {
      indicatorId,
      version,
      name: input.name,
      unit: input.unit,
      direction: input.direction,
      isCumulative: input.isCumulative,
      numeratorDef: input.numerator,
      denominatorDef: input.denominator,
      dataSources: JSON.stringify(input.dataSources),
      responsibleEntityId: latest.responsibleEntityId,
      responsibleUnitId: latest.responsibleUnitId,
      baselineValue: input.baseline?.value ?? null,
      baselineYear: input.baseline?.year ?? null,
      baselineSource: input.baseline?.source ?? null,
      baselineIsDerived: input.baseline ? input.baseline.isDerived : null,
      baselineNote: input.baseline?.note ?? null,
      validFrom: input.validFrom,
      validTo: null,
      reason: input.reason,
      createdBy: actor.id,
    });
    const { policyCode: _, indicatorCode: __, ...fields } = input;
    await recordAudit(tx, actor, {
      action: "ficha.version.create",
      objectType: "indicator_version",
      objectId: String(id),
      before: { closed: before },
      after: { policy: input.policyCode, indicator: input.indicatorCode, version, ...fields },
    });
    return (await readVersions(tx, actor, indicatorId)).rows;
  });
}
