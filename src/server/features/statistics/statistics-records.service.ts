import { createHash } from "node:crypto";
import type { Actor } from "../../../shared/actor.ts";
import { formatPath } from "../../../shared/catalogue/parse-catalogue.ts";
import { hasPermission, type Permission } from "../../../shared/permissions.ts";
import {
  DIMENSION_LABELS,
  type StatDimension,
} from "../../../shared/statistics/statistics-codes.ts";
import { RecordsFileSchema } from "../../../shared/statistics/statistics-files.schema.ts";
import { normalizeUbigeo } from "../../../shared/statistics/validate-figure-row.ts";
import { type AuditAction, recordAudit } from "../../audit/record-audit.ts";
import type { Database } from "../../db/connect.ts";
import { forbidden, invalid, notFound } from "../../errors.ts";
import { findSource, listUbigeoCodes } from "./statistics.repository.ts";
import { ensureStatisticsSetup, loadCodeIndex } from "./statistics-code-lists.service.ts";
import { finishStatImport, insertStatImport } from "./statistics-import.repository.ts";
import { assertCanSubmit } from "./statistics-import.service.ts";
import {
  existingRecordIds,
  findCaseIds,
  insertCaseRecords,
  insertMilestones,
  insertSuspectRecords,
  insertVictimRecords,
  selectCaseRecords,
  selectSuspectRecords,
  selectVictimRecords,
} from "./statistics-records.repository.ts";

/**
 * Pseudonymous records shared by institutions (ADR 0019): cases with their judicial milestones
 * and legal classification at each, victims, and suspects with the official-complicity flag.
 * The file format admits no name, document number, address or phone (strict objects), and the
 * tables have no column for them. Victims and suspects are read under separate permissions,
 * and every read writes an audit row in the same transaction as the read: a record read
 * without its audit row cannot happen.
 */

export interface RecordsImportReport {
  source: string;
  importId: number;
  cases: number;
  milestones: number;
  victims: number;
  suspects: number;
}

