import { type Insertable, sql } from "kysely";
import type { FigureDimensions } from "../../../shared/statistics/figure-dimensions.ts";
import type { Executor } from "../../db/connect.ts";
import { type CopyValue, copyRows } from "../../db/copy-rows.ts";
import type { StatFigure } from "../../db/schema.generated.ts";

/**
 * The writes of the statistical register, each inside its caller's transaction: a code list's
 * new version and its codes, an import's log row, figures (append-only: a restatement is an
 * insert that names the row it supersedes), documented causes and declared overlaps.
 */

export async function insertCodeListVersion(
  tx: Executor,
  values: {
    listCode: string;
    version: number;
    title: string;
    fileSha256: string;
    content: unknown;
    loadedBy: string;
  },
) {
  await tx
    .insertInto("statCodeListVersion")
    .values({ ...values, content: JSON.stringify(values.content) })
    .execute();
}

export interface CodeValues {
  listCode: string;
  code: string;
  labelEs: string;
  labelEn: string;
  parentCode: string | null;
  partition: string | null;
  mappings: Record<string, string>;
  sinceVersion: number;
  retiredInVersion: number | null;
}

/** New codes are inserted; known ones take the new labels, parent, mappings and retirement. */
export async function upsertCodes(tx: Executor, rows: readonly CodeValues[]) {
  if (rows.length === 0) return;
  await tx
    .insertInto("statCode")
    .values(rows.map((r) => ({ ...r, mappings: JSON.stringify(r.mappings) })))
    .onConflict((oc) =>
      oc.columns(["listCode", "code"]).doUpdateSet((eb) => ({
        labelEs: eb.ref("excluded.labelEs"),
        labelEn: eb.ref("excluded.labelEn"),
        parentCode: eb.ref("excluded.parentCode"),
        partition: eb.ref("excluded.partition"),
        mappings: eb.ref("excluded.mappings"),
        retiredInVersion: eb.ref("excluded.retiredInVersion"),
      })),
    )
    .execute();
}

export async function upsertSources(
  tx: Executor,
  rows: readonly {
    code: string;
    institutionCode: string;
    institutionName: string;
    systemCode: string | null;
    systemName: string | null;
    entityCode: string | null;
    description: string;
    sinceVersion: number;
    retiredInVersion: number | null;
  }[],
) {
  if (rows.length === 0) return;
  await tx
    .insertInto("statSource")
    .values([...rows])
    .onConflict((oc) =>
      oc.column("code").doUpdateSet((eb) => ({
        institutionCode: eb.ref("excluded.institutionCode"),
        institutionName: eb.ref("excluded.institutionName"),
        systemCode: eb.ref("excluded.systemCode"),
        systemName: eb.ref("excluded.systemName"),
        entityCode: eb.ref("excluded.entityCode"),
        description: eb.ref("excluded.description"),
        retiredInVersion: eb.ref("excluded.retiredInVersion"),
      })),
    )
    .execute();
}

export async function upsertConcepts(
  tx: Executor,
  rows: readonly {
    code: string;
    labelEs: string;
    labelEn: string;
    definition: string;
    defaultUnit: string;
    subsetOf: string | null;
    sinceVersion: number;
    retiredInVersion: number | null;
  }[],
) {
  if (rows.length === 0) return;
  // Subsets name concepts of the same file: insert every concept first, then link them.
  await tx
    .insertInto("statConcept")
    .values(rows.map((r) => ({ ...r, subsetOf: null })))
    .onConflict((oc) =>
      oc.column("code").doUpdateSet((eb) => ({
        labelEs: eb.ref("excluded.labelEs"),
        labelEn: eb.ref("excluded.labelEn"),
        definition: eb.ref("excluded.definition"),
        defaultUnit: eb.ref("excluded.defaultUnit"),
        retiredInVersion: eb.ref("excluded.retiredInVersion"),
      })),
    )
    .execute();
  for (const r of rows) {
    await tx
      .updateTable("statConcept")
      .set({ subsetOf: r.subsetOf })
      .where("code", "=", r.code)
      .execute();
  }
}

