import type { z } from "zod";
import type { Actor } from "../../../shared/actor.ts";
import type {
  AssistanceCreateSchema,
  AssistanceListQuerySchema,
  AssistanceSchema,
  ImportReport,
  Training,
  TrainingCreateSchema,
  TrainingListQuerySchema,
  TrainingTable,
} from "../../../shared/contracts/territory.contract.ts";
import {
  type ParsedTraining,
  parseTrainingRows,
  type RowProblem,
} from "../../../shared/territory/register-rows.ts";
import { type CodeScheme, validityProblem } from "../../../shared/territory/ubigeo-crosswalk.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { DomainError, invalid, notFound } from "../../errors.ts";
import {
  type ActivityFilter,
  findTrainingRow,
  insertAssistance,
  insertTrainings,
  listAssistanceRows,
  listTrainingRows,
} from "./activities.repository.ts";
import { findEntityIdByCode, findSpaceRow } from "./coordination-spaces.repository.ts";
import { newRegisterRows, reportRegisterImport } from "./register-import.service.ts";
import { parseCsv } from "./territory.service.ts";
import { loadCrosswalk } from "./ubigeo-crosswalk.service.ts";

/**
 * The activity registers (docs/territory.md): trainings and technical assistances, entered or
 * imported. A focal point records only its own entities' activities; an administrator or the
 * CLI, any entity's.
 */

type TrainingRow = Awaited<ReturnType<typeof listTrainingRows>>[number];

const presentTraining = (r: TrainingRow): Training => ({
  id: r.id,
  course: r.course,
  modality: r.modality,
  place: {
    code: r.ubigeoCode,
    name: r.ubigeoName,
    departmentCode: r.departmentCode,
    departmentName: r.departmentName,
  },
  audience: r.audienceType,
  participants: r.participants,
  participantsWomen: r.participantsWomen,
  participantsMen: r.participantsMen,
  cascadeLevel: r.cascadeLevel,
  startedOn: r.startedOn,
  endedOn: r.endedOn,
  entity: r.entity,
  service: r.serviceCode,
  source: r.source,
  note: r.note,
});

export async function listTrainings(
  db: Executor,
  _actor: Actor,
  filter: ActivityFilter,
): Promise<Training[]> {
  return (await listTrainingRows(db, filter)).map(presentTraining);
}

/** The trainings and their participants by department (the seed 003 table is this shape). */
export async function trainingTable(
  db: Database,
  actor: Actor,
  query: z.output<typeof TrainingListQuerySchema>,
): Promise<TrainingTable> {
  const trainings = await listTrainings(db, actor, query);
  const byDepartment = new Map<string, TrainingTable["rows"][number]>();
  for (const t of trainings) {
    const d = byDepartment.get(t.place.departmentCode) ?? {
      departmentCode: t.place.departmentCode,
      departmentName: t.place.departmentName,
      participants: 0,
      trainings: 0,
    };
    d.participants += t.participants;
    d.trainings += 1;
    byDepartment.set(t.place.departmentCode, d);
  }
  const rows = [...byDepartment.values()];
  return { rows, total: rows.reduce((s, r) => s + r.participants, 0), trainings };
}

/** The entity id an actor may record an activity for, or a 403 naming the entity. */
async function entityFor(tx: Executor, actor: Actor, code: string, path: string): Promise<number> {
  const id = await findEntityIdByCode(tx, code);
  if (id === null) throw invalid(`No existe la entidad ${code}.`, [{ path, message: "no existe" }]);
  const user = actor.user;
  if (user && user.role !== "administrador" && !user.entities.some((e) => e.id === id)) {
    throw new DomainError(
      "forbidden",
      `Solo puede registrar actividades de sus entidades; ${code} no es una de ellas.`,
    );
  }
  return id;
}

function problemsError(file: string, problems: RowProblem[]): DomainError {
  const first = problems.slice(0, 50);
  return invalid(
    `${file}: ${problems.length} problema(s); no se importó nada. ${first
      .slice(0, 3)
      .map((p) => `Fila ${p.row}, columna «${p.column}»: ${p.message}.`)
      .join(" ")}`,
    first.map((p) => ({ path: `fila ${p.row}, columna «${p.column}»`, message: p.message })),
  );
}

async function writeTrainings(
  tx: Executor,
  actor: Actor,
  rows: ParsedTraining[],
  source: string,
  file: string | null,
): Promise<number[]> {
  const entityIds = new Map<string, number>();
  const problems: RowProblem[] = [];
  for (const r of rows) {
    if (entityIds.has(r.entity)) continue;
    try {
      entityIds.set(r.entity, await entityFor(tx, actor, r.entity, "entity"));
    } catch (e) {
      if (!(e instanceof DomainError) || file === null) throw e;
      problems.push({ row: r.row, column: "entidad", message: e.message });
    }
  }
  if (problems.length > 0 && file !== null) throw problemsError(file, problems);
  return insertTrainings(
    tx,
    rows.map((r) => ({
      course: r.course,
      modality: r.modality,
      ubigeoCode: r.ubigeoCode,
      departmentCode: r.departmentCode,
      audienceType: r.audienceType,
      participants: r.participants,
      participantsWomen: r.participantsWomen,
      participantsMen: r.participantsMen,
      cascadeLevel: r.cascadeLevel,
      startedOn: r.startedOn,
      endedOn: r.endedOn,
      entityId: entityIds.get(r.entity) as number,
      serviceCode: r.serviceCode,
      source: r.source ?? source,
      referenceKey: r.referenceKey,
      note: r.note,
      createdBy: actor.id,
    })),
  );
}