export async function importStatisticsRecords(
  db: Database,
  actor: Actor,
  input: { document: unknown; fileName: string },
): Promise<RecordsImportReport> {
  const parsed = RecordsFileSchema.safeParse(input.document);
  if (!parsed.success)
    throw invalid(
      `${input.fileName} no es un archivo de registros válido (vigia-stat-records/1).`,
      parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    );
  const file = parsed.data;
  const source = await findSource(db, file.source);
  if (!source) throw notFound(`No existe la fuente ${file.source}.`);
  assertCanSubmit(actor, source);
  await ensureStatisticsSetup(db, actor);
  const codes = await loadCodeIndex(db);
  const ubigeo = await listUbigeoCodes(db);

  const issues: { path: string; message: string }[] = [];
  const code = (where: string, d: StatDimension, value: string | undefined) => {
    if (value === undefined) return null;
    const info = codes.dimensions[d].get(value);
    if (!info || info.retired)
      issues.push({
        path: where,
        message: `${DIMENSION_LABELS[d]} «${value}» no está en la lista de códigos`,
      });
    return value;
  };
  const place = (where: string, value: string | undefined) => {
    if (value === undefined) return null;
    const u = normalizeUbigeo(value);
    if (!ubigeo.has(u)) issues.push({ path: where, message: `ubigeo «${value}» desconocido` });
    return u;
  };
  const caseIds = new Set(file.cases.map((c) => c.id));
  const unique = (what: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) issues.push({ path: what, message: `«${id}» repetido` });
      seen.add(id);
    }
  };
  unique(
    "cases",
    file.cases.map((c) => c.id),
  );
  unique(
    "victims",
    file.victims.map((v) => v.id),
  );
  unique(
    "suspects",
    file.suspects.map((s) => s.id),
  );
  file.cases.forEach((c, i) => {
    code(`cases[${i}].statuteInitial`, "statute", c.statuteInitial);
    code(`cases[${i}].exploitationForm`, "exploitationForm", c.exploitationForm);
    place(`cases[${i}].ubigeo`, c.ubigeo);
    c.milestones.forEach((m, j) => {
      code(`cases[${i}].milestones[${j}].statute`, "statute", m.statute);
      if (
        m.sentenceYears !== undefined &&
        !["sentencia_condenatoria", "apelacion", "firme"].includes(m.milestone)
      )
        issues.push({
          path: `cases[${i}].milestones[${j}]`,
          message: "una pena en años va con una condena, su apelación o su firmeza",
        });
    });
  });
  const linkedCases = [...file.victims, ...file.suspects]
    .map((r) => r.caseId)
    .filter((id): id is string => id !== undefined);
  const known = await findCaseIds(
    db,
    source.code,
    linkedCases.filter((id) => !caseIds.has(id)),
  );
  for (const id of linkedCases)
    if (!caseIds.has(id) && !known.has(id))
      issues.push({ path: "caseId", message: `caso «${id}» desconocido` });
  file.victims.forEach((v, i) => {
    for (const d of ["sex", "ageBand", "nationality", "exploitationForm"] as const)
      code(`victims[${i}].${d}`, d, v[d]);
    place(`victims[${i}].ubigeo`, v.ubigeo);
  });
  file.suspects.forEach((s, i) => {
    for (const d of ["sex", "ageBand", "nationality"] as const)
      code(`suspects[${i}].${d}`, d, s[d]);
    if (!s.publicOfficial && s.officialInstitution !== undefined)
      issues.push({
        path: `suspects[${i}].officialInstitution`,
        message: "solo para un funcionario público",
      });
  });
  for (const [table, what, ids] of [
    ["statCaseRecord", "cases", file.cases.map((c) => c.id)],
    ["statVictimRecord", "victims", file.victims.map((v) => v.id)],
    ["statSuspectRecord", "suspects", file.suspects.map((s) => s.id)],
  ] as const) {
    for (const id of await existingRecordIds(db, table, source.code, ids))
      issues.push({ path: what, message: `«${id}» ya fue cargado para ${source.code}` });
  }
  if (issues.length > 0)
    throw invalid(`${input.fileName}: ${issues.length} problema(s); no se cargó nada.`, issues);

  return db.transaction().execute(async (tx) => {
    const importId = await insertStatImport(tx, {
      kind: "archivo",
      sourceCode: source.code,
      fileName: input.fileName,
      format: "json",
      mappingVersion: null,
      importedBy: actor.id,
    });
    const ids = new Map(known);
    for (const [recordId, id] of await insertCaseRecords(
      tx,
      file.cases.map((c) => ({
        sourceCode: source.code,
        sourceRecordId: c.id,
        openedOn: c.openedOn ?? null,
        ubigeo: c.ubigeo ? normalizeUbigeo(c.ubigeo) : null,
        statuteInitial: c.statuteInitial ?? null,
        exploitationForm: c.exploitationForm ?? null,
        importId,
      })),
    ))
      ids.set(recordId, id);
    const milestoneRows = file.cases.flatMap((c) =>
      c.milestones.map((m) => ({
        caseId: ids.get(c.id) as number,
        milestone: m.milestone,
        occurredOn: m.on,
        statute: m.statute ?? null,
        sentenceYears: m.sentenceYears ?? null,
      })),
    );
    await insertMilestones(tx, milestoneRows);
    const milestones = milestoneRows.length;
    await insertVictimRecords(
      tx,
      file.victims.map((v) => ({
        sourceCode: source.code,
        sourceRecordId: v.id,
        caseId: v.caseId ? (ids.get(v.caseId) ?? null) : null,
        identifiedOn: v.identifiedOn ?? null,
        ubigeo: v.ubigeo ? normalizeUbigeo(v.ubigeo) : null,
        sex: v.sex ?? null,
        ageBand: v.ageBand ?? null,
        nationality: v.nationality ?? null,
        exploitationForm: v.exploitationForm ?? null,
        importId,
      })),
    );
    await insertSuspectRecords(
      tx,
      file.suspects.map((s) => ({
        sourceCode: source.code,
        sourceRecordId: s.id,
        caseId: s.caseId ? (ids.get(s.caseId) ?? null) : null,
        sex: s.sex ?? null,
        ageBand: s.ageBand ?? null,
        nationality: s.nationality ?? null,
        isPublicOfficial: s.publicOfficial,
        officialInstitution: s.officialInstitution ?? null,
        importId,
      })),
    );
    const report: RecordsImportReport = {
      source: source.code,
      importId,
      cases: file.cases.length,
      milestones,
      victims: file.victims.length,
      suspects: file.suspects.length,
    };
    const sha256 = createHash("sha256").update(JSON.stringify(input.document)).digest("hex");
    await finishStatImport(tx, importId, {
      fileSha256: sha256,
      rowsRead: file.cases.length + file.victims.length + file.suspects.length,
      figuresNew: 0,
      figuresRestated: 0,
      figuresUnchanged: 0,
      report,
    });
    // Counts only: the audit log must not become a second copy of the records.
    await recordAudit(tx, actor, {
      action: "statistics.records_import",
      objectType: "stat_import",
      objectId: String(importId),
      after: report,
    });
    return report;
  });
}

