import { sql } from "kysely";
import type { BudgetLineInput, Dimension, Level } from "../../../shared/budget/budget-fields.ts";
import { assertCents } from "../../../shared/budget/money.ts";
import type { TaggableLine, TaggingRule, TagKind } from "../../../shared/budget/tagging-rules.ts";
import type { Executor } from "../../db/connect.ts";
import { copyCsv, copyRows, csvField } from "../../db/copy-rows.ts";

/**
 * SQL of the budget feature. Bulk writes pass one array per column and `unnest` them: one
 * statement per batch, a handful of parameters whatever the batch size, the same SQL on PGlite
 * and PostgreSQL (ADR 0008).
 */

const cents = (v: number | string | bigint | null | undefined, what: string): number =>
  assertCents(Number(v ?? 0), what);
const centsOrNull = (v: number | string | bigint | null | undefined, what: string) =>
  v === null || v === undefined ? null : assertCents(Number(v), what);

export async function findPolicy(db: Executor, code: string) {
  return (
    (await db
      .selectFrom("policy")
      .select(["id", "code", "name"])
      .where("code", "=", code)
      .executeTakeFirst()) ?? null
  );
}

export async function listPolicyServices(db: Executor, policyId: number, year: number) {
  const rows = await db
    .selectFrom("service as s")
    .innerJoin("lineamiento as l", "l.id", "s.lineamientoId")
    .innerJoin("objective as o", "o.id", "l.objectiveId")
    .select([
      "s.id",
      "s.code",
      "s.number",
      "s.name",
      "o.code as objectiveCode",
      "o.name as objectiveName",
      (eb) =>
        eb
          .selectFrom("serviceResponsibility as r")
          .innerJoin("entity as e", "e.id", "r.entityId")
          .select("e.code")
          .whereRef("r.serviceId", "=", "s.id")
          .where("r.fromYear", "<=", year)
          .where((w) => w.or([w("r.toYear", "is", null), w("r.toYear", ">=", year)]))
          .orderBy("r.fromYear", "desc")
          .limit(1)
          .as("owner"),
    ])
    .where("s.policyId", "=", policyId)
    .orderBy("s.position")
    .execute();
  return rows.map((r) => ({ ...r, owner: r.owner ?? null }));
}

export async function listObjectives(db: Executor, policyId: number) {
  return db
    .selectFrom("objective")
    .select(["code", "name"])
    .where("policyId", "=", policyId)
    .orderBy("position")
    .execute();
}

