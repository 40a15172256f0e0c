import { sql } from "kysely";
import type { Executor } from "../../db/connect.ts";

/**
 * The reads of the statistical register: code lists, sources, concepts, the current figures
 * (no later version supersedes them), a figure's versions, and the documented causes and
 * declared overlaps the reconciliation uses. Writes are in statistics-import.repository.ts;
 * the pseudonymous records in statistics-records.repository.ts.
 */

export async function currentCodeListVersions(db: Executor) {
  return db
    .selectFrom("statCodeListVersion")
    .select(["listCode", (eb) => eb.fn.max("version").as("version")])
    .groupBy("listCode")
    .execute();
}

export async function findCodeListVersion(db: Executor, listCode: string, version: number) {
  return (
    (await db
      .selectFrom("statCodeListVersion")
      .select(["listCode", "version", "fileSha256"])
      .where("listCode", "=", listCode)
      .where("version", "=", version)
      .executeTakeFirst()) ?? null
  );
}

export async function listCodes(db: Executor) {
  return db
    .selectFrom("statCode")
    .select([
      "listCode",
      "code",
      "labelEs",
      "labelEn",
      "parentCode",
      "partition",
      "mappings",
      "sinceVersion",
      "retiredInVersion",
    ])
    .orderBy("listCode")
    .orderBy("code")
    .execute();
}

export async function listSources(db: Executor) {
  return db
    .selectFrom("statSource")
    .select([
      "code",
      "institutionCode",
      "institutionName",
      "systemCode",
      "systemName",
      "entityCode",
      "description",
      "sinceVersion",
      "retiredInVersion",
    ])
    .orderBy("code")
    .execute();
}

export async function findSource(db: Executor, code: string) {
  return (
    (await db.selectFrom("statSource").selectAll().where("code", "=", code).executeTakeFirst()) ??
    null
  );
}

export async function listConcepts(db: Executor) {
  return db
    .selectFrom("statConcept")
    .select([
      "code",
      "labelEs",
      "labelEn",
      "definition",
      "defaultUnit",
      "subsetOf",
      "sinceVersion",
      "retiredInVersion",
    ])
    .orderBy("sinceVersion")
    .execute();
}

const FIGURE_COLUMNS = [
  "f.id",
  "f.sourceCode",
  "f.conceptCode",
  "f.reportedVia",
  "f.periodType",
  "f.periodStart",
  "f.periodEnd",
  "f.ubigeo",
  "f.sex",
  "f.ageBand",
  "f.nationality",
  "f.exploitationForm",
  "f.statute",
  "f.value",
  "f.unit",
  "f.definition",
  "f.extractionDate",
  "f.provenanceDocument",
  "f.provenanceLocation",
  "f.origin",
  "f.derivation",
  "f.note",
  "f.version",
  "f.supersedesId",
  "f.importId",
  "f.importedBy",
  "f.importedAt",
] as const;

export interface FigureFilter {
  /** Figures whose whole period lies between these days. */
  within?: { start: string; end: string };
  source?: string;
  concept?: string;
  /** One period type ('anio': the TIP pack's annual figures, not the year's months). */
  periodType?: "anio" | "semestre" | "trimestre" | "mes" | "rango";
}

/** The current version of every figure matching the filter. */
export async function listCurrentFigures(db: Executor, filter: FigureFilter) {
  let q = db
    .selectFrom("statFigure as f")
    .select(FIGURE_COLUMNS)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("statFigure as later")
            .select("later.id")
            .whereRef("later.supersedesId", "=", "f.id"),
        ),
      ),
    );
  if (filter.within)
    q = q
      .where("f.periodStart", ">=", filter.within.start)
      .where("f.periodEnd", "<=", filter.within.end);
  if (filter.source) q = q.where("f.sourceCode", "=", filter.source);
  if (filter.concept) q = q.where("f.conceptCode", "=", filter.concept);
  if (filter.periodType) q = q.where("f.periodType", "=", filter.periodType);
  return q
    .orderBy("f.conceptCode")
    .orderBy("f.periodStart")
    .orderBy("f.sourceCode")
    .orderBy("f.id")
    .execute();
}

export type FigureRow = Awaited<ReturnType<typeof listCurrentFigures>>[number];

/** The current figures of one source, for an import to tell new, restated and unchanged apart. */
export async function listCurrentFiguresOfSource(db: Executor, source: string) {
  return listCurrentFigures(db, { source });
}

/** Every version of the figure `id` belongs to, oldest first. */
export async function listFigureVersions(db: Executor, id: number) {
  const chain = await sql<{ id: number }>`
    WITH RECURSIVE back(id, supersedes_id) AS (
      SELECT id, supersedes_id FROM stat_figure WHERE id = ${id}
      UNION ALL
      SELECT f.id, f.supersedes_id FROM stat_figure f JOIN back b ON f.id = b.supersedes_id
    ),
    forward(id) AS (
      SELECT id FROM stat_figure WHERE id = ${id}
      UNION ALL
      SELECT f.id FROM stat_figure f JOIN forward w ON f.supersedes_id = w.id
    )
    SELECT id FROM back UNION SELECT id FROM forward`.execute(db);
  const ids = chain.rows.map((r) => Number(r.id));
  if (ids.length === 0) return [];
  return db
    .selectFrom("statFigure as f")
    .select(FIGURE_COLUMNS)
    .where("f.id", "in", ids)
    .orderBy("f.version")
    .execute();
}

export async function listCauses(db: Executor, within: { start: string; end: string }) {
  return db
    .selectFrom("statDiscrepancyCause")
    .select([
      "id",
      "conceptCode",
      "sourceCode",
      "periodStart",
      "periodEnd",
      "cause",
      "explanation",
      "citation",
    ])
    .where("periodStart", "<=", within.end)
    .where("periodEnd", ">=", within.start)
    .orderBy("id")
    .execute();
}

export async function listAllCauses(db: Executor) {
  return db
    .selectFrom("statDiscrepancyCause")
    .select(["conceptCode", "sourceCode", "periodStart", "periodEnd", "cause", "explanation"])
    .execute();
}

export async function listOverlaps(db: Executor, within?: { start: string; end: string }) {
  let q = db
    .selectFrom("statOverlap")
    .select([
      "id",
      "conceptCode",
      "periodStart",
      "periodEnd",
      "sourceCodes",
      "method",
      "overlap",
      "basis",
      "citation",
    ]);
  if (within) q = q.where("periodStart", ">=", within.start).where("periodEnd", "<=", within.end);
  return q.orderBy("id").execute();
}

export async function listImports(db: Executor) {
  return db
    .selectFrom("statImport")
    .select([
      "id",
      "kind",
      "sourceCode",
      "fileName",
      "fileSha256",
      "format",
      "rowsRead",
      "figuresNew",
      "figuresRestated",
      "figuresUnchanged",
      "importedBy",
      "importedAt",
    ])
    .orderBy("id", "desc")
    .execute();
}

export async function listUbigeoCodes(db: Executor): Promise<Set<string>> {
  const rows = await db.selectFrom("ubigeo").select("code").execute();
  return new Set(rows.map((r) => r.code));
}

/** Department names by their two-digit code, for the labels of a table by department. */
export async function listDepartmentNames(db: Executor): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom("ubigeo")
    .select(["departmentCode", "name"])
    .where("level", "=", "departamento")
    .execute();
  return new Map(rows.map((r) => [r.departmentCode.slice(0, 2), r.name]));
}