const MAX_RECORDS = 1000;

async function auditedRead<T>(
  db: Database,
  actor: Actor,
  permission: Permission & AuditAction,
  filter: { sourceCode?: string; limit?: number },
  read: (tx: Database, f: { sourceCode?: string; limit: number }) => Promise<T[]>,
  kind: string,
): Promise<T[]> {
  if (actor.user && !hasPermission(actor.user.role, permission))
    throw forbidden(`Su rol no permite leer registros de ${kind}.`);
  const limit = Math.min(filter.limit ?? MAX_RECORDS, MAX_RECORDS);
  return db.transaction().execute(async (tx) => {
    const rows = await read(tx, {
      ...(filter.sourceCode ? { sourceCode: filter.sourceCode } : {}),
      limit,
    });
    await recordAudit(tx, actor, {
      action: permission,
      objectType: `stat_${kind}_record`,
      objectId: filter.sourceCode ?? "*",
      after: { rows: rows.length, filter: { source: filter.sourceCode ?? null, limit } },
    });
    return rows;
  });
}

export async function readCaseRecords(
  db: Database,
  actor: Actor,
  input: { sourceCode?: string; limit?: number },
) {
  const [result] = await auditedRead(
    db,
    actor,
    "statistics.case_records.read",
    input,
    async (tx, f) => [await selectCaseRecords(tx, f)],
    "case",
  );
  const { cases, milestones } = result ?? { cases: [], milestones: [] };
  return cases.map((c) => ({
    id: c.id,
    source: c.sourceCode,
    recordId: c.sourceRecordId,
    openedOn: c.openedOn,
    ubigeo: c.ubigeo,
    statuteInitial: c.statuteInitial,
    exploitationForm: c.exploitationForm,
    milestones: milestones
      .filter((m) => m.caseId === c.id)
      .map((m) => ({
        milestone: m.milestone,
        on: m.occurredOn,
        statute: m.statute,
        sentenceYears: m.sentenceYears,
      })),
  }));
}

export async function readVictimRecords(
  db: Database,
  actor: Actor,
  input: { sourceCode?: string; limit?: number },
) {
  const rows = await auditedRead(
    db,
    actor,
    "statistics.victim_records.read",
    input,
    selectVictimRecords,
    "victim",
  );
  return rows.map((v) => ({
    id: v.id,
    source: v.sourceCode,
    recordId: v.sourceRecordId,
    caseRecordId: v.caseRecordId,
    identifiedOn: v.identifiedOn,
    ubigeo: v.ubigeo,
    sex: v.sex,
    ageBand: v.ageBand,
    nationality: v.nationality,
    exploitationForm: v.exploitationForm,
  }));
}

export async function readSuspectRecords(
  db: Database,
  actor: Actor,
  input: { sourceCode?: string; limit?: number },
) {
  const rows = await auditedRead(
    db,
    actor,
    "statistics.suspect_records.read",
    input,
    selectSuspectRecords,
    "suspect",
  );
  return rows.map((s) => ({
    id: s.id,
    source: s.sourceCode,
    recordId: s.sourceRecordId,
    caseRecordId: s.caseRecordId,
    sex: s.sex,
    ageBand: s.ageBand,
    nationality: s.nationality,
    publicOfficial: s.isPublicOfficial,
    officialInstitution: s.officialInstitution,
  }));
}