export async function findServiceIds(db: Executor, policyId: number) {
  const rows = await db
    .selectFrom("service")
    .select(["id", "code"])
    .where("policyId", "=", policyId)
    .execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

export async function loadUbigeoCodes(db: Executor): Promise<Set<string>> {
  const rows = await db.selectFrom("ubigeo").select("code").execute();
  return new Set(rows.map((r) => r.code));
}

// ---- imports ----

export async function findCurrentImports(db: Executor) {
  return db
    .selectFrom("budgetImport")
    .select(["id", "year", "fileName", "importedAt", "rowsLoaded", "fileSha256", "notice"])
    .where("isCurrent", "=", true)
    .orderBy("year")
    .execute();
}

export async function listImports(db: Executor) {
  return db
    .selectFrom("budgetImport")
    .select([
      "id",
      "year",
      "fileName",
      "fileSha256",
      "notice",
      "format",
      "rowsRead",
      "rowsLoaded",
      "rowsRejected",
      "isCurrent",
      "importedBy",
      "importedAt",
      "report",
    ])
    .orderBy("id", "desc")
    .execute();
}

export async function insertImport(
  tx: Executor,
  values: {
    year: number;
    fileName: string;
    fileSha256: string;
    notice: string | null;
    format: "csv" | "xlsx";
    importedBy: string;
  },
): Promise<number> {
  const row = await tx
    .insertInto("budgetImport")
    .values({
      ...values,
      rowsRead: 0,
      rowsLoaded: 0,
      rowsRejected: 0,
      report: "{}",
      isCurrent: false,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function finishImport(
  tx: Executor,
  id: number,
  values: { rowsRead: number; rowsLoaded: number; rowsRejected: number; report: unknown },
) {
  await tx
    .updateTable("budgetImport")
    .set({ ...values, report: JSON.stringify(values.report) })
    .where("id", "=", id)
    .execute();
}

/** The new import becomes the year's current one; the old one stays as history, emptied. */
export async function makeImportCurrent(tx: Executor, year: number, id: number) {
  await tx
    .updateTable("budgetImport")
    .set({ isCurrent: false })
    .where("year", "=", year)
    .where("isCurrent", "=", true)
    .execute();
  await tx.updateTable("budgetImport").set({ isCurrent: true }).where("id", "=", id).execute();
}

/** Deletes an import's lines and everything derived from them, child tables first. */
export async function deleteImportData(tx: Executor, importId: number) {
  await tx.deleteFrom("budgetTag").where("importId", "=", importId).execute();
  await tx.deleteFrom("budgetReview").where("importId", "=", importId).execute();
  await tx.deleteFrom("budgetLine").where("importId", "=", importId).execute();
  await tx.deleteFrom("budgetLabel").where("importId", "=", importId).execute();
  await tx.deleteFrom("budgetPliegoTotal").where("importId", "=", importId).execute();
}

export async function pliegoTotalsOfImport(db: Executor, importId: number) {
  const rows = await db
    .selectFrom("budgetPliegoTotal")
    .selectAll()
    .where("importId", "=", importId)
    .execute();
  return rows.map((r) => ({
    ...r,
    nivel: r.nivel,
    piaCents: cents(r.piaCents, "PIA"),
    pimCents: cents(r.pimCents, "PIM"),
    devengadoCents: cents(r.devengadoCents, "devengado"),
  }));
}

export interface LineRow {
  importId: number;
  line: BudgetLineInput;
}

const LINE_COLUMNS = [
  "import_id",
  "line_no",
  "year",
  "nivel",
  "sector_code",
  "pliego_code",
  "ejecutora_code",
  "programa_code",
  "producto_code",
  "actividad_code",
  "funcion_code",
  "division_code",
  "grupo_code",
  "meta_code",
  "meta_name",
  "finalidad_code",
  "department_code",
  "province_code",
  "district_code",
  "fuente_code",
  "generica_code",
  "pia_cents",
  "pim_cents",
  "certificacion_cents",
  "compromiso_cents",
  "devengado_cents",
  "girado_cents",
];

const orEmpty = (code: string | null) => code ?? "";

/**
 * Budget lines by COPY: the bulk of a million-line import (see copy-rows.ts). Written straight
 * to CSV text, a million times: codes have passed validation (`[0-9A-Z.-]`, digits for ubigeo),
 * so they never need quotes and an empty field is NULL; only the meta's name is free text.
 */
export async function insertLines(
  tx: Executor,
  importIdOf: (year: number) => number,
  lines: readonly BudgetLineInput[],
) {
  let text = "";
  for (const l of lines) {
    const c = l.codes;
    text += `${importIdOf(l.year)},${l.lineNo},${l.year},${l.nivel},${orEmpty(c.sector)},${orEmpty(c.pliego)},${orEmpty(c.ejecutora)},${orEmpty(c.programa)},${orEmpty(c.producto)},${orEmpty(c.actividad)},${orEmpty(c.funcion)},${orEmpty(c.division)},${orEmpty(c.grupo)},${orEmpty(l.metaCode)},${csvField(l.metaName)},${orEmpty(c.finalidad)},${orEmpty(l.departmentCode)},${orEmpty(l.provinceCode)},${orEmpty(l.districtCode)},${orEmpty(c.fuente)},${orEmpty(c.generica)},${l.pia},${l.pim},${l.certificacion ?? ""},${l.compromiso ?? ""},${l.devengado},${l.girado ?? ""}\n`;
  }
  await copyCsv(tx, "budget_line", LINE_COLUMNS, text);
}

export interface TagRow {
  importId: number;
  lineNo: number;
  ruleId: number;
  policyId: number;
  serviceId: number;
  kind: TagKind;
  shareBp: number;
  pia: number;
  pim: number;
  certificacion: number | null;
  compromiso: number | null;
  devengado: number;
  girado: number | null;
}

export async function insertTags(tx: Executor, tags: readonly TagRow[]) {
  await copyRows(
    tx,
    "budget_tag",
    [
      "import_id",
      "line_no",
      "rule_id",
      "policy_id",
      "service_id",
      "kind",
      "share_bp",
      "pia_cents",
      "pim_cents",
      "certificacion_cents",
      "compromiso_cents",
      "devengado_cents",
      "girado_cents",
    ],
    tags.map((t) => [
      t.importId,
      t.lineNo,
      t.ruleId,
      t.policyId,
      t.serviceId,
      t.kind,
      t.shareBp,
      t.pia,
      t.pim,
      t.certificacion,
      t.compromiso,
      t.devengado,
      t.girado,
    ]),
  );
}

export interface ReviewRow {
  importId: number;
  lineNo: number;
  policyId: number;
  matched: string;
}

export async function insertReviews(tx: Executor, rows: readonly ReviewRow[]) {
  await copyRows(
    tx,
    "budget_review",
    ["import_id", "line_no", "policy_id", "matched"],
    rows.map((r) => [r.importId, r.lineNo, r.policyId, r.matched]),
  );
}

export interface LabelRow {
  importId: number;
  dimension: string;
  code: string;
  name: string;
}

export async function insertLabels(tx: Executor, rows: readonly LabelRow[]) {
  // A synthetic million-line file has hundreds of thousands of finalidades: COPY, in parts
  // so that no single payload grows past a few megabytes.
  for (let i = 0; i < rows.length; i += 50_000) {
    await copyRows(
      tx,
      "budget_label",
      ["import_id", "dimension", "code", "name"],
      rows.slice(i, i + 50_000).map((r) => [r.importId, r.dimension, r.code, r.name]),
    );
  }
}

export async function insertPliegoTotals(
  tx: Executor,
  rows: readonly {
    importId: number;
    nivel: Level;
    pliegoCode: string;
    pliegoName: string | null;
    lines: number;
    pia: number;
    pim: number;
    devengado: number;
  }[],
) {
  await copyRows(
    tx,
    "budget_pliego_total",
    [
      "import_id",
      "nivel",
      "pliego_code",
      "pliego_name",
      "lines",
      "pia_cents",
      "pim_cents",
      "devengado_cents",
    ],
    rows.map((r) => [
      r.importId,
      r.nivel,
      r.pliegoCode,
      r.pliegoName,
      r.lines,
      r.pia,
      r.pim,
      r.devengado,
    ]),
  );
}

/**
 * One page of an import's lines, in line order, with the names the tagger reads. Keyset
 * pagination keeps memory flat on PGlite, which cannot stream a result.
 */
export async function pageTaggableLines(
  db: Executor,
  importId: number,
  afterLineNo: number,
  limit: number,
): Promise<(TaggableLine & { lineNo: number; rawText: string })[]> {
  const label = (dimension: string, column: string) =>
    sql<string | null>`(SELECT name FROM budget_label b WHERE b.import_id = l.import_id
      AND b.dimension = ${dimension} AND b.code = ${sql.ref(column)})`;
  const rows = await db
    .selectFrom("budgetLine as l")
    .select([
      "l.lineNo",
      "l.year",
      "l.nivel",
      "l.pliegoCode",
      "l.ejecutoraCode",
      "l.programaCode",
      "l.productoCode",
      "l.actividadCode",
      "l.metaCode",
      "l.metaName",
      "l.finalidadCode",
      "l.piaCents",
      "l.pimCents",
      "l.certificacionCents",
      "l.compromisoCents",
      "l.devengadoCents",
      "l.giradoCents",
      label("programa", "l.programa_code").as("programaName"),
      label("producto", "l.producto_code").as("productoName"),
      label("actividad", "l.actividad_code").as("actividadName"),
      label("finalidad", "l.finalidad_code").as("finalidadName"),
    ])
    .where("l.importId", "=", importId)
    .where("l.lineNo", ">", afterLineNo)
    .orderBy("l.lineNo")
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const rawText = [r.programaName, r.productoName, r.actividadName, r.metaName, r.finalidadName]
      .filter(Boolean)
      .join(" | ");
    return {
      lineNo: r.lineNo,
      year: r.year,
      nivel: r.nivel,
      pliegoCode: r.pliegoCode,
      ejecutoraCode: r.ejecutoraCode,
      programaCode: r.programaCode,
      productoCode: r.productoCode,
      actividadCode: r.actividadCode,
      metaCode: r.metaCode,
      finalidadCode: r.finalidadCode,
      text: "",
      rawText,
      amounts: {
        pia: cents(r.piaCents, "PIA"),
        pim: cents(r.pimCents, "PIM"),
        certificacion: centsOrNull(r.certificacionCents, "certificación"),
        compromiso: centsOrNull(r.compromisoCents, "compromiso"),
        devengado: cents(r.devengadoCents, "devengado"),
        girado: centsOrNull(r.giradoCents, "girado"),
      },
    };
  });
}

export async function deleteTagsOfImport(tx: Executor, importId: number, policyId: number) {
  await tx
    .deleteFrom("budgetTag")
    .where("importId", "=", importId)
    .where("policyId", "=", policyId)
    .execute();
  await tx
    .deleteFrom("budgetReview")
    .where("importId", "=", importId)
    .where("policyId", "=", policyId)
    .execute();
}

// ---- rules ----

export async function findLatestRuleSet(db: Executor, policyId: number) {
  return (
    (await db
      .selectFrom("budgetRuleSet")
      .selectAll()
      .where("policyId", "=", policyId)
      .orderBy("version", "desc")
      .limit(1)
      .executeTakeFirst()) ?? null
  );
}

export async function listLatestRuleSets(db: Executor) {
  return db
    .selectFrom("budgetRuleSet as s")
    .selectAll("s")
    .where(({ eb, selectFrom }) =>
      eb(
        "s.version",
        "=",
        selectFrom("budgetRuleSet as x")
          .select((x) => x.fn.max("x.version").as("v"))
          .whereRef("x.policyId", "=", "s.policyId"),
      ),
    )
    .execute();
}

export async function listRules(db: Executor, ruleSetId: number): Promise<TaggingRule[]> {
  const rows = await db
    .selectFrom("budgetRule")
    .selectAll()
    .where("ruleSetId", "=", ruleSetId)
    .orderBy("position")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    position: r.position,
    serviceId: r.serviceId,
    kind: r.kind,
    shareBp: r.shareBp,
    fromYear: r.fromYear,
    toYear: r.toYear,
    nivel: r.nivel,
    pliegoCode: r.pliegoCode,
    ejecutoraCode: r.ejecutoraCode,
    programaCode: r.programaCode,
    productoCode: r.productoCode,
    actividadCode: r.actividadCode,
    metaCode: r.metaCode,
    finalidadCode: r.finalidadCode,
    textPattern: r.textPattern,
  }));
}

