import type { Actor } from "../../../shared/actor.ts";
import type {
  TipEntryInput,
  TipEntryView,
} from "../../../shared/contracts/tip-entries.contract.ts";
import { hasPermission } from "../../../shared/permissions.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { conflict, forbidden, invalid, notFound } from "../../errors.ts";
import { loadTipDataPoints } from "../statistics/statistics-tip-points.service.ts";
import { type ActorNames, resolveActorNames } from "../users/actor-names.service.ts";
import {
  findCurrentTipEntry,
  findEntityByCode,
  findTipEntry,
  insertTipEntry,
  insertTipEntryReview,
  listEntitiesByCode,
  listTipEntries,
  type TipEntryRow,
} from "./tip-entries.repository.ts";

/**
 * Values of the TIP data pack entered by focal points (migration 0015). A focal point enters
 * for its own entities (and those it holds a proxy grant for); the administrator, who reviews
 * every entity's values, for any; the CLI and the system act for any. An entry is never
 * changed: a correction names the current version and becomes the next one, so two people
 * correcting the same version cannot both win (the second is told to reload). Every write is
 * audited in its transaction.
 */

/** Acts for every entity: the CLI, the system, and a role that reviews every entity's values. */
function actsForAll(actor: Actor): boolean {
  return !actor.user || hasPermission(actor.user.role, "tip_point.review");
}

/** The entity codes the actor may enter values for; null: every entity. */
export function entryScope(actor: Actor): readonly string[] | null {
  if (actsForAll(actor)) return null;
  const user = actor.user;
  if (!user || !hasPermission(user.role, "tip_point.report")) return [];
  return user.entities.map((e) => e.code);
}

function assertCanEnter(actor: Actor, entityCode: string) {
  const user = actor.user;
  if (!user || actsForAll(actor)) return;
  if (!hasPermission(user.role, "tip_point.report"))
    throw forbidden("Su rol no permite ingresar datos del informe TIP.");
  if (!user.entities.some((e) => e.code === entityCode))
    throw forbidden(
      `Solo puede ingresar datos del informe TIP de sus entidades; ${entityCode} no es una de ellas.`,
    );
}

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

function toView(row: TipEntryRow, names: ActorNames): TipEntryView {
  return {
    id: row.id,
    dataPointId: row.dataPointId,
    year: row.year,
    entity: { code: row.entityCode, name: row.entityName },
    version: row.version,
    supersedesId: row.supersedesId,
    supersededById: row.supersededById,
    current: row.supersededById === null,
    value:
      row.valueText !== null
        ? { kind: "texto", text: row.valueText }
        : { kind: "numero", number: Number(row.valueNumber) },
    unit: row.unit,
    definition: row.definition,
    disaggregation: row.disaggregation,
    comment: row.comment,
    enteredBy: row.enteredBy,
    enteredByUser: names(row.enteredBy),
    enteredAt: iso(row.enteredAt),
    review:
      row.reviewedBy !== null && row.reviewedAt !== null
        ? {
            reviewedBy: row.reviewedBy,
            reviewedByUser: names(row.reviewedBy),
            reviewedAt: iso(row.reviewedAt),
            note: row.reviewNote,
          }
        : null,
  };
}

async function present(db: Executor, viewer: Actor, rows: TipEntryRow[]) {
  const names = await resolveActorNames(
    db,
    viewer,
    rows.flatMap((r) => [r.enteredBy, ...(r.reviewedBy ? [r.reviewedBy] : [])]),
  );
  return rows.map((r) => toView(r, names));
}

/** A unique index refused the row: someone else wrote the same version first. */
const isUniqueViolation = (err: unknown) =>
  typeof err === "object" && err !== null && (err as { code?: unknown }).code === "23505";

