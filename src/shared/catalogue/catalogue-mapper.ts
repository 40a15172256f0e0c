import type {
  Catalogue,
  CatalogueIndicator,
  CatalogueMeasurement,
  ValoracionConfig,
} from "../schemas/catalogue.schema.ts";

/**
 * A stored policy as a catalogue: the rows of its tables, each list in catalogue order, turned
 * into the interchange document. Pure, so the export's shape is tested without a database;
 * stored ids become the codes the document uses.
 */

type Policy = Catalogue["policy"];
type Entity = Catalogue["entities"][number];
type Service = Catalogue["services"][number];
type Version = CatalogueIndicator["versions"][number];
type Meta = CatalogueIndicator["metas"][number];
type Commitment = Catalogue["commitments"][number];
type Declaration = NonNullable<Catalogue["valoracionDeclarations"]>[number];
type Nullable<T> = { [K in keyof T]: T[K] | null };

export interface CatalogueRows {
  policy: Omit<Policy, "approvalDate" | "conductor" | "conductorUnit"> & {
    /** The approval date as 'YYYY-MM-DD' text, so no time zone can move it. */
    approvalDateText: string | null;
    conductorCode: string;
    conductorUnitCode: string | null;
    territoryUbigeo?: string | null;
    parentPolicyCode?: string | null;
    provenance: unknown;
    valoracion: unknown;
  };
  /** Every stored entity and org unit: ids resolve to codes through them. */
  allEntities: readonly { id: number; code: string }[];
  allOrgUnits: readonly { id: number; code: string }[];
  /** The entities and units the policy lists, in its order. */
  entities: readonly (Omit<Entity, "parent"> & { parentId: number | null })[];
  orgUnits: readonly { code: string; name: string; entityId: number }[];
  objectives: readonly (Omit<Catalogue["objectives"][number], "alignedTo"> & {
    id: number;
    alignedTo?: string | null;
  })[];
  lineamientos: readonly { id: number; code: string; objectiveId: number; text: string }[];
  services: readonly (Omit<Service, "lineamiento" | "responsibility" | "alignedTo"> & {
    id: number;
    lineamientoId: number;
    alignedTo?: string | null;
  })[];
  responsibilities: readonly (Omit<Service["responsibility"][number], "entity"> & {
    serviceId: number;
    entityId: number;
  })[];
  indicators: readonly {
    id: number;
    code: string;
    level: CatalogueIndicator["level"];
    objectiveId: number;
    serviceId: number | null;
  }[];
  versions: readonly (Pick<
    Version,
    "version" | "name" | "unit" | "direction" | "isCumulative" | "validFrom" | "validTo" | "reason"
  > & {
    id: number;
    indicatorId: number;
    numeratorDef: Version["numerator"];
    denominatorDef: Version["denominator"];
    dataSources: unknown;
    responsibleEntityId: number;
    responsibleUnitId: number | null;
    baselineValue: number | null;
    baselineYear: number | null;
    baselineSource: string | null;
    baselineIsDerived: boolean | null;
    baselineNote: string | null;
    /** Who created the version: an account, or CATALOGUE_FILE_AUTHOR. */
    createdBy?: string;
  })[];
  metas: readonly (Meta & { indicatorId: number })[];
  /** The revision in force of each value: history stays in the database. */
  measurements: readonly (Pick<
    CatalogueMeasurement,
    | "year"
    | "period"
    | "value"
    | "numerator"
    | "denominator"
    | "sourceSystem"
    | "status"
    | "reference"
    | "note"
  > &
    Nullable<CatalogueMeasurement["narrative"]> & {
      id: number;
      indicatorId: number;
      indicatorVersionId: number;
      reportingEntityId: number;
      reportingUnitId: number | null;
      reportedForEntityId: number;
    })[];
  disaggregations: readonly (CatalogueMeasurement["disaggregations"][number] & {
    measurementId: number;
  })[];
  commitments: readonly (Omit<Commitment, "indicator" | "service" | "newMetas"> & {
    indicatorId: number | null;
    serviceId: number | null;
    newMetas: unknown;
  })[];
  /** The valoración declarations, `declaredAt` already as UTC text to the microsecond. */
  valoracionDeclarations?: readonly {
    year: number;
    criterionCode: string;
    revision: number;
    level: Declaration["level"];
    rationale: string;
    evidenceFileName: string;
    evidenceMediaType: string;
    evidenceSizeBytes: number;
    evidenceSha256: string;
    evidenceStorageKey: string;
    declaredBy: string;
    declaredByLabel: string;
    declaredAtText: string;
  }[];
}