export async function listRulesWithRationale(db: Executor, ruleSetId: number) {
  return db
    .selectFrom("budgetRule as r")
    .innerJoin("service as s", "s.id", "r.serviceId")
    .select([
      "r.code",
      "s.code as service",
      "r.kind",
      "r.shareBp",
      "r.fromYear",
      "r.toYear",
      "r.nivel",
      "r.pliegoCode",
      "r.ejecutoraCode",
      "r.programaCode",
      "r.productoCode",
      "r.actividadCode",
      "r.metaCode",
      "r.finalidadCode",
      "r.textPattern",
      "r.rationale",
    ])
    .where("r.ruleSetId", "=", ruleSetId)
    .orderBy("r.position")
    .execute();
}

export async function insertRuleSet(
  tx: Executor,
  values: {
    policyId: number;
    version: number;
    note: string | null;
    reviewPatterns: string[];
    createdBy: string;
  },
  rules: readonly (Omit<TaggingRule, "id"> & { rationale: string })[],
): Promise<number> {
  const set = await tx
    .insertInto("budgetRuleSet")
    .values({ ...values, reviewPatterns: JSON.stringify(values.reviewPatterns) })
    .returning("id")
    .executeTakeFirstOrThrow();
  await tx
    .insertInto("budgetRule")
    .values(rules.map((r) => ({ ...r, ruleSetId: set.id })))
    .execute();
  return set.id;
}

