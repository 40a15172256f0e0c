import type { Actor } from "../../../shared/actor.ts";
import type { VeeduriaSemaforo } from "../../../shared/contracts/veedurias.contract.ts";
import {
  countStatuses,
  DEPARTMENT_NAMES,
  dominantStatus,
  emptyCounts,
  ungraded,
  VEEDURIA_STATUS_COLOURS,
  VEEDURIA_STATUS_LABELS,
  VEEDURIA_STATUSES,
  type VeeduriaStatus,
} from "../../../shared/veedurias/veeduria-semaforo.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database } from "../../db/connect.ts";
import { cachedRead } from "../../db/read-cache.ts";
import { conflict, invalid, notFound } from "../../errors.ts";
import { listLineamientos } from "../catalogue/policy.repository.ts";
import { requirePolicy, requirePolicyId } from "../catalogue/policy.service.ts";
import {
  findVeeduria,
  insertAssessments,
  insertInstitutions,
  insertVeeduria,
  listAssessmentRows,
  listInstitutions,
  listReferenceCountRows,
  listVeeduriaRows,
  lockAssessments,
  updateAssessment,
} from "./veedurias.repository.ts";

/**
 * Veedurías and their semáforo (docs/veedurias.md, ADR 0033). The administrator registers a
 * veeduría (a display name, its region, its member institutions: no person's data) and its
 * grades of the lineamientos per period; the public reads the region × lineamiento matrix.
 * Counts that a document published without saying which lineamiento has which status are kept
 * as counts (`veeduria_reference_count`, loaded by veeduria-reference.service.ts) and shown as
 * such, never spread over lineamientos.
 */

/** Every row the semáforo and its open data are made of, read once per data version. */
export interface VeeduriaData {
  policy: { code: string; name: string };
  lineamientos: { id: number; code: string; objective: string; text: string }[];
  veedurias: {
    id: number;
    code: string;
    name: string;
    department: string;
    departmentName: string;
    referenceSource: string | null;
    institutions: string[];
  }[];
  assessments: {
    veeduriaId: number;
    lineamiento: string;
    period: string;
    status: VeeduriaStatus;
    rationale: string;
    recordedAt: string;
  }[];
  referenceCounts: {
    veeduriaId: number;
    period: string;
    status: VeeduriaStatus;
    lineamientos: number;
    note: string | null;
    source: string;
    citation: string;
  }[];
  /** Periods with grades or counts, latest first. */
  periods: string[];
  /** The latest registration or grade: the files' Last-Modified. */
  lastModified: string | null;
}

/** The label every transcribed row carries, on the page and in the files. */
export const REFERENCE_LABEL =
  "Transcrito del documento de CHS Alternativo (seed 000), no es una exportación institucional";

/** Latest first: by the last year the period covers, the whole year before its semesters (S2 before S1), a single year before a span ending with it. */
export function sortPeriods(periods: Iterable<string>): string[] {
  const key = (p: string) => {
    const [first, rest] = p.split("-");
    const end = rest && /^\d{4}$/.test(rest) ? Number(rest) : Number(first);
    const part = rest === "S1" ? 1 : rest === "S2" ? 2 : 3;
    const span = rest && /^\d{4}$/.test(rest) ? end - Number(first) : 0;
    return [end, part, span] as const;
  };
  return [...new Set(periods)].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return kb[0] - ka[0] || kb[1] - ka[1] || ka[2] - kb[2] || a.localeCompare(b);
  });
}

