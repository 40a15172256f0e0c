import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Actor } from "../../../shared/actor.ts";
import type { CatalogueIssue } from "../../../shared/catalogue/check-references.ts";
import { parseCatalogue } from "../../../shared/catalogue/parse-catalogue.ts";
import type { Catalogue } from "../../../shared/schemas/catalogue.schema.ts";
import { canSeePolicy } from "../../../shared/territory/territorial-scope.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Database } from "../../db/connect.ts";
import { conflict, DomainError, invalid, notFound } from "../../errors.ts";
import {
  deletePolicy,
  insertCatalogue,
  listStoredValueKeys,
  readCatalogue,
} from "./catalogue.repository.ts";
import { checkPlanAlignment } from "./plan-alignment.service.ts";
import { findPolicyId, hasAnyPolicy, listPolicies as listPolicyRows } from "./policy.repository.ts";
import { requirePolicyId } from "./policy.service.ts";
import { checkSharedEntities, type SharedChange } from "./shared-entities.service.ts";

/** Catalogues shipped with Vigía, loadable by `vigia seed <code>`. */
export const BUNDLED_CATALOGUES: Record<string, string> = {
  pntp: resolve(
    dirname(fileURLToPath(import.meta.url)),
    "../../../../catalogues/pntp.catalogue.json",
  ),
};

export interface ImportSummary {
  policy: string;
  replaced: boolean;
  counts: {
    objectives: number;
    lineamientos: number;
    services: number;
    indicators: number;
    metas: number;
    measurements: number;
    commitments: number;
  };
  /** Shared entities and units whose stored fields this import changed (for every policy). */
  entitiesChanged: SharedChange[];
  orgUnitsChanged: SharedChange[];
  /** Accepted but worth a look, e.g. a meta equal to its baseline. */
  warnings: CatalogueIssue[];
}

function summarize(
  cat: Catalogue,
  replaced: boolean,
  shared: { entities: SharedChange[]; orgUnits: SharedChange[] },
  warnings: CatalogueIssue[],
): ImportSummary {
  return {
    policy: cat.policy.code,
    replaced,
    counts: {
      objectives: cat.objectives.length,
      lineamientos: cat.lineamientos.length,
      services: cat.services.length,
      indicators: cat.indicators.length,
      metas: cat.indicators.reduce((n, i) => n + i.metas.length, 0),
      measurements: cat.indicators.reduce((n, i) => n + i.measurements.length, 0),
      commitments: cat.commitments.length,
    },
    entitiesChanged: shared.entities,
    orgUnitsChanged: shared.orgUnits,
    warnings,
  };
}

/**
 * A database error that validation did not foresee, as a Spanish message that names the
 * constraint or column but never the statement or its parameters (those hold the user's data
 * and mean nothing to them).
 */
function databaseFailure(err: unknown): DomainError {
  const e = (err ?? {}) as Record<string, unknown>;
  const str = (k: string) => (typeof e[k] === "string" && e[k] ? (e[k] as string) : null);
  const sqlState = str("code");
  const where = [
    str("constraint") && `restricción ${str("constraint")}`,
    str("table") && `tabla ${str("table")}`,
    str("column") && `columna ${str("column")}`,
    sqlState && /^[0-9A-Z]{5}$/.test(sqlState) && `código ${sqlState}`,
  ].filter(Boolean);
  const detail = where.length ? ` (${where.join(", ")})` : "";
  if (sqlState?.startsWith("40")) {
    return conflict(
      `Otra operación modificó la base de datos al mismo tiempo${detail}. No se importó nada; vuelva a intentarlo.`,
    );
  }
  return invalid(`La base de datos rechazó el catálogo${detail}. No se importó nada.`);
}

/** What a replace does with the values already reported for the policy it replaces. */
export interface ReplaceOptions {
  /**
   * Called inside the transaction, before anything is deleted, with the stored policy exported
   * (every ficha version, every value in force): the caller keeps it (`--with-values FILE`).
   * Without it, a replace that would drop reported values is refused.
   */
  exportExisting?: (existing: Catalogue) => Promise<void>;
}

/**
 * Refuses a replace that would delete reported values the new document does not carry: values
 * are the focal points' work, and a catalogue edited from an old file would lose them silently
 * (with their history, evidence and notes, which go with the policy).
 */