/**
 * The author recorded for a ficha version that came with a catalogue file (no `author` in it):
 * who imported the file is in the import's audit event. The export leaves `author` out for
 * these, so a file without authors comes back byte for byte and one with authors keeps them.
 */
export const CATALOGUE_FILE_AUTHOR = "system:catalogue";

function groupBy<T, K>(rows: readonly T[], key: (r: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const r of rows) {
    const list = map.get(key(r));
    if (list) list.push(r);
    else map.set(key(r), [r]);
  }
  return map;
}

const codesById = (rows: readonly { id: number; code: string }[]) =>
  new Map(rows.map((r) => [r.id, r.code]));

export function catalogueFromRows(rows: CatalogueRows): Catalogue {
  const { policy } = rows;
  const entityCode = codesById(rows.allEntities);
  const unitCode = codesById(rows.allOrgUnits);
  const objectiveCode = codesById(rows.objectives);
  const lineamientoCode = codesById(rows.lineamientos);
  const serviceCode = codesById(rows.services);
  const indicatorCode = codesById(rows.indicators);
  const versionNumber = new Map(rows.versions.map((v) => [v.id, v.version]));
  const code = (map: Map<number, string>, id: number | null) =>
    id === null ? null : (map.get(id) ?? null);
  const entityOf = (id: number) => entityCode.get(id) ?? String(id);

  const versionsBy = groupBy(rows.versions, (v) => v.indicatorId);
  const metasBy = groupBy(rows.metas, (m) => m.indicatorId);
  const measurementsBy = groupBy(rows.measurements, (m) => m.indicatorId);
  const disaggregationsBy = groupBy(rows.disaggregations, (d) => d.measurementId);
  const responsibilitiesBy = groupBy(rows.responsibilities, (r) => r.serviceId);

  return {
    formatVersion: 1,
    provenance: policy.provenance as Catalogue["provenance"],
    policy: {
      code: policy.code,
      name: policy.name,
      shortName: policy.shortName,
      approvalNorm: policy.approvalNorm,
      approvalDate: policy.approvalDateText,
      horizonYear: policy.horizonYear,
      publicProblem: policy.publicProblem,
      desiredFuture: policy.desiredFuture,
      conductor: policy.conductorCode,
      conductorUnit: policy.conductorUnitCode,
      // Only subnational plans carry these: a national policy's export stays byte for byte
      // what it was before plans existed.
      ...(policy.territoryUbigeo ? { territory: policy.territoryUbigeo } : {}),
      ...(policy.parentPolicyCode ? { parentPolicy: policy.parentPolicyCode } : {}),
    },
    entities: rows.entities.map((e) => ({
      code: e.code,
      name: e.name,
      kind: e.kind,
      parent: code(entityCode, e.parentId),
    })),
    orgUnits: rows.orgUnits.map((u) => ({
      entity: entityOf(u.entityId),
      code: u.code,
      name: u.name,
    })),
    objectives: rows.objectives.map((o) => ({
      code: o.code,
      name: o.name,
      expectedResult: o.expectedResult,
      ...(o.alignedTo ? { alignedTo: o.alignedTo } : {}),
    })),
    lineamientos: rows.lineamientos.map((l) => ({
      code: l.code,
      objective: objectiveCode.get(l.objectiveId) ?? "",
      text: l.text,
    })),
    services: rows.services.map((s) => ({
      code: s.code,
      number: s.number,
      name: s.name,
      lineamiento: lineamientoCode.get(s.lineamientoId) ?? "",
      provider: s.provider,
      recipients: s.recipients,
      isNew: s.isNew,
      responsibility: (responsibilitiesBy.get(s.id) ?? []).map((r) => ({
        entity: entityOf(r.entityId),
        fromYear: r.fromYear,
        toYear: r.toYear,
        note: r.note,
      })),
      ...(s.alignedTo ? { alignedTo: s.alignedTo } : {}),
    })),
    indicators: rows.indicators.map((ind) => ({
      code: ind.code,
      level: ind.level,
      objective: objectiveCode.get(ind.objectiveId) ?? "",
      service: code(serviceCode, ind.serviceId),
      versions: (versionsBy.get(ind.id) ?? []).map((v) => ({
        version: v.version,
        name: v.name,
        unit: v.unit,
        direction: v.direction,
        isCumulative: v.isCumulative,
        numerator: v.numeratorDef,
        denominator: v.denominatorDef,
        dataSources: v.dataSources as string[],
        responsibleEntity: entityOf(v.responsibleEntityId),
        responsibleUnit: code(unitCode, v.responsibleUnitId),
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
        ...(v.createdBy && v.createdBy !== CATALOGUE_FILE_AUTHOR ? { author: v.createdBy } : {}),
      })),
      metas: (metasBy.get(ind.id) ?? []).map((m) => ({
        year: m.year,
        value: m.value,
        source: m.source,
        revision: m.revision,
        reference: m.reference,
        note: m.note,
      })),
      measurements: (measurementsBy.get(ind.id) ?? []).map((m) => ({
        year: m.year,
        period: m.period,
        indicatorVersion: versionNumber.get(m.indicatorVersionId) ?? 0,
        value: m.value,
        numerator: m.numerator,
        denominator: m.denominator,
        disaggregations: (disaggregationsBy.get(m.id) ?? []).map((d) => ({
          dimension: d.dimension,
          category: d.category,
          label: d.label,
          value: d.value,
        })),
        narrative: { logros: m.logros, dificultades: m.dificultades, medidas: m.medidas },
        sourceSystem: m.sourceSystem,
        reportingEntity: entityOf(m.reportingEntityId),
        reportingUnit: code(unitCode, m.reportingUnitId),
        reportedForEntity: entityOf(m.reportedForEntityId),
        status: m.status,
        reference: m.reference,
        note: m.note,
      })),
    })),
    commitments: rows.commitments.map((c) => ({
      number: c.number,
      periodYear: c.periodYear,
      aspect: c.aspect,
      indicator: code(indicatorCode, c.indicatorId),
      service: code(serviceCode, c.serviceId),
      recommendation: c.recommendation,
      keyAction: c.keyAction,
      verificationMeans: c.verificationMeans,
      responsibleUnit: c.responsibleUnit,
      deadline: c.deadline,
      status: c.status,
      comment: c.comment,
      newMetas: c.newMetas as { year: number; value: number }[],
    })),
    valoracion: policy.valoracion as ValoracionConfig,
    ...(rows.valoracionDeclarations?.length
      ? {
          valoracionDeclarations: rows.valoracionDeclarations.map((d) => ({
            year: d.year,
            criterion: d.criterionCode,
            revision: d.revision,
            level: d.level,
            rationale: d.rationale,
            evidence: {
              fileName: d.evidenceFileName,
              mediaType: d.evidenceMediaType,
              sizeBytes: d.evidenceSizeBytes,
              sha256: d.evidenceSha256,
              storageKey: d.evidenceStorageKey,
            },
            declaredBy: d.declaredBy,
            declaredByLabel: d.declaredByLabel,
            declaredAt: d.declaredAtText,
          })),
        }
      : {}),
  };
}
