import { type Selectable, sql } from "kysely";
import {
  CATALOGUE_FILE_AUTHOR,
  catalogueFromRows,
} from "../../../shared/catalogue/catalogue-mapper.ts";
import { dueDateFromDeadlineText } from "../../../shared/commitments/commitment-compliance.ts";
import type { Catalogue, CatalogueIndicator } from "../../../shared/schemas/catalogue.schema.ts";
import { resolveMeasurementValue } from "../../../shared/validation/derived-value.ts";
import type { Executor } from "../../db/connect.ts";
import type { DB } from "../../db/schema.generated.ts";
import { isLatestRevision } from "../../db/sql-fragments.ts";

/** SQL of the catalogue: writing a whole policy, reading it back in catalogue order. */

type CodeMap = Map<string, number>;

function need(map: CodeMap, code: string, what: string): number {
  const id = map.get(code);
  if (id === undefined) throw new Error(`${what} ${code} not inserted`);
  return id;
}
function needVersion(map: Map<number, number>, version: number): number {
  const id = map.get(version);
  if (id === undefined) throw new Error(`indicator version ${version} not inserted`);
  return id;
}
const optional = (map: CodeMap, code: string | null, what: string) =>
  code === null ? null : need(map, code, what);
const codeMap = (rows: readonly { id: number; code: string }[]): CodeMap =>
  new Map(rows.map((r) => [r.code, r.id]));

/** The indicator, year and period of every value stored for a policy (any status). */
export async function listStoredValueKeys(db: Executor, policyId: number) {
  return db
    .selectFrom("measurement as m")
    .innerJoin("indicator as i", "i.id", "m.indicatorId")
    .select(["i.code", "m.year", "m.period"])
    .distinct()
    .where("i.policyId", "=", policyId)
    .orderBy("i.code")
    .orderBy("m.year")
    .orderBy("m.period")
    .execute();
}

export async function deletePolicy(tx: Executor, policyId: number): Promise<void> {
  await tx.deleteFrom("policy").where("id", "=", policyId).execute();
}

/** An entity or org unit as stored, with the codes of the other policies that list it. */
export interface StoredSharedRow {
  code: string;
  fields: Record<string, string | null>;
  usedBy: string[];
}

/** The link table of each shared table to the policies that list its rows. */
const POLICY_LINKS = {
  entity: { link: "policyEntity", column: "entityId" },
  orgUnit: { link: "policyOrgUnit", column: "orgUnitId" },
} as const;

/**
 * The stored entities or org units among `codes`, compared field by field in catalogue terms
 * (an entity's parent, a unit's entity, by code), with the policies other than `exceptPolicyId`
 * that list them.
 */
export async function findStoredShared(
  db: Executor,
  table: "entity" | "orgUnit",
  codes: readonly string[],
  exceptPolicyId: number | null,
): Promise<StoredSharedRow[]> {
  if (codes.length === 0) return [];
  const { link, column } = POLICY_LINKS[table];
  // Both link tables have policy_id and the shared row's id; Kysely cannot type a join over a
  // union of tables, so the query is typed as the entity's link and runs on the one asked for,
  // alongside the rows' own query.
  const usage = db
    .selectFrom(`${link} as l` as "policyEntity as l")
    .innerJoin(`${table} as s` as "entity as s", "s.id", `l.${column}` as "l.entityId")
    .innerJoin("policy", "policy.id", "l.policyId")
    .select(["s.code as item", "policy.code as policy", "policy.id as policyId"])
    .where("s.code", "in", codes)
    .orderBy("policy.code")
    .execute();
  if (table === "entity") {
    const [rows, used] = await Promise.all([
      db
        .selectFrom("entity as e")
        .leftJoin("entity as p", "p.id", "e.parentId")
        .select(["e.code", "e.name", "e.kind", "p.code as parent"])
        .where("e.code", "in", codes)
        .execute(),
      usage,
    ]);
    return withUsage(rows, used, exceptPolicyId, (r) => ({
      name: r.name,
      kind: r.kind,
      parent: r.parent,
    }));
  }
  const [rows, used] = await Promise.all([
    db
      .selectFrom("orgUnit")
      .innerJoin("entity", "entity.id", "orgUnit.entityId")
      .select(["orgUnit.code", "orgUnit.name", "entity.code as entity"])
      .where("orgUnit.code", "in", codes)
      .execute(),
    usage,
  ]);
  return withUsage(rows, used, exceptPolicyId, (r) => ({ entity: r.entity, name: r.name }));
}