export async function readVeeduriaData(
  db: Database,
  _actor: Actor,
  input: { policyCode: string },
): Promise<VeeduriaData> {
  return cachedRead(db, "policy", `veedurias:${input.policyCode}`, async () => {
    const policy = await requirePolicy(db, input.policyCode);
    const [lineamientos, rows, assessments, counts] = await Promise.all([
      listLineamientos(db, policy.id),
      listVeeduriaRows(db, policy.id),
      listAssessmentRows(db, policy.id),
      listReferenceCountRows(db, policy.id),
    ]);
    const institutions = await listInstitutions(
      db,
      rows.map((r) => r.id),
    );
    return {
      policy: { code: policy.code, name: policy.name },
      lineamientos,
      veedurias: rows.map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        department: r.departmentCode,
        departmentName: DEPARTMENT_NAMES[r.departmentCode] ?? r.departmentCode,
        referenceSource: r.referenceSource,
        institutions: institutions.filter((i) => i.veeduriaId === r.id).map((i) => i.name),
      })),
      assessments: assessments.map((a) => ({
        veeduriaId: a.veeduriaId,
        lineamiento: a.lineamiento,
        period: a.period,
        status: a.status as VeeduriaStatus,
        rationale: a.rationale,
        recordedAt: new Date(a.recordedAt).toISOString(),
      })),
      referenceCounts: counts.map((c) => ({ ...c, status: c.status as VeeduriaStatus })),
      periods: sortPeriods([...assessments.map((a) => a.period), ...counts.map((c) => c.period)]),
      lastModified:
        [...rows.map((r) => r.createdAt), ...assessments.map((a) => a.recordedAt)]
          .map((d) => new Date(d).toISOString())
          .sort()
          .at(-1) ?? null,
    };
  });
}

/**
 * A veeduría's lineamientos per status in a period: from its grades when it has any (they
 * are the finer record), else from the counts a document published, else none.
 */
export function veeduriaCounts(data: VeeduriaData, veeduriaId: number, period: string) {
  const grades = data.assessments.filter((a) => a.veeduriaId === veeduriaId && a.period === period);
  if (grades.length > 0)
    return { counts: countStatuses(grades.map((g) => g.status)), from: "evaluaciones" as const };
  const reference = data.referenceCounts.filter(
    (c) => c.veeduriaId === veeduriaId && c.period === period,
  );
  if (reference.length === 0) return { counts: emptyCounts(), from: "ninguno" as const };
  const counts = emptyCounts();
  for (const c of reference) counts[c.status] += c.lineamientos;
  return { counts, from: "referencia" as const };
}

/** The public semáforo of a period: region × lineamiento with the grades and the counts. */
export async function readSemaforo(
  db: Database,
  actor: Actor,
  input: { policyCode: string; period?: string },
): Promise<VeeduriaSemaforo> {
  // Cached and frozen, so the router encodes and compresses it once per data version.
  return cachedRead(
    db,
    "policy",
    `veedurias:${input.policyCode}:semaforo:${input.period ?? ""}`,
    () => buildSemaforo(db, actor, input),
  );
}

async function buildSemaforo(
  db: Database,
  actor: Actor,
  input: { policyCode: string; period?: string },
): Promise<VeeduriaSemaforo> {
  const data = await readVeeduriaData(db, actor, { policyCode: input.policyCode });
  const period = input.period ?? data.periods[0] ?? null;
  if (input.period !== undefined && !data.periods.includes(input.period)) {
    throw notFound(
      `No hay calificaciones de veedurías para el periodo ${input.period}. Periodos con datos: ${data.periods.join(", ") || "ninguno"}.`,
    );
  }
  return {
    policy: data.policy,
    period,
    periods: data.periods,
    statuses: VEEDURIA_STATUSES.map((status) => ({
      status,
      label: VEEDURIA_STATUS_LABELS[status],
      colour: VEEDURIA_STATUS_COLOURS[status],
    })),
    lineamientos: data.lineamientos.map(({ code, objective, text }) => ({ code, objective, text })),
    veedurias: data.veedurias.map((v) => {
      const { counts, from } =
        period === null
          ? { counts: emptyCounts(), from: "ninguno" as const }
          : veeduriaCounts(data, v.id, period);
      return {
        code: v.code,
        name: v.name,
        department: v.department,
        departmentName: v.departmentName,
        institutions: v.institutions,
        reference: v.referenceSource ? { label: REFERENCE_LABEL, source: v.referenceSource } : null,
        grades: data.assessments
          .filter((a) => a.veeduriaId === v.id && a.period === period)
          .map(({ lineamiento, status, rationale }) => ({ lineamiento, status, rationale })),
        referenceCounts: data.referenceCounts
          .filter((c) => c.veeduriaId === v.id && c.period === period)
          .map(({ status, lineamientos, note, source, citation }) => ({
            status,
            lineamientos,
            note,
            source,
            citation,
          })),
        counts,
        countsFrom: from,
        notStated: ungraded(counts, data.lineamientos.length),
        dominant: dominantStatus(counts),
      };
    }),
  };
}