/** Codes of a list that a new version no longer names are retired by it. */
export async function retireMissingCodes(
  tx: Executor,
  table: "statCode" | "statSource" | "statConcept",
  listCode: string,
  kept: readonly string[],
  version: number,
) {
  if (table === "statCode") {
    let q = tx
      .updateTable("statCode")
      .set({ retiredInVersion: version })
      .where("listCode", "=", listCode)
      .where("retiredInVersion", "is", null);
    if (kept.length > 0) q = q.where("code", "not in", [...kept]);
    await q.execute();
    return;
  }
  let q = tx
    .updateTable(table)
    .set({ retiredInVersion: version })
    .where("retiredInVersion", "is", null);
  if (kept.length > 0) q = q.where("code", "not in", [...kept]);
  await q.execute();
}

export async function insertStatImport(
  tx: Executor,
  values: {
    kind: "archivo" | "referencia";
    sourceCode: string | null;
    fileName: string;
    format: "csv" | "xlsx" | "json";
    mappingVersion: number | null;
    importedBy: string;
  },
): Promise<number> {
  const row = await tx
    .insertInto("statImport")
    .values({
      ...values,
      // Known once the whole file has been read (finishStatImport).
      fileSha256: "0".repeat(64),
      rowsRead: 0,
      figuresNew: 0,
      figuresRestated: 0,
      figuresUnchanged: 0,
      report: "{}",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function finishStatImport(
  tx: Executor,
  id: number,
  values: {
    fileSha256: string;
    rowsRead: number;
    figuresNew: number;
    figuresRestated: number;
    figuresUnchanged: number;
    report: unknown;
  },
) {
  await tx
    .updateTable("statImport")
    .set({ ...values, report: JSON.stringify(values.report) })
    .where("id", "=", id)
    .execute();
}

export type FigureValues = Omit<Insertable<StatFigure>, "id" | "importedAt">;

/** Figures in one statement per few hundred rows (seed transcriptions: dozens, not millions). */
export async function insertFigures(tx: Executor, rows: readonly FigureValues[]) {
  for (let i = 0; i < rows.length; i += 500) {
    await tx
      .insertInto("statFigure")
      .values(rows.slice(i, i + 500))
      .execute();
  }
}

/** The columns of a row of `copyFigures`, in its order. */
export const FIGURE_COPY_COLUMNS = [
  "source_code",
  "concept_code",
  "reported_via",
  "period_type",
  "period_start",
  "period_end",
  "ubigeo",
  "sex",
  "age_band",
  "nationality",
  "exploitation_form",
  "statute",
  "value",
  "unit",
  "definition",
  "extraction_date",
  "provenance_document",
  "provenance_location",
  "origin",
  "derivation",
  "note",
  "version",
  "supersedes_id",
  "import_id",
  "imported_by",
] as const;

/**
 * A file's figures by COPY, a batch at a time in the caller's transaction: an institution's
 * export of ten years by district is millions of rows, and multi-row INSERTs cost several
 * times what COPY does (src/server/db/copy-rows.ts).
 */
export async function copyFigures(tx: Executor, rows: readonly (readonly CopyValue[])[]) {
  await copyRows(tx, "stat_figure", FIGURE_COPY_COLUMNS, rows);
}

/** Whether a source has any figure yet: a first import need not look up earlier versions. */
export async function sourceHasFigures(db: Executor, sourceCode: string): Promise<boolean> {
  const row = await db
    .selectFrom("statFigure")
    .select("id")
    .where("sourceCode", "=", sourceCode)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The key of a figure as the unique index compares it: every null as the empty string. */
export interface FigureKeyValues {
  concept: string;
  via: string;
  start: string;
  end: string;
  ubigeo: string;
  sex: string;
  ageBand: string;
  nationality: string;
  form: string;
  statute: string;
  unit: string;
}

export interface CurrentFigure extends FigureDimensions {
  id: number;
  conceptCode: string;
  reportedVia: string | null;
  periodStart: string;
  periodEnd: string;
  unit: string;
  value: number;
  definition: string;
  version: number;
}

/**
 * The current version of each of a batch's keys that the source already has, in one query. The
 * keys travel as one JSON parameter, which both backends take as text. Each key is looked up
 * LATERAL with `ORDER BY version DESC LIMIT 1`: a descent of stat_figure_key_version_idx (its
 * expressions are repeated here as written there) that stops at the first row, whatever the
 * planner believes of the table's size. A hash join over the same keys was planned from
 * statistics the bulk load had left stale and scanned millions of rows per batch (the
 * restatement chain is linear — supersedes_id is unique and each restatement takes the next
 * version — so the highest version is the current one).
 */
export async function findCurrentFiguresByKey(
  db: Executor,
  sourceCode: string,
  keys: readonly FigureKeyValues[],
): Promise<CurrentFigure[]> {
  if (keys.length === 0) return [];
  const result = await sql<CurrentFigure>`
    SELECT f.id, f.concept_code AS "conceptCode", f.reported_via AS "reportedVia",
      f.period_start AS "periodStart", f.period_end AS "periodEnd", f.ubigeo, f.sex,
      f.age_band AS "ageBand", f.nationality, f.exploitation_form AS "exploitationForm",
      f.statute, f.unit, f.value, f.definition, f.version
    FROM jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) AS k(
      concept text, via text, start date, "end" date, ubigeo text, sex text, "ageBand" text,
      nationality text, form text, statute text, unit text)
    CROSS JOIN LATERAL (
      SELECT * FROM stat_figure f
      WHERE f.source_code = ${sourceCode} AND f.concept_code = k.concept
        AND coalesce(f.reported_via, '') = k.via AND f.period_start = k.start
        AND f.period_end = k."end" AND coalesce(f.ubigeo, '') = k.ubigeo
        AND coalesce(f.sex, '') = k.sex AND coalesce(f.age_band, '') = k."ageBand"
        AND coalesce(f.nationality, '') = k.nationality
        AND coalesce(f.exploitation_form, '') = k.form AND coalesce(f.statute, '') = k.statute
        AND f.unit = k.unit
      ORDER BY f.version DESC
      LIMIT 1
    ) f`.execute(db);
  return result.rows;
}

/**
 * Fresh planner statistics for stat_figure after a bulk load, in the import's transaction
 * (ANALYZE may run in one and counts the transaction's own rows). Autovacuum would get there
 * eventually; until it does, the table looks as small as before the load to every query that
 * reads it — the year's reconciliation, the public tables, the next import.
 */
export async function analyzeFigures(tx: Executor) {
  await sql`ANALYZE stat_figure`.execute(tx);
}

export async function insertCauses(
  tx: Executor,
  rows: readonly {
    conceptCode: string;
    sourceCode: string;
    periodStart: string;
    periodEnd: string;
    cause: "unidad_de_conteo" | "base_de_fecha" | "clasificacion" | "cobertura" | "otra";
    explanation: string;
    citation: string;
    importId: number;
    recordedBy: string;
  }[],
) {
  if (rows.length === 0) return;
  await tx
    .insertInto("statDiscrepancyCause")
    .values([...rows])
    .execute();
}

export async function insertOverlaps(
  tx: Executor,
  rows: readonly {
    conceptCode: string;
    periodStart: string;
    periodEnd: string;
    sourceCodes: string[];
    method: "suma" | "maximo" | "declarada" | "desconocida";
    overlap: number | null;
    basis: string;
    citation: string;
    importId: number;
    recordedBy: string;
  }[],
) {
  if (rows.length === 0) return;
  await tx
    .insertInto("statOverlap")
    .values([...rows])
    .execute();
}