// ---- reference ----

export async function replaceReference(
  tx: Executor,
  policyId: number,
  input: {
    amounts: {
      year: number;
      scope: "nacional" | "pliego";
      pliegoCode: string;
      pliegoName: string | null;
      nivel: Level | null;
      piaCents: number;
      pimCents: number;
      source: string;
    }[];
    population: { year: number; inhabitants: number; source: string }[];
    priority: { pliegoCode: string; nivel: Level; label: string; position: number }[];
  },
) {
  for (const a of input.amounts) {
    await tx
      .insertInto("budgetReferenceAmount")
      .values(a)
      .onConflict((oc) =>
        oc.columns(["year", "scope", "pliegoCode"]).doUpdateSet({
          pliegoName: a.pliegoName,
          nivel: a.nivel,
          piaCents: a.piaCents,
          pimCents: a.pimCents,
          source: a.source,
        }),
      )
      .execute();
  }
  for (const p of input.population) {
    await tx
      .insertInto("referencePopulation")
      .values(p)
      .onConflict((oc) =>
        oc.column("year").doUpdateSet({ inhabitants: p.inhabitants, source: p.source }),
      )
      .execute();
  }
  await tx.deleteFrom("budgetPriorityPliego").where("policyId", "=", policyId).execute();
  if (input.priority.length > 0) {
    await tx
      .insertInto("budgetPriorityPliego")
      .values(input.priority.map((p) => ({ ...p, policyId })))
      .execute();
  }
}

