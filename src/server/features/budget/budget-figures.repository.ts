import { sql } from "kysely";
import type { Level } from "../../../shared/budget/budget-fields.ts";
import { columnCents, columnCentsOrNull } from "../../../shared/budget/money.ts";
import type { TagKind } from "../../../shared/budget/tagging-rules.ts";
import type { Executor } from "../../db/connect.ts";

/**
 * The reads of the budget analyses: the policy's services and objectives, sums of the current
 * imports' tags by year, level, pliego, service and department, and the lines waiting for
 * review (one page). Never all the lines: a million imported lines cost what a thousand do.
 */

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
    nivel: r.nivel as Level,
    pliegoCode: r.pliegoCode,
    serviceId: r.serviceId,
    kind: r.kind as TagKind,
    lines: Number(r.lines),
    pia: columnCents(r.pia, "PIA"),
    pim: columnCents(r.pim, "PIM"),
    certificacion: columnCentsOrNull(r.certificacion, "certificación"),
    compromiso: columnCentsOrNull(r.compromiso, "compromiso"),
    devengado: columnCents(r.devengado, "devengado"),
    girado: columnCentsOrNull(r.girado, "girado"),
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
    pia: columnCents(r.pia, "PIA"),
    pim: columnCents(r.pim, "PIM"),
    devengado: columnCents(r.devengado, "devengado"),
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
    nivel: r.nivel as Level,
    pliegoCode: r.pliegoCode,
    pliegoName: r.pliegoName,
    pia: columnCents(r.piaCents, "PIA"),
    pim: columnCents(r.pimCents, "PIM"),
    devengado: columnCents(r.devengadoCents, "devengado"),
  }));
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
      pimCents: columnCents(r.pimCents, "PIM"),
    })),
  };
}
