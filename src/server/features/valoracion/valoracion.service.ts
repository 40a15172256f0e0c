import type { Actor } from "../../../shared/actor.ts";
import type { ValoracionDeclarationRow } from "../../../shared/contracts/valoracion.contract.ts";
import type { DeclaredLevel, ImplementationLevel } from "../../../shared/evaluation/valoracion.ts";
import { ValoracionConfigSchema } from "../../../shared/schemas/catalogue.schema.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database, Executor } from "../../db/connect.ts";
import { invalid, localizedError } from "../../errors.ts";
import {
  checkUpload,
  type EvidenceUpload,
  sanitizeFileName,
  storeThen,
} from "../../files/evidence-upload.ts";
import type { FileStore } from "../../files/file-store.ts";
import { requirePolicy, requirePolicyInScope } from "../catalogue/policy.service.ts";
import { resolveActorNames } from "../users/actor-names.service.ts";
import {
  findDeclarationEvidence,
  findLatestRevision,
  insertDeclaration,
  listDeclarations as listDeclarationRows,
} from "./valoracion.repository.ts";

/**
 * Valoración levels declared by the conductor (issue 17, item 2). Only a criterion whose rule
 * is «declarado» takes a declaration: the others are computed from the year's figures, and a
 * level typed over a computed one would hide the figures it contradicts.
 */

/** How the Informe names who declared: the account's role and own entity, never its name. */
function declarerLabel(actor: Actor): string {
  if (!actor.user) return actor.id;
  const own = actor.user.entities.filter((e) => e.grant === "propia").map((e) => e.code);
  // Administrators belong to no entity: they act for the conductor.
  return `${actor.user.role} (${own.length ? own.join(", ") : "entidad conductora"})`;
}

type StoredRow = Awaited<ReturnType<typeof listDeclarationRows>>[number];

const iso = (d: Date | string) => new Date(d).toISOString();

function present(
  row: StoredRow,
  inForce: boolean,
  names: (id: string) => ValoracionDeclarationRow["declaredByUser"],
): ValoracionDeclarationRow {
  return {
    id: row.id,
    year: row.year,
    criterion: row.criterionCode,
    revision: row.revision,
    level: row.level,
    rationale: row.rationale,
    evidence: {
      fileName: row.evidenceFileName,
      mediaType: row.evidenceMediaType,
      sizeBytes: row.evidenceSizeBytes,
      sha256: row.evidenceSha256,
    },
    declaredBy: row.declaredBy,
    declaredByLabel: row.declaredByLabel,
    declaredByUser: names(row.declaredBy),
    declaredAt: iso(row.declaredAt),
    inForce,
  };
}

/** The highest revision of each year and criterion. */
function inForceIds(rows: readonly StoredRow[]): Set<number> {
  const best = new Map<string, StoredRow>();
  for (const r of rows) {
    const key = `${r.year}:${r.criterionCode}`;
    const current = best.get(key);
    if (!current || r.revision > current.revision) best.set(key, r);
  }
  return new Set([...best.values()].map((r) => r.id));
}

export async function listValoracionDeclarations(
  db: Database,
  actor: Actor,
  input: { policyCode: string; year?: number },
): Promise<ValoracionDeclarationRow[]> {
  const policyId = await requirePolicyInScope(db, actor, input.policyCode);
  const rows = await listDeclarationRows(db, policyId, input.year);
  const current = inForceIds(rows);
  const names = await resolveActorNames(
    db,
    actor,
    rows.map((r) => r.declaredBy),
  );
  return rows.map((r) => present(r, current.has(r.id), names));
}

/**
 * The levels in force for a policy-year, by criterion code, as the engine takes them. Read by
 * the evaluation, inside its cached read (the table moves the policy's data version).
 */
export async function declaredLevelsFor(
  db: Executor,
  policyId: number,
  year: number,
): Promise<Map<string, DeclaredLevel>> {
  const rows = await listDeclarationRows(db, policyId, year);
  const current = inForceIds(rows);
  const map = new Map<string, DeclaredLevel>();
  for (const r of rows) {
    if (!current.has(r.id)) continue;
    map.set(r.criterionCode, {
      level: r.level as ImplementationLevel,
      rationale: r.rationale,
      declaredBy: r.declaredByLabel,
      declaredAt: iso(r.declaredAt),
      evidenceFileName: r.evidenceFileName,
    });
  }
  return map;
}

/**
 * Declares a criterion's level for a year: checks the criterion and the file, stores the bytes,
 * then writes the row and its audit event in one transaction (the bytes are removed if it
 * fails). A second declaration of the same year and criterion is the next revision.
 */
export async function declareValoracionLevel(
  db: Database,
  actor: Actor,
  input: {
    policyCode: string;
    year: number;
    criterion: string;
    level: ImplementationLevel;
    rationale: string;
    file: EvidenceUpload;
    store: FileStore;
  },
): Promise<ValoracionDeclarationRow> {
  const policy = await requirePolicy(db, input.policyCode);
  const config = ValoracionConfigSchema.parse(policy.valoracion);
  const criterion = config.criteria.find((c) => c.code === input.criterion);
  if (!criterion) {
    const codes = config.criteria.map((c) => c.code).join(", ");
    throw invalid(`No existe el criterio ${input.criterion} (criterios: ${codes}).`, [
      { path: "criterion", message: `Criterio desconocido; use uno de ${codes}.` },
    ]);
  }
  if (criterion.rule.kind !== "declarado") {
    throw invalid(
      `El criterio ${criterion.code} («${criterion.name}») se calcula con las cifras del año; su nivel no se declara.`,
      [{ path: "criterion", message: "Este criterio se calcula; no admite un nivel declarado." }],
    );
  }
  const type = checkUpload(input.file);
  const fileName = sanitizeFileName(input.file.fileName, type.extension);
  const label = declarerLabel(actor);
  const written = await storeThen(input.store, input.file.bytes, (stored) =>
    db.transaction().execute(async (tx) => {
      const previous = await findLatestRevision(tx, policy.id, input.year, criterion.code);
      const row = {
        policyId: policy.id,
        year: input.year,
        criterionCode: criterion.code,
        revision: previous + 1,
        level: input.level,
        rationale: input.rationale,
        evidenceFileName: fileName,
        evidenceMediaType: type.mediaType,
        evidenceSizeBytes: input.file.bytes.length,
        evidenceSha256: stored.sha256,
        evidenceStorageKey: stored.key,
        declaredBy: actor.id,
        declaredByLabel: label,
        declaredByUserId: actor.user?.id ?? null,
      };
      const { id, declaredAt } = await insertDeclaration(tx, row);
      const { evidenceStorageKey: _, policyId: __, declaredByUserId: ___, ...facts } = row;
      await recordAudit(tx, actor, {
        action: "valoracion.declare",
        objectType: "valoracion_declaration",
        objectId: String(id),
        before: previous ? { revision: previous } : null,
        after: { policy: policy.code, ...facts },
      });
      return {
        ...row,
        id,
        declaredAt,
        criterionCode: criterion.code,
      };
    }),
  );
  const names = await resolveActorNames(db, actor, [actor.id]);
  return present(written, true, names);
}

export async function downloadDeclarationEvidence(
  db: Database,
  _actor: Actor,
  input: { id: number; store: FileStore },
) {
  const file = await findDeclarationEvidence(db, input.id);
  if (!file) throw localizedError("not_found", "evidence.notFound");
  return {
    fileName: file.evidenceFileName,
    mediaType: file.evidenceMediaType,
    sha256: file.evidenceSha256,
    bytes: await input.store.get(file.evidenceStorageKey),
  };
}