/** Registers a veeduría: a display name, its region and its member institutions. */
export async function createVeeduria(
  db: Database,
  actor: Actor,
  input: {
    policyCode: string;
    code: string;
    name: string;
    department: string;
    institutions: string[];
  },
) {
  const policyId = await requirePolicyId(db, input.policyCode);
  const repeated = input.institutions.find((n, i) => input.institutions.indexOf(n) !== i);
  if (repeated !== undefined)
    throw invalid(`La institución «${repeated}» está repetida.`, [
      { path: "body.institutions", message: "institución repetida" },
    ]);
  return db.transaction().execute(async (tx) => {
    if (await findVeeduria(tx, policyId, input.code))
      throw conflict(`Ya existe la veeduría «${input.code}».`);
    const id = await insertVeeduria(tx, {
      policyId,
      code: input.code,
      name: input.name,
      departmentCode: input.department,
      referenceSource: null,
      createdBy: actor.id,
    });
    await insertInstitutions(tx, id, input.institutions);
    const view = {
      code: input.code,
      name: input.name,
      department: input.department,
      institutions: input.institutions,
    };
    await recordAudit(tx, actor, {
      action: "veeduria.create",
      objectType: "veeduria",
      objectId: String(id),
      after: { policy: input.policyCode, ...view },
    });
    return view;
  });
}

/**
 * A veeduría's grades of a period, all or nothing: new lineamientos are added, graded ones
 * changed (before and after in the audit), the rest left as they were.
 */
export async function recordAssessments(
  db: Database,
  actor: Actor,
  input: {
    policyCode: string;
    veeduria: string;
    period: string;
    assessments: { lineamiento: string; status: VeeduriaStatus; rationale: string }[];
  },
) {
  const policyId = await requirePolicyId(db, input.policyCode);
  const lineamientos = new Map(
    (await listLineamientos(db, policyId)).map((l) => [l.code, l.id] as const),
  );
  const problems: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  input.assessments.forEach((a, i) => {
    if (!lineamientos.has(a.lineamiento))
      problems.push({
        path: `body.assessments.${i}.lineamiento`,
        message: `lineamiento «${a.lineamiento}» no existe en la política`,
      });
    if (seen.has(a.lineamiento))
      problems.push({
        path: `body.assessments.${i}.lineamiento`,
        message: `lineamiento «${a.lineamiento}» repetido`,
      });
    seen.add(a.lineamiento);
  });
  if (problems.length > 0)
    throw invalid("Hay calificaciones inválidas; no se guardó ninguna.", problems);
  return db.transaction().execute(async (tx) => {
    const veeduria = await findVeeduria(tx, policyId, input.veeduria);
    if (!veeduria) throw notFound(`No existe la veeduría «${input.veeduria}».`);
    const current = new Map(
      (await lockAssessments(tx, veeduria.id, input.period)).map((r) => [r.lineamientoId, r]),
    );
    const inserts = [];
    const changes: { lineamiento: string; before: unknown; after: unknown }[] = [];
    let unchanged = 0;
    for (const a of input.assessments) {
      const lineamientoId = lineamientos.get(a.lineamiento) as number;
      const known = current.get(lineamientoId);
      if (!known) {
        inserts.push({
          veeduriaId: veeduria.id,
          lineamientoId,
          period: input.period,
          status: a.status,
          rationale: a.rationale,
          recordedBy: actor.id,
        });
        changes.push({ lineamiento: a.lineamiento, before: null, after: a });
      } else if (known.status !== a.status || known.rationale !== a.rationale) {
        await updateAssessment(tx, known.id, {
          status: a.status,
          rationale: a.rationale,
          recordedBy: actor.id,
        });
        changes.push({
          lineamiento: a.lineamiento,
          before: { status: known.status, rationale: known.rationale },
          after: a,
        });
      } else {
        unchanged += 1;
      }
    }
    await insertAssessments(tx, inserts);
    if (changes.length > 0) {
      await recordAudit(tx, actor, {
        action: "veeduria.assess",
        objectType: "veeduria",
        objectId: String(veeduria.id),
        before: changes.map((c) => ({ lineamiento: c.lineamiento, grade: c.before })),
        after: { period: input.period, grades: changes.map((c) => c.after) },
      });
    }
    return {
      veeduria: veeduria.code,
      period: input.period,
      created: inserts.length,
      updated: changes.length - inserts.length,
      unchanged,
    };
  });
}
