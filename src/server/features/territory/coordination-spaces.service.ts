import type { z } from "zod";
import type { Actor } from "../../../shared/actor.ts";
import type {
  CoordinationSpace,
  ImportReport,
  MemberCreateSchema,
  SessionCreateSchema,
  SpaceCreateSchema,
  SpaceDetailSchema,
  SpaceListQuerySchema,
  SpaceSummary,
} from "../../../shared/contracts/territory.contract.ts";
import {
  type ParsedSpace,
  parseSpaceRows,
  type RowProblem,
} from "../../../shared/territory/register-rows.ts";
import type { CodeScheme } from "../../../shared/territory/ubigeo-crosswalk.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { DomainError, invalid, notFound } from "../../errors.ts";
import {
  countSpacesByDepartmentAndLevel,
  findEntityIdByCode,
  findSpaceRow,
  insertMember,
  insertSession,
  insertSpaces,
  listMembers,
  listSessions,
  listSpaceRows,
  type SpaceRow,
} from "./coordination-spaces.repository.ts";
import { newRegisterRows, reportRegisterImport } from "./register-import.service.ts";
import { parseCsv } from "./territory.service.ts";
import { loadCrosswalk } from "./ubigeo-crosswalk.service.ts";

/** The registry of coordination spaces against trafficking (docs/territory.md). */

const present = (r: SpaceRow): CoordinationSpace => ({
  id: r.id,
  level: r.level,
  kind: r.kind,
  name: r.name,
  place:
    r.ubigeoCode && r.departmentCode
      ? {
          code: r.ubigeoCode,
          name: r.ubigeoName ?? "",
          departmentCode: r.departmentCode,
          departmentName: r.departmentName ?? "",
        }
      : null,
  centroPoblado: r.centroPoblado,
  ordinance: r.ordinanceNumber ? { number: r.ordinanceNumber, date: r.ordinanceDate } : null,
  status: r.status,
  plan: r.plan,
  source: r.source,
  note: r.note,
  members: Number(r.members ?? 0),
  sessions: Number(r.sessions ?? 0),
});

export async function listSpaces(
  db: Database,
  _actor: Actor,
  query: z.output<typeof SpaceListQuerySchema>,
): Promise<CoordinationSpace[]> {
  return (await listSpaceRows(db, query)).map(present);
}

async function requireSpace(db: Executor, id: number): Promise<SpaceRow> {
  const row = await findSpaceRow(db, id);
  if (!row) throw notFound(`No existe el espacio de coordinación ${id}.`);
  return row;
}

export async function getSpace(
  db: Database,
  _actor: Actor,
  input: { id: number },
): Promise<z.infer<typeof SpaceDetailSchema>> {
  const row = await requireSpace(db, input.id);
  const [members, sessions] = await Promise.all([
    listMembers(db, input.id),
    listSessions(db, input.id),
  ]);
  return {
    ...present(row),
    membersList: members.map((m) => ({
      id: m.id,
      institution: m.institution,
      kind: m.institutionKind,
      entity: m.entity,
      joinedOn: m.joinedOn,
    })),
    sessionsList: sessions,
    memberShares: {
      provincial: members.filter((m) => m.institutionKind === "municipalidad_provincial").length,
      municipal: members.filter(
        (m) =>
          m.institutionKind === "municipalidad_provincial" ||
          m.institutionKind === "municipalidad_distrital",
      ).length,
      total: members.length,
    },
  };
}

function rowProblemsError(file: string, problems: RowProblem[]): DomainError {
  const first = problems.slice(0, 50);
  return invalid(
    `${file}: ${problems.length} problema(s); no se importó nada. ${first
      .slice(0, 3)
      .map((p) => `Fila ${p.row}, columna «${p.column}»: ${p.message}.`)
      .join(" ")}`,
    first.map((p) => ({ path: `fila ${p.row}, columna «${p.column}»`, message: p.message })),
  );
}

const toInsert = (p: ParsedSpace, actor: Actor, source: string) => ({
  level: p.level,
  kind: p.kind,
  name: p.name,
  ubigeoCode: p.ubigeoCode,
  departmentCode: p.departmentCode,
  centroPoblado: p.centroPoblado,
  ordinanceNumber: p.ordinanceNumber,
  ordinanceDate: p.ordinanceDate,
  status: p.status,
  plan: p.plan,
  note: p.note,
  referenceKey: p.referenceKey,
  source: p.source ?? source,
  createdBy: actor.id,
});

/**
 * A CSV of spaces, all or nothing: every problem of every row is reported by row and column
 * and nothing is written. Codes may be INEI or RENIEC (see ubigeo-crosswalk.ts). Rows with a
 * clave_referencia already loaded are skipped, so a reference file can be loaded again.
 */
export async function importSpacesCsv(
  db: Database,
  actor: Actor,
  input: { fileName: string; text: string; scheme?: CodeScheme; allowUnplaced?: boolean },
  tx?: Executor,
): Promise<ImportReport> {
  const run = async (ex: Executor): Promise<ImportReport> => {
    const records = parseCsv(input.text, input.fileName);
    const crosswalk = await loadCrosswalk(ex);
    const parsed = parseSpaceRows(records, crosswalk, {
      ...(input.scheme ? { scheme: input.scheme } : {}),
      ...(input.allowUnplaced ? { allowUnplaced: true } : {}),
    });
    if (parsed.problems.length > 0) throw rowProblemsError(input.fileName, parsed.problems);
    const fresh = await newRegisterRows(ex, "coordinationSpace", input.fileName, parsed.rows);
    const ids = await insertSpaces(
      ex,
      fresh.map((r) => toInsert(r, actor, `importación ${input.fileName}`)),
    );
    return reportRegisterImport(
      ex,
      actor,
      { action: "coordination_space.import", objectType: "coordination_space" },
      { fileName: input.fileName, rows: parsed.rows, ids },
    );
  };
  return tx ? run(tx) : db.transaction().execute(run);
}