export async function enterTipValue(
  db: Database,
  actor: Actor,
  input: TipEntryInput,
): Promise<TipEntryView> {
  const file = await loadTipDataPoints();
  const point = file.dataPoints.find((p) => p.id === input.dataPointId);
  if (!point)
    throw invalid(`El dato ${input.dataPointId} no está en la lista de datos del informe TIP.`, [
      {
        path: "body.dataPointId",
        message: `«dato»: ${input.dataPointId} no existe (1 a ${file.dataPoints.length})`,
      },
    ]);
  assertCanEnter(actor, input.entity);
  const entity = await findEntityByCode(db, input.entity);
  if (!entity)
    throw invalid(`La entidad ${input.entity} no existe.`, [
      { path: "body.entity", message: `«entidad»: ${input.entity} no existe` },
    ]);
  try {
    const id = await db.transaction().execute(async (tx) => {
      const key = { dataPointId: point.id, year: input.year, entityId: entity.id };
      const current = await findCurrentTipEntry(tx, key);
      const supersedes = input.supersedesId ?? null;
      if (current && supersedes !== current.id)
        throw conflict(
          supersedes === null
            ? `El dato ${point.id} de ${input.year} ya tiene un valor de ${entity.code} (versión ${current.version}); para corregirlo indique la versión que reemplaza.`
            : `La versión que quiere corregir ya no es la vigente (la vigente es la ${current.version}); vuelva a cargar el dato.`,
        );
      if (!current && supersedes !== null)
        throw conflict(
          `El dato ${point.id} de ${input.year} no tiene valor de ${entity.code} que corregir.`,
        );
      const row = {
        ...key,
        version: (current?.version ?? 0) + 1,
        supersedesId: supersedes,
        valueNumber: input.value.kind === "numero" ? input.value.number : null,
        valueText: input.value.kind === "texto" ? input.value.text : null,
        unit: input.unit,
        definition: input.definition,
        disaggregation: input.disaggregation,
        comment: input.comment ? input.comment : null,
        enteredBy: actor.id,
      };
      const newId = await insertTipEntry(tx, row);
      await recordAudit(tx, actor, {
        action: current ? "tip_entry.correct" : "tip_entry.create",
        objectType: "tip_point_entry",
        objectId: String(newId),
        ...(current ? { before: { id: current.id, version: current.version } } : {}),
        after: { ...row, entity: entity.code },
      });
      return newId;
    });
    return await getTipEntry(db, actor, id);
  } catch (err) {
    if (isUniqueViolation(err))
      throw conflict(
        "Otra persona corrigió este dato al mismo tiempo; vuelva a cargarlo y corrija la versión vigente.",
      );
    throw err;
  }
}

async function getTipEntry(db: Executor, actor: Actor, id: number): Promise<TipEntryView> {
  const row = await findTipEntry(db, id);
  if (!row) throw notFound(`No existe el valor ingresado ${id}.`);
  const [view] = await present(db, actor, [row]);
  return view as TipEntryView;
}

/** The entries a reader may see: a focal point its own entities', the administrator every one. */
export async function listTipEntryViews(
  db: Database,
  actor: Actor,
  input: { year: number; dataPointId?: number; entityCode?: string; history?: boolean },
): Promise<TipEntryView[]> {
  const scope = entryScope(actor);
  if (scope !== null && input.entityCode !== undefined && !scope.includes(input.entityCode))
    throw forbidden(
      `Solo puede ver los datos del informe TIP de sus entidades; ${input.entityCode} no es una de ellas.`,
    );
  const rows = await listTipEntries(db, {
    year: input.year,
    ...(input.dataPointId !== undefined ? { dataPointId: input.dataPointId } : {}),
    ...(input.entityCode !== undefined ? { entityCode: input.entityCode } : {}),
    history: input.history ?? false,
  });
  const visible = scope === null ? rows : rows.filter((r) => scope.includes(r.entityCode));
  return present(db, actor, visible);
}

/**
 * The current entries of a year, every entity's, for the TIP pack: whoever may generate the
 * pack reads what it prints (its route has its own access).
 */
export async function currentTipEntriesForPack(
  db: Database,
  actor: Actor,
  input: { year: number },
): Promise<TipEntryView[]> {
  return present(db, actor, await listTipEntries(db, { year: input.year, history: false }));
}

/** The entities the actor may enter values for, with their names. */
export async function tipEntryEntities(db: Database, actor: Actor) {
  return listEntitiesByCode(db, entryScope(actor));
}

export async function reviewTipEntry(
  db: Database,
  actor: Actor,
  input: { id: number; note?: string | undefined },
): Promise<TipEntryView> {
  if (actor.user && !hasPermission(actor.user.role, "tip_point.review"))
    throw forbidden("Su rol no permite revisar los datos del informe TIP.");
  try {
    await db.transaction().execute(async (tx) => {
      const row = await findTipEntry(tx, input.id);
      if (!row) throw notFound(`No existe el valor ingresado ${input.id}.`);
      if (row.supersededById !== null)
        throw conflict(
          `La versión ${row.version} ya fue corregida; revise la vigente (${row.supersededById}).`,
        );
      if (row.reviewedBy !== null) throw conflict(`La versión ${row.version} ya está revisada.`);
      const note = input.note ? input.note : null;
      await insertTipEntryReview(tx, { entryId: row.id, reviewedBy: actor.id, note });
      await recordAudit(tx, actor, {
        action: "tip_entry.review",
        objectType: "tip_point_entry",
        objectId: String(row.id),
        after: { reviewed: true, note },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict("Esta versión ya está revisada.");
    throw err;
  }
  return getTipEntry(db, actor, input.id);
}
