import type { CatalogueIssue } from "../../../shared/catalogue/check-references.ts";
import type { Catalogue } from "../../../shared/schemas/catalogue.schema.ts";
import type { Executor } from "../../db/connect.ts";
import { DomainError } from "../../errors.ts";
import {
  findPolicyEntityCodes,
  findStoredShared,
  type StoredSharedRow,
} from "./catalogue.repository.ts";

/**
 * Entities and org units are reference data shared by every policy: a catalogue that
 * re-declares SUNAFIL with another parent would otherwise rewrite SUNAFIL for the PNTP too.
 * An import may change a shared row only when asked to, and its report lists every change.
 */

export interface SharedChange {
  code: string;
  changes: { field: string; before: string | null; after: string | null }[];
  /** Other policies that list the row, and so see the change. */
  usedBy: string[];
}

export interface SharedChanges {
  entities: SharedChange[];
  orgUnits: SharedChange[];
}

const quote = (v: string | null) => (v === null ? "null" : `"${v}"`);

function diff(
  declared: readonly { code: string; fields: Record<string, string | null> }[],
  stored: readonly StoredSharedRow[],
): (SharedChange & { index: number })[] {
  const byCode = new Map(stored.map((s) => [s.code, s]));
  const out: (SharedChange & { index: number })[] = [];
  declared.forEach((d, index) => {
    const s = byCode.get(d.code);
    if (!s) return;
    const changes = Object.entries(d.fields)
      .filter(([field, after]) => s.fields[field] !== after)
      .map(([field, after]) => ({ field, before: s.fields[field] ?? null, after }));
    if (changes.length) out.push({ code: d.code, changes, usedBy: s.usedBy, index });
  });
  return out;
}

/**
 * Compares the catalogue's entities and units with the stored ones. Refuses (conflict, with a
 * path per differing field) a change that another policy would see, unless `allow`; even then,
 * refuses a new parent or owner entity that such a policy does not list, since its own export
 * would then point at an entity outside its catalogue.
 */
export async function checkSharedEntities(
  tx: Executor,
  cat: Catalogue,
  exceptPolicyId: number | null,
  allow: boolean,
): Promise<SharedChanges> {
  const entities = diff(
    cat.entities.map((e) => ({
      code: e.code,
      fields: { name: e.name, kind: e.kind, parent: e.parent },
    })),
    await findStoredShared(
      tx,
      "entity",
      cat.entities.map((e) => e.code),
      exceptPolicyId,
    ),
  );
  const orgUnits = diff(
    cat.orgUnits.map((u) => ({ code: u.code, fields: { entity: u.entity, name: u.name } })),
    await findStoredShared(
      tx,
      "orgUnit",
      cat.orgUnits.map((u) => u.code),
      exceptPolicyId,
    ),
  );

  const issues: CatalogueIssue[] = [];
  const shared = [
    ...entities.map((c) => ({ ...c, list: "entities", what: "la entidad", link: "parent" })),
    ...orgUnits.map((c) => ({ ...c, list: "orgUnits", what: "la unidad", link: "entity" })),
  ].filter((c) => c.usedBy.length > 0);

  if (!allow) {
    for (const c of shared) {
      for (const f of c.changes) {
        issues.push({
          path: `${c.list}[${c.index}].${f.field}`,
          message: `${c.what} ${c.code}, usada por ${policies(c.usedBy)}, tiene ${f.field} ${quote(f.before)}; el catálogo dice ${quote(f.after)}`,
        });
      }
    }
    if (issues.length) {
      const named = shared.map((c) => `${c.code} (${c.changes.map((f) => f.field).join(", ")})`);
      throw withIssues(
        `El catálogo cambiaría datos compartidos con otras políticas: ${named.join("; ")}. No se importó nada. Para cambiarlos en todas las políticas, importe con --update-entities.`,
        issues,
      );
    }
  } else {
    const listed = await findPolicyEntityCodes(tx, [...new Set(shared.flatMap((c) => c.usedBy))]);
    for (const c of shared) {
      const link = c.changes.find((f) => f.field === c.link);
      if (!link || link.after === null) continue;
      for (const p of c.usedBy) {
        if (!listed.get(p)?.has(link.after)) {
          issues.push({
            path: `${c.list}[${c.index}].${c.link}`,
            message: `${c.what} ${c.code} pasaría a depender de ${link.after}, que no figura entre las entidades de la política ${p}`,
          });
        }
      }
    }
    if (issues.length) {
      throw withIssues(
        "El cambio de entidades dejaría a otra política apuntando a una entidad que no lista. No se importó nada.",
        issues,
      );
    }
  }
  return {
    entities: entities.map(({ index: _, ...c }) => c),
    orgUnits: orgUnits.map(({ index: _, ...c }) => c),
  };
}

const policies = (codes: readonly string[]) =>
  codes.length === 1 ? `la política ${codes[0]}` : `las políticas ${codes.join(", ")}`;

const withIssues = (message: string, issues: CatalogueIssue[]) =>
  new DomainError("conflict", message, issues);