/** A CSV of trainings, all or nothing, INEI or RENIEC codes; reference keys already loaded are skipped. */
export async function importTrainingsCsv(
  db: Database,
  actor: Actor,
  input: { fileName: string; text: string; scheme?: CodeScheme },
  tx?: Executor,
): Promise<ImportReport> {
  const run = async (ex: Executor): Promise<ImportReport> => {
    const records = parseCsv(input.text, input.fileName);
    const parsed = parseTrainingRows(
      records,
      await loadCrosswalk(ex),
      input.scheme ? { scheme: input.scheme } : {},
    );
    if (parsed.problems.length > 0) throw problemsError(input.fileName, parsed.problems);
    const fresh = await newRegisterRows(ex, "training", input.fileName, parsed.rows);
    const ids = await writeTrainings(
      ex,
      actor,
      fresh,
      `importación ${input.fileName}`,
      input.fileName,
    );
    return reportRegisterImport(
      ex,
      actor,
      { action: "training.import", objectType: "training" },
      { fileName: input.fileName, rows: parsed.rows, ids },
    );
  };
  return tx ? run(tx) : db.transaction().execute(run);
}

const TRAINING_FIELDS: Record<string, string> = {
  curso: "course",
  modalidad: "modality",
  ubigeo: "ubigeo",
  publico: "audience",
  participantes: "participants",
  mujeres: "participantsWomen",
  hombres: "participantsMen",
  nivel_cascada: "cascadeLevel",
  fecha_inicio: "startedOn",
  fecha_fin: "endedOn",
  entidad: "entity",
};

export async function createTraining(
  db: Database,
  actor: Actor,
  input: z.output<typeof TrainingCreateSchema>,
): Promise<Training> {
  const id = await db.transaction().execute(async (tx) => {
    const header = Object.keys(TRAINING_FIELDS).concat(["servicio", "nota"]);
    const record = [
      input.course,
      input.modality,
      input.ubigeo,
      input.audience,
      String(input.participants),
      input.participantsWomen === undefined ? "" : String(input.participantsWomen),
      input.participantsMen === undefined ? "" : String(input.participantsMen),
      String(input.cascadeLevel),
      input.startedOn,
      input.endedOn,
      input.entity,
      input.service ?? "",
      input.note ?? "",
    ];
    const parsed = parseTrainingRows([header, record], await loadCrosswalk(tx), {
      scheme: input.codeScheme,
    });
    if (parsed.problems.length > 0) {
      throw invalid(
        parsed.problems.map((p) => p.message).join("; "),
        parsed.problems.map((p) => ({
          path: TRAINING_FIELDS[p.column] ?? p.column,
          message: p.message,
        })),
      );
    }
    const [newId] = (await writeTrainings(tx, actor, parsed.rows, "registro", null)) as [number];
    await recordAudit(tx, actor, {
      action: "training.create",
      objectType: "training",
      objectId: String(newId),
      after: { ...input },
    });
    return newId;
  });
  const row = await findTrainingRow(db, id);
  if (!row) throw notFound(`No existe la capacitación ${id}.`);
  return presentTraining(row);
}

type Assistance = z.infer<typeof AssistanceSchema>;
type AssistanceRow = Awaited<ReturnType<typeof listAssistanceRows>>[number];
const presentAssistance = (r: AssistanceRow): Assistance => ({
  id: r.id,
  space: r.spaceId ? { id: r.spaceId, name: r.spaceName ?? "" } : null,
  government: r.governmentUbigeo
    ? {
        code: r.governmentUbigeo,
        name: r.governmentName ?? "",
        departmentCode: r.governmentDepartmentCode ?? "",
        departmentName: r.governmentDepartmentName ?? "",
      }
    : null,
  topic: r.topic,
  heldOn: r.heldOn,
  modality: r.modality,
  entity: r.entity,
  service: r.serviceCode,
  source: r.source,
});

export async function listAssistances(
  db: Executor,
  _actor: Actor,
  query: z.output<typeof AssistanceListQuerySchema>,
): Promise<Assistance[]> {
  return (await listAssistanceRows(db, query)).map(presentAssistance);
}

export async function createAssistance(
  db: Database,
  actor: Actor,
  input: z.output<typeof AssistanceCreateSchema>,
): Promise<Assistance> {
  const id = await db.transaction().execute(async (tx) => {
    const entityId = await entityFor(tx, actor, input.entity, "entity");
    if (input.space !== undefined && !(await findSpaceRow(tx, input.space))) {
      throw invalid(`No existe el espacio de coordinación ${input.space}.`, [
        { path: "space", message: "no existe" },
      ]);
    }
    let government: string | null = null;
    if (input.government !== undefined) {
      const res = (await loadCrosswalk(tx)).resolve(input.government, input.codeScheme);
      if (!res.ok)
        throw invalid(`Gobierno asistido: ${res.message}.`, [
          { path: "government", message: res.message },
        ]);
      const outside = validityProblem(res.entry, input.heldOn);
      if (outside) throw invalid(`${outside}.`, [{ path: "heldOn", message: outside }]);
      government = res.inei;
    }
    const newId = await insertAssistance(tx, {
      spaceId: input.space ?? null,
      governmentUbigeo: government,
      topic: input.topic,
      heldOn: input.heldOn,
      modality: input.modality,
      entityId,
      serviceCode: input.service?.toUpperCase() ?? null,
      source: "registro",
      note: input.note ?? null,
      createdBy: actor.id,
    });
    await recordAudit(tx, actor, {
      action: "technical_assistance.create",
      objectType: "technical_assistance",
      objectId: String(newId),
      after: { ...input, government },
    });
    return newId;
  });
  const [row] = (await listAssistanceRows(db, {})).filter((r) => r.id === id);
  if (!row) throw notFound(`No existe la asistencia técnica ${id}.`);
  return presentAssistance(row);
}