/** Each stored row with its fields and the codes of the other policies that list it (in order). */
function withUsage<R extends { code: string }>(
  rows: readonly R[],
  usage: readonly { item: string; policy: string; policyId: number }[],
  exceptPolicyId: number | null,
  fields: (row: R) => Record<string, string | null>,
): StoredSharedRow[] {
  const usedBy = new Map<string, string[]>();
  for (const u of usage) {
    if (u.policyId === exceptPolicyId) continue;
    usedBy.set(u.item, [...(usedBy.get(u.item) ?? []), u.policy]);
  }
  return rows.map((r) => ({ code: r.code, fields: fields(r), usedBy: usedBy.get(r.code) ?? [] }));
}

/** Entity codes each of the given policies lists in its catalogue. */
export async function findPolicyEntityCodes(
  db: Executor,
  policyCodes: readonly string[],
): Promise<Map<string, Set<string>>> {
  const map = new Map<string, Set<string>>();
  if (policyCodes.length === 0) return map;
  const rows = await db
    .selectFrom("policyEntity")
    .innerJoin("entity", "entity.id", "policyEntity.entityId")
    .innerJoin("policy", "policy.id", "policyEntity.policyId")
    .select(["policy.code as policy", "entity.code as entity"])
    .where("policy.code", "in", policyCodes)
    .execute();
  for (const r of rows) {
    const set = map.get(r.policy) ?? new Set<string>();
    set.add(r.entity);
    map.set(r.policy, set);
  }
  return map;
}

/**
 * Entities and units are shared by policies: upsert them by code. The service has already
 * refused any change to a row another policy uses unless the import allows it.
 */
async function upsertEntities(
  tx: Executor,
  cat: Catalogue,
): Promise<{ entities: CodeMap; units: CodeMap }> {
  const entities: CodeMap = new Map();
  for (const e of cat.entities) {
    const row = await tx
      .insertInto("entity")
      .values({ code: e.code, name: e.name, kind: e.kind })
      .onConflict((oc) => oc.column("code").doUpdateSet({ name: e.name, kind: e.kind }))
      .returning("id")
      .executeTakeFirstOrThrow();
    entities.set(e.code, row.id);
  }
  // Parents second: a parent may come later in the list than its child.
  for (const e of cat.entities) {
    await tx
      .updateTable("entity")
      .set({ parentId: optional(entities, e.parent, "entity") })
      .where("id", "=", need(entities, e.code, "entity"))
      .execute();
  }
  const units: CodeMap = new Map();
  for (const u of cat.orgUnits) {
    const entityId = need(entities, u.entity, "entity");
    const row = await tx
      .insertInto("orgUnit")
      .values({ code: u.code, name: u.name, entityId })
      .onConflict((oc) => oc.column("code").doUpdateSet({ name: u.name, entityId }))
      .returning("id")
      .executeTakeFirstOrThrow();
    units.set(u.code, row.id);
  }
  return { entities, units };
}