export async function countReference(db: Executor) {
  const row = await db
    .selectFrom("budgetReferenceAmount")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- analyses ----

/** Tags of the current imports joined to their lines: what every analysis sums. */
function currentTagLines(db: Executor) {
  return db
    .selectFrom("budgetTag as t")
    .innerJoin("budgetImport as i", (j) =>
      j.onRef("i.id", "=", "t.importId").on("i.isCurrent", "=", true),
    )
    .innerJoin("budgetLine as l", (j) =>
      j.onRef("l.importId", "=", "t.importId").onRef("l.lineNo", "=", "t.lineNo"),
    );
}

/** Tagged amounts of the current imports, per year, level, pliego, service and kind. */
export async function sumTags(db: Executor, policyId: number) {
  const rows = await currentTagLines(db)
    .select((eb) => [
      "i.year",
      "l.nivel",
      "l.pliegoCode",
      "t.serviceId",
      "t.kind",
      eb.fn.countAll<string>().as("lines"),
      eb.fn.sum<string>("t.piaCents").as("pia"),
      eb.fn.sum<string>("t.pimCents").as("pim"),
      eb.fn.sum<string | null>("t.certificacionCents").as("certificacion"),
      eb.fn.sum<string | null>("t.compromisoCents").as("compromiso"),
      eb.fn.sum<string>("t.devengadoCents").as("devengado"),
      eb.fn.sum<string | null>("t.giradoCents").as("girado"),
    ])
    .where("t.policyId", "=", policyId)
    .groupBy(["i.year", "l.nivel", "l.pliegoCode", "t.serviceId", "t.kind"])
    .execute();
  return rows.map((r) => ({
    year: r.year,
    nivel: r.nivel,
    pliegoCode: r.pliegoCode,
    serviceId: r.serviceId,
    kind: r.kind,
    lines: Number(r.lines),
    pia: cents(r.pia, "PIA"),
    pim: cents(r.pim, "PIM"),
    certificacion: centsOrNull(r.certificacion, "certificación"),
    compromiso: centsOrNull(r.compromiso, "compromiso"),
    devengado: cents(r.devengado, "devengado"),
    girado: centsOrNull(r.girado, "girado"),
  }));
}

/**
 * Specific tagged amounts of the year's current import by the department of the line. The
 * import stores the first two digits of the line's ubigeo in department_code (null when the
 * line has none), so grouping by it is grouping by department.
 */
export async function sumTagsByDepartment(db: Executor, policyId: number, year: number) {
  const rows = await currentTagLines(db)
    .select((eb) => [
      "l.departmentCode",
      eb.fn.sum<string>("t.piaCents").as("pia"),
      eb.fn.sum<string>("t.pimCents").as("pim"),
      eb.fn.sum<string>("t.devengadoCents").as("devengado"),
    ])
    .where("t.policyId", "=", policyId)
    .where("i.year", "=", year)
    .where("t.kind", "=", "especifico")
    .groupBy("l.departmentCode")
    .execute();
  return rows.map((r) => ({
    department: r.departmentCode,
    pia: cents(r.pia, "PIA"),
    pim: cents(r.pim, "PIM"),
    devengado: cents(r.devengado, "devengado"),
  }));
}

export async function listDepartments(db: Executor) {
  return db
    .selectFrom("ubigeo")
    .select(["code", "name"])
    .where("level", "=", "departamento")
    .orderBy("code")
    .execute();
}

/** Lines whose shares exceeded 100 % (several services), per year of the current imports. */
export async function countOverAllocated(db: Executor, policyId: number) {
  const rows = await db
    .selectFrom("budgetTag as t")
    .innerJoin("budgetImport as i", (j) =>
      j.onRef("i.id", "=", "t.importId").on("i.isCurrent", "=", true),
    )
    .select(["i.year", "t.importId", "t.lineNo"])
    .where("t.policyId", "=", policyId)
    .where("t.kind", "=", "especifico")
    .groupBy(["i.year", "t.importId", "t.lineNo"])
    .having((eb) => eb.fn.sum("t.shareBp"), ">", 10000)
    .execute();
  const byYear = new Map<number, number>();
  for (const r of rows) byYear.set(r.year, (byYear.get(r.year) ?? 0) + 1);
  return byYear;
}

export async function listPliegoTotalsOfCurrent(db: Executor) {
  const rows = await db
    .selectFrom("budgetPliegoTotal as p")
    .innerJoin("budgetImport as i", (j) =>
      j.onRef("i.id", "=", "p.importId").on("i.isCurrent", "=", true),
    )
    .select([
      "i.year",
      "p.nivel",
      "p.pliegoCode",
      "p.pliegoName",
      "p.piaCents",
      "p.pimCents",
      "p.devengadoCents",
    ])
    .execute();
  return rows.map((r) => ({
    year: r.year,
    nivel: r.nivel,
    pliegoCode: r.pliegoCode,
    pliegoName: r.pliegoName,
    pia: cents(r.piaCents, "PIA"),
    pim: cents(r.pimCents, "PIM"),
    devengado: cents(r.devengadoCents, "devengado"),
  }));
}

export async function listReferenceAmounts(db: Executor) {
  const rows = await db.selectFrom("budgetReferenceAmount").selectAll().execute();
  return rows.map((r) => ({
    ...r,
    nivel: r.nivel,
    piaCents: cents(r.piaCents, "PIA"),
    pimCents: cents(r.pimCents, "PIM"),
  }));
}

export async function listPopulation(db: Executor) {
  const rows = await db.selectFrom("referencePopulation").selectAll().execute();
  return rows.map((r) => ({ ...r, inhabitants: Number(r.inhabitants) }));
}

export async function listPriorityPliegos(db: Executor, policyId: number) {
  const rows = await db
    .selectFrom("budgetPriorityPliego")
    .select(["pliegoCode", "nivel", "label"])
    .where("policyId", "=", policyId)
    .orderBy("position")
    .execute();
  return rows;
}

export async function listReviewLines(db: Executor, policyId: number, year: number, limit: number) {
  const rows = await db
    .selectFrom("budgetReview as r")
    .innerJoin("budgetImport as i", (j) =>
      j.onRef("i.id", "=", "r.importId").on("i.isCurrent", "=", true),
    )
    .innerJoin("budgetLine as l", (j) =>
      j.onRef("l.importId", "=", "r.importId").onRef("l.lineNo", "=", "r.lineNo"),
    )
    .select([
      "r.importId",
      "r.lineNo",
      "r.matched",
      "l.pliegoCode",
      "l.metaCode",
      "l.metaName",
      "l.pimCents",
      sql<string | null>`(SELECT name FROM budget_label b WHERE b.import_id = l.import_id
        AND b.dimension = 'actividad' AND b.code = l.actividad_code)`.as("actividadName"),
    ])
    .where("r.policyId", "=", policyId)
    .where("i.year", "=", year)
    .orderBy("l.pimCents", "desc")
    .orderBy("r.lineNo")
    .limit(limit)
    .execute();
  const total = await db
    .selectFrom("budgetReview as r")
    .innerJoin("budgetImport as i", (j) =>
      j.onRef("i.id", "=", "r.importId").on("i.isCurrent", "=", true),
    )
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("r.policyId", "=", policyId)
    .where("i.year", "=", year)
    .executeTakeFirstOrThrow();
  return {
    total: Number(total.n),
    lines: rows.map((r) => ({
      importId: r.importId,
      lineNo: r.lineNo,
      pliego: r.pliegoCode,
      meta: r.metaCode,
      text: [r.actividadName, r.metaName].filter(Boolean).join(" · "),
      matched: r.matched,
      pimCents: cents(r.pimCents, "PIM"),
    })),
  };
}

export async function findLabels(db: Executor, importIds: readonly number[], dimension: Dimension) {
  if (importIds.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom("budgetLabel")
    .select(["code", "name"])
    .where("importId", "in", importIds)
    .where("dimension", "=", dimension)
    .execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}