export async function createSpace(
  db: Database,
  actor: Actor,
  input: z.output<typeof SpaceCreateSchema>,
): Promise<CoordinationSpace> {
  const id = await db.transaction().execute(async (tx) => {
    const crosswalk = await loadCrosswalk(tx);
    // One row through the file rules, so a form and a file are checked alike.
    const header = [
      "nivel",
      "tipo",
      "nombre",
      "ubigeo",
      "centro_poblado",
      "ordenanza_numero",
      "ordenanza_fecha",
      "estado",
      "plan",
      "nota",
    ];
    const record = [
      input.level,
      input.kind,
      input.name,
      input.ubigeo,
      input.centroPoblado ?? "",
      input.ordinanceNumber ?? "",
      input.ordinanceDate ?? "",
      input.status,
      input.plan ?? "",
      input.note ?? "",
    ];
    const parsed = parseSpaceRows([header, record], crosswalk, { scheme: input.codeScheme });
    if (parsed.problems.length > 0) {
      const fields: Record<string, string> = {
        nivel: "level",
        ubigeo: "ubigeo",
        centro_poblado: "centroPoblado",
        ordenanza_numero: "ordinanceNumber",
        ordenanza_fecha: "ordinanceDate",
      };
      throw invalid(
        parsed.problems.map((p) => p.message).join("; "),
        parsed.problems.map((p) => ({ path: fields[p.column] ?? p.column, message: p.message })),
      );
    }
    const [row] = parsed.rows as [ParsedSpace];
    const [newId] = (await insertSpaces(tx, [toInsert(row, actor, "registro")])) as [number];
    await recordAudit(tx, actor, {
      action: "coordination_space.create",
      objectType: "coordination_space",
      objectId: String(newId),
      after: { ...input },
    });
    return newId;
  });
  return present(await requireSpace(db, id));
}

export async function addMember(
  db: Database,
  actor: Actor,
  input: { id: number } & z.output<typeof MemberCreateSchema>,
) {
  return db.transaction().execute(async (tx) => {
    await requireSpace(tx, input.id);
    const entityId = input.entity ? await findEntityIdByCode(tx, input.entity) : null;
    if (input.entity && entityId === null) {
      throw invalid(`No existe la entidad ${input.entity}.`, [
        { path: "entity", message: "no existe" },
      ]);
    }
    const inserted = await insertMember(tx, {
      spaceId: input.id,
      institution: input.institution,
      institutionKind: input.kind,
      entityId,
      joinedOn: input.joinedOn ?? null,
      createdBy: actor.id,
    });
    if (!inserted)
      throw new DomainError("conflict", `${input.institution} ya es miembro de este espacio.`);
    await recordAudit(tx, actor, {
      action: "coordination_space.member",
      objectType: "coordination_space",
      objectId: String(input.id),
      after: { memberId: inserted.id, institution: input.institution, kind: input.kind },
    });
    return {
      id: inserted.id,
      institution: input.institution,
      kind: input.kind,
      entity: input.entity ?? null,
      joinedOn: input.joinedOn ?? null,
    };
  });
}

export async function addSession(
  db: Database,
  actor: Actor,
  input: { id: number } & z.output<typeof SessionCreateSchema>,
) {
  return db.transaction().execute(async (tx) => {
    await requireSpace(tx, input.id);
    const row = {
      spaceId: input.id,
      heldOn: input.heldOn,
      attendance: input.attendance ?? null,
      agreements: input.agreements ?? null,
      minutesReference: input.minutesReference ?? null,
      createdBy: actor.id,
    };
    const { id } = await insertSession(tx, row);
    await recordAudit(tx, actor, {
      action: "coordination_space.session",
      objectType: "coordination_space",
      objectId: String(input.id),
      after: { sessionId: id, heldOn: input.heldOn, attendance: row.attendance },
    });
    return {
      id,
      heldOn: row.heldOn,
      attendance: row.attendance,
      agreements: row.agreements,
      minutesReference: row.minutesReference,
    };
  });
}

const zero = () => ({ regional: 0, provincial: 0, distrital: 0, centro_poblado: 0, local: 0 });

/** Counts by level, nationally and by department; "local" is every level below regional. */
export async function summarizeSpaces(db: Database, _actor: Actor): Promise<SpaceSummary> {
  const national = zero();
  const unplaced = zero();
  const byDepartment = new Map<string, SpaceSummary["byDepartment"][number]>();
  for (const r of await countSpacesByDepartmentAndLevel(db)) {
    const n = Number(r.n);
    let bucket: ReturnType<typeof zero> = unplaced;
    if (r.departmentCode) {
      let d = byDepartment.get(r.departmentCode);
      if (!d) {
        d = { departmentCode: r.departmentCode, departmentName: r.name ?? "", ...zero() };
        byDepartment.set(r.departmentCode, d);
      }
      bucket = d;
    }
    for (const b of [bucket, national]) {
      b[r.level] += n;
      if (r.level !== "regional") b.local += n;
    }
  }
  return { national, byDepartment: [...byDepartment.values()], unplaced };
}