async function assertValuesCarried(tx: Database, policyId: number, cat: Catalogue): Promise<void> {
  const stored = await listStoredValueKeys(tx, policyId);
  const carried = new Set(
    cat.indicators.flatMap((i) => i.measurements.map((m) => `${i.code} ${m.year} ${m.period}`)),
  );
  const missing = stored.filter((v) => !carried.has(`${v.code} ${v.year} ${v.period}`));
  if (missing.length) {
    const examples = missing
      .slice(0, 3)
      .map((v) => `indicador ${v.code}, ${v.year} ${v.period}`)
      .join("; ");
    throw conflict(
      `La política "${cat.policy.code}" tiene ${missing.length === 1 ? "1 valor reportado" : `${missing.length} valores reportados`} que el catálogo no trae (${examples}${missing.length > 3 ? "…" : ""}). Reemplazarla los borraría con su historial, evidencias y observaciones. Importe un catálogo exportado con sus valores (vigia catalogue export --policy ${cat.policy.code}) o guarde antes los valores actuales con --with-values ARCHIVO.`,
    );
  }
}

/**
 * Imports a catalogue document. Atomic: the document is validated whole before anything is
 * written, and written in one transaction with its audit event, so a bad file changes nothing.
 * Entities and units another policy uses change only with `updateEntities`. A replace keeps
 * the reported values: the document must carry them, or `exportExisting` must save them first.
 */
export async function importCatalogue(
  db: Database,
  actor: Actor,
  input: { document: unknown; replace: boolean; updateEntities?: boolean } & ReplaceOptions,
): Promise<ImportSummary> {
  const parsed = parseCatalogue(input.document);
  if (!parsed.ok) {
    throw invalid(
      `El catálogo tiene ${parsed.issues.length} error(es); no se importó nada.`,
      parsed.issues,
    );
  }
  const cat = parsed.catalogue;
  try {
    return await db.transaction().execute(async (tx) => {
      const existing = await findPolicyId(tx, cat.policy.code);
      if (existing !== null && !input.replace) {
        throw conflict(
          `La política "${cat.policy.code}" ya existe. Use la opción de reemplazo para sustituir su catálogo.`,
        );
      }
      await checkPlanAlignment(tx, cat);
      const shared = await checkSharedEntities(tx, cat, existing, input.updateEntities === true);
      if (existing !== null) {
        if (input.exportExisting) await input.exportExisting(await readCatalogue(tx, existing));
        else await assertValuesCarried(tx, existing, cat);
        await deletePolicy(tx, existing);
      }
      const policyId = await insertCatalogue(tx, cat, actor.id);
      const summary = summarize(cat, existing !== null, shared, parsed.warnings);
      await recordAudit(tx, actor, {
        action: existing !== null ? "catalogue.replace" : "catalogue.import",
        objectType: "policy",
        objectId: String(policyId),
        after: summary,
      });
      return summary;
    });
  } catch (err) {
    throw err instanceof DomainError ? err : databaseFailure(err);
  }
}

export async function exportCatalogue(
  db: Database,
  _actor: Actor,
  input: { policyCode: string },
): Promise<Catalogue> {
  return readCatalogue(db, await requirePolicyId(db, input.policyCode));
}

/** The policies loaded; an account with a territorial scope is not told of other territories' plans. */
export async function listPolicies(db: Database, actor: Actor) {
  const scope = actor.user?.territory?.ubigeo ?? null;
  return (await listPolicyRows(db)).filter((p) => canSeePolicy(scope, p.territory));
}

/** Loads a catalogue shipped with Vigía (the PNTP with its 2022–2023 data). */
export async function seedBundledCatalogue(
  db: Database,
  actor: Actor,
  input: { code: string; replace: boolean; updateEntities?: boolean } & ReplaceOptions,
): Promise<ImportSummary> {
  const path = BUNDLED_CATALOGUES[input.code];
  if (!path) {
    throw notFound(
      `No hay un catálogo incluido con el código "${input.code}". Disponibles: ${Object.keys(BUNDLED_CATALOGUES).join(", ")}.`,
    );
  }
  const document: unknown = JSON.parse(await readFile(path, "utf8"));
  return importCatalogue(db, actor, {
    document,
    replace: input.replace,
    updateEntities: input.updateEntities ?? false,
    ...(input.exportExisting ? { exportExisting: input.exportExisting } : {}),
  });
}

export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  return !(await hasAnyPolicy(db));
}
