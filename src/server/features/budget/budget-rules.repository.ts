import { sql } from "kysely";
import type { Level } from "../../../shared/budget/budget-fields.ts";
import { columnCents, columnCentsOrNull } from "../../../shared/budget/money.ts";
import type { TaggableLine, TaggingRule, TagKind } from "../../../shared/budget/tagging-rules.ts";
import type { Executor } from "../../db/connect.ts";

/**
 * Tagging rules, versioned (a change is a new rule set; the latest one is in force), and the
 * reads and deletes of a re-tagging: the current imports' lines a page at a time, and the tags
 * and reviews they had.
 */

type ClassifierCodes = {
  pliegoCode: string | null;
  ejecutoraCode: string | null;
  programaCode: string | null;
  productoCode: string | null;
  actividadCode: string | null;
  metaCode: string | null;
  finalidadCode: string | null;
};

/** The classifier codes a rule matches on and a line carries, under the same names. */
function classifierCodes<T extends ClassifierCodes>(r: T): { [K in keyof ClassifierCodes]: T[K] } {
  return {
    pliegoCode: r.pliegoCode,
    ejecutoraCode: r.ejecutoraCode,
    programaCode: r.programaCode,
    productoCode: r.productoCode,
    actividadCode: r.actividadCode,
    metaCode: r.metaCode,
    finalidadCode: r.finalidadCode,
  };
}

export async function findServiceIds(db: Executor, policyId: number) {
  const rows = await db
    .selectFrom("service")
    .select(["id", "code"])
    .where("policyId", "=", policyId)
    .execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

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
    kind: r.kind as TagKind,
    shareBp: r.shareBp,
    fromYear: r.fromYear,
    toYear: r.toYear,
    nivel: r.nivel as Level | null,
    ...classifierCodes(r),
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
      nivel: r.nivel as Level,
      ...classifierCodes(r),
      text: "",
      rawText,
      amounts: {
        pia: columnCents(r.piaCents, "PIA"),
        pim: columnCents(r.pimCents, "PIM"),
        certificacion: columnCentsOrNull(r.certificacionCents, "certificación"),
        compromiso: columnCentsOrNull(r.compromisoCents, "compromiso"),
        devengado: columnCents(r.devengadoCents, "devengado"),
        girado: columnCentsOrNull(r.giradoCents, "girado"),
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