async function insertIndicator(
  tx: Executor,
  ids: {
    policyId: number;
    entities: CodeMap;
    units: CodeMap;
    objectives: CodeMap;
    services: CodeMap;
  },
  ind: CatalogueIndicator,
  position: number,
  createdBy: string,
): Promise<number> {
  const { id: indicatorId } = await tx
    .insertInto("indicator")
    .values({
      policyId: ids.policyId,
      code: ind.code,
      level: ind.level,
      objectiveId: need(ids.objectives, ind.objective, "objective"),
      serviceId: optional(ids.services, ind.service, "service"),
      position,
    })
    .returning("id")
    .executeTakeFirstOrThrow();

  const versionIds = new Map<number, number>();
  for (const v of ind.versions) {
    const row = await tx
      .insertInto("indicatorVersion")
      .values({
        indicatorId,
        version: v.version,
        name: v.name,
        unit: v.unit,
        direction: v.direction,
        isCumulative: v.isCumulative,
        numeratorDef: v.numerator,
        denominatorDef: v.denominator,
        dataSources: JSON.stringify(v.dataSources),
        responsibleEntityId: need(ids.entities, v.responsibleEntity, "entity"),
        responsibleUnitId: optional(ids.units, v.responsibleUnit, "unit"),
        baselineValue: v.baseline?.value ?? null,
        baselineYear: v.baseline?.year ?? null,
        baselineSource: v.baseline?.source ?? null,
        baselineIsDerived: v.baseline?.isDerived ?? null,
        baselineNote: v.baseline?.note ?? null,
        validFrom: v.validFrom,
        validTo: v.validTo,
        reason: v.reason,
        createdBy: v.author ?? CATALOGUE_FILE_AUTHOR,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    versionIds.set(v.version, row.id);
  }

  if (ind.metas.length) {
    await tx
      .insertInto("meta")
      .values(
        ind.metas.map((m, i) => ({
          indicatorId,
          year: m.year,
          value: m.value,
          source: m.source,
          revision: m.revision,
          reference: m.reference,
          note: m.note,
          position: i,
          createdBy,
        })),
      )
      .execute();
  }

  for (const [i, m] of ind.measurements.entries()) {
    // Only numerator and denominator: the value every reader uses is derived, as in data entry.
    const unit = ind.versions.find((v) => v.version === m.indicatorVersion)?.unit ?? "numero";
    const { value, derived } = resolveMeasurementValue(unit, m);
    const { id: measurementId } = await tx
      .insertInto("measurement")
      .values({
        indicatorId,
        indicatorVersionId: needVersion(versionIds, m.indicatorVersion),
        year: m.year,
        period: m.period,
        value,
        valueDerived: derived,
        numerator: m.numerator,
        denominator: m.denominator,
        logros: m.narrative.logros,
        dificultades: m.narrative.dificultades,
        medidas: m.narrative.medidas,
        sourceSystem: m.sourceSystem,
        reportingEntityId: need(ids.entities, m.reportingEntity, "entity"),
        reportingUnitId: optional(ids.units, m.reportingUnit, "unit"),
        reportedForEntityId: need(ids.entities, m.reportedForEntity, "entity"),
        status: m.status,
        reference: m.reference,
        note: m.note,
        position: i,
        createdBy,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (m.disaggregations.length) {
      await tx
        .insertInto("measurementDisaggregation")
        .values(
          m.disaggregations.map((d, j) => ({
            measurementId,
            dimension: d.dimension,
            category: d.category,
            label: d.label,
            value: d.value,
            position: j,
          })),
        )
        .execute();
    }
  }
  return indicatorId;
}

/** Inserts a whole validated catalogue. Call inside a transaction: it is many statements. */
export async function insertCatalogue(
  tx: Executor,
  cat: Catalogue,
  createdBy: string,
): Promise<number> {
  const { entities, units } = await upsertEntities(tx, cat);
  const p = cat.policy;
  const { id: policyId } = await tx
    .insertInto("policy")
    .values({
      code: p.code,
      name: p.name,
      shortName: p.shortName,
      approvalNorm: p.approvalNorm,
      approvalDate: p.approvalDate,
      horizonYear: p.horizonYear,
      publicProblem: p.publicProblem,
      desiredFuture: p.desiredFuture,
      conductorEntityId: need(entities, p.conductor, "entity"),
      conductorUnitId: optional(units, p.conductorUnit, "unit"),
      territoryUbigeo: p.territory ?? null,
      parentPolicyCode: p.parentPolicy ?? null,
      provenance: JSON.stringify(cat.provenance),
      valoracion: JSON.stringify(cat.valoracion),
      createdBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();

  await tx
    .insertInto("policyEntity")
    .values(
      cat.entities.map((e, i) => ({
        policyId,
        entityId: need(entities, e.code, "entity"),
        position: i,
      })),
    )
    .execute();
  if (cat.orgUnits.length) {
    await tx
      .insertInto("policyOrgUnit")
      .values(
        cat.orgUnits.map((u, i) => ({
          policyId,
          orgUnitId: need(units, u.code, "unit"),
          position: i,
        })),
      )
      .execute();
  }

  // One statement per table; the ids come back with their codes, so no order is assumed.
  const objectives = codeMap(
    await tx
      .insertInto("objective")
      .values(
        cat.objectives.map((o, i) => ({
          policyId,
          code: o.code,
          name: o.name,
          expectedResult: o.expectedResult,
          alignedTo: o.alignedTo ?? null,
          position: i,
        })),
      )
      .returning(["id", "code"])
      .execute(),
  );
  const lineamientos = cat.lineamientos.length
    ? codeMap(
        await tx
          .insertInto("lineamiento")
          .values(
            cat.lineamientos.map((l, i) => ({
              policyId,
              objectiveId: need(objectives, l.objective, "objective"),
              code: l.code,
              text: l.text,
              position: i,
            })),
          )
          .returning(["id", "code"])
          .execute(),
      )
    : new Map();
  const services = cat.services.length
    ? codeMap(
        await tx
          .insertInto("service")
          .values(
            cat.services.map((sv, i) => ({
              policyId,
              lineamientoId: need(lineamientos, sv.lineamiento, "lineamiento"),
              code: sv.code,
              number: sv.number,
              name: sv.name,
              provider: sv.provider,
              recipients: sv.recipients,
              isNew: sv.isNew,
              alignedTo: sv.alignedTo ?? null,
              position: i,
            })),
          )
          .returning(["id", "code"])
          .execute(),
      )
    : new Map();
  const responsibilities = cat.services.flatMap((sv) =>
    sv.responsibility.map((r, j) => ({
      serviceId: need(services, sv.code, "service"),
      entityId: need(entities, r.entity, "entity"),
      fromYear: r.fromYear,
      toYear: r.toYear,
      note: r.note,
      position: j,
    })),
  );
  if (responsibilities.length) {
    await tx.insertInto("serviceResponsibility").values(responsibilities).execute();
  }
  const indicators: CodeMap = new Map();
  const ids = { policyId, entities, units, objectives, services };
  for (const [i, ind] of cat.indicators.entries()) {
    indicators.set(ind.code, await insertIndicator(tx, ids, ind, i, createdBy));
  }
  if (cat.commitments.length) {
    await tx
      .insertInto("commitment")
      .values(
        cat.commitments.map((c) => ({
          policyId,
          number: c.number,
          periodYear: c.periodYear,
          aspect: c.aspect,
          indicatorId: optional(indicators, c.indicator, "indicator"),
          serviceId: optional(services, c.service, "service"),
          recommendation: c.recommendation,
          keyAction: c.keyAction,
          verificationMeans: c.verificationMeans,
          responsibleUnit: c.responsibleUnit,
          deadline: c.deadline,
          // The printed span as a date (the rule of migration 0029); the text stays the note.
          dueOn: dueDateFromDeadlineText(c.deadline, c.periodYear),
          status: c.status,
          comment: c.comment,
          newMetas: JSON.stringify(c.newMetas),
        })),
      )
      .execute();
    await linkMatrizMetas(tx, policyId);
  }
  const declarations = cat.valoracionDeclarations ?? [];
  if (declarations.length) {
    await tx
      .insertInto("valoracionDeclaration")
      .values(
        declarations.map((d) => ({
          policyId,
          year: d.year,
          criterionCode: d.criterion,
          revision: d.revision,
          level: d.level,
          rationale: d.rationale,
          evidenceFileName: d.evidence.fileName,
          evidenceMediaType: d.evidence.mediaType,
          evidenceSizeBytes: d.evidence.sizeBytes,
          evidenceSha256: d.evidence.sha256,
          evidenceStorageKey: d.evidence.storageKey,
          declaredBy: d.declaredBy,
          declaredByLabel: d.declaredByLabel,
          // Accounts are not part of a catalogue: the label carries what the Informe prints.
          declaredByUserId: null,
          declaredAt: d.declaredAt,
        })),
      )
      .execute();
  }
  return policyId;
}

/**
 * A meta the Matriz sets is a revision whose source is its commitment: the catalogue's
 * matriz_compromisos metas are linked to the row that lists them (indicator, year, value), as
 * migration 0029 did for the policies already stored.
 */
async function linkMatrizMetas(tx: Executor, policyId: number) {
  await sql`
    UPDATE meta SET commitment_id = c.id
    FROM commitment c
    WHERE c.policy_id = ${policyId}
      AND meta.source = 'matriz_compromisos'
      AND meta.commitment_id IS NULL
      AND c.indicator_id = meta.indicator_id
      AND c.new_metas @> jsonb_build_array(jsonb_build_object('year', meta.year, 'value', meta.value))
  `.execute(tx);
}

/** Awaits an object of promises: the queries start together, each result keeps its name. */
async function allOf<T extends Record<string, Promise<unknown>>>(
  queries: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const entries = await Promise.all(
    Object.entries(queries).map(async ([name, query]) => [name, await query] as const),
  );
  return Object.fromEntries(entries) as { [K in keyof T]: Awaited<T[K]> };
}

/**
 * Reads a policy back as a catalogue, in the order it was written; the revision in force of each
 * value. The queries are independent of each other, so they run together (on PostgreSQL, side by
 * side on the pool; PGlite takes them one after another); catalogueFromRows maps the rows.
 */
export async function readCatalogue(db: Executor, policyId: number): Promise<Catalogue> {
  // Rows below an indicator are read through it: no query waits for another's ids.
  const ofIndicators = () => db.selectFrom("indicator as i").where("i.policyId", "=", policyId);
  // The three tables share policy_id and position; Kysely cannot type a query over a union of
  // tables, so it is typed as one of them and its rows as the table asked for.
  const inPolicyOrder = <T extends "objective" | "lineamiento" | "service">(table: T) =>
    db
      .selectFrom(table as "objective")
      .selectAll()
      .where("policyId", "=", policyId)
      .orderBy("position")
      .execute() as Promise<Selectable<DB[T]>[]>;
  return catalogueFromRows(
    await allOf({
      policy: db
        .selectFrom("policy")
        .innerJoin("entity", "entity.id", "policy.conductorEntityId")
        .leftJoin("orgUnit", "orgUnit.id", "policy.conductorUnitId")
        .selectAll("policy")
        .select([
          "entity.code as conductorCode",
          "orgUnit.code as conductorUnitCode",
          // Text, not Date: a date column must not move a day with the server's time zone.
          sql<string | null>`to_char(policy.approval_date, 'YYYY-MM-DD')`.as("approvalDateText"),
        ])
        .where("policy.id", "=", policyId)
        .executeTakeFirstOrThrow(),
      allEntities: db.selectFrom("entity").select(["id", "code"]).execute(),
      allOrgUnits: db.selectFrom("orgUnit").select(["id", "code"]).execute(),
      entities: db
        .selectFrom("policyEntity")
        .innerJoin("entity", "entity.id", "policyEntity.entityId")
        .select(["entity.code", "entity.name", "entity.kind", "entity.parentId"])
        .where("policyEntity.policyId", "=", policyId)
        .orderBy("policyEntity.position")
        .execute(),
      orgUnits: db
        .selectFrom("policyOrgUnit")
        .innerJoin("orgUnit", "orgUnit.id", "policyOrgUnit.orgUnitId")
        .select(["orgUnit.code", "orgUnit.name", "orgUnit.entityId"])
        .where("policyOrgUnit.policyId", "=", policyId)
        .orderBy("policyOrgUnit.position")
        .execute(),
      objectives: inPolicyOrder("objective"),
      lineamientos: inPolicyOrder("lineamiento"),
      services: inPolicyOrder("service"),
      responsibilities: db
        .selectFrom("serviceResponsibility")
        .innerJoin("service", "service.id", "serviceResponsibility.serviceId")
        .selectAll("serviceResponsibility")
        .where("service.policyId", "=", policyId)
        .orderBy("serviceResponsibility.position")
        .execute(),
      indicators: ofIndicators().selectAll("i").orderBy("i.position").execute(),
      versions: ofIndicators()
        .innerJoin("indicatorVersion as v", "v.indicatorId", "i.id")
        .selectAll("v")
        .orderBy("v.version")
        .execute(),
      metas: ofIndicators()
        .innerJoin("meta as m", "m.indicatorId", "i.id")
        .selectAll("m")
        .orderBy("m.position")
        .execute(),
      measurements: ofIndicators()
        .innerJoin("measurement as m", "m.indicatorId", "i.id")
        .selectAll("m")
        .where(isLatestRevision("m"))
        .orderBy("m.position")
        .execute(),
      disaggregations: ofIndicators()
        .innerJoin("measurement as m", "m.indicatorId", "i.id")
        .innerJoin("measurementDisaggregation as d", "d.measurementId", "m.id")
        .selectAll("d")
        .where(isLatestRevision("m"))
        .orderBy("d.position")
        .execute(),
      commitments: db
        .selectFrom("commitment")
        .selectAll()
        .where("policyId", "=", policyId)
        .orderBy("periodYear")
        .orderBy("number")
        .execute(),
      valoracionDeclarations: db
        .selectFrom("valoracionDeclaration")
        .selectAll()
        .select(
          // Text to the microsecond in UTC: a Date would drop the microseconds and the round
          // trip would not be exact.
          sql<string>`to_char(declared_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
            "declaredAtText",
          ),
        )
        .where("policyId", "=", policyId)
        .orderBy("year")
        .orderBy("criterionCode")
        .orderBy("revision")
        .execute(),
    }),
  );
}
